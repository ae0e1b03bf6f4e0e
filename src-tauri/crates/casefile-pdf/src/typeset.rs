//! Setting a line of text on a generated page, in whatever script the family writes.
//!
//! Atkinson Hyperlegible sets every line it can (most of what Casefile writes is English).
//! A line with a character it lacks is split into runs by a fallback chain of free fonts
//! (Noto Sans for the rest of Latin, Greek and Cyrillic; Noto Sans Arabic for Arabic and Urdu;
//! Noto Sans Bengali, Devanagari, Gurmukhi, Gujarati and Tamil; Droid Sans Fallback for
//! Chinese, Japanese and Korean). Each run is shaped by HarfRust, so Arabic letters join and
//! Indic vowel signs move where they belong, and placed in visual order by the Unicode
//! Bidirectional Algorithm within an English (left-to-right) page. Only the fonts a document
//! uses are embedded, subset to the glyphs it uses, each glyph mapped back to the text it
//! shows so the words can be searched and copied.

use std::cell::{OnceCell, RefCell};
use std::collections::BTreeSet;

use printpdf::{
    Codepoint, FontId, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, Point, Pt, TextItem,
    TextMatrix,
};

use crate::BundleError;

/// Regular, bold or italic type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Weight {
    Regular,
    Bold,
    /// Atkinson Hyperlegible's own italic; the scripts of the fallback chain have none (Arabic,
    /// Bengali and the rest are not written in italic) and are set upright.
    Italic,
}

/// One font of the chain, in its weights (a font with one weight repeats it).
struct Family {
    /// Names the font in the PDF (with the subset tag before it).
    key: &'static str,
    regular: &'static [u8],
    bold: &'static [u8],
    italic: Option<&'static [u8]>,
}

const CHAIN: [Family; 9] = [
    Family {
        key: "",
        regular: include_bytes!("../fonts/AtkinsonHyperlegible-Regular.ttf"),
        bold: include_bytes!("../fonts/AtkinsonHyperlegible-Bold.ttf"),
        italic: Some(include_bytes!("../fonts/AtkinsonHyperlegible-Italic.ttf")),
    },
    Family {
        key: "LATIN",
        regular: include_bytes!("../fonts/NotoSans-Regular.ttf"),
        bold: include_bytes!("../fonts/NotoSans-Bold.ttf"),
        italic: None,
    },
    Family {
        key: "ARABIC",
        regular: include_bytes!("../fonts/NotoSansArabic-Regular.ttf"),
        bold: include_bytes!("../fonts/NotoSansArabic-Bold.ttf"),
        italic: None,
    },
    Family {
        key: "BENGALI",
        regular: include_bytes!("../fonts/NotoSansBengali-Regular.ttf"),
        bold: include_bytes!("../fonts/NotoSansBengali-Bold.ttf"),
        italic: None,
    },
    Family {
        key: "DEVANAGARI",
        regular: include_bytes!("../fonts/NotoSansDevanagari-Regular.ttf"),
        bold: include_bytes!("../fonts/NotoSansDevanagari-Bold.ttf"),
        italic: None,
    },
    Family {
        key: "GURMUKHI",
        regular: include_bytes!("../fonts/NotoSansGurmukhi-Regular.ttf"),
        bold: include_bytes!("../fonts/NotoSansGurmukhi-Bold.ttf"),
        italic: None,
    },
    Family {
        key: "GUJARATI",
        regular: include_bytes!("../fonts/NotoSansGujarati-Regular.ttf"),
        bold: include_bytes!("../fonts/NotoSansGujarati-Bold.ttf"),
        italic: None,
    },
    Family {
        key: "TAMIL",
        regular: include_bytes!("../fonts/NotoSansTamil-Regular.ttf"),
        bold: include_bytes!("../fonts/NotoSansTamil-Bold.ttf"),
        italic: None,
    },
    Family {
        key: "CJK",
        regular: include_bytes!("../fonts/DroidSansFallbackFull.ttf"),
        bold: include_bytes!("../fonts/DroidSansFallbackFull.ttf"),
        italic: None,
    },
];

