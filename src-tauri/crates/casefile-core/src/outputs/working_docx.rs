//! The working document written as Word (.docx), as councils and the Tribunal ask for it: the
//! Tribunal's key as real character styles ("Parent addition" bold, "Parent deletion" bold struck
//! through, "Council addition" italic, "Council deletion" italic struck through, "Agreed"
//! underlined, "Agreed deletion" underlined and struck through), evidence as real footnotes, no
//! tracked changes and no comments (tribunal-2025.md §1.4). Each paragraph is numbered by its
//! section ("F3") so both parties can refer to it, and every page ends with signature lines, as
//! the panel asks both parties to sign each page of the marked-up copy at the hearing.
//!
//! A function of the working document and what heads it: it knows nothing of the store.

use std::io::Cursor;

use casefile_plan::{Mark, WorkingDocument};
use docx_rs::{AlignmentType, Docx, Footer, Footnote, Paragraph, Run, RunFonts, Style, StyleType};

use crate::error::{CoreError, Result};
use crate::records::working::{KEY, ResolvedFootnote, WorkingHeading, marked_document};

/// Each mark's character style: its id, its name in Word's style list, and its look.
fn style_of(mark: Mark) -> Option<(&'static str, &'static str)> {
    match mark {
        Mark::Original => None,
        Mark::ParentAdded => Some(("ParentAddition", "Parent addition")),
        Mark::ParentDeleted => Some(("ParentDeletion", "Parent deletion")),
        Mark::CouncilAdded => Some(("CouncilAddition", "Council addition")),
        Mark::CouncilDeleted => Some(("CouncilDeletion", "Council deletion")),
        Mark::Agreed => Some(("Agreed", "Agreed")),
        Mark::AgreedDeleted => Some(("AgreedDeletion", "Agreed deletion")),
    }
}

const MARKS: [Mark; 6] = [
    Mark::ParentAdded,
    Mark::ParentDeleted,
    Mark::CouncilAdded,
    Mark::CouncilDeleted,
    Mark::Agreed,
    Mark::AgreedDeleted,
];

fn character_style(mark: Mark) -> Option<Style> {
    let (id, name) = style_of(mark)?;
    let style = Style::new(id, StyleType::Character).name(name);
    let mut style = match mark {
        Mark::ParentAdded | Mark::ParentDeleted => style.bold(),
        Mark::CouncilAdded | Mark::CouncilDeleted => style.italic(),
        _ => style.underline("single"),
    };
    if mark.is_deleted() {
        style.run_property = style.run_property.strike();
    }
    Some(style)
}

fn run(text: &str, mark: Mark) -> Run {
    let run = Run::new().add_text(text);
    match style_of(mark) {
        Some((id, _)) => run.style(id),
        None => run,
    }
}

/// The working document as a .docx file.
pub fn working_document_docx(
    wd: &WorkingDocument,
    heading: &WorkingHeading,
    footnotes: &[ResolvedFootnote],
) -> Result<Vec<u8>> {
    let font = RunFonts::new().ascii("Arial").hi_ansi("Arial").cs("Arial");
    let mut docx = Docx::new().default_fonts(font).default_size(24);
    for mark in MARKS {
        if let Some(style) = character_style(mark) {
            docx = docx.add_style(style);
        }
    }
    // The footnote marks, raised as Word's own style raises them.
    let mut reference =
        Style::new("FootnoteReference", StyleType::Character).name("footnote reference");
    reference.run_property = reference
        .run_property
        .vert_align(docx_rs::VertAlignType::SuperScript);
    docx = docx.add_style(reference);
    docx = docx
        .add_paragraph(
            Paragraph::new().add_run(
                Run::new()
                    .add_text(format!("Working document: {}’s EHC plan", heading.child))
                    .bold()
                    .size(32),
            ),
        )
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(format!(
            "Version {}, {}. Started from: {}.",
            heading.version, heading.date, heading.plan
        ))));
    if let Some(reference) = &heading.tribunal_reference {
        docx = docx.add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text(format!("Tribunal reference: {reference}"))),
        );
    }
    // The key, each part written in its own style.
    let mut key = Paragraph::new()
        .add_run(Run::new().add_text("Key: ").bold())
        .add_run(Run::new().add_text("plain: the plan as it stands; "));
    for (mark, words) in KEY {
        key = key
            .add_run(run(words, mark))
            .add_run(Run::new().add_text("; "));
    }
    docx = docx.add_paragraph(key);

    for section in &wd.sections {
        docx = docx.add_paragraph(
            Paragraph::new().add_run(
                Run::new()
                    .add_text(format!(
                        "Section {}: {}",
                        section.letter.as_str(),
                        section.title
                    ))
                    .bold()
                    .size(28),
            ),
        );
        for (i, paragraph) in section.paragraphs.iter().enumerate() {
            let mut p = Paragraph::new().add_run(
                Run::new()
                    .add_text(format!("{}{}  ", section.letter.as_str(), i + 1))
                    .bold(),
            );
            for (j, r) in paragraph.runs.iter().enumerate() {
                // The space between runs is plain, so a strike-through stops at the word.
                if j > 0 {
                    p = p.add_run(Run::new().add_text(" "));
                }
                p = p.add_run(run(&r.text, r.mark));
                if let Some(number) = r.note
                    && let Some(f) = footnotes.iter().find(|f| f.number == number)
                {
                    p = p.add_run(
                        Run::new().add_footnote_reference(
                            Footnote::new().add_content(
                                Paragraph::new()
                                    .add_run(
                                        Run::new()
                                            .add_text(FOOTNOTE_REF)
                                            .style("FootnoteReference"),
                                    )
                                    .add_run(Run::new().add_text(format!(" {}", f.shown()))),
                            ),
                        ),
                    );
                }
            }
            docx = docx.add_paragraph(p);
        }
    }
    let footer = Footer::new().add_paragraph(
        Paragraph::new().align(AlignmentType::Left).add_run(
            Run::new()
                .add_text(
                    "Signed for the parent ______________    Signed for the council ______________    Date __________",
                )
                .size(20),
        ),
    );
    docx = docx.footer(footer);
    let mut out = Cursor::new(Vec::new());
    docx.build()
        .pack(&mut out)
        .map_err(|e| CoreError::invalid("docx", format!("The Word file could not be made: {e}")))?;
    with_footnote_marks(&out.into_inner())
}

