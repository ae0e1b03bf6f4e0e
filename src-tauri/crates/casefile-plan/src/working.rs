//! The working document: the plan as the Tribunal's panel works from it at the hearing, with
//! both parties' proposed wording marked in the Tribunal's key (tribunal-2025.md §1.4):
//! plain, the plan as it stands; **bold**, the parent's additions, **bold struck through** the
//! parent's deletions; *italic*, the council's additions, *italic struck through* its deletions;
//! underlined, what both agree (struck through as well where they agree to delete). Each change
//! can carry an evidence footnote ("Smith, EP, 28/02/2019, p.1, para. 5").
//!
//! Nothing is ever lost from the page: words a party deletes stay in place, struck through, so the
//! panel reads the plan, each proposal and what is agreed in one text. A proposal is made as the
//! party would type it, the paragraph's whole new wording; the words are compared with what the
//! paragraph now reads (deletions left out), and only what differs is marked.

use serde::{Deserialize, Serialize};
use similar::{DiffOp, capture_diff_slices};
use ts_rs::TS;

use crate::check::provisions;
use crate::sections::{Letter, Section};

/// What a run of words is, in the Tribunal's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export, rename = "WorkingMark")]
pub enum Mark {
    /// The plan's own words (plain).
    Original,
    /// Added by the parent (bold).
    ParentAdded,
    /// Deleted by the parent (bold, struck through).
    ParentDeleted,
    /// Added by the council (italic).
    CouncilAdded,
    /// Deleted by the council (italic, struck through).
    CouncilDeleted,
    /// Agreed by both (underlined).
    Agreed,
    /// Agreed by both to delete (underlined, struck through).
    AgreedDeleted,
}

impl Mark {
    /// Whether the words are struck through: still on the page, but not what the paragraph reads.
    pub fn is_deleted(self) -> bool {
        matches!(
            self,
            Mark::ParentDeleted | Mark::CouncilDeleted | Mark::AgreedDeleted
        )
    }
}

/// Who proposes a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export, rename = "WorkingParty")]
pub enum Party {
    Parent,
    Council,
}

impl Party {
    fn added(self) -> Mark {
        match self {
            Party::Parent => Mark::ParentAdded,
            Party::Council => Mark::CouncilAdded,
        }
    }

    fn deleted(self) -> Mark {
        match self {
            Party::Parent => Mark::ParentDeleted,
            Party::Council => Mark::CouncilDeleted,
        }
    }
}

/// Words with one mark, and the footnote that follows them, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "WorkingRun")]
pub struct Run {
    pub text: String,
    pub mark: Mark,
    /// The number of the footnote after these words (1, 2, …).
    #[serde(default)]
    pub note: Option<u32>,
}

/// One paragraph of a section: a provision, an outcome, a need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "WorkingParagraph")]
pub struct Paragraph {
    pub runs: Vec<Run>,
}

impl Paragraph {
    fn original(text: &str) -> Paragraph {
        Paragraph {
            runs: vec![Run {
                text: text.to_owned(),
                mark: Mark::Original,
                note: None,
            }],
        }
    }

    /// What the paragraph now reads: every word but those struck through.
    pub fn reads(&self) -> String {
        let words: Vec<&str> = self
            .runs
            .iter()
            .filter(|r| !r.mark.is_deleted())
            .flat_map(|r| r.text.split_whitespace())
            .collect();
        words.join(" ")
    }

    /// Whether any party has proposed a change here.
    pub fn is_changed(&self) -> bool {
        self.runs.iter().any(|r| r.mark != Mark::Original)
    }
}

/// One section of the working document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "WorkingSection")]
pub struct WorkingSection {
    pub letter: Letter,
    pub title: String,
    pub paragraphs: Vec<Paragraph>,
}

/// An evidence footnote: where in the evidence a proposal is supported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "WorkingFootnote")]
pub struct Footnote {
    pub number: u32,
    /// The citation as the family writes it ("Smith, EP, 28/02/2019, p.1, para. 5").
    pub text: String,
    /// The case's document it points to, so it can name that document's page in a bundle.
    #[ts(type = "number | null")]
    #[serde(default)]
    pub document_id: Option<i64>,
    /// The page of that document (1-based), when the citation names one.
    #[serde(default)]
    pub page: Option<u32>,
}

