//! Word files become bundle pages through LibreOffice, on this machine, when it is installed:
//! `soffice --headless --convert-to pdf` in a private folder with its own throwaway profile (so a
//! LibreOffice the family has open is not disturbed), stopped if it takes too long.
//!
//! A Word file can point outside itself: a picture linked (not embedded) from a web address or
//! from a file on this computer, a template fetched when it opens, an INCLUDEPICTURE field. A
//! converter that followed them would make a request on the family's behalf, or pull a private
//! file into a page of a bundle that is sent to the council. So before conversion
//! [`without_outside_links`] rewrites every such link in a copy to point nowhere (links a reader
//! clicks, hyperlinks, stay: nothing fetches them), and the throwaway profile sends anything
//! LibreOffice might still fetch to a proxy on a closed local port.

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use quick_xml::events::{BytesStart, Event};

use casefile_pdf::BuildError;

/// How long one conversion may take before it is stopped.
const TIME_LIMIT: Duration = Duration::from_secs(180);

/// LibreOffice's program, if it is on the PATH.
pub fn find_office() -> Option<PathBuf> {
    super::tools::find_program("soffice").or_else(|| super::tools::find_program("libreoffice"))
}

/// Turns a .docx into PDF bytes with `office` (None: LibreOffice is not installed).
pub fn word_to_pdf(
    office: Option<&Path>,
    bytes: &[u8],
    title: &str,
) -> Result<Vec<u8>, BuildError> {
    let Some(office) = office else {
        return Err(BuildError::NeedsLibreOffice {
            title: title.to_owned(),
        });
    };
    let failed = |why: String| BuildError::ConversionFailed {
        title: title.to_owned(),
        why,
    };
    let dir = tempfile::tempdir().map_err(|e| failed(format!("no temporary folder ({e})")))?;
    let input = dir.path().join("document.docx");
    let bytes = without_outside_links(bytes).map_err(failed)?;
    std::fs::write(&input, bytes)
        .map_err(|e| failed(format!("the copy could not be written ({e})")))?;
    let user = dir.path().join("profile").join("user");
    std::fs::create_dir_all(&user)
        .and_then(|()| std::fs::write(user.join("registrymodifications.xcu"), OFFLINE_PROFILE))
        .map_err(|e| failed(format!("its settings could not be written ({e})")))?;
    let profile = format!("file://{}", dir.path().join("profile").display());
    let mut command = std::process::Command::new(office);
    command
        .arg(format!("-env:UserInstallation={profile}"))
        .args([
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&input);
    super::tools::run_program(command, TIME_LIMIT)
        .map_err(|why| failed(format!("LibreOffice could not convert it: {why}")))?;
    let output = dir.path().join("document.pdf");
    match std::fs::read(&output) {
        Ok(pdf) if pdf.starts_with(b"%PDF-") => Ok(pdf),
        _ => Err(failed("LibreOffice could not read it".into())),
    }
}

/// Most bytes a part of the Word file may unpack to (a zip bomb stops here).
const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;

/// The throwaway profile's settings: every web request goes through a proxy on port 9 of this
/// computer, where nothing listens, and links from untrusted documents are blocked.
const OFFLINE_PROFILE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetProxyType" oor:op="fuse"><value>1</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetHTTPProxyName" oor:op="fuse"><value>127.0.0.1</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetHTTPProxyPort" oor:op="fuse"><value>9</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetHTTPSProxyName" oor:op="fuse"><value>127.0.0.1</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetHTTPSProxyPort" oor:op="fuse"><value>9</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetFTPProxyName" oor:op="fuse"><value>127.0.0.1</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetFTPProxyPort" oor:op="fuse"><value>9</value></prop></item>
<item oor:path="/org.openoffice.Inet/Settings"><prop oor:name="ooInetNoProxy" oor:op="fuse"><value></value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
</oor:items>
"#;

/// Field instructions that pull in a file, a web page or another program's data when a document
/// is laid out.
const FETCHING_FIELDS: [&str; 5] = ["INCLUDEPICTURE", "INCLUDETEXT", "DDEAUTO", "DDE", "IMPORT"];

/// A copy of the Word file whose links outside itself point nowhere: in every relationship part,
/// a target outside the file (`TargetMode="External"`) that is not a hyperlink becomes `#`; in
/// the document, its headers and footers, fields that fetch become inert text. Everything else is
/// copied as it is.
pub(crate) fn without_outside_links(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let damaged = || "it is not a complete Word file".to_owned();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| damaged())?;
    let mut out = Vec::with_capacity(bytes.len());
    {
        let mut writer = zip::ZipWriter::new(Cursor::new(&mut out));
        let options = zip::write::SimpleFileOptions::default();
        for i in 0..archive.len() {
            let mut entry = archive.by_index(i).map_err(|_| damaged())?;
            let name = entry.name().map_err(|_| damaged())?.into_owned();
            if entry.is_dir() {
                continue;
            }
            if entry.size() > MAX_PART_BYTES {
                return Err(format!(
                    "a part of it is over {} MB once unpacked",
                    MAX_PART_BYTES >> 20
                ));
            }
            let mut part = Vec::new();
            (&mut entry)
                .take(MAX_PART_BYTES + 1)
                .read_to_end(&mut part)
                .map_err(|_| damaged())?;
            if part.len() as u64 > MAX_PART_BYTES {
                return Err(format!(
                    "a part of it is over {} MB once unpacked",
                    MAX_PART_BYTES >> 20
                ));
            }
            let part = if name.ends_with(".rels") {
                relationships_kept_inside(&part).ok_or_else(damaged)?
            } else if name.starts_with("word/") && name.ends_with(".xml") {
                inert_fields(part)
            } else {
                part
            };
            writer
                .start_file(name, options)
                .map_err(|e| e.to_string())?;
            writer.write_all(&part).map_err(|e| e.to_string())?;
        }
        writer.finish().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// A relationship part with every outside target but hyperlinks pointing nowhere.
fn relationships_kept_inside(xml: &[u8]) -> Option<Vec<u8>> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut writer = quick_xml::Writer::new(Vec::with_capacity(xml.len()));
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).ok()?;
        let event = match event {
            Event::Eof => break,
            Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                Event::Empty(kept_inside(&e)?)
            }
            Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                Event::Start(kept_inside(&e)?)
            }
            other => other,
        };
        writer.write_event(event).ok()?;
        buf.clear();
    }
    Some(writer.into_inner())
}