/// Stands where each footnote's own number goes until [`with_footnote_marks`] puts Word's
/// `<w:footnoteRef/>` there (the library writes no such element); a private-use character, so
/// no citation holds it.
const FOOTNOTE_REF: &str = "\u{F8FF}";

/// The .docx with each footnote's number as Word numbers it (`<w:footnoteRef/>`, counted where
/// the mark stands in the text) in place of [`FOOTNOTE_REF`]; every other part copied as it is.
fn with_footnote_marks(docx: &[u8]) -> Result<Vec<u8>> {
    use std::io::{Read, Write};
    let fail = |e: &dyn std::fmt::Display| {
        CoreError::invalid("docx", format!("The Word file could not be made: {e}"))
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).map_err(|e| fail(&e))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).map_err(|e| fail(&e))?;
        let name = file.name().map_err(|e| fail(&e))?.into_owned();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(|e| fail(&e))?;
        if name == "word/footnotes.xml" {
            let xml = String::from_utf8_lossy(&bytes).replace(
                &format!("<w:t xml:space=\"preserve\">{FOOTNOTE_REF}</w:t>"),
                "<w:footnoteRef />",
            );
            bytes = xml.into_bytes();
        }
        out.start_file(name, options).map_err(|e| fail(&e))?;
        out.write_all(&bytes).map_err(|e| fail(&e))?;
    }
    Ok(out.finish().map_err(|e| fail(&e))?.into_inner())
}

/// What saving the working document wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct WorkingSaved {
    pub path: String,
    /// The version it is (a new one when the draft had changed since the last).
    pub version: u32,
    /// How many A4 pages it fills printed for the hearing, against the Tribunal's 25.
    pub pages: u32,
}

/// The file a working document is saved as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum WorkingFormat {
    /// Word (.docx), for the council and the Tribunal to mark up in turn.
    Word,
    /// A PDF printed for the hearing, with places for both parties to sign every page.
    Pdf,
}

impl WorkingFormat {
    /// The format a file name asks for: .pdf is a PDF, anything else Word.
    pub fn for_path(path: &std::path::Path) -> WorkingFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("pdf") => WorkingFormat::Pdf,
            _ => WorkingFormat::Word,
        }
    }
}

impl crate::store::Store {
    /// Working document `id` sent: the draft saved as its next version when it has changed, and
    /// that version written to `path` (atomically) as Word or as a PDF for the hearing.
    pub fn save_working_document(
        &mut self,
        id: i64,
        path: &std::path::Path,
        format: WorkingFormat,
    ) -> Result<WorkingSaved> {
        let version = self.send_working_document(id)?;
        let view = self.working_document(id)?;
        let content = self.working_document_version(id, version)?;
        let footnotes = self.resolve_footnotes(view.case_id, &content)?;
        let saved_on = view
            .versions
            .iter()
            .find(|v| v.number == version)
            .and_then(|v| chrono::DateTime::parse_from_rfc3339(&v.saved_at).ok())
            .map_or_else(crate::today, |d| d.date_naive());
        let heading = self.working_heading(view.case_id, &view.plan, version, saved_on)?;
        let (bytes, pages) = match format {
            // The view counted the printed pages of the draft, which is this version.
            WorkingFormat::Word => (
                working_document_docx(&content, &heading, &footnotes)?,
                view.pages as usize,
            ),
            WorkingFormat::Pdf => {
                let pdf =
                    casefile_pdf::marked_pdf(&marked_document(&content, &heading, &footnotes))?;
                (pdf.bytes, pdf.pages)
            }
        };
        crate::folder::durable::write_atomically(path, &bytes)?;
        Ok(WorkingSaved {
            path: crate::outputs::files::shown(path),
            version,
            pages: u32::try_from(pages).unwrap_or(u32::MAX),
        })
    }
}
