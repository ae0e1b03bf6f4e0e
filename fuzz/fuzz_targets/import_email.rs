//! Emails: headers, MIME structure, charsets and attachments from any bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = casefile_core::read_document_bytes(data, "message.eml");
});
