//! The text of Word (.docx) files, so they are searchable: paragraphs, line breaks and tabs
//! from `word/document.xml`. The file itself is kept as it is; for a bundle it is turned into
//! PDF pages by LibreOffice when that is installed (casefile-bundle).

use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::reader::Reader;

/// Most bytes of document XML read (a zip bomb stops here instead of filling memory).
const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;

/// Why a .docx could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DocxProblem {
    /// Not a zip, or no document inside.
    Damaged,
    /// Too large once unpacked.
    TooLarge,
}

/// The text of a .docx file.
pub(crate) fn docx_text(bytes: &[u8]) -> Result<String, DocxProblem> {
    let xml = part(bytes, "word/document.xml")?.ok_or(DocxProblem::Damaged)?;
    let mut reader = Reader::from_str(&xml);
    let mut text = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "t" => in_text = true,
                "tab" => text.push('\t'),
                "br" | "cr" => text.push('\n'),
                _ => {}
            },
            Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                "tab" => text.push('\t'),
                "br" | "cr" => text.push('\n'),
                _ => {}
            },
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "p" => text.push('\n'),
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => text.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) if in_text => {
                if let Some(c) = reference(&r) {
                    text.push(c);
                }
            }
            Ok(Event::Eof) => break,
            Err(_) => return Err(DocxProblem::Damaged),
            _ => {}
        }
    }
    Ok(text.trim_end().to_owned())
}

/// One part of the package as text, within the size limit; `None` when the part is absent.
fn part(bytes: &[u8], name: &str) -> Result<Option<String>, DocxProblem> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| DocxProblem::Damaged)?;
    let file = match archive.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(_) => return Err(DocxProblem::Damaged),
    };
    if file.size() > MAX_XML_BYTES {
        return Err(DocxProblem::TooLarge);
    }
    let mut xml = String::new();
    file.take(MAX_XML_BYTES + 1)
        .read_to_string(&mut xml)
        .map_err(|_| DocxProblem::Damaged)?;
    if xml.len() as u64 > MAX_XML_BYTES {
        return Err(DocxProblem::TooLarge);
    }
    Ok(Some(xml))
}

/// The value of attribute `w:val` (any prefix) of an element, if it has one.
fn val(e: &quick_xml::events::BytesStart<'_>) -> Option<String> {
    e.attributes()
        .flatten()
        .find_map(|a| (a.key.local_name().as_ref() == "val").then(|| a.value.to_string()))
}

/// The value of attribute `name` (any prefix) of an element.
fn attribute(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find_map(|a| (a.key.local_name().as_ref() == name).then(|| a.value.to_string()))
}

/// A run property's toggle (`<w:b/>` on, `<w:b w:val="0"/>` off) applied to `look`.
fn toggle(look: &mut casefile_plan::Look, e: &quick_xml::events::BytesStart<'_>) {
    let value = val(e);
    let on = !matches!(value.as_deref(), Some("0" | "false" | "off" | "none"));
    match e.local_name().as_ref() {
        "b" => look.bold = on,
        "i" => look.italic = on,
        "strike" | "dstrike" => look.strike = on,
        "u" => look.underline = on,
        _ => {}
    }
}

