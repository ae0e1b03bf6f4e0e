//! An EHC plan split into its sections by their headings.
//!
//! The SEND Regulations 2014, reg. 12(1), say what an EHC plan must contain, each part in its own
//! lettered section: A (the views, interests and aspirations of the child and the parents), B
//! (special educational needs), C (health needs), D (social care needs), E (outcomes), F (special
//! educational provision), G (health provision), H1 and H2 (social care provision: under s.2 of
//! the Chronically Sick and Disabled Persons Act 1970, and other), I (the school or other
//! institution), J (a personal budget) and K (the advice and information gathered). Councils' templates
//! write the headings in many ways ("Section F: Special educational provision", "SECTION F",
//! "F. Provision to meet needs", "Special educational provision (Section F)"), and many put a
//! table of contents first; the letters always come in that order. So every line that reads as
//! a heading is a candidate, and the sections are the longest run of candidates whose letters
//! rise. Of runs as long, the one with the stronger headings ("Section F" over "F."), then the one
//! whose sections all have words (a table of contents, or a lettered list, has headings on
//! consecutive lines), then the latest (the real headings come after the contents).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A section's letter, in the order reg. 12(1) gives them. H is kept for templates that have one
/// social care section; H1 and H2 follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[ts(export, rename = "SectionLetter")]
pub enum Letter {
    A,
    B,
    C,
    D,
    E,
    F,
    G,
    H,
    H1,
    H2,
    I,
    J,
    K,
}

impl Letter {
    /// "F" → `Letter::F`; "h1" is not a letter (headings write letters in capitals).
    pub fn parse(text: &str) -> Option<Letter> {
        Some(match text {
            "A" => Letter::A,
            "B" => Letter::B,
            "C" => Letter::C,
            "D" => Letter::D,
            "E" => Letter::E,
            "F" => Letter::F,
            "G" => Letter::G,
            "H" => Letter::H,
            "H1" => Letter::H1,
            "H2" => Letter::H2,
            "I" => Letter::I,
            "J" => Letter::J,
            "K" => Letter::K,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Letter::A => "A",
            Letter::B => "B",
            Letter::C => "C",
            Letter::D => "D",
            Letter::E => "E",
            Letter::F => "F",
            Letter::G => "G",
            Letter::H => "H",
            Letter::H1 => "H1",
            Letter::H2 => "H2",
            Letter::I => "I",
            Letter::J => "J",
            Letter::K => "K",
        }
    }

    /// The section's title in plain words, after reg. 12(1), for a heading that gives none.
    pub fn standard_title(self) -> &'static str {
        match self {
            Letter::A => "The views, interests and aspirations of the child and their parents",
            Letter::B => "Special educational needs",
            Letter::C => "Health needs related to the special educational needs",
            Letter::D => "Social care needs related to the special educational needs",
            Letter::E => "Outcomes",
            Letter::F => "Special educational provision",
            Letter::G => "Health provision",
            Letter::H => "Social care provision",
            Letter::H1 => {
                "Social care provision under section 2 of the Chronically Sick and Disabled Persons Act 1970"
            }
            Letter::H2 => "Other social care provision",
            Letter::I => "Placement",
            Letter::J => "Personal budget",
            Letter::K => "Advice and information",
        }
    }

    /// The sections that set out provision: what Section F, G and H promise is what is checked.
    pub fn is_provision(self) -> bool {
        matches!(
            self,
            Letter::F | Letter::G | Letter::H | Letter::H1 | Letter::H2
        )
    }
}

/// One section of a plan as its text has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export, rename = "PlanSection")]
pub struct Section {
    pub letter: Letter,
    /// The title the council's heading gives, or the standard one where it gives none.
    pub title: String,
    /// The section's words, from the line after its heading to the line before the next.
    pub text: String,
    /// The first and last page it is on (1-based; pages are apart by form feeds, as the stored
    /// text of a PDF has them; a Word document is one page).
    pub pages: [u32; 2],
}

/// No run of section headings was found: the plan needs splitting by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoHeadings {
    /// How many heading-like lines there were (none, or one alone).
    pub found: usize,
}