/// The whole working document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WorkingDocument {
    pub sections: Vec<WorkingSection>,
    pub footnotes: Vec<Footnote>,
}

/// What a proposal names as its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Evidence {
    pub text: String,
    pub document_id: Option<i64>,
    pub page: Option<u32>,
}

/// Why a proposal could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProposalError {
    /// There is no such section in the working document.
    NoSection(Letter),
    /// The section has fewer paragraphs (it has this many).
    NoParagraph { letter: Letter, count: usize },
    /// The new wording is what the paragraph reads already.
    Unchanged,
}

impl WorkingDocument {
    /// A working document that starts from the plan's `letters` sections (the Tribunal works
    /// on the sections under appeal: usually B, F and I), each paragraph or list item a
    /// paragraph of its own, in the plan's words.
    pub fn from_plan(sections: &[Section], letters: &[Letter]) -> WorkingDocument {
        let sections = sections
            .iter()
            .filter(|s| letters.is_empty() || letters.contains(&s.letter))
            .map(|s| WorkingSection {
                letter: s.letter,
                title: s.title.clone(),
                paragraphs: provisions(&s.text)
                    .iter()
                    .map(|p| Paragraph::original(p))
                    .collect(),
            })
            .collect();
        WorkingDocument {
            sections,
            footnotes: Vec::new(),
        }
    }

    /// Paragraph `index` (0-based) of section `letter`, or why there is none.
    fn paragraph_mut(
        &mut self,
        letter: Letter,
        index: usize,
    ) -> Result<&mut Paragraph, ProposalError> {
        let section = self
            .sections
            .iter_mut()
            .find(|s| s.letter == letter)
            .ok_or(ProposalError::NoSection(letter))?;
        let count = section.paragraphs.len();
        section
            .paragraphs
            .get_mut(index)
            .ok_or(ProposalError::NoParagraph { letter, count })
    }

    /// `party` proposes that paragraph `index` (0-based) of section `letter` should read
    /// `wording`, with the evidence for it. Words it no longer has are struck through in the
    /// party's style (a party's own addition it takes back simply goes); new words are added in
    /// it. An empty `wording` proposes deleting the whole paragraph.
    pub fn propose(
        &mut self,
        letter: Letter,
        index: usize,
        party: Party,
        wording: &str,
        evidence: Option<Evidence>,
    ) -> Result<(), ProposalError> {
        let number = self.footnotes.len() as u32 + 1;
        let paragraph = self.paragraph_mut(letter, index)?;
        let new_words: Vec<&str> = wording.split_whitespace().collect();
        if new_words.join(" ") == paragraph.reads() {
            return Err(ProposalError::Unchanged);
        }
        let note = evidence.as_ref().map(|_| number);
        paragraph.runs = merge(revise(&paragraph.runs, &new_words, party, note));
        if let Some(evidence) = evidence {
            self.footnotes.push(Footnote {
                number,
                text: evidence.text.trim().to_owned(),
                document_id: evidence.document_id,
                page: evidence.page,
            });
        }
        Ok(())
    }

    /// Both parties agree paragraph `index` of section `letter` as it now reads: every addition
    /// becomes agreed (underlined), every deletion an agreed deletion.
    pub fn agree(&mut self, letter: Letter, index: usize) -> Result<(), ProposalError> {
        let paragraph = self.paragraph_mut(letter, index)?;
        if !paragraph.is_changed() {
            return Err(ProposalError::Unchanged);
        }
        for run in &mut paragraph.runs {
            run.mark = match run.mark {
                Mark::ParentAdded | Mark::CouncilAdded => Mark::Agreed,
                Mark::ParentDeleted | Mark::CouncilDeleted => Mark::AgreedDeleted,
                other => other,
            };
        }
        paragraph.runs = merge(std::mem::take(&mut paragraph.runs));
        Ok(())
    }

