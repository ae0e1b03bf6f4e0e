//! The council's reply to the working document: its copy read against the version the family
//! sent, so that every change the council made shows, whether it marked it in its key (italic,
//! italic struck through) or not. The Tribunal's practice is that each party marks its own
//! changes; a change made without the council's marks, to the plan's words, to the family's
//! proposals or to what was agreed, is what the family must catch before the hearing
//! (tribunal-2025.md §3, C3: "diff incoming LA versions to catch unflagged edits").

use serde::Serialize;
use similar::{DiffOp, capture_diff_slices};
use ts_rs::TS;

use crate::sections::Letter;
use crate::working::{Evidence, Mark, Party, WorkingDocument};

/// How words look in a copy: the faces the key is written in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Look {
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
    pub strike: bool,
}

impl Look {
    /// The mark a copy's words carry in the Tribunal's key. Words struck through in no party's
    /// face, in the council's copy, are read as the council's deletion; bold wins over italic.
    pub fn mark(self) -> Mark {
        match (self.bold, self.italic, self.underline, self.strike) {
            (true, _, _, false) => Mark::ParentAdded,
            (true, _, _, true) => Mark::ParentDeleted,
            (false, true, _, false) => Mark::CouncilAdded,
            (false, true, _, true) => Mark::CouncilDeleted,
            (false, false, true, false) => Mark::Agreed,
            (false, false, true, true) => Mark::AgreedDeleted,
            (false, false, false, true) => Mark::CouncilDeleted,
            (false, false, false, false) => Mark::Original,
        }
    }
}

/// One numbered paragraph ("F3") as the council's copy has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyParagraph {
    pub letter: Letter,
    /// Its number in its section, from 1.
    pub number: usize,
    /// Its words in order, each run with the look it has.
    pub runs: Vec<(String, Look)>,
    /// The words of the footnotes it cites.
    pub notes: Vec<String>,
}

/// Reads a copy's paragraph label ("F3", "H1 2"): the section and number it starts with, and
/// the rest of its text.
pub fn paragraph_label(text: &str) -> Option<(Letter, usize, &str)> {
    let text = text.trim_start();
    let letter_end = if text.starts_with("H1") || text.starts_with("H2") {
        2
    } else {
        text.char_indices().nth(1).map_or(text.len(), |(i, _)| i)
    };
    let letter = Letter::parse(text.get(..letter_end)?)?;
    let rest = &text[letter_end..];
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let number: usize = rest[..digits].parse().ok()?;
    let after = &rest[digits..];
    // The label stands alone: "F3  Sam will…", not "F3a" or "F30%".
    if !after.is_empty() && !after.starts_with(char::is_whitespace) {
        return None;
    }
    (number > 0).then_some((letter, number, after.trim_start()))
}

/// What kind of unmarked change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export, rename = "UnmarkedKind")]
pub enum UnmarkedKind {
    /// Words added without the council's italic.
    Added,
    /// Words taken out altogether, rather than struck through.
    Removed,
    /// Words whose mark was changed: a proposal made plain, the family's words re-marked.
    Remarked,
}

/// A change in the council's copy that is not marked in its key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct UnmarkedChange {
    pub kind: UnmarkedKind,
    pub words: String,
    /// The mark the words had in the version sent (removed or re-marked words).
    pub was: Option<Mark>,
    /// The mark they have in the council's copy (added or re-marked words).
    pub now: Option<Mark>,
    /// What happened, in plain words.
    pub said: String,
}

/// One paragraph the council's copy changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ReplyParagraph {
    #[ts(type = "string")]
    pub letter: Letter,
    pub number: usize,
    /// What the paragraph reads in the council's copy.
    pub reads: String,
    /// Whether what it reads differs from the version sent (so there is wording to take in).
    pub new_wording: bool,
    /// Words the council changed in its own key.
    pub marked: Vec<String>,
    pub unmarked: Vec<UnmarkedChange>,
    /// Whether the council marked the paragraph as agreed, which both parties must do.
    pub marked_agreed: bool,
    /// Footnotes the council's copy adds here.
    pub new_notes: Vec<String>,
}