/// How many letters there are (A to K with H, H1 and H2).
const LETTERS: usize = 13;

/// Longest line read as a heading, in characters; a longer one is a sentence.
const MAX_HEADING_CHARS: usize = 110;

/// One line of a plan as the section reader numbers it, for choosing where a section starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export, rename = "PlanLine")]
pub struct Line {
    /// Its number, from 0, as [`sections_at`] takes it.
    pub index: u32,
    pub page: u32,
    pub text: String,
    /// The section it would start if it is read as a heading.
    pub heading: Option<Letter>,
}

/// Where the family says sections start could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadStarts {
    /// Fewer than two sections.
    TooFew,
    /// A line number past the end.
    NoLine(usize),
    /// The letters do not rise in the plan's order down the page (or one is given twice).
    OutOfOrder(Letter),
}

/// The plan's lines, numbered, each with its page, as the sections are read from them (a
/// heading OCR split over several lines is one).
fn read_lines(text: &str) -> Vec<(u32, String)> {
    let mut lines: Vec<(u32, &str)> = Vec::new();
    let mut page = 1u32;
    for raw in text.lines() {
        let feeds = raw.matches('\u{c}').count();
        let line = raw.trim_matches(|c: char| c == '\u{c}' || c.is_whitespace());
        // A form feed before the line's words starts its page; one after them ends it.
        let (before, after) =
            if raw.trim_start_matches([' ', '\t']).starts_with('\u{c}') || line.is_empty() {
                (feeds, 0)
            } else {
                (0, feeds)
            };
        page += u32::try_from(before).unwrap_or(0);
        lines.push((page, line));
        page += u32::try_from(after).unwrap_or(0);
    }
    let joined = join_split_headings(&lines);
    lines
        .iter()
        .zip(joined)
        .map(|(&(page, line), joined)| (page, joined.unwrap_or_else(|| line.to_owned())))
        .collect()
}

/// Every line of the plan, numbered, with the section each would start if read as a heading.
pub fn lines(text: &str) -> Vec<Line> {
    read_lines(text)
        .into_iter()
        .enumerate()
        .map(|(i, (page, text))| Line {
            index: u32::try_from(i).unwrap_or(u32::MAX),
            page,
            heading: heading(&text).map(|(letter, _, _)| letter),
            text,
        })
        .collect()
}

/// The plan's sections in order. At least two headings must rise in order for the text to be
/// read as a plan; otherwise [`NoHeadings`].
pub fn sections(text: &str) -> Result<Vec<Section>, NoHeadings> {
    sections_from(text, 2)
}

/// The sections a Tribunal's order sets out in the plan's words ("Section F: Special
/// educational provision" and what it is to read), read as a plan's are; an order may set out
/// a single section (Section I, when it names the school).
pub fn order_sections(text: &str) -> Result<Vec<Section>, NoHeadings> {
    sections_from(text, 1)
}

/// The sections whose headings are found, when at least `fewest` are.
fn sections_from(text: &str, fewest: usize) -> Result<Vec<Section>, NoHeadings> {
    let lines = read_lines(text);
    let candidates: Vec<Candidate> = lines
        .iter()
        .enumerate()
        .filter_map(|(at, (_, line))| {
            heading(line).map(|(letter, title, strength)| Candidate {
                line: at,
                letter,
                title,
                strength,
            })
        })
        .collect();
    let chosen = rising_run(&candidates);
    if chosen.len() < fewest.max(1) {
        return Err(NoHeadings {
            found: candidates.len(),
        });
    }
    let starts: Vec<Start> = chosen
        .iter()
        .map(|&c| {
            let c = &candidates[c];
            Start {
                heading: c.line,
                letter: c.letter,
                title: c.title.clone(),
            }
        })
        .collect();
    Ok(build(&lines, &starts))
}

