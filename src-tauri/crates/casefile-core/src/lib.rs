//! Casefile's core: the store and the domain records, with no window and no Tauri.
//!
//! The desktop app (`casefile-app`) and the command line (`casefile`) are two thin shells over this
//! crate (DESIGN §3). Every write is one SQLite transaction with its audit entry.

mod audit;
pub mod backup;
mod bundles;
mod cases;
pub mod check;
mod clocks;
mod correspondence;
pub mod demo;
mod documents;
mod docx;
mod email;
mod error;
pub mod files;
pub mod handover;
pub mod ics;
pub mod images;
pub mod keys;
pub mod ledger;
pub mod letters;
pub mod ocr;
mod parties;
mod provision;
pub mod reminders;
mod store;
mod text;
pub mod tools;
pub mod vault;

pub use audit::AuditEntry;
pub use bundles::{
    AppealType, Bundle, BundleItem, BundleKind, BundleSection, BundleVersion, EvidenceKind,
    ItemSource, appeal_types,
};
/// The rules crate, re-exported so the shells need only the core.
pub use casefile_rules as rules;
pub use cases::{
    Case, CaseDetails, CaseFilter, EhcpStatus, MAX_NAME_CHARS, MAX_REFERENCE_CHARS, today,
};
pub use clocks::{
    CaseDeadline, Clock, ClockEvent, ClockException, ClockStart, OutcomeKind, TodayItem,
};
pub use correspondence::{
    Channel, Direction, Entry, EntryDetails, FollowUp, LinkedDocument, MAX_NOTE_CHARS, NoteVersion,
};
pub use documents::{
    DOCX_MEDIA_TYPE, Document, DocumentDetails, DocumentKind, ImportOutcome, ImportResult,
    MAX_IMPORT_BYTES, ReadSummary, SearchFilter, SearchHit, TimelineItem, read_document_bytes,
};
pub use error::{CoreError, Result};
pub use parties::{Party, PartyDetails, PartyKind};
pub use provision::{
    PeriodTally, Provision, ProvisionDetails, ProvisionLine, ProvisionReport, Section,
    SessionDetails, SessionRecord, VagueWording, vague_wording,
};
pub use store::{APPLICATION_ID, DATABASE_FILE, HOME_ENV, SCHEMA_VERSION, Store, resolve_home};
