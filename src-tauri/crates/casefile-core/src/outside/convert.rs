//! Word files become bundle pages through LibreOffice, on this machine, when it is installed:
//! `soffice --headless --convert-to pdf` in a private folder with its own throwaway profile (so a
//! LibreOffice the family has open is not disturbed), stopped if it takes too long.

use std::path::{Path, PathBuf};
use std::time::Duration;

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
    std::fs::write(&input, bytes)
        .map_err(|e| failed(format!("the copy could not be written ({e})")))?;
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