/// The plan's sections starting where the family says: `starts` pairs each letter with the
/// line (from [`lines`]) that is its heading; its title is the heading's, or the line's own
/// words where they do not read as a lettered heading ("Help I will get").
pub fn sections_at(text: &str, starts: &[(Letter, usize)]) -> Result<Vec<Section>, BadStarts> {
    if starts.len() < 2 {
        return Err(BadStarts::TooFew);
    }
    let lines = read_lines(text);
    let mut sorted = starts.to_vec();
    sorted.sort_by_key(|&(_, line)| line);
    let mut previous: Option<(Letter, usize)> = None;
    let mut built = Vec::with_capacity(sorted.len());
    for &(letter, line) in &sorted {
        let Some((_, words)) = lines.get(line) else {
            return Err(BadStarts::NoLine(line));
        };
        if let Some((before, at)) = previous
            && (before >= letter || at == line)
        {
            return Err(BadStarts::OutOfOrder(letter));
        }
        previous = Some((letter, line));
        // The line chosen is the section's heading: its title as a heading reads it, or else
        // its own words ("Help I will get"), when they are short enough to be a heading.
        let title = match heading(words) {
            Some((_, title, _)) => title,
            None if words.chars().count() <= MAX_HEADING_CHARS => words.clone(),
            None => String::new(),
        };
        built.push(Start {
            heading: line,
            letter,
            title,
        });
    }
    Ok(build(&lines, &built))
}

/// Where one section starts: its heading's line, its letter and its heading's title.
struct Start {
    heading: usize,
    letter: Letter,
    title: String,
}

/// Sections from where each starts, in the order of the page.
fn build(lines: &[(u32, String)], starts: &[Start]) -> Vec<Section> {
    let mut out = Vec::with_capacity(starts.len());
    for (k, start) in starts.iter().enumerate() {
        let first = (start.heading + 1).min(lines.len());
        let end = starts
            .get(k + 1)
            .map_or(lines.len(), |next| next.heading)
            .clamp(first, lines.len());
        let body = &lines[first..end];
        let first_page = lines.get(start.heading).map_or(1, |(p, _)| *p);
        let last_page = body
            .iter()
            .rev()
            .find(|(_, l)| !l.is_empty())
            .map_or(first_page, |(p, _)| *p);
        out.push(Section {
            letter: start.letter,
            title: if start.title.is_empty() {
                start.letter.standard_title().to_owned()
            } else {
                start.title.clone()
            },
            text: join_body(body.iter().map(|(_, l)| l.as_str())),
            pages: [first_page, last_page],
        });
    }
    out
}

/// OCR of a scanned plan can set a heading's words on lines of their own ("SECTION", "F",
/// "- Special educational provision"), where a wide gap on the page split the line. Such a run is
/// read as the one line it was: the first line holds the whole heading (`Some`), the lines it
/// took in become empty (`Some("")`); every other line is left as it is (`None`).
fn join_split_headings(lines: &[(u32, &str)]) -> Vec<Option<String>> {
    let is_letter = |l: &str| Letter::parse(l.trim_end_matches(['.', ':', '-', '–'])).is_some();
    let mut out: Vec<Option<String>> = vec![None; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].1;
        // "SECTION" with its letter on the next line, or "SECTION F" with no title.
        let (mut heading, mut used) = match line.split_once(' ') {
            None if line.eq_ignore_ascii_case("section")
                && lines.get(i + 1).is_some_and(|(_, l)| is_letter(l)) =>
            {
                (format!("{line} {}", lines[i + 1].1), 2)
            }
            Some((word, letter)) if word.eq_ignore_ascii_case("section") && is_letter(letter) => {
                (line.to_owned(), 1)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        // The title, when it follows on lines of its own after a dash or a colon, and goes on
        // while a line ends mid-title ("- Views," / "interests and aspirations").
        if lines
            .get(i + used)
            .is_some_and(|(_, next)| next.starts_with(['-', '–', ':']))
        {
            heading.push(' ');
            heading.push_str(lines[i + used].1);
            used += 1;
            for _ in 0..2 {
                let unfinished = heading.trim_end().ends_with([',', '-', '–', ':']);
                match lines.get(i + used) {
                    Some((_, next)) if unfinished && !next.is_empty() => {
                        heading.push(' ');
                        heading.push_str(next);
                        used += 1;
                    }
                    _ => break,
                }
            }
        }
        if used > 1 {
            out[i] = Some(heading);
            for slot in out.iter_mut().skip(i + 1).take(used - 1) {
                *slot = Some(String::new());
            }
        }
        i += used;
    }
    out
}

/// The section's lines as paragraphs: blank lines kept single, none at either end.
fn join_body<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in lines {
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        out.push_str(line);
    }
    out
}

