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
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| DocxProblem::Damaged)?;
    let file = archive
        .by_name("word/document.xml")
        .map_err(|_| DocxProblem::Damaged)?;
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
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else {
                    match r.xml10_content().as_ref() {
                        "amp" => text.push('&'),
                        "lt" => text.push('<'),
                        "gt" => text.push('>'),
                        "quot" => text.push('"'),
                        "apos" => text.push('\''),
                        _ => {}
                    }
                }
            }
            Ok(Event::Eof) => break,
            Err(_) => return Err(DocxProblem::Damaged),
            _ => {}
        }
    }
    Ok(text.trim_end().to_owned())
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