/// The council's copy read against the version the family sent.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, TS)]
#[ts(export)]
pub struct Reply {
    pub paragraphs: Vec<ReplyParagraph>,
    /// Paragraphs of the version sent that the copy does not have ("F4").
    pub missing: Vec<String>,
    /// Numbered paragraphs in the copy that the version sent did not have.
    pub extra: Vec<String>,
}

impl Reply {
    /// How many changes the council did not mark.
    pub fn unmarked_count(&self) -> usize {
        self.paragraphs.iter().map(|p| p.unmarked.len()).sum()
    }
}

fn label(letter: Letter, number: usize) -> String {
    format!("{}{number}", letter.as_str())
}

fn mark_words(mark: Mark) -> &'static str {
    match mark {
        Mark::Original => "the plan's own words",
        Mark::ParentAdded => "your addition",
        Mark::ParentDeleted => "your deletion",
        Mark::CouncilAdded => "the council's addition",
        Mark::CouncilDeleted => "the council's deletion",
        Mark::Agreed => "agreed words",
        Mark::AgreedDeleted => "an agreed deletion",
    }
}

fn is_council(mark: Mark) -> bool {
    matches!(mark, Mark::CouncilAdded | Mark::CouncilDeleted)
}

/// The council's copy (its numbered paragraphs) read against `sent`, the version it was sent.
pub fn read_reply(sent: &WorkingDocument, copy: &[CopyParagraph]) -> Reply {
    let known: Vec<String> = sent
        .footnotes
        .iter()
        .map(|f| f.text.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let mut reply = Reply::default();
    for section in &sent.sections {
        for (i, paragraph) in section.paragraphs.iter().enumerate() {
            let number = i + 1;
            let Some(theirs) = copy
                .iter()
                .find(|c| c.letter == section.letter && c.number == number)
            else {
                reply.missing.push(label(section.letter, number));
                continue;
            };
            let ours: Vec<(String, Mark)> = paragraph
                .runs
                .iter()
                .flat_map(|r| r.text.split_whitespace().map(|w| (w.to_owned(), r.mark)))
                .collect();
            let their_tokens: Vec<(String, Mark)> = theirs
                .runs
                .iter()
                .flat_map(|(text, look)| {
                    text.split_whitespace().map(|w| (w.to_owned(), look.mark()))
                })
                .collect();
            let new_notes: Vec<String> = theirs
                .notes
                .iter()
                .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|n| !n.is_empty() && !known.contains(n))
                .collect();
            if ours == their_tokens && new_notes.is_empty() {
                continue;
            }
            let read = |tokens: &[(String, Mark)]| {
                tokens
                    .iter()
                    .filter(|(_, m)| !m.is_deleted())
                    .map(|(w, _)| w.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let (marked, unmarked) = changes(&ours, &their_tokens);
            let was_agreed = ours
                .iter()
                .all(|(_, m)| matches!(m, Mark::Original | Mark::Agreed | Mark::AgreedDeleted));
            let marked_agreed = !was_agreed
                && their_tokens
                    .iter()
                    .any(|(_, m)| matches!(m, Mark::Agreed | Mark::AgreedDeleted))
                && their_tokens
                    .iter()
                    .all(|(_, m)| matches!(m, Mark::Original | Mark::Agreed | Mark::AgreedDeleted));
            let unmarked = if marked_agreed {
                // Marking a paragraph agreed re-marks every proposal in it; that is said once.
                unmarked
                    .into_iter()
                    .filter(|u| {
                        !(u.kind == UnmarkedKind::Remarked
                            && matches!(u.now, Some(Mark::Agreed | Mark::AgreedDeleted)))
                    })
                    .collect()
            } else {
                unmarked
            };
            reply.paragraphs.push(ReplyParagraph {
                letter: section.letter,
                number,
                reads: read(&their_tokens),
                new_wording: read(&their_tokens) != paragraph.reads(),
                marked,
                unmarked,
                marked_agreed,
                new_notes,
            });
        }
    }
    for c in copy {
        let known = sent
            .sections
            .iter()
            .any(|s| s.letter == c.letter && c.number <= s.paragraphs.len());
        if !known {
            reply.extra.push(label(c.letter, c.number));
        }
    }
    reply
}

/// The council's marked changes (each a phrase) and its unmarked ones, from one paragraph's
/// words as sent and as the copy has them.
fn changes(
    ours: &[(String, Mark)],
    theirs: &[(String, Mark)],
) -> (Vec<String>, Vec<UnmarkedChange>) {
    let mut marked = Vec::new();
    let mut unmarked = Vec::new();
    for op in capture_diff_slices(similar::Algorithm::Myers, ours, theirs) {
        let (old, new) = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index, old_len, ..
            } => (&ours[old_index..old_index + old_len], &theirs[0..0]),
            DiffOp::Insert {
                new_index, new_len, ..
            } => (&ours[0..0], &theirs[new_index..new_index + new_len]),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                &ours[old_index..old_index + old_len],
                &theirs[new_index..new_index + new_len],
            ),
        };
        // Within the change, the same words on both sides were re-marked; the rest were taken
        // out or added.
        let old_words: Vec<&str> = old.iter().map(|(w, _)| w.as_str()).collect();
        let new_words: Vec<&str> = new.iter().map(|(w, _)| w.as_str()).collect();
        let mut groups = Groups::default();
        for inner in capture_diff_slices(similar::Algorithm::Myers, &old_words, &new_words) {
            match inner {
                DiffOp::Equal {
                    old_index,
                    new_index,
                    len,
                } => {
                    for k in 0..len {
                        let (word, was) = &old[old_index + k];
                        let now = new[new_index + k].1;
                        if is_council(now) {
                            // The council struck through words in its italic.
                            groups.marked(word);
                        } else {
                            groups.unmarked(UnmarkedKind::Remarked, word, Some(*was), Some(now));
                        }
                    }
                }
                DiffOp::Delete {
                    old_index, old_len, ..
                } => {
                    for (word, was) in &old[old_index..old_index + old_len] {
                        if is_council(*was) {
                            // The council took back its own proposal.
                            groups.marked(word);
                        } else {
                            groups.unmarked(UnmarkedKind::Removed, word, Some(*was), None);
                        }
                    }
                }
                DiffOp::Insert {
                    new_index, new_len, ..
                } => {
                    for (word, now) in &new[new_index..new_index + new_len] {
                        if is_council(*now) {
                            groups.marked(word);
                        } else {
                            groups.unmarked(UnmarkedKind::Added, word, None, Some(*now));
                        }
                    }
                }
                DiffOp::Replace {
                    old_index,
                    old_len,
                    new_index,
                    new_len,
                } => {
                    for (word, was) in &old[old_index..old_index + old_len] {
                        if is_council(*was) {
                            groups.marked(word);
                        } else {
                            groups.unmarked(UnmarkedKind::Removed, word, Some(*was), None);
                        }
                    }
                    for (word, now) in &new[new_index..new_index + new_len] {
                        if is_council(*now) {
                            groups.marked(word);
                        } else {
                            groups.unmarked(UnmarkedKind::Added, word, None, Some(*now));
                        }
                    }
                }
            }
        }
        groups.close();
        marked.extend(groups.marked_out);
        unmarked.extend(groups.unmarked_out);
    }
    (marked, unmarked)
}