/// A line that reads as a heading.
struct Candidate {
    line: usize,
    letter: Letter,
    title: String,
    /// 2 for "Section F…", "Part F…" or "…(Section F)"; 1 for "F. …".
    strength: u8,
}

/// The indexes (into `candidates`) of the run chosen as the plan's headings (see the module's
/// comment): from each start, the longest rising run taking the earliest heading for each
/// letter; of the starts, the longest run, then the strongest, then the one whose smallest gap
/// between headings is widest, then the latest.
fn rising_run(candidates: &[Candidate]) -> Vec<usize> {
    let n = candidates.len();
    let mut best = vec![1usize; n];
    let mut next: Vec<Option<usize>> = vec![None; n];
    // For each letter, the longest run starting with it among the candidates after the one
    // being looked at, and the earliest candidate that starts a run that long: linear in the
    // candidates (there are 13 letters), so a hostile text of a million "A." lines stays quick.
    let mut from_letter: [Option<(usize, usize)>; LETTERS] = [None; LETTERS];
    for i in (0..n).rev() {
        let letter = candidates[i].letter as usize;
        let follow = from_letter[letter + 1..]
            .iter()
            .flatten()
            .copied()
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        if let Some((len, j)) = follow {
            best[i] = len + 1;
            next[i] = Some(j);
        }
        // An earlier candidate as long replaces a later one: the earliest heading is taken.
        if from_letter[letter].is_none_or(|(len, _)| best[i] >= len) {
            from_letter[letter] = Some((best[i], i));
        }
    }
    let run_from = |mut at: usize| {
        let mut run = vec![at];
        while let Some(j) = next[at] {
            run.push(j);
            at = j;
        }
        run
    };
    (0..n)
        .map(run_from)
        .max_by_key(|run| {
            let strength: usize = run
                .iter()
                .map(|&c| usize::from(candidates[c].strength))
                .sum();
            let narrowest = run
                .windows(2)
                .map(|w| candidates[w[1]].line - candidates[w[0]].line - 1)
                .min()
                .unwrap_or(usize::MAX);
            (run.len(), strength, narrowest, run[0])
        })
        .unwrap_or_default()
}

/// A line read as a section heading: its letter, the title it gives ("" for none) and how
/// surely it is a heading (2 when it says "Section" or "Part", 1 for a letter alone).
fn heading(line: &str) -> Option<(Letter, String, u8)> {
    if line.is_empty() || line.chars().count() > MAX_HEADING_CHARS {
        return None;
    }
    // "Special educational provision (Section F)"
    if let Some(open) = line.rfind('(')
        && line.ends_with(')')
    {
        let inside = line[open + 1..line.len() - 1].trim();
        if let Some(rest) = strip_word(inside, &["section", "part"])
            && let Some((letter, tail)) = letter_token(rest)
            && tail.trim().is_empty()
        {
            let title = line[..open]
                .trim()
                .trim_end_matches([':', '-', '–', '—'])
                .trim();
            return plausible_title(title, true).then(|| (letter, title.to_owned(), 2));
        }
    }
    // "Section F: …", "SECTION F", "Part F – …"
    if let Some(rest) = strip_word(line, &["section", "part"]) {
        let (letter, tail) = letter_token(rest)?;
        let (separated, title) = after_separator(tail);
        // "Section F will be reviewed…" is a sentence, not a heading.
        let starts_lower = title.chars().next().is_some_and(char::is_lowercase);
        if !separated && starts_lower {
            return None;
        }
        return plausible_title(title, separated).then(|| (letter, title.to_owned(), 2));
    }
    // "F. Special educational provision", "F: …", "F) …", "H1 – …"
    let (letter, tail) = letter_token(line)?;
    let (separated, title) = after_separator(tail);
    (separated && !title.is_empty() && plausible_title(title, true))
        .then(|| (letter, title.to_owned(), 1))
}

