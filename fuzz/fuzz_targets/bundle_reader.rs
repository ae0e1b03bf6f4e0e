//! The bundle reader: any bytes as a source PDF or picture go through loading, page placement
//! and merging, or are named as unusable; never a panic or a hang.
#![no_main]
use casefile_pdf::{BundleSpec, ItemKind, ItemSpec, SectionSpec, Source, build_bundle};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // By the file's own signature first (so a seed PDF is read as a PDF), then by its first byte.
    let source = match data {
        [b'%', b'P', b'D', b'F', ..] => Source::Pdf(data.to_vec()),
        [0xff, 0xd8, ..] => Source::Jpeg(data.to_vec()),
        [0x89, b'P', b'N', b'G', ..] => Source::Png(data.to_vec()),
        [b, ..] if b % 3 == 1 => Source::Jpeg(data.to_vec()),
        [b, ..] if b % 3 == 2 => Source::Png(data.to_vec()),
        _ => Source::Pdf(data.to_vec()),
    };
    let spec = BundleSpec {
        title: "Fuzz".into(),
        cover_facts: vec![],
        build_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default(),
        version: 1,
        total_limit: None,
        sections: vec![SectionSpec {
            letter: "A".into(),
            title: "Source".into(),
            page_limit: None,
            counts_as_evidence: true,
            items: vec![ItemSpec {
                key: "doc:1".into(),
                title: "Source".into(),
                date: None,
                author: None,
                kind: ItemKind::Other,
                source,
                sha256: None,
            }],
        }],
    };
    let _ = build_bundle(&spec, None, &mut |_| true);
});
