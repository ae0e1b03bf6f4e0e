//! Outside programs Casefile uses when they are installed (Tesseract, poppler, LibreOffice).
//! Every one runs through `tools::run_program`, with a time limit, in a private temporary folder.

pub mod convert;
pub mod ocr;
pub mod tools;
pub mod viewer;