/// An entity or character reference's text.
fn reference(r: &quick_xml::events::BytesRef<'_>) -> Option<char> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c);
    }
    match r.xml10_content().as_ref() {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// The looks of a package's character styles, by style id ("ParentAddition": bold).
fn character_styles(xml: &str) -> std::collections::HashMap<String, casefile_plan::Look> {
    let mut styles = std::collections::HashMap::new();
    let mut reader = Reader::from_str(xml);
    let mut current: Option<(String, casefile_plan::Look)> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "style" => {
                let character = attribute(&e, "type").as_deref() == Some("character");
                current = character
                    .then(|| attribute(&e, "styleId"))
                    .flatten()
                    .map(|id| (id, casefile_plan::Look::default()));
            }
            Ok(Event::Empty(e)) | Ok(Event::Start(e)) => {
                if let Some((_, look)) = current.as_mut() {
                    toggle(look, &e);
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "style" => {
                if let Some((id, look)) = current.take() {
                    styles.insert(id, look);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    styles
}

/// Each footnote's words, by its id.
fn footnote_texts(xml: &str) -> std::collections::HashMap<String, String> {
    let mut notes = std::collections::HashMap::new();
    let mut reader = Reader::from_str(xml);
    let mut current: Option<(String, String)> = None;
    let mut in_text = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "footnote" => {
                    current = attribute(&e, "id").map(|id| (id, String::new()));
                }
                "t" => in_text = true,
                _ => {}
            },
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "footnote" => {
                    if let Some((id, text)) = current.take() {
                        notes.insert(id, text.split_whitespace().collect::<Vec<_>>().join(" "));
                    }
                }
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => {
                if let Some((_, text)) = current.as_mut() {
                    text.push_str(&t.xml10_content());
                }
            }
            Ok(Event::GeneralRef(r)) if in_text => {
                if let (Some((_, text)), Some(c)) = (current.as_mut(), reference(&r)) {
                    text.push(c);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    notes
}

/// A working document's copy as another party returns it: its numbered paragraphs ("F3  …"),
/// each word with the look it has (from the run's own formatting over its character style),
/// and whether it holds tracked changes (which the Tribunal asks parties not to use; their
/// deleted words are not read, their inserted words are).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MarkedCopy {
    pub paragraphs: Vec<casefile_plan::CopyParagraph>,
    pub tracked_changes: bool,
}

/// Reads the numbered paragraphs of a working document's .docx copy.
pub(crate) fn docx_marked_copy(bytes: &[u8]) -> Result<MarkedCopy, DocxProblem> {
    let document = part(bytes, "word/document.xml")?.ok_or(DocxProblem::Damaged)?;
    let styles = part(bytes, "word/styles.xml")?
        .map(|xml| character_styles(&xml))
        .unwrap_or_default();
    let notes = part(bytes, "word/footnotes.xml")?
        .map(|xml| footnote_texts(&xml))
        .unwrap_or_default();
    let mut reader = Reader::from_str(&document);
    let mut copy = MarkedCopy {
        paragraphs: Vec::new(),
        tracked_changes: false,
    };
    // The paragraph being read: its runs (text and look) and the footnotes it cites.
    let mut runs: Vec<(String, casefile_plan::Look)> = Vec::new();
    let mut cited: Vec<String> = Vec::new();
    let mut look = casefile_plan::Look::default();
    let mut style_look = casefile_plan::Look::default();
    let mut in_properties = false;
    let mut in_text = false;
    let mut in_footnotes = 0usize;
    let push =
        |runs: &mut Vec<(String, casefile_plan::Look)>, text: &str, look| match runs.last_mut() {
            Some((last, l)) if *l == look => last.push_str(text),
            _ => runs.push((text.to_owned(), look)),
        };
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "r" => {
                    look = casefile_plan::Look::default();
                    style_look = look;
                }
                "rPr" => in_properties = true,
                "t" => in_text = true,
                "ins" | "del" => copy.tracked_changes = true,
                "footnotes" => in_footnotes += 1,
                _ if in_properties => toggle(&mut look, &e),
                _ => {}
            },
            Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                "rStyle" if in_properties => {
                    if let Some(style) = val(&e).and_then(|id| styles.get(&id).copied()) {
                        style_look = style;
                    }
                }
                "tab" | "br" | "cr" => push(&mut runs, " ", merged(style_look, look)),
                "footnoteReference" => {
                    if let Some(text) = attribute(&e, "id").and_then(|id| notes.get(&id)) {
                        cited.push(text.clone());
                    }
                }
                _ if in_properties => toggle(&mut look, &e),
                _ => {}
            },
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "rPr" => in_properties = false,
                "t" => in_text = false,
                "footnotes" => in_footnotes = in_footnotes.saturating_sub(1),
                "p" => {
                    let paragraph = std::mem::take(&mut runs);
                    let notes = std::mem::take(&mut cited);
                    if in_footnotes == 0
                        && let Some(p) = numbered(paragraph, notes)
                    {
                        copy.paragraphs.push(p);
                    }
                }
                _ => {}
            },
            Ok(Event::Text(t)) if in_text => {
                let text = t.xml10_content();
                push(&mut runs, &text, merged(style_look, look));
            }
            Ok(Event::GeneralRef(r)) if in_text => {
                if let Some(c) = reference(&r) {
                    push(&mut runs, &c.to_string(), merged(style_look, look));
                }
            }
            Ok(Event::Eof) => break,
            Err(_) => return Err(DocxProblem::Damaged),
            _ => {}
        }
    }
    Ok(copy)
}