/// Unmarked words being gathered: their kind, their mark before and after, and the words.
type OpenUnmarked = (UnmarkedKind, Option<Mark>, Option<Mark>, Vec<String>);

/// Consecutive words of one kind of change gathered into phrases.
#[derive(Default)]
struct Groups {
    marked_open: Vec<String>,
    marked_out: Vec<String>,
    unmarked_open: Option<OpenUnmarked>,
    unmarked_out: Vec<UnmarkedChange>,
}

impl Groups {
    fn marked(&mut self, word: &str) {
        self.close_unmarked();
        self.marked_open.push(word.to_owned());
    }

    fn unmarked(&mut self, kind: UnmarkedKind, word: &str, was: Option<Mark>, now: Option<Mark>) {
        self.close_marked();
        match &mut self.unmarked_open {
            Some((k, w, n, words)) if *k == kind && *w == was && *n == now => {
                words.push(word.to_owned());
            }
            _ => {
                self.close_unmarked();
                self.unmarked_open = Some((kind, was, now, vec![word.to_owned()]));
            }
        }
    }

    fn close_marked(&mut self) {
        if !self.marked_open.is_empty() {
            self.marked_out.push(self.marked_open.join(" "));
            self.marked_open.clear();
        }
    }

    fn close_unmarked(&mut self) {
        if let Some((kind, was, now, words)) = self.unmarked_open.take() {
            let words = words.join(" ");
            let said = match (kind, was, now) {
                (UnmarkedKind::Added, _, Some(now)) => format!(
                    "“{words}” was added as if it were {}, not in the council's italic.",
                    mark_words(now)
                ),
                (UnmarkedKind::Removed, Some(was), _) => format!(
                    "“{words}” ({}) was taken out instead of being struck through in the council's italic.",
                    mark_words(was)
                ),
                (UnmarkedKind::Remarked, Some(was), Some(now)) => format!(
                    "“{words}” was {} and is now shown as {}.",
                    mark_words(was),
                    mark_words(now)
                ),
                _ => format!("“{words}” was changed without the council's marks."),
            };
            self.unmarked_out.push(UnmarkedChange {
                kind,
                words,
                was,
                now,
                said,
            });
        }
    }

