//! The PDF engine (MuPDF through `casefile_pdf::reader`, and the redaction search on top of it):
//! any bytes are opened, their first pages read as text and word boxes, drawn small, written
//! again as a readable copy and searched for a name, or refused with a `ReadError`; never a
//! panic, a hang or a crash inside the engine.
#![no_main]
use casefile_pdf::reader;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(opened) = reader::open(data, Some("secret")) else {
        return;
    };
    for number in 1..=opened.page_count().min(3) {
        let _ = opened.page_size(number);
        let _ = opened.page_text(number);
        let _ = opened.page_words(number);
        // A small drawing: the engine's work per page, without the fuzzer's memory cap in play.
        let _ = opened.render_png(number, 12);
    }
    let _ = opened.bookmarks();
    let _ = opened.creation_date();
    let _ = opened.readable_copy();
    let _ = reader::repaired_copy(data);
    let _ = casefile_pdf::redact::find(data, &["Jane Smith".to_owned()]);
});
