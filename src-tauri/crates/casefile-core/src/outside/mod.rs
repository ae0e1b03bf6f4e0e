//! What Casefile does outside its own process: `worker` runs Casefile's own program again as a
//! contained reader of untrusted files, with a memory cap and a time limit; `ocr` reads scans
//! and draws pages for the viewer in it; `viewer` writes private copies for the system's viewer;
//! `convert` runs LibreOffice, the one outside program (for Word files), through
//! `tools::run_program`, with a time limit, in a private temporary folder.

pub mod convert;
pub mod ocr;
pub mod tools;
pub mod viewer;
pub mod worker;
