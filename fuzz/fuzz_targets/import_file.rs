//! Any bytes, under each name an importer is chosen by: import reads them or refuses them by
//! name; it never panics (panics abort in fuzz builds, so one is reported) and never hangs.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for name in ["letter.pdf", "photo.jpg", "scan.png", "report.docx", "note.txt", "mail.eml"] {
        let _ = casefile_core::read_document_bytes(data, name);
    }
});