/// A PDF text string (UTF-16BE with its byte-order mark) written in hex.
fn text_string(text: &str) -> printpdf::DictItem {
    let mut data = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        data.extend(unit.to_be_bytes());
    }
    printpdf::DictItem::String {
        data,
        literal: false,
    }
}

/// A font of the chain, read once and only when a line needs it.
struct Face {
    bytes: &'static [u8],
    metrics: ttf_parser::Face<'static>,
    shaping: harfrust::Font,
    units_per_em: f32,
}

impl Face {
    fn load(bytes: &'static [u8]) -> Result<Face, BundleError> {
        let metrics = ttf_parser::Face::parse(bytes, 0).map_err(|_| BundleError::Font)?;
        let shaping = harfrust::Font::new(bytes, 0).ok_or(BundleError::Font)?;
        Ok(Face {
            bytes,
            units_per_em: f32::from(metrics.units_per_em()),
            metrics,
            shaping,
        })
    }

    fn has(&self, c: char) -> bool {
        self.metrics.glyph_index(c).is_some()
    }

    fn advance(&self, c: char) -> f32 {
        self.metrics
            .glyph_index(c)
            .or_else(|| self.metrics.glyph_index('?'))
            .and_then(|g| self.metrics.glyph_hor_advance(g))
            .map_or(0.0, f32::from)
    }
}

/// A shaped glyph: its id in its font, where it goes (font units, from the run's start) and
/// the text it stands for (empty for the second and later glyphs of one character).
struct Glyph {
    id: u16,
    x: f32,
    y: f32,
    text: String,
}

/// Consecutive glyphs of one font, in the order they are drawn (left to right).
struct Run {
    face: usize,
    /// The run's characters in reading order.
    text: String,
    rtl: bool,
    glyphs: Vec<Glyph>,
    /// The run's advance, in font units.
    width: f32,
}

/// Lays lines out in the font chain and remembers which fonts it used, so that only those
/// are embedded.
pub(crate) struct Typesetter {
    seed: String,
    faces: [[OnceCell<Option<Face>>; 3]; CHAIN.len()],
    used: RefCell<BTreeSet<(usize, Weight)>>,
    /// What each glyph drawn so far stands for: a font maps each glyph to one text, so the
    /// first meaning given to a glyph is kept for the whole document.
    meanings: RefCell<std::collections::HashMap<(usize, Weight, u16), String>>,
    /// Each font's name, made once: it hashes the whole seed, and a long document draws
    /// thousands of runs.
    ids: RefCell<std::collections::HashMap<(usize, Weight), FontId>>,
}

impl Typesetter {
    /// A typesetter whose font names are made from `seed` (the text to be laid out). printpdf
    /// would name fonts from a counter that runs for the whole process, so the same page could
    /// come out with different bytes; evidence bundles must not. The first six letters become
    /// the subset tag ("ABCDEF+AtkinsonHyperlegible-Regular"), so different text gets
    /// different tags.
    pub(crate) fn new(seed: &str) -> Result<Typesetter, BundleError> {
        let typesetter = Typesetter {
            seed: seed.to_owned(),
            faces: Default::default(),
            used: RefCell::new(BTreeSet::new()),
            meanings: RefCell::default(),
            ids: RefCell::default(),
        };
        // The primary font must load: every line starts from it.
        typesetter
            .face(0, Weight::Regular)
            .ok_or(BundleError::Font)?;
        typesetter.face(0, Weight::Bold).ok_or(BundleError::Font)?;
        Ok(typesetter)
    }

    /// The weight family `index` sets `weight` in: its regular for an italic it lacks.
    fn own(index: usize, weight: Weight) -> Weight {
        match weight {
            Weight::Italic if CHAIN[index].italic.is_none() => Weight::Regular,
            other => other,
        }
    }

