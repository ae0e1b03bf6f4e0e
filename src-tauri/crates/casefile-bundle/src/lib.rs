//! Casefile's PDF writing. Generated pages are laid out here with an embedded font of a free
//! licence (Atkinson Hyperlegible, designed for low-vision readers; OFL, see `fonts/OFL.txt`).
//! This crate returns bytes; the caller writes files (atomically).
//!
//! Today: plain-text documents such as chasing letters. Next (evidence bundles, DESIGN §6):
//! chronology and shortfall tables, merging and stamping source PDFs.

mod shortfall;
mod table_pdf;
mod text_pdf;

pub use shortfall::shortfall_pdf;
pub use table_pdf::{Table, table_pdf};
pub use text_pdf::{TextPdf, text_document_pdf};

/// What can go wrong while writing a PDF.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error(
        "Casefile's built-in font could not be read, so the PDF was not made. Please report this."
    )]
    Font,
}