    /// The footnotes' numbers in the order their marks stand in the text, which is how Word and
    /// a reader number them (1, 2, …); a footnote whose words were all taken back is left out.
    pub fn note_order(&self) -> Vec<u32> {
        let mut order = Vec::new();
        for run in self
            .sections
            .iter()
            .flat_map(|s| &s.paragraphs)
            .flat_map(|p| &p.runs)
        {
            if let Some(n) = run.note
                && !order.contains(&n)
            {
                order.push(n);
            }
        }
        order
    }

    /// How many paragraphs differ between this version and `earlier`, section by section
    /// ("F": 2), for a version's note of what changed.
    pub fn changed_since(&self, earlier: &WorkingDocument) -> Vec<(Letter, usize)> {
        self.sections
            .iter()
            .filter_map(|s| {
                let before = earlier.sections.iter().find(|e| e.letter == s.letter);
                let changed = s
                    .paragraphs
                    .iter()
                    .enumerate()
                    .filter(|(i, p)| before.and_then(|b| b.paragraphs.get(*i)) != Some(*p))
                    .count();
                (changed > 0).then_some((s.letter, changed))
            })
            .collect()
    }
}

/// One word (with the space after it) and its mark.
#[derive(Debug, Clone)]
struct Token {
    text: String,
    mark: Mark,
    note: Option<u32>,
}

/// The paragraph's runs revised so that what it reads becomes `new_words`.
fn revise(runs: &[Run], new_words: &[&str], party: Party, note: Option<u32>) -> Vec<Run> {
    let tokens: Vec<Token> = runs
        .iter()
        .flat_map(|r| {
            let words: Vec<&str> = r.text.split_whitespace().collect();
            let last = words.len().saturating_sub(1);
            words.into_iter().enumerate().map(move |(i, w)| Token {
                text: w.to_owned(),
                mark: r.mark,
                // A run's footnote follows its last word.
                note: if i == last { r.note } else { None },
            })
        })
        .collect();
    let visible: Vec<usize> = (0..tokens.len())
        .filter(|&i| !tokens[i].mark.is_deleted())
        .collect();
    let old_words: Vec<&str> = visible.iter().map(|&i| tokens[i].text.as_str()).collect();
    let mut out = Revision {
        tokens: &tokens,
        next: 0,
        out: Vec::new(),
        last_changed: None,
        party,
    };
    for op in capture_diff_slices(similar::Algorithm::Myers, &old_words, new_words) {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                for &i in &visible[old_index..old_index + len] {
                    out.keep(i);
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => out.strike(&visible[old_index..old_index + old_len]),
            DiffOp::Insert {
                new_index, new_len, ..
            } => out.add(&new_words[new_index..new_index + new_len]),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                out.strike(&visible[old_index..old_index + old_len]);
                out.add(&new_words[new_index..new_index + new_len]);
            }
        }
    }
    out.struck_before(tokens.len());
    let mut tokens = out.out;
    if let (Some(note), Some(at)) = (note, out.last_changed) {
        tokens[at].note = Some(note);
    }
    tokens
        .into_iter()
        .map(|t| Run {
            text: t.text,
            mark: t.mark,
            note: t.note,
        })
        .collect()
}

/// A paragraph's words being revised, in reading order.
struct Revision<'a> {
    tokens: &'a [Token],
    /// The first old word not yet placed.
    next: usize,
    out: Vec<Token>,
    /// The last word the proposal changed (its footnote goes there).
    last_changed: Option<usize>,
    party: Party,
}