    fn face(&self, index: usize, weight: Weight) -> Option<&Face> {
        let weight = Self::own(index, weight);
        self.faces[index][weight as usize]
            .get_or_init(|| {
                let family = &CHAIN[index];
                Face::load(match weight {
                    Weight::Regular => family.regular,
                    Weight::Bold => family.bold,
                    Weight::Italic => family.italic.unwrap_or(family.regular),
                })
                .ok()
            })
            .as_ref()
    }

    fn font_id(&self, index: usize, weight: Weight) -> FontId {
        let weight = Self::own(index, weight);
        self.ids
            .borrow_mut()
            .entry((index, weight))
            .or_insert_with(|| self.make_font_id(index, weight))
            .clone()
    }

    fn make_font_id(&self, index: usize, weight: Weight) -> FontId {
        use sha2::{Digest, Sha256};
        let kind = format!(
            "{}{}",
            CHAIN[index].key,
            match Self::own(index, weight) {
                Weight::Regular => "REGULAR",
                Weight::Bold => "BOLD",
                Weight::Italic => "ITALIC",
            }
        );
        // The primary font's kind is "REGULAR" or "BOLD", the names it always had, so English
        // pages keep their bytes.
        let digest = Sha256::digest(format!("{kind}\u{0}{}", self.seed).as_bytes());
        let tag: String = digest[..6]
            .iter()
            .map(|b| char::from(b'A' + b % 26))
            .collect();
        FontId(format!("{tag}CASEFILE{kind}"))
    }

    /// The first font of the chain that has `c`, if any does.
    fn face_for(&self, c: char, weight: Weight) -> Option<usize> {
        (0..CHAIN.len()).find(|&i| self.face(i, weight).is_some_and(|f| f.has(c)))
    }

    /// Whether the primary font sets `text` on its own, left to right.
    fn primary_only(&self, text: &str, weight: Weight) -> bool {
        self.face(0, weight)
            .is_some_and(|f| text.chars().all(|c| c.is_whitespace() || f.has(c)))
    }

    /// Characters of `text` that no font of the chain has, sorted and without repeats; the
    /// PDF shows a blank box for them, so the caller should say so.
    pub(crate) fn missing_characters(&self, text: &str) -> Vec<char> {
        let mut missing: Vec<char> = text
            .chars()
            .filter(|c| {
                !c.is_whitespace()
                    && !c.is_control()
                    && self.face_for(*c, Weight::Regular).is_none()
            })
            .collect();
        missing.sort_unstable();
        missing.dedup();
        missing
    }

    /// The width of `text` set at `size_pt`, in points.
    pub(crate) fn width_pt(&self, text: &str, weight: Weight, size_pt: f32) -> f32 {
        if self.primary_only(text, weight) {
            let Some(face) = self.face(0, weight) else {
                return 0.0;
            };
            return text.chars().map(|c| face.advance(c)).sum::<f32>() * size_pt
                / face.units_per_em;
        }
        self.runs(text, weight)
            .iter()
            .map(|run| {
                let upem = self
                    .face(run.face, weight)
                    .map_or(1000.0, |f| f.units_per_em);
                run.width * size_pt / upem
            })
            .sum()
    }

