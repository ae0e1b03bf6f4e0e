//! Protection: encryption at rest (unlocking, protecting a plain folder in place, changing the
//! passphrase) and hand-over files. The data key never leaves memory, and nothing of a protected
//! case file is written in plain form.

pub mod handover;
pub mod vault;