impl Revision<'_> {
    /// Words struck through already stay where they stand, before the next word placed.
    fn struck_before(&mut self, upto: usize) {
        while self.next < upto {
            if self.tokens[self.next].mark.is_deleted() {
                self.out.push(self.tokens[self.next].clone());
            }
            self.next += 1;
        }
    }

    fn keep(&mut self, i: usize) {
        self.struck_before(i);
        self.out.push(self.tokens[i].clone());
        self.next = i + 1;
    }

    /// Words the party no longer wants: struck through in its style, or gone if they were its
    /// own addition.
    fn strike(&mut self, indices: &[usize]) {
        for &i in indices {
            self.struck_before(i);
            self.next = i + 1;
            let token = &self.tokens[i];
            if token.mark == self.party.added() {
                continue;
            }
            self.out.push(Token {
                text: token.text.clone(),
                mark: self.party.deleted(),
                note: token.note,
            });
            self.last_changed = Some(self.out.len() - 1);
        }
    }

    fn add(&mut self, words: &[&str]) {
        for w in words {
            self.out.push(Token {
                text: (*w).to_owned(),
                mark: self.party.added(),
                note: None,
            });
            self.last_changed = Some(self.out.len() - 1);
        }
    }
}

/// Neighbouring words of one mark as one run, spaced as a sentence; a footnote ends its run.
fn merge(runs: Vec<Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for run in runs {
        let words = run.text.split_whitespace().collect::<Vec<_>>().join(" ");
        if words.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.mark == run.mark && last.note.is_none() => {
                last.text.push(' ');
                last.text.push_str(&words);
                last.note = run.note;
            }
            _ => out.push(Run {
                text: words,
                mark: run.mark,
                note: run.note,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sections::sections;

    const PLAN: &str = "Section B: Needs\nMia has a severe language disorder.\n\n\
        Section E: Outcomes\nBy July Mia will use sentences of four words.\n\n\
        Section F: Special educational provision\n\
        • Mia will have access to speech and language therapy as required.\n\
        • A small group for social skills.\n\n\
        Section I: Placement\nRiverside Academy\n";

    fn start() -> WorkingDocument {
        WorkingDocument::from_plan(
            &sections(PLAN).expect("headings"),
            &[Letter::B, Letter::F, Letter::I],
        )
    }

    fn marked(p: &Paragraph) -> Vec<(Mark, &str, Option<u32>)> {
        p.runs
            .iter()
            .map(|r| (r.mark, r.text.as_str(), r.note))
            .collect()
    }

    #[test]
    fn the_working_document_starts_from_the_sections_under_appeal_in_the_plan_s_words() {
        let wd = start();
        let letters: Vec<Letter> = wd.sections.iter().map(|s| s.letter).collect();
        assert_eq!(letters, [Letter::B, Letter::F, Letter::I]);
        assert_eq!(wd.sections[1].paragraphs.len(), 2);
        assert_eq!(
            wd.sections[1].paragraphs[0].reads(),
            "Mia will have access to speech and language therapy as required."
        );
        assert!(!wd.sections[1].paragraphs[0].is_changed());
    }

    #[test]
    fn the_parent_s_proposal_is_bold_where_it_adds_and_struck_where_it_deletes_with_its_footnote() {
        let mut wd = start();
        wd.propose(
            Letter::F,
            0,
            Party::Parent,
            "Mia will have 45 minutes a week of speech and language therapy from a qualified speech and language therapist.",
            Some(Evidence {
                text: "Jones, SaLT, 03/02/2026, p.4, para. 12".into(),
                document_id: Some(7),
                page: Some(4),
            }),
        )
        .expect("proposed");
        let p = &wd.sections[1].paragraphs[0];
        assert_eq!(
            marked(p),
            [
                (Mark::Original, "Mia will have", None),
                (Mark::ParentDeleted, "access to", None),
                (Mark::ParentAdded, "45 minutes a week of", None),
                (Mark::Original, "speech and language therapy", None),
                (Mark::ParentDeleted, "as required.", None),
                (
                    Mark::ParentAdded,
                    "from a qualified speech and language therapist.",
                    Some(1)
                ),
            ]
        );
        assert_eq!(
            p.reads(),
            "Mia will have 45 minutes a week of speech and language therapy from a qualified speech and language therapist."
        );
        assert_eq!(
            wd.footnotes[0].text,
            "Jones, SaLT, 03/02/2026, p.4, para. 12"
        );
        // A second footnote earlier in the text is numbered first where it stands.
        wd.propose(
            Letter::B,
            0,
            Party::Parent,
            "Mia has a severe language disorder and anxiety.",
            Some(Evidence {
                text: "Patel, EP, 10/01/2026, p.2".into(),
                ..Evidence::default()
            }),
        )
        .expect("proposed");
        assert_eq!(wd.note_order(), [2, 1]);
        assert_eq!(wd.footnotes[0].document_id, Some(7));
    }

    #[test]
    fn the_council_s_reply_is_italic_and_strikes_the_parent_s_words_and_agreement_underlines_them()
    {
        let mut wd = start();
        wd.propose(
            Letter::F,
            0,
            Party::Parent,
            "Mia will have 45 minutes a week of speech and language therapy.",
            None,
        )
        .expect("parent");
        // The council offers 30 minutes instead of 45: the parent's "45" struck in italic, "30"
        // added in italic; the parent's deletions stay.
        wd.propose(
            Letter::F,
            0,
            Party::Council,
            "Mia will have 30 minutes a week of speech and language therapy.",
            None,
        )
        .expect("council");
        let p = &wd.sections[1].paragraphs[0];
        assert_eq!(
            marked(p),
            [
                (Mark::Original, "Mia will have", None),
                (Mark::ParentDeleted, "access to", None),
                (Mark::CouncilDeleted, "45", None),
                (Mark::CouncilAdded, "30", None),
                (Mark::ParentAdded, "minutes a week of", None),
                (Mark::Original, "speech and language", None),
                (Mark::ParentDeleted, "therapy as required.", None),
                (Mark::ParentAdded, "therapy.", None),
            ]
        );
        wd.agree(Letter::F, 0).expect("agreed");
        let p = &wd.sections[1].paragraphs[0];
        assert!(
            p.runs
                .iter()
                .all(|r| matches!(r.mark, Mark::Original | Mark::Agreed | Mark::AgreedDeleted)),
            "{:?}",
            marked(p)
        );
        assert_eq!(
            p.reads(),
            "Mia will have 30 minutes a week of speech and language therapy."
        );
    }

    #[test]
    fn a_party_taking_back_its_own_words_leaves_no_trace_of_them() {
        let mut wd = start();
        wd.propose(Letter::I, 0, Party::Parent, "Hillside Primary School", None)
            .expect("parent");
        wd.propose(Letter::I, 0, Party::Parent, "Hillside School", None)
            .expect("parent again");
        let p = &wd.sections[2].paragraphs[0];
        assert_eq!(
            marked(p),
            [
                (Mark::ParentDeleted, "Riverside Academy", None),
                (Mark::ParentAdded, "Hillside School", None),
            ]
        );
    }

    #[test]
    fn impossible_proposals_are_refused() {
        let mut wd = start();
        assert_eq!(
            wd.propose(Letter::K, 0, Party::Parent, "x", None),
            Err(ProposalError::NoSection(Letter::K))
        );
        assert_eq!(
            wd.propose(Letter::F, 5, Party::Parent, "x", None),
            Err(ProposalError::NoParagraph {
                letter: Letter::F,
                count: 2
            })
        );
        assert_eq!(
            wd.propose(
                Letter::F,
                1,
                Party::Council,
                "A small  group\nfor social skills.",
                None
            ),
            Err(ProposalError::Unchanged)
        );
        assert_eq!(wd.agree(Letter::B, 0), Err(ProposalError::Unchanged));
    }

    #[test]
    fn versions_say_which_paragraphs_changed() {
        let first = start();
        let mut second = first.clone();
        second
            .propose(
                Letter::F,
                1,
                Party::Parent,
                "A group of no more than four for social skills, 30 minutes twice a week.",
                None,
            )
            .expect("parent");
        assert_eq!(second.changed_since(&first), [(Letter::F, 1)]);
        assert!(second.note_order().is_empty());
        let json = serde_json::to_string(&second).expect("json");
        let back: WorkingDocument = serde_json::from_str(&json).expect("read back");
        assert_eq!(back, second);
    }
}
