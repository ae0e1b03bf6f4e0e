//! Casefile's PDF writing. Generated pages are laid out here with an embedded font of a free
//! licence (Atkinson Hyperlegible, designed for low-vision readers; OFL, see `fonts/OFL.txt`).
//! This crate returns bytes; the caller writes files (atomically).
//!
//! Generated documents (letters, tables such as the shortfall report and the chronology) and
//! evidence bundles (DESIGN §6): source PDFs and pictures merged with lopdf behind a cover and a
//! linked index, every page stamped, bookmarked, byte-identical for the same inputs.

mod bundle;
mod convert;
pub mod demo;
mod front;
mod image_page;
mod labels;
mod merge;
mod plan;
mod shortfall;
mod table_pdf;
mod text_pdf;

pub use bundle::{
    BuildError, BuiltBundle, BundleSpec, EMAIL_LIMIT_BYTES, ItemKind, ItemSpec, MAX_PAGES,
    MAX_SOURCE_BYTES, MapEntry, Progress, SectionSpec, Source, build_bundle,
};
pub use plan::{
    BuildReport, ItemPages, PlanError, PlanOverview, SectionPages, build_to_file, changes,
    plan_for, plan_overview, spec_for,
};
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