fn kept_inside(element: &BytesStart<'_>) -> Option<BytesStart<'static>> {
    let mut external = false;
    let mut hyperlink = false;
    for attribute in element.attributes() {
        let attribute = attribute.ok()?;
        match attribute.key.local_name().as_ref() {
            "TargetMode" => external = attribute.value.eq_ignore_ascii_case("External"),
            "Type" => hyperlink = attribute.value.ends_with("/hyperlink"),
            _ => {}
        }
    }
    let mut copy = BytesStart::new(element.name().as_ref().to_owned());
    for attribute in element.attributes() {
        let attribute = attribute.ok()?;
        if external && !hyperlink && attribute.key.local_name().as_ref() == "Target" {
            copy.push_attribute(("Target", "#"));
        } else {
            copy.push_attribute(attribute);
        }
    }
    Some(copy)
}

/// Document XML with fetching field instructions made inert: inside a field's instruction (the
/// text of `<w:instrText>`, or the `w:instr` of `<w:fldSimple>`), "INCLUDEPICTURE" and the others
/// become "REMOVEDFIELD", in any letter case. The document's own words are never touched.
fn inert_fields(mut xml: Vec<u8>) -> Vec<u8> {
    const REPLACEMENT: &[u8] = b"REMOVEDFIELD";
    for field in FETCHING_FIELDS {
        let needle = field.as_bytes();
        let mut at = 0;
        while let Some(found) = xml.get(at..).and_then(|rest| {
            rest.windows(needle.len())
                .position(|w| w.eq_ignore_ascii_case(needle))
        }) {
            let start = at + found;
            // Instruction text holds no '<', so the last tag opened before it says where it is.
            let tag = xml[..start]
                .iter()
                .rposition(|b| *b == b'<')
                .map(|open| &xml[open + 1..start]);
            let in_instruction =
                tag.is_some_and(|t| t.starts_with(b"w:instrText") || t.starts_with(b"w:fldSimple"));
            if in_instruction {
                xml.splice(start..start + needle.len(), REPLACEMENT.iter().copied());
                at = start + REPLACEMENT.len();
            } else {
                at = start + needle.len();
            }
        }
    }
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_libreoffice_the_message_says_how_to_add_it() {
        let err = word_to_pdf(None, b"PK", "Letter from the school").expect_err("refused");
        let message = err.to_string();
        assert!(
            message.contains("“Letter from the school” is a Word file"),
            "{message}"
        );
        assert!(
            message.contains("sudo apt install libreoffice-writer"),
            "{message}"
        );
    }

    /// A Word file that reaches outside itself in every way conversion could follow: a picture
    /// linked from `web` and one from `local` (a file path), a template fetched from `web`, an
    /// INCLUDEPICTURE field, and a hyperlink (which is kept).
    fn reaching_docx(web: &str, local: &str) -> Vec<u8> {
        let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
        let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        let picture = |rel: &str, id: u32| {
            format!(
                r#"<w:p><w:r><w:drawing><wp:inline><wp:extent cx="914400" cy="914400"/><wp:docPr id="{id}" name="Picture {id}"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="{id}" name="linked.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:link="{rel}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#
            )
        };
        let document = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{w}" xmlns:r="{r}" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><w:body><w:p><w:r><w:t>The school will import the new timetable; the therapy did not take place.</w:t></w:r></w:p>{}{}<w:p><w:fldSimple w:instr=" INCLUDEPICTURE &quot;{web}/field.png&quot; \d "><w:r><w:t>picture</w:t></w:r></w:fldSimple></w:p><w:p><w:hyperlink r:id="rIdLink"><w:r><w:t>the council's page</w:t></w:r></w:hyperlink></w:p><w:sectPr/></w:body></w:document>"#,
            picture("rIdWeb", 1),
            picture("rIdLocal", 2)
        );
        let rels = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdWeb" Type="{r}/image" Target="{web}/linked.png" TargetMode="External"/><Relationship Id="rIdLocal" Type="{r}/image" Target="{local}" TargetMode="External"/><Relationship Id="rIdLink" Type="{r}/hyperlink" Target="{web}/click" TargetMode="External"/><Relationship Id="rIdSettings" Type="{r}/settings" Target="settings.xml"/></Relationships>"#
        );
        let settings = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:settings xmlns:w="{w}" xmlns:r="{r}"><w:attachedTemplate r:id="rIdTemplate"/></w:settings>"#
        );
        let settings_rels = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdTemplate" Type="{r}/attachedTemplate" Target="{web}/template.dotx" TargetMode="External"/></Relationships>"#
        );
        let mut out = Vec::new();
        {
            let mut zip = zip::ZipWriter::new(Cursor::new(&mut out));
            let options = zip::write::SimpleFileOptions::default();
            for (name, body) in [
                ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/></Types>"#.to_owned()),
                ("_rels/.rels", format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{r}/officeDocument" Target="word/document.xml"/></Relationships>"#)),
                ("word/document.xml", document),
                ("word/_rels/document.xml.rels", rels),
                ("word/settings.xml", settings),
                ("word/_rels/settings.xml.rels", settings_rels),
            ] {
                zip.start_file(name, options).expect("entry");
                zip.write_all(body.as_bytes()).expect("write");
            }
            zip.finish().expect("finish");
        }
        out
    }

    fn part(docx: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(Cursor::new(docx)).expect("zip");
        let mut text = String::new();
        archive
            .by_name(name)
            .expect("part")
            .read_to_string(&mut text)
            .expect("read");
        text
    }

    #[test]
    fn outside_links_point_nowhere_but_hyperlinks_and_the_words_stay() {
        let docx = reaching_docx("http://127.0.0.1:9999", "file:///home/parent/private.png");
        let clean = without_outside_links(&docx).expect("rewritten");
        let rels = part(&clean, "word/_rels/document.xml.rels");
        assert!(
            !rels.contains("linked.png") && !rels.contains("private.png"),
            "{rels}"
        );
        assert!(
            rels.contains("http://127.0.0.1:9999/click"),
            "hyperlinks stay: {rels}"
        );
        assert!(
            rels.contains(r#"Target="settings.xml""#),
            "inside links stay: {rels}"
        );
        assert!(!part(&clean, "word/_rels/settings.xml.rels").contains("template.dotx"));
        let document = part(&clean, "word/document.xml");
        assert!(!document.contains("INCLUDEPICTURE"), "{document}");
        assert!(document.contains("REMOVEDFIELD"), "{document}");
        assert!(
            document.contains("The school will import the new timetable"),
            "the document's own words are untouched: {document}"
        );
        assert!(without_outside_links(b"PK\x03\x04 not really").is_err());
    }

    #[test]
    fn converting_makes_no_request_and_pulls_in_no_local_file() {
        let office = find_office().expect(
            "LibreOffice is needed for this test (scripts/install-deps.sh --tests installs it)",
        );
        // A listener on this computer, counting every connection made to it.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("listen");
        listener.set_nonblocking(true).expect("non-blocking");
        let port = listener.local_addr().expect("address").port();
        let connections = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let counter = {
            let (connections, stop) = (connections.clone(), stop.clone());
            std::thread::spawn(move || {
                while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                    if listener.accept().is_ok() {
                        connections.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
            })
        };
        // A private picture on this computer: a real PNG.
        let dir = tempfile::tempdir().expect("dir");
        let private = dir.path().join("private.png");
        {
            let file = std::fs::File::create(&private).expect("png");
            let mut encoder = png::Encoder::new(file, 8, 8);
            encoder.set_color(png::ColorType::Grayscale);
            let mut writer = encoder.write_header().expect("header");
            writer.write_image_data(&[0x80; 64]).expect("pixels");
        }
        let docx = reaching_docx(
            &format!("http://127.0.0.1:{port}"),
            &format!("file://{}", private.display()),
        );
        let pdf = word_to_pdf(Some(&office), &docx, "Letter from the school").expect("converted");
        stop.store(true, std::sync::atomic::Ordering::SeqCst);
        counter.join().expect("listener");
        assert_eq!(
            connections.load(std::sync::atomic::Ordering::SeqCst),
            0,
            "the conversion connected to the listener"
        );
        let doc = lopdf::Document::load_mem(&pdf).expect("a PDF");
        let images = doc
            .objects
            .values()
            .filter_map(|o| o.as_stream().ok())
            .filter(|s| {
                s.dict
                    .get(b"Subtype")
                    .and_then(|v| v.as_name())
                    .is_ok_and(|n| n == b"Image")
            })
            .count();
        assert_eq!(
            images, 0,
            "no picture from outside the file is in the pages"
        );
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        let text = doc.extract_text(&pages).expect("text");
        assert!(text.contains("therapy did not take place"), "{text}");
    }

    #[test]
    fn a_word_file_becomes_pdf_pages_with_its_text() {
        let office = find_office().expect(
            "LibreOffice is needed for this test (scripts/install-deps.sh --tests installs it)",
        );
        let docx = include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../tests/fixtures/school-letter.docx"
        ));
        let pdf = word_to_pdf(Some(&office), docx, "Letter from the school").expect("converted");
        let doc = lopdf::Document::load_mem(&pdf).expect("a PDF");
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        let text = doc.extract_text(&pages).expect("text");
        assert!(
            text.contains("speech and language therapy did not take place"),
            "{text}"
        );
    }
}
