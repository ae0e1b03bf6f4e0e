//! Outside programs Casefile uses when they are installed (Tesseract, poppler, LibreOffice).
//! Every one runs through `tools::run_program`, with a time limit, in a private temporary folder.
//! `worker` runs Casefile's own program again as a contained reader of untrusted files.

pub mod convert;
pub mod ocr;
pub mod tools;
pub mod viewer;
pub mod worker;
