//! One file per group of subcommands: each parses nothing itself (clap has), makes its core
//! call and shapes the text and JSON it prints.

pub(crate) mod backup;
pub(crate) mod bundle;
pub(crate) mod calendar;
pub(crate) mod case;
pub(crate) mod clock;
pub(crate) mod complaint;
pub(crate) mod documents;
pub(crate) mod log;
pub(crate) mod people;
pub(crate) mod plan;
pub(crate) mod privacy;
pub(crate) mod provision;