    /// The ops that draw `text` with its left end at (`x_mm`, `y_mm`) on the baseline.
    pub(crate) fn ops(
        &self,
        weight: Weight,
        size: f32,
        x_mm: f32,
        y_mm: f32,
        text: &str,
    ) -> Vec<Op> {
        if self.primary_only(text, weight) {
            self.used.borrow_mut().insert((0, Self::own(0, weight)));
            return vec![
                Op::StartTextSection,
                Op::SetFont {
                    font: PdfFontHandle::External(self.font_id(0, weight)),
                    size: Pt(size),
                },
                Op::SetTextCursor {
                    pos: Point {
                        x: Mm(x_mm).into(),
                        y: Mm(y_mm).into(),
                    },
                },
                Op::ShowText {
                    items: vec![TextItem::Text(text.to_owned())],
                },
                Op::EndTextSection,
            ];
        }
        let mut ops = vec![Op::StartTextSection];
        let mut pen_pt = Mm(x_mm).into_pt().0;
        let base_pt = Mm(y_mm).into_pt().0;
        for run in self.runs(text, weight) {
            let Some(face) = self.face(run.face, weight) else {
                continue;
            };
            self.used
                .borrow_mut()
                .insert((run.face, Self::own(run.face, weight)));
            let scale = size / face.units_per_em;
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(self.font_id(run.face, weight)),
                size: Pt(size),
            });
            // A left-to-right run's text as the reader should copy it: a glyph's own meaning
            // cannot say that a vowel sign drawn first is read second. Right-to-left runs go
            // without: their glyphs map one to one, and readers (poppler) put a marked text's
            // letters in their own right-to-left order again, reversing them.
            if !run.rtl {
                ops.push(Op::BeginMarkedContentWithProperties {
                    tag: "Span".into(),
                    properties: printpdf::DictItem::Dict {
                        map: [("ActualText".to_owned(), text_string(&run.text))].into(),
                    },
                });
            }
            for glyph in &run.glyphs {
                let meaning = self
                    .meanings
                    .borrow_mut()
                    .entry((run.face, Self::own(run.face, weight), glyph.id))
                    .or_insert_with(|| glyph.text.clone())
                    .clone();
                ops.push(Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(
                        Pt(pen_pt + glyph.x * scale),
                        Pt(base_pt + glyph.y * scale),
                    ),
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::GlyphIds(vec![Codepoint {
                        gid: glyph.id,
                        offset: 0.0,
                        // Empty means the glyph stands for nothing on its own (printpdf
                        // would otherwise map it to U+FFFD).
                        cid: Some(meaning),
                    }])],
                });
            }
            if !run.rtl {
                ops.push(Op::EndMarkedContent);
            }
            pen_pt += run.width * scale;
        }
        ops.push(Op::EndTextSection);
        ops
    }

    /// `text` split into runs of one font each, shaped, in visual order.
    fn runs(&self, text: &str, weight: Weight) -> Vec<Run> {
        use unicode_bidi::{BidiInfo, Level};
        let bidi = BidiInfo::new(text, Some(Level::ltr()));
        let mut runs = Vec::new();
        for paragraph in &bidi.paragraphs {
            let (levels, visual) = bidi.visual_runs(paragraph, paragraph.range.clone());
            for range in visual {
                let rtl = levels[range.start].is_rtl();
                let mut pieces = self.pieces(&text[range.clone()], weight);
                if rtl {
                    pieces.reverse();
                }
                for (face, piece) in pieces {
                    let start = range.start + piece.start;
                    let end = range.start + piece.end;
                    if let Some(run) = self.shape(face, weight, &text[start..end], rtl) {
                        runs.push(run);
                    }
                }
            }
        }
        runs
    }

    /// Splits `text` (one direction) where the font changes, in logical order. Spaces,
    /// punctuation and marks stay in the font of the letters before them when it has them,
    /// so a name keeps its shaping across a space; ASCII letters and digits always go back to
    /// the primary font.
    fn pieces(&self, text: &str, weight: Weight) -> Vec<(usize, std::ops::Range<usize>)> {
        let mut pieces: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
        for (at, c) in text.char_indices() {
            let previous = pieces.last().map(|(face, _)| *face);
            let sticky = !c.is_ascii_alphanumeric()
                && previous.is_some_and(|p| {
                    c.is_whitespace() || self.face(p, weight).is_some_and(|f| f.has(c))
                });
            let face = match previous {
                Some(p) if sticky => p,
                _ => self.face_for(c, weight).unwrap_or(0),
            };
            let end = at + c.len_utf8();
            match pieces.last_mut() {
                Some((last, range)) if *last == face => range.end = end,
                _ => pieces.push((face, at..end)),
            }
        }
        pieces
    }

    fn shape(&self, index: usize, weight: Weight, text: &str, rtl: bool) -> Option<Run> {
        use harfrust::{Buffer, ClusterLevel, Direction, ShapeOptions, ShaperFont};
        let face = self.face(index, weight)?;
        let shaper = ShaperFont::new(&face.shaping);
        let mut buffer = Buffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        buffer.set_direction(if rtl {
            Direction::RightToLeft
        } else {
            Direction::LeftToRight
        });
        buffer.set_cluster_level(ClusterLevel::MonotoneCharacters);
        harfrust::shape(&shaper, &mut buffer, ShapeOptions::new()).ok()?;
        let infos = buffer.glyph_infos();
        let positions = buffer.glyph_positions();
        // Each cluster's text runs from its start to the next cluster's start in the text.
        let mut starts: Vec<usize> = infos.iter().map(|g| g.cluster as usize).collect();
        starts.sort_unstable();
        starts.dedup();
        let cluster_text = |start: usize| {
            let end = starts
                .iter()
                .find(|s| **s > start)
                .copied()
                .unwrap_or(text.len());
            text.get(start..end).unwrap_or("").to_owned()
        };
        // A glyph stands for its cluster's text when it is the cluster's only glyph (a joined
        // Arabic letter, a ligature), and otherwise for the character it is the glyph of,
        // if any (a vowel sign drawn in two parts stands for nothing on its own).
        let mut count = std::collections::BTreeMap::<u32, usize>::new();
        for info in infos {
            *count.entry(info.cluster).or_default() += 1;
        }
        let texts: Vec<String> = infos
            .iter()
            .map(|info| {
                let cluster = cluster_text(info.cluster as usize);
                if count.get(&info.cluster) == Some(&1) {
                    return cluster;
                }
                cluster
                    .chars()
                    .find(|c| {
                        face.metrics
                            .glyph_index(*c)
                            .is_some_and(|g| u32::from(g.0) == info.glyph_id)
                    })
                    .map(String::from)
                    .unwrap_or_default()
            })
            .collect();
        let mut pen = 0.0;
        let mut glyphs = Vec::with_capacity(infos.len());
        for ((info, position), text) in infos.iter().zip(positions).zip(texts) {
            glyphs.push(Glyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                x: pen + position.x_offset as f32,
                y: position.y_offset as f32,
                text,
            });
            pen += position.x_advance as f32;
        }
        Some(Run {
            face: index,
            text: text.to_owned(),
            rtl,
            glyphs,
            width: pen,
        })
    }

    /// Embeds the fonts the laid-out lines used (each subset by printpdf to the glyphs used).
    pub(crate) fn install(&self, doc: &mut PdfDocument) -> Result<(), BundleError> {
        for &(index, weight) in self.used.borrow().iter() {
            let face = self.face(index, weight).ok_or(BundleError::Font)?;
            let parsed =
                ParsedFont::from_bytes(face.bytes, 0, &mut Vec::new()).ok_or(BundleError::Font)?;
            doc.resources
                .fonts
                .map
                .insert(self.font_id(index, weight), printpdf::PdfFont::new(parsed));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The glyph each character has on its own (its isolated form), from the font's cmap.
    fn nominal(typesetter: &Typesetter, face: usize, c: char) -> u16 {
        typesetter
            .face(face, Weight::Regular)
            .and_then(|f| f.metrics.glyph_index(c))
            .expect("glyph")
            .0
    }

    #[test]
    fn an_arabic_name_is_joined_and_drawn_right_to_left() {
        let typesetter = Typesetter::new("").expect("fonts");
        let runs = typesetter.runs("محمد", Weight::Regular);
        assert_eq!(runs.len(), 1);
        let run = &runs[0];
        assert_eq!(CHAIN[run.face].key, "ARABIC");
        assert!(run.rtl);
        assert_eq!(run.text, "محمد");
        let drawn: Vec<u16> = run.glyphs.iter().map(|g| g.id).collect();
        assert_eq!(drawn.len(), 4, "{drawn:?}");
        assert!(!drawn.contains(&0), "no missing-glyph boxes: {drawn:?}");
        // Drawn left to right, the last letter comes first; each takes its joined form, so
        // the word is not the isolated letters side by side. The first meem (drawn last,
        // rightmost) is in its initial form, not its isolated one.
        let isolated: Vec<u16> = "محمد"
            .chars()
            .rev()
            .map(|c| nominal(&typesetter, run.face, c))
            .collect();
        assert_ne!(drawn, isolated);
        assert_ne!(drawn[3], nominal(&typesetter, run.face, 'م'));
        // Each glyph stands for its own letter, in reading order right to left.
        let read: String = run.glyphs.iter().rev().map(|g| g.text.as_str()).collect();
        assert_eq!(read, "محمد");
    }

    #[test]
    fn a_devanagari_vowel_sign_is_drawn_before_the_consonant_it_follows() {
        // "कि" is ka then the vowel sign i, which is written to the left of the ka.
        let typesetter = Typesetter::new("").expect("fonts");
        let runs = typesetter.runs("कि", Weight::Regular);
        assert_eq!(runs.len(), 1);
        let run = &runs[0];
        assert_eq!(CHAIN[run.face].key, "DEVANAGARI");
        let drawn: Vec<u16> = run.glyphs.iter().map(|g| g.id).collect();
        assert_eq!(drawn.len(), 2, "{drawn:?}");
        assert_eq!(drawn[1], nominal(&typesetter, run.face, 'क'));
        assert_ne!(drawn[0], nominal(&typesetter, run.face, 'क'));
        assert!(run.glyphs[0].x < run.glyphs[1].x);
    }

    #[test]
    fn a_mixed_line_keeps_english_in_the_primary_font_and_each_script_in_its_own() {
        let typesetter = Typesetter::new("").expect("fonts");
        let line = "Child: محمد علي (Muhammad), school 王小明, Łukasz";
        let keys: Vec<&str> = typesetter
            .runs(line, Weight::Regular)
            .iter()
            .map(|r| CHAIN[r.face].key)
            .collect();
        assert!(keys.contains(&"ARABIC"), "{keys:?}");
        assert!(keys.contains(&"CJK"), "{keys:?}");
        // The Arabic name is one run, space and all, so its shaping is not broken.
        let runs = typesetter.runs(line, Weight::Regular);
        let arabic: Vec<&Run> = runs
            .iter()
            .filter(|r| CHAIN[r.face].key == "ARABIC")
            .collect();
        assert_eq!(arabic.len(), 1);
        assert_eq!(arabic[0].text.trim(), "محمد علي");
        assert!(typesetter.missing_characters(line).is_empty());
        // English words in the line stay in Atkinson Hyperlegible.
        assert!(
            runs.iter()
                .any(|r| r.face == 0 && r.text.contains("Muhammad"))
        );
    }

    #[test]
    fn wrapped_lines_in_any_script_stay_inside_the_margin() {
        let typesetter = Typesetter::new("").expect("fonts");
        let paragraph = "قال المعلم إن الطفل يحتاج إلى دعم إضافي في القراءة والكتابة كل يوم \
                         আমার সোনার বাংলা আমি তোমায় ভালোবাসি চিরদিন তোমার আকাশ তোমার বাতাস \
                         王小明的老师说他每天需要额外的阅读和写作支持";
        let max = 200.0;
        let lines = crate::text_pdf::wrap_at(paragraph, &typesetter, Weight::Regular, 12.0, max);
        assert!(lines.len() > 3, "{lines:?}");
        for line in &lines {
            let width = typesetter.width_pt(line, Weight::Regular, 12.0);
            assert!(width <= max && width > 0.0, "{line}: {width}");
        }
    }
}
