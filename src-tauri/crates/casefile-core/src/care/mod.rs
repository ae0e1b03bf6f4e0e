//! Care of the data folder: backups, one-file exports, and the check that every document's file
//! is whole. A backup or an export never changes the live database; a restore is one rename.

pub mod backup;
pub mod check;
pub mod export;
