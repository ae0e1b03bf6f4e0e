//! Files the family asks for, written where they chose (through the Save dialog or a path on
//! the command line), each atomically: a calendar of the deadlines, the provision table as a
//! spreadsheet or a PDF, a letter as text or as an A4 PDF. The shells only pass the path on.

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::folder::durable::write_atomically;
use crate::records::bundles::generated::shortfall_pdf;
use crate::store::Store;

/// What saving a file wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ExportResult {
    pub path: String,
    /// How many items it holds (events, lines, rows…).
    pub count: u32,
}

/// What saving a PDF wrote, and any characters the PDF font could not show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PdfExport {
    pub path: String,
    pub pages: u32,
    pub missing_characters: String,
}

pub(crate) fn shown(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

/// Saves text the person has written or edited (a letter).
pub fn save_text(path: &Path, text: &str) -> Result<ExportResult> {
    write_atomically(path, text.as_bytes())?;
    Ok(ExportResult {
        path: shown(path),
        count: text.lines().count() as u32,
    })
}

/// Saves text the person has written or edited as an A4 PDF headed `title`.
pub fn save_text_pdf(path: &Path, title: &str, text: &str) -> Result<PdfExport> {
    let pdf = casefile_pdf::text_document_pdf(title, None, text)?;
    write_atomically(path, &pdf.bytes)?;
    Ok(PdfExport {
        path: shown(path),
        pages: pdf.pages as u32,
        missing_characters: pdf.missing_characters.into_iter().collect(),
    })
}

impl Store {
    /// Saves the case's deadlines as a calendar file (one all-day event per dated deadline);
    /// `count` is how many events it holds.
    pub fn save_deadlines_ics(
        &self,
        case_id: i64,
        path: &Path,
        today: NaiveDate,
    ) -> Result<ExportResult> {
        let case = self.case(case_id)?;
        let deadlines = self.case_deadlines(case_id, today)?;
        let calendar =
            crate::outputs::ics::deadlines_calendar(&case, &deadlines, chrono::Utc::now());
        write_atomically(path, calendar.as_bytes())?;
        Ok(ExportResult {
            path: shown(path),
            count: deadlines
                .iter()
                .filter(|d| d.deadline.due.is_some())
                .count() as u32,
        })
    }

    /// Saves the provision shortfall table as a spreadsheet (CSV); `count` is its provisions.
    pub fn save_provision_csv(
        &self,
        case_id: i64,
        path: &Path,
        period: (Option<NaiveDate>, Option<NaiveDate>),
        today: NaiveDate,
    ) -> Result<ExportResult> {
        let report = self.provision_report(case_id, period.0, period.1, today)?;
        write_atomically(path, report.to_csv().as_bytes())?;
        Ok(ExportResult {
            path: shown(path),
            count: report.lines.len() as u32,
        })
    }

    /// Saves the provision shortfall table as an A4 PDF with its own page numbers.
    pub fn save_shortfall_pdf(
        &self,
        case_id: i64,
        path: &Path,
        period: (Option<NaiveDate>, Option<NaiveDate>),
        today: NaiveDate,
    ) -> Result<PdfExport> {
        let report = self.provision_report(case_id, period.0, period.1, today)?;
        let child = self.case(case_id)?.child_name;
        let pdf = shortfall_pdf(&report, &child)?;
        write_atomically(path, &pdf.bytes)?;
        Ok(PdfExport {
            path: shown(path),
            pages: pdf.pages as u32,
            missing_characters: pdf.missing_characters.into_iter().collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::store_with_case;

    #[test]
    fn a_letter_is_saved_as_text_and_as_a_pdf_a_judge_can_read() {
        let (dir, _store, _case) = store_with_case();
        let text = "Dear Sir or Madam,\n\nThe assessment is late.\n\nYours faithfully";
        let saved = save_text(&dir.path().join("letter.txt"), text).expect("text");
        assert_eq!(saved.count, 5);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("letter.txt")).expect("read"),
            text
        );
        let pdf =
            save_text_pdf(&dir.path().join("letter.pdf"), "Chasing letter", text).expect("pdf");
        assert_eq!(pdf.pages, 1);
        let bytes = std::fs::read(dir.path().join("letter.pdf")).expect("read");
        assert!(bytes.starts_with(b"%PDF-"));
    }

    #[test]
    fn saving_into_a_folder_that_is_not_there_is_a_clear_refusal() {
        let (dir, store, case) = store_with_case();
        let err = store
            .save_deadlines_ics(
                case,
                &dir.path().join("nowhere/deadlines.ics"),
                crate::today(),
            )
            .expect_err("no folder");
        assert!(
            err.to_string().contains("the folder does not exist"),
            "{err}"
        );
    }
}