/// `text` without a leading `word` (any case) and the spaces after it.
fn strip_word<'a>(text: &'a str, words: &[&str]) -> Option<&'a str> {
    words.iter().find_map(|word| {
        let head = text.get(..word.len())?;
        let rest = &text[word.len()..];
        (head.eq_ignore_ascii_case(word) && rest.starts_with(char::is_whitespace))
            .then(|| rest.trim_start())
    })
}

/// A section letter at the start of `text` (A–K in capitals, H1 and H2 too), standing alone.
fn letter_token(text: &str) -> Option<(Letter, &str)> {
    let mut end = text
        .chars()
        .next()
        .filter(char::is_ascii_uppercase)?
        .len_utf8();
    if text.starts_with('H') && text[end..].starts_with(['1', '2']) {
        end += 1;
    }
    let rest = &text[end..];
    if rest.starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    Some((Letter::parse(&text[..end])?, rest))
}

/// The title after a heading's letter, and whether a separator (":", ".", ")", a dash) stood
/// between them.
fn after_separator(tail: &str) -> (bool, &str) {
    let trimmed = tail.trim_start();
    match trimmed.strip_prefix([':', '.', ')', '-', '–', '—']) {
        Some(rest) => (true, rest.trim()),
        None => (false, trimmed.trim()),
    }
}