/// A run's look: its character style's, with its own formatting added.
fn merged(style: casefile_plan::Look, own: casefile_plan::Look) -> casefile_plan::Look {
    casefile_plan::Look {
        bold: style.bold || own.bold,
        italic: style.italic || own.italic,
        underline: style.underline || own.underline,
        strike: style.strike || own.strike,
    }
}

/// A paragraph read as a numbered paragraph of the working document ("F3  Sam will…"), its
/// label taken off its words; `None` for headings, the key and anything else.
fn numbered(
    runs: Vec<(String, casefile_plan::Look)>,
    notes: Vec<String>,
) -> Option<casefile_plan::CopyParagraph> {
    let whole: String = runs.iter().map(|(t, _)| t.as_str()).collect();
    let (letter, number, rest) = casefile_plan::paragraph_label(&whole)?;
    let mut skip = whole.len() - rest.len();
    let mut words = Vec::new();
    for (text, look) in runs {
        if skip >= text.len() {
            skip -= text.len();
            continue;
        }
        let kept = text[skip..].to_owned();
        skip = 0;
        if !kept.trim().is_empty() {
            words.push((kept, look));
        }
    }
    Some(casefile_plan::CopyParagraph {
        letter,
        number,
        runs: words,
        notes,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    /// A minimal .docx as Word writes one: the content types, the package relationships and the
    /// document, each paragraph a `w:p` of runs.
    pub(crate) fn make_docx(paragraphs: &[&str]) -> Vec<u8> {
        let mut body = String::new();
        for p in paragraphs {
            let escaped = p.replace('&', "&amp;").replace('<', "&lt;");
            body += &format!("<w:p><w:r><w:t xml:space=\"preserve\">{escaped}</w:t></w:r></w:p>");
        }
        let document = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr/></w:body></w:document>"
        );
        let mut out = Vec::new();
        {
            let mut zip = zip::ZipWriter::new(Cursor::new(&mut out));
            let options = zip::write::SimpleFileOptions::default();
            zip.start_file("[Content_Types].xml", options)
                .expect("entry");
            zip.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>").expect("write");
            zip.start_file("_rels/.rels", options).expect("entry");
            zip.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>").expect("write");
            zip.start_file("word/document.xml", options).expect("entry");
            zip.write_all(document.as_bytes()).expect("write");
            zip.finish().expect("finish");
        }
        out
    }

    #[test]
    fn paragraphs_and_entities_come_out_as_text() {
        let docx = make_docx(&[
            "Dear Sir & Madam,",
            "The plan's Section F <must> be specific.",
        ]);
        assert_eq!(
            docx_text(&docx).expect("text"),
            "Dear Sir & Madam,\nThe plan's Section F <must> be specific."
        );
    }

    #[test]
    fn a_zip_without_a_document_or_not_a_zip_is_damaged() {
        assert_eq!(
            docx_text(b"PK\x03\x04 truncated"),
            Err(DocxProblem::Damaged)
        );
        let mut other = Vec::new();
        {
            let mut zip = zip::ZipWriter::new(Cursor::new(&mut other));
            zip.start_file("hello.txt", zip::write::SimpleFileOptions::default())
                .expect("entry");
            zip.write_all(b"hi").expect("write");
            zip.finish().expect("finish");
        }
        assert_eq!(docx_text(&other), Err(DocxProblem::Damaged));
    }
}
