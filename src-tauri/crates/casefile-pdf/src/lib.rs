//! Casefile's PDF engine: a spec in, bytes out. It knows nothing of the case file, touches no
//! files and runs no programs (ARCHITECTURE.md, "casefile-pdf").
//!
//! Generated pages (letters, tables such as the shortfall report and the chronology) are laid
//! out with embedded fonts of free licences: Atkinson Hyperlegible (designed for low-vision
//! readers; OFL, see `fonts/OFL.txt`), and for the scripts it lacks a fallback chain of Noto
//! fonts (OFL, `fonts/NOTO-OFL.txt`) and Droid Sans Fallback (Apache-2.0), shaped by HarfRust
//! (`typeset.rs`). Evidence bundles: source PDFs and pictures merged with
//! lopdf behind a cover and a linked index, every page stamped, bookmarked, byte-identical for
//! the same inputs; every source checked before anything is made.

mod bundle;
mod front;
mod image_page;
pub mod images;
mod inspect;
mod labels;
mod marked_pdf;
mod merge;
pub mod reader;
pub mod redact;
mod split;
mod table_pdf;
mod text_layer;
mod text_pdf;
mod typeset;

pub use bundle::{
    BuildError, BuiltBundle, BundleSpec, EMAIL_LIMIT_BYTES, ItemKind, ItemSpec, LimitFinding,
    LimitKind, MAX_PAGES, MAX_SOURCE_BYTES, MapEntry, Progress, SectionSpec, Source, build_bundle,
    day, limit_findings, page_count, warnings,
};
pub use inspect::{PageFacts, inspect_pdf, page_words};
pub use marked_pdf::{Block, Look, MarkedDocument, Span, marked_page_count, marked_pdf};
pub use split::split_pages;
pub use table_pdf::{Bars, Table, table_pages, table_pdf};
pub use text_layer::{photo_with_text_layer, with_text_layer};
pub use text_pdf::{TextPdf, text_document_pdf, text_pages};

/// What can go wrong while writing a PDF.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error(
        "Casefile's built-in font could not be read, so the PDF was not made. Please report this."
    )]
    Font,
}