/// A heading's title reads as a title: short, not a sentence (headings do not end with a full
/// stop or comma) and not a number (a list's "B. 2.").
fn plausible_title(title: &str, separated: bool) -> bool {
    if title.is_empty() {
        return true;
    }
    if title.ends_with(['.', ',', ';']) {
        return false;
    }
    let first = title.chars().next().unwrap_or(' ');
    first.is_alphabetic() && (separated || first.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letters(sections: &[Section]) -> Vec<&'static str> {
        sections.iter().map(|s| s.letter.as_str()).collect()
    }

    #[test]
    fn headings_in_several_councils_styles_are_read() {
        for (line, letter, title, strength) in [
            (
                "Section F: Special educational provision",
                Letter::F,
                "Special educational provision",
                2,
            ),
            (
                "SECTION F - SPECIAL EDUCATIONAL PROVISION",
                Letter::F,
                "SPECIAL EDUCATIONAL PROVISION",
                2,
            ),
            ("Section F", Letter::F, "", 2),
            (
                "F. Provision to meet the needs in Section B",
                Letter::F,
                "Provision to meet the needs in Section B",
                1,
            ),
            (
                "F: Special Educational Provision",
                Letter::F,
                "Special Educational Provision",
                1,
            ),
            (
                "Part H1 – Social care provision (CSDPA)",
                Letter::H1,
                "Social care provision (CSDPA)",
                2,
            ),
            (
                "H2) Any other social care provision",
                Letter::H2,
                "Any other social care provision",
                1,
            ),
            (
                "Special educational provision (Section F)",
                Letter::F,
                "Special educational provision",
                2,
            ),
            ("Section I Placement", Letter::I, "Placement", 2),
        ] {
            assert_eq!(
                heading(line),
                Some((letter, title.to_owned(), strength)),
                "{line}"
            );
        }
    }

    #[test]
    fn sentences_and_list_items_are_not_headings() {
        for line in [
            "Section F will be reviewed at the annual review.",
            "Section F will be reviewed",
            "Access to a quiet room.",
            "A small group for literacy",
            "I am happy at school.",
            "B. 2.",
            "Fiona will have a key adult",
            "See section F for the provision.",
            "F.",
        ] {
            assert_eq!(heading(line), None, "{line}");
        }
    }

    /// A plan in one council's style, with a table of contents before the sections: the contents'
    /// headings rise in order too, and the real ones, later, are chosen.
    #[test]
    fn a_plan_with_a_table_of_contents_is_split_at_its_real_headings() {
        let text = "Education, Health and Care Plan\nSam Taylor\nContents\n\
            Section A: Views, interests and aspirations 2\nSection B: Special educational needs 3\n\
            Section F: Special educational provision 5\nSection I: Placement 7\n\u{c}\n\
            Section A: Views, interests and aspirations\nSam likes trains.\n\u{c}\n\
            Section B: Special educational needs\nSam has difficulty with speech sounds.\n\n\
            He finds changes hard.\n\u{c}\n\
            Section F: Special educational provision\nSam will have 45 minutes a week of speech and language therapy.\n\u{c}\n\
            More of Section F on this page.\n\u{c}\n\
            Section I: Placement\nWillowbrook Primary School\n";
        let found = sections(text).expect("split");
        assert_eq!(letters(&found), ["A", "B", "F", "I"]);
        assert_eq!(found[0].pages, [2, 2]);
        assert_eq!(
            found[1].text,
            "Sam has difficulty with speech sounds.\n\nHe finds changes hard."
        );
        assert_eq!(found[2].title, "Special educational provision");
        // The heading on page 4, the last words on page 5.
        assert_eq!(found[2].pages, [4, 5]);
        assert!(found[2].text.ends_with("More of Section F on this page."));
        assert_eq!(found[3].text, "Willowbrook Primary School");
        assert_eq!(found[3].pages, [6, 6]);
    }

    /// Another council's style: capitals and letters with full stops, H1 and H2, and headings that
    /// give only their letter.
    #[test]
    fn a_plan_in_capitals_with_h1_and_h2_is_split() {
        let text = "A. ABOUT ME\nI like Lego.\nB. My special educational needs\nReading is hard.\n\
            E. Outcomes\nTo read a short book by the end of Year 4.\nSECTION F\nDaily phonics for 20 minutes with a teaching assistant.\n\
            G. Health provision\nNone.\nH1. Social care (CSDPA)\nNone.\nH2. Other social care\nNone.\n\
            SECTION I\nNorthshire Academy\n";
        let found = sections(text).expect("split");
        assert_eq!(letters(&found), ["A", "B", "E", "F", "G", "H1", "H2", "I"]);
        assert_eq!(found[3].title, "Special educational provision");
        assert_eq!(
            found[3].text,
            "Daily phonics for 20 minutes with a teaching assistant."
        );
        assert_eq!(found[7].title, "Placement");
    }

    /// A lettered list inside Section B ("A. …", "B. …") rises too, as far as the next heading;
    /// it is left inside B, whether the headings say "Section" or are letters alone.
    #[test]
    fn a_lettered_list_inside_a_section_is_left_in_it() {
        for text in [
            "Section A: About me\nHello.\nSection B: Needs\nA. Communication and interaction\nB. Cognition and learning\n\
             Section F: Provision\nWeekly therapy.\n",
            "A. About me\nHello.\nB. Needs\nThese are:\nA. Communication and interaction\nB. Cognition and learning\n\
             F. Provision\nWeekly therapy.\n",
        ] {
            let found = sections(text).expect("split");
            assert_eq!(letters(&found), ["A", "B", "F"], "{text}");
            assert_eq!(found[0].text, "Hello.");
            assert!(found[1].text.contains("A. Communication and interaction"));
        }
    }

    #[test]
    fn a_letter_without_headings_is_not_a_plan() {
        let text = "Dear Ms Taylor\nWe have decided not to assess.\nSection F will be reviewed.\nYours sincerely";
        assert_eq!(sections(text), Err(NoHeadings { found: 0 }));
        assert_eq!(sections(""), Err(NoHeadings { found: 0 }));
        assert_eq!(
            sections("Section F: Special educational provision\nWeekly."),
            Err(NoHeadings { found: 1 })
        );
    }

    /// Hostile input: 400,000 heading-like lines are read in one pass, not compared pairwise.
    /// A council template whose headings name no letters: nothing is found, and the family
    /// says where each section starts instead (a heading line, or the first line of text).
    #[test]
    fn sections_start_where_the_family_says_when_the_headings_name_no_letters() {
        let text = "About me\nI like trains.\n\nWhat I find hard\nSpeech sounds.\n\n\u{c}Help I will get\n45 minutes of therapy a week.\nA quiet space.\n\nMy school\nWillowbrook Primary School\n";
        assert!(sections(text).is_err());
        let numbered = lines(text);
        let at = |words: &str| {
            numbered
                .iter()
                .find(|l| l.text == words)
                .map(|l| l.index as usize)
                .expect(words)
        };
        let found = sections_at(
            text,
            &[
                (Letter::I, at("My school")),
                (Letter::A, at("About me")),
                (Letter::B, at("What I find hard")),
                (Letter::F, at("Help I will get")),
            ],
        )
        .expect("split");
        let read: Vec<(&str, &str, &str, [u32; 2])> = found
            .iter()
            .map(|s| {
                (
                    s.letter.as_str(),
                    s.title.as_str(),
                    s.text.as_str(),
                    s.pages,
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                ("A", "About me", "I like trains.", [1, 1]),
                ("B", "What I find hard", "Speech sounds.", [1, 1]),
                (
                    "F",
                    "Help I will get",
                    "45 minutes of therapy a week.\nA quiet space.",
                    [2, 2]
                ),
                ("I", "My school", "Willowbrook Primary School", [2, 2]),
            ]
        );
        assert_eq!(
            sections_at(text, &[(Letter::F, 0), (Letter::B, 5)]),
            Err(BadStarts::OutOfOrder(Letter::B))
        );
        assert_eq!(sections_at(text, &[(Letter::F, 0)]), Err(BadStarts::TooFew));
        assert_eq!(
            sections_at(text, &[(Letter::A, 0), (Letter::B, 999)]),
            Err(BadStarts::NoLine(999))
        );
    }

    #[test]
    fn a_heading_line_chosen_keeps_its_title_and_lines_say_what_they_would_start() {
        let text =
            "Contents\nSection B: Needs\nSam finds speech hard.\nF. Provision\nTherapy weekly.\n";
        let numbered = lines(text);
        assert_eq!(numbered[1].heading, Some(Letter::B));
        assert_eq!(numbered[3].heading, Some(Letter::F));
        assert_eq!(numbered[2].heading, None);
        let found = sections_at(text, &[(Letter::B, 1), (Letter::F, 3)]).expect("split");
        assert_eq!(found[0].title, "Needs");
        assert_eq!(found[0].text, "Sam finds speech hard.");
        assert_eq!(found[1].title, "Provision");
        assert_eq!(found[1].text, "Therapy weekly.");
    }

    /// As the OCR of a scanned plan gives it: the heading's words on lines of their own.
    #[test]
    fn a_heading_split_over_lines_by_ocr_is_read_as_one() {
        let text = "SECTION A\n- Views,\ninterests and aspirations\nSam likes trains.\n\n\
                    SECTION\nF\n- Special educational provision\n1.\nSam will have 45 minutes a week.\n\n\
                    SECTION\nI\n-\nPlacement\nWillowbrook Primary School\n";
        let found = sections(text).expect("headings");
        let read: Vec<(&str, &str)> = found
            .iter()
            .map(|s| (s.letter.as_str(), s.title.as_str()))
            .collect();
        assert_eq!(
            read,
            [
                ("A", "Views, interests and aspirations"),
                ("F", "Special educational provision"),
                ("I", "Placement"),
            ]
        );
        assert_eq!(found[0].text, "Sam likes trains.");
        assert_eq!(found[2].text, "Willowbrook Primary School");
        assert!(found[1].text.contains("Sam will have 45 minutes a week."));
    }

    #[test]
    fn a_text_of_nothing_but_headings_is_read() {
        let text = "A. One\nB. Two\n".repeat(200_000);
        let found = sections(&text).expect("split");
        assert_eq!(letters(&found), ["A", "B"]);
    }

    #[test]
    fn letters_serialise_as_the_plan_writes_them() {
        assert_eq!(serde_json::to_string(&Letter::H1).expect("json"), "\"H1\"");
        assert_eq!(Letter::parse("K"), Some(Letter::K));
        assert_eq!(Letter::parse("h1"), None);
        assert!(Letter::F.is_provision() && !Letter::B.is_provision());
    }
}