    fn close(&mut self) {
        self.close_marked();
        self.close_unmarked();
    }
}

impl WorkingDocument {
    /// The council's reply taken in: each paragraph whose wording it changed, marked or not,
    /// becomes the council's proposal (so a change it did not mark is now shown in its italic,
    /// where the panel will see it), with its new footnotes as the evidence. Paragraphs it only
    /// marked as agreed are left for the family to agree. Returns how many paragraphs changed.
    pub fn take_reply(&mut self, reply: &Reply) -> usize {
        let mut taken = 0;
        for p in reply.paragraphs.iter().filter(|p| p.new_wording) {
            let evidence = (!p.new_notes.is_empty()).then(|| Evidence {
                text: p.new_notes.join("; "),
                document_id: None,
                page: None,
            });
            if self
                .propose(p.letter, p.number - 1, Party::Council, &p.reads, evidence)
                .is_ok()
            {
                taken += 1;
            }
        }
        taken
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sections::sections;

    const PLAIN: Look = Look {
        bold: false,
        italic: false,
        underline: false,
        strike: false,
    };
    const BOLD: Look = Look {
        bold: true,
        ..PLAIN
    };
    const ITALIC: Look = Look {
        italic: true,
        ..PLAIN
    };
    const ITALIC_STRUCK: Look = Look {
        italic: true,
        strike: true,
        ..PLAIN
    };
    const BOLD_STRUCK: Look = Look {
        bold: true,
        strike: true,
        ..PLAIN
    };
    const UNDERLINE: Look = Look {
        underline: true,
        ..PLAIN
    };

    /// The version sent: F1 with the parent's proposal (bold "45 minutes a week of", "access to"
    /// struck through in bold), F2 and F3 as the plan has them.
    fn sent() -> WorkingDocument {
        let plan = sections(
            "Section B: Needs\nSam has a language disorder.\n\nSection F: Special educational provision\n1. Sam will have access to speech and language therapy.\n2. Sam will use a writing slope in class.\n3. Sam will have a visual timetable.\n",
        )
        .expect("plan");
        let mut wd = WorkingDocument::from_plan(&plan, &[Letter::F]);
        wd.propose(
            Letter::F,
            0,
            Party::Parent,
            "Sam will have 45 minutes a week of speech and language therapy.",
            Some(Evidence {
                text: "Jones, SaLT, 03/02/2026, p.4, para. 12".into(),
                ..Default::default()
            }),
        )
        .expect("proposed");
        wd
    }

    /// The copy exactly as the version sent was written.
    fn copy_of(wd: &WorkingDocument) -> Vec<CopyParagraph> {
        let look = |m: Mark| match m {
            Mark::Original => PLAIN,
            Mark::ParentAdded => BOLD,
            Mark::ParentDeleted => BOLD_STRUCK,
            Mark::CouncilAdded => ITALIC,
            Mark::CouncilDeleted => ITALIC_STRUCK,
            Mark::Agreed => UNDERLINE,
            Mark::AgreedDeleted => Look {
                underline: true,
                strike: true,
                ..PLAIN
            },
        };
        wd.sections
            .iter()
            .flat_map(|s| {
                s.paragraphs.iter().enumerate().map(|(i, p)| CopyParagraph {
                    letter: s.letter,
                    number: i + 1,
                    runs: p
                        .runs
                        .iter()
                        .map(|r| (r.text.clone(), look(r.mark)))
                        .collect(),
                    notes: p
                        .runs
                        .iter()
                        .filter_map(|r| r.note)
                        .filter_map(|n| wd.footnotes.iter().find(|f| f.number == n))
                        .map(|f| f.text.clone())
                        .collect(),
                })
            })
            .collect()
    }

    #[test]
    fn labels_are_read_only_when_they_stand_alone() {
        assert_eq!(
            paragraph_label("F3  Sam will have"),
            Some((Letter::F, 3, "Sam will have"))
        );
        assert_eq!(
            paragraph_label("H1 2 Respite"),
            Some((Letter::H1, 2, "Respite"))
        );
        assert_eq!(paragraph_label("I1"), Some((Letter::I, 1, "")));
        assert_eq!(paragraph_label("F3a Sam"), None);
        assert_eq!(paragraph_label("Section F"), None);
        assert_eq!(paragraph_label("Z1 x"), None);
        assert_eq!(paragraph_label("F0 x"), None);
    }

    #[test]
    fn a_copy_returned_unchanged_has_nothing_to_report() {
        let wd = sent();
        let reply = read_reply(&wd, &copy_of(&wd));
        assert_eq!(reply, Reply::default());
    }

    #[test]
    fn the_council_s_marked_proposal_is_not_a_concern_and_is_taken_in_its_italic() {
        let wd = sent();
        let mut copy = copy_of(&wd);
        // F2: "in class" struck through in italic, "in every lesson" added in italic.
        copy[1].runs = vec![
            ("Sam will use a writing slope".into(), PLAIN),
            ("in class.".into(), ITALIC_STRUCK),
            ("in every lesson.".into(), ITALIC),
        ];
        copy[1].notes = vec!["Brown, OT, 12/01/2026, p.2, para. 3".into()];
        let reply = read_reply(&wd, &copy);
        assert_eq!(reply.paragraphs.len(), 1);
        let p = &reply.paragraphs[0];
        assert_eq!((p.letter, p.number), (Letter::F, 2));
        assert!(p.unmarked.is_empty(), "{:?}", p.unmarked);
        assert_eq!(p.marked, vec!["in class. in every lesson."]);
        assert_eq!(p.reads, "Sam will use a writing slope in every lesson.");
        assert_eq!(p.new_notes, vec!["Brown, OT, 12/01/2026, p.2, para. 3"]);

        let mut draft = wd.clone();
        assert_eq!(draft.take_reply(&reply), 1);
        let f2 = &draft.sections[0].paragraphs[1];
        assert_eq!(f2.reads(), "Sam will use a writing slope in every lesson.");
        assert!(
            f2.runs
                .iter()
                .any(|r| r.mark == Mark::CouncilAdded && r.text == "every lesson.")
        );
        assert!(
            f2.runs
                .iter()
                .any(|r| r.mark == Mark::CouncilDeleted && r.text == "class.")
        );
        assert_eq!(
            draft.footnotes.last().map(|f| f.text.as_str()),
            Some("Brown, OT, 12/01/2026, p.2, para. 3")
        );
    }

    #[test]
    fn changes_the_council_did_not_mark_are_each_named() {
        let wd = sent();
        let mut copy = copy_of(&wd);
        // F1: the parent's "45 minutes a week of" quietly made "30 minutes a term of", still in
        // bold, as if the family had written it.
        copy[0].runs = copy[0]
            .runs
            .iter()
            .map(|(t, l)| {
                (
                    t.replace("45 minutes a week of", "30 minutes a term of"),
                    *l,
                )
            })
            .collect();
        // F3: "visual" taken out of the plan's words, in plain type.
        copy[2].runs = vec![("Sam will have a timetable.".into(), PLAIN)];
        let reply = read_reply(&wd, &copy);
        assert_eq!(reply.paragraphs.len(), 2);
        assert_eq!(reply.unmarked_count(), 5, "{:#?}", reply.paragraphs);
        let f1 = &reply.paragraphs[0];
        let said: Vec<&str> = f1.unmarked.iter().map(|u| u.said.as_str()).collect();
        assert_eq!(
            said,
            [
                "“45” (your addition) was taken out instead of being struck through in the council's italic.",
                "“30” was added as if it were your addition, not in the council's italic.",
                "“week” (your addition) was taken out instead of being struck through in the council's italic.",
                "“term” was added as if it were your addition, not in the council's italic.",
            ]
        );
        let f3 = &reply.paragraphs[1];
        assert_eq!(f3.number, 3);
        assert_eq!(f3.unmarked.len(), 1);
        assert_eq!(
            f3.unmarked[0].said,
            "“visual” (the plan's own words) was taken out instead of being struck through in the council's italic."
        );
        // Taken in, each silent change is shown in the council's italic where the panel sees it.
        let mut draft = wd.clone();
        assert_eq!(draft.take_reply(&reply), 2);
        let f3 = &draft.sections[0].paragraphs[2];
        assert!(
            f3.runs
                .iter()
                .any(|r| r.mark == Mark::CouncilDeleted && r.text == "visual"),
            "{:?}",
            f3.runs
        );
        let f1 = &draft.sections[0].paragraphs[0];
        assert!(
            f1.runs
                .iter()
                .any(|r| r.mark == Mark::CouncilDeleted && r.text.contains("45")),
            "{:?}",
            f1.runs
        );
        assert!(
            f1.runs
                .iter()
                .any(|r| r.mark == Mark::CouncilAdded && r.text.contains("30")),
            "{:?}",
            f1.runs
        );
    }

    #[test]
    fn a_proposal_made_plain_and_a_paragraph_marked_agreed_alone_are_reported() {
        let mut wd = sent();
        wd.propose(
            Letter::F,
            1,
            Party::Council,
            "Sam will use a writing slope.",
            None,
        )
        .expect("council");
        let mut copy = copy_of(&wd);
        // F2: the council's own deletion quietly accepted: the struck words simply gone.
        copy[1].runs = vec![("Sam will use a writing slope.".into(), PLAIN)];
        // F1: underlined throughout, as if both had agreed.
        copy[0].runs = copy[0]
            .runs
            .iter()
            .map(|(t, l)| {
                (
                    t.clone(),
                    if l.strike {
                        Look {
                            underline: true,
                            strike: true,
                            ..PLAIN
                        }
                    } else {
                        UNDERLINE
                    },
                )
            })
            .collect();
        let reply = read_reply(&wd, &copy);
        let f1 = reply.paragraphs.iter().find(|p| p.number == 1).expect("F1");
        assert!(f1.marked_agreed);
        assert!(!f1.new_wording);
        let f2 = reply.paragraphs.iter().find(|p| p.number == 2).expect("F2");
        // The council's own deletion ("slope in class.") may go: it is its proposal to take
        // back. Its addition ("slope.") shown as the plan's own words may not.
        assert!(
            f2.unmarked.iter().all(|u| u.kind == UnmarkedKind::Remarked),
            "{:?}",
            f2.unmarked
        );
        assert_eq!(
            f2.unmarked
                .iter()
                .map(|u| u.said.as_str())
                .collect::<Vec<_>>(),
            ["“slope.” was the council's addition and is now shown as the plan's own words."]
        );
        let mut draft = wd.clone();
        assert_eq!(
            draft.take_reply(&reply),
            0,
            "nothing new to read, and agreement is the family's to give"
        );
    }

    #[test]
    fn paragraphs_missing_from_the_copy_or_added_to_it_are_named() {
        let wd = sent();
        let mut copy = copy_of(&wd);
        copy.remove(2);
        copy.push(CopyParagraph {
            letter: Letter::F,
            number: 7,
            runs: vec![("A new paragraph.".into(), PLAIN)],
            notes: Vec::new(),
        });
        let reply = read_reply(&wd, &copy);
        assert_eq!(reply.missing, vec!["F3"]);
        assert_eq!(reply.extra, vec!["F7"]);
    }
}
