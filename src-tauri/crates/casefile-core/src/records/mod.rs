//! The family's records: one module per family of tables, each owning its types, its SQL and
//! its validation. Files reach the disk only through `folder::blobs`; deadlines are computed on
//! read, never stored.

pub mod bundles;
pub mod cases;
pub mod clocks;
pub mod correspondence;
pub mod documents;
pub mod parties;
pub mod provision;
pub(crate) mod text;
