//! Casefile's core: the store and the domain records, with no window and no Tauri.
//!
//! The desktop app (`casefile-app`) and the command line (`casefile`) are two thin shells over
//! this crate. It is built in floors, each using only those below it (ARCHITECTURE.md):
//!
//! - `folder`: the data folder's layout, opening and keying the database, document files,
//!   durable writes (and the key file's cryptography);
//! - `store` and `audit`: one open folder, its transactions and their audit rows;
//! - `records`: cases, people, correspondence, clocks, provision, documents, bundle plans;
//! - `protection`, `care`, `outside`, `outputs`, `demo`: encryption and hand-over, backups
//!   and checks, outside programs, files made for the family, the demo case.
//!
//! Every write is one SQLite transaction with its audit entry.

mod audit;
pub mod care;
pub mod demo;
mod error;
pub mod folder;

pub mod outputs;
pub mod outside;
pub mod protection;
pub mod records;
mod store;

pub use audit::AuditEntry;
/// The PDF engine, re-exported so the shells need only the core.
pub use casefile_pdf as pdf;
/// The rules crate, re-exported so the shells need only the core.
pub use casefile_rules as rules;
/// The provision ledger's arithmetic lives with the other pure rules.
pub use casefile_rules::ledger;
pub use error::{CoreError, Result};
pub use outputs::files::{ExportResult, PdfExport, save_text, save_text_pdf};
pub use outside::viewer::clear_copies as clear_viewer_copies;
pub use outside::worker::enable as enable_contained_readers;

/// If this process was started as a contained reader (`outside::worker`), does its one task and
/// returns the exit code; otherwise `None`. Every binary calls this first thing in `main`, then
/// [`enable_contained_readers`].
pub fn serve_contained_reader_if_asked() -> Option<i32> {
    outside::worker::serve_if_asked(&[
        (
            records::documents::read::READ_PDF,
            records::documents::read::serve_read_pdf,
        ),
        (outside::ocr::OCR, outside::ocr::serve_ocr),
        (outside::ocr::RENDER_PAGE, outside::ocr::serve_render),
        (
            records::bundles::council::READ_PAGES,
            records::bundles::council::serve_read_pages,
        ),
        (
            records::bundles::council::COPY_PAGES,
            records::bundles::council::serve_copy_pages,
        ),
        (
            records::redactions::REDACT,
            records::redactions::serve_redact,
        ),
        (records::redactions::FIND, records::redactions::serve_find),
    ])
}
pub use records::Record;
pub use store::Store;

// The ground floor, as the shells see it.
pub use folder::db::SCHEMA_VERSION;
pub use folder::durable::write_atomically;
pub use folder::keys::{self, DEFAULT_KDF, RecoveryKey};
pub use folder::{
    APPLICATION_ID, DATABASE_FILE, FolderState, HOME_ENV, KEY_FILE, folder_state, read_key_file,
    resolve_home,
};

// Records.
pub use casefile_pdf::redact::Area as RedactArea;
pub use casefile_plan as plan;
pub use outputs::complaint_letters::{
    ComplaintStage, PackPages, complaint_letter, foi_request, letter_docx, save_letter, thousands,
};
pub use outputs::working_docx::{WorkingFormat, WorkingSaved};
pub use records::bundles::{
    AppealType, AuditJob, AuditProgress, AuditStatus, AuditedDocument, BuildReport, BuiltFile,
    Bundle, BundleAudit, BundleCheck, BundleItem, BundleJob, BundleKind, BundleSection,
    BundleVersion, BundleVersions, CheckJob, CouncilBundle, EvidenceKind, Finding, FindingKind,
    ItemPages, ItemSource, MAX_EMAIL_MB, MIN_EMAIL_MB, MovedPages, PackJob, PackPart, PlanOverview,
    SectionPages, SectionPart, SubmissionPack, UnmatchedPages, appeal_types, audit_letter,
    compare_bundle_versions, council_pages_copy, generated::shortfall_pdf, read_council_bundle,
};
pub use records::cases::{
    Case, CaseDetails, CaseFilter, EhcpStatus, MAX_NAME_CHARS, MAX_REFERENCE_CHARS, today,
};
pub use records::clocks::{
    CaseDeadline, Clock, ClockEvent, ClockException, ClockStart, ExceptionInput, OutcomeKind,
    TodayItem,
};
pub use records::complaints::{
    Breach, Chase, ComplaintCase, CouncilProcedure, Route, ShortfallTerm, TimeLimit,
    remedy::{Precedent, Remedy, RemedyBand, RemedyHead},
};
pub use records::correspondence::{
    Channel, Direction, Entry, EntryDetails, FollowUp, LinkedDocument, MAX_NOTE_CHARS, NoteVersion,
};
pub use records::documents::{
    DOCX_MEDIA_TYPE, Document, DocumentChanges, DocumentDetails, DocumentKind, ImportOptions,
    ImportOutcome, ImportResult, MAX_IMPORT_BYTES, PreparedFile, ReadSummary, SearchFilter,
    SearchHit, TimelineItem, prepare_bytes, prepare_import, read_document_bytes,
};
pub use records::parties::{Party, PartyDetails, PartyKind};
pub use records::patterns::{
    CouncilPattern, FEWEST_FAMILIES, KindPattern, PatternReport, StepPattern, pattern_csv,
    pattern_pdf,
};
pub use records::plans::{PlanComparison, PlanLedgerItem, PlanLines, PlanReading, SectionStart};
pub use records::provision::{
    PeriodTally, Provision, ProvisionDetails, ProvisionLine, ProvisionReport, Section,
    SessionDetails, SessionRecord, VagueWording, vague_wording,
};
pub use records::redactions::{
    FoundToRedact, Occurrence, REDACTION_REASONS, RedactRequest, Redaction, name_variants,
};
pub use records::working::{
    CouncilReply, ResolvedFootnote, TakenReply, WORKING_DOCUMENT_PAGE_LIMIT, WorkingDocumentView,
    WorkingProposal, WorkingVersion,
};

// Protection and care.
pub use care::backup::{BackupInfo, KEEP_BACKUPS, restore_backup_in, restore_missing_database};
pub use care::check::CheckReport;
pub use care::export::{ExportReport, export_is_protected, restore_export, verify_export};
pub use protection::handover::HandoverReport;
pub use protection::vault::unlock_key;
#[cfg(test)]
mod testing;
