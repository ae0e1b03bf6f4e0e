//! The demo case's documents: fictional letters, reports, an email and a photo of a therapy log,
//! made as real files and imported like a family's own, plus a hearing bundle plan with them in
//! their sections, so a newcomer can build a realistic bundle at once.

use casefile_pdf::text_pages;
use chrono::{Days, Months, NaiveDate};

use crate::error::{CoreError, Result};
use crate::store::Store;
use crate::{BundleKind, DocumentKind, EvidenceKind, ImportOutcome, ItemSource};

struct DemoDoc {
    file: &'static str,
    title: &'static str,
    doc_kind: DocumentKind,
    author: &'static str,
    /// Months before today.
    months_ago: u32,
    section: &'static str,
    kind: EvidenceKind,
    body: Body,
}

enum Body {
    Pdf(&'static str),
    Text(&'static str),
    Picture,
}

const EHCP: &str = "EDUCATION, HEALTH AND CARE PLAN (FICTIONAL DEMO)\n\nName: Robin Example\n\nSection B: Special educational needs\n\n1. Robin has a severe speech sound disorder and difficulties with expressive language. Robin finds it hard to be understood by adults and peers who do not know Robin well.\n\n2. Robin has difficulties with fine motor skills and handwriting, and tires quickly when writing.\n\n3. Robin becomes anxious when routines change and needs adult support at transitions.\n\nSection F: Special educational provision\n\n1. Robin will receive direct speech and language therapy from a qualified speech and language therapist for 45 minutes each week during term time, with a programme carried out daily by a trained teaching assistant.\n\n2. Robin will receive direct occupational therapy for 45 minutes each week during term time, reviewed each term by the occupational therapist.\n\n3. Robin will have a visual timetable and a named adult to prepare Robin for changes to routine.\n\nThis plan is fictional and was made by Casefile to show how a bundle looks.";

const EP: &str = "EDUCATIONAL PSYCHOLOGY ADVICE (FICTIONAL DEMO)\n\nPrepared for Northshire County Council (fictional)\n\n1. Background\n\n1.1 Robin is in Year 4 at Willowbrook Primary School (fictional). I observed Robin in class and at play, met Robin's parents and teacher, and carried out standardised assessments.\n\n2. Findings\n\n2.1 Robin's verbal reasoning is in the low average range; non-verbal reasoning is average. The gap reflects Robin's language difficulties rather than lower ability.\n\n2.2 Robin's working memory for spoken information is well below average. Robin loses track of instructions longer than two steps.\n\n2.3 In class Robin often waits for a peer to show what to do. Robin was reluctant to speak in a group and relied on gesture.\n\n3. Recommendations\n\n3.1 Robin needs direct, regular speech and language therapy, specified and quantified, delivered by a qualified therapist.\n\n3.2 Instructions should be broken down and supported with visuals.\n\n3.3 Robin would benefit from a small-group setting for literacy and numeracy.\n\n4. Summary\n\n4.1 Robin's needs are significant and long-standing. Without specified therapy, Robin's progress in language and in learning is likely to remain limited.\n\n(Fictional report made by Casefile for the demo case.)\n";

const SALT: &str = "SPEECH AND LANGUAGE THERAPY REPORT (FICTIONAL DEMO)\n\nNorthshire Community Speech and Language Therapy (fictional)\n\n1. Robin was assessed in clinic. Speech sound errors affect most consonant clusters and several single sounds.\n\n2. Robin's expressive language is below age expectations; understanding is a relative strength.\n\n3. Recommendation: weekly direct therapy in school, 45 minutes, with a daily programme by a trained assistant.\n\n(Fictional report made by Casefile for the demo case. It is deliberately more than three years old so the bundle shows its warning.)";

const AGREEMENT: &str = "Northshire County Council (fictional) - SEND Team\n\nDear Parent,\n\nRequest for an Education, Health and Care needs assessment: Robin Example\n\nThank you for your request. The council has decided to carry out an EHC needs assessment. We will ask for advice from Robin's school, an educational psychologist, health services and social care.\n\nYou may send us any information you would like us to consider.\n\nYours sincerely,\n\nSEND Casework Officer (fictional)";

const SENCO_EMAIL: &str = "From: SENCo, Willowbrook Primary School (fictional)\nTo: Robin's parents\nSubject: Speech and language therapy this term\n\nDear both,\n\nI am sorry to confirm that Robin has not had speech and language therapy since half term. The therapist's post is vacant and the service has not been able to give us a date for a replacement.\n\nOur teaching assistant is continuing the daily programme as best she can.\n\nKind regards,\n\nSENCo (fictional)";

const STATEMENT: &str = "WITNESS STATEMENT OF ROBIN'S PARENT (FICTIONAL DEMO)\n\n1. I am Robin's parent. I make this statement in support of the appeal.\n\n2. Robin's EHC plan says Robin should have 45 minutes of speech and language therapy every week in term time. In the autumn term Robin had therapy on only a few weeks.\n\n3. I kept a log of every session and asked the school after each missed week. I wrote to the council on several occasions; the correspondence is in this bundle.\n\n4. Robin has become more withdrawn at school and reluctant to speak in class.\n\n5. I believe the facts in this statement are true.\n\n(Fictional statement made by Casefile for the demo case.)";

const DOCS: [DemoDoc; 7] = [
    DemoDoc {
        file: "Agreement to assess.pdf",
        title: "Letter: the council agrees to assess",
        doc_kind: DocumentKind::DecisionLetter,
        author: "Northshire County Council SEND Team (fictional)",
        months_ago: 13,
        section: "A",
        kind: EvidenceKind::Other,
        body: Body::Pdf(AGREEMENT),
    },
    DemoDoc {
        file: "EHC plan.pdf",
        title: "Final EHC plan (Sections B and F)",
        doc_kind: DocumentKind::EhcpFinal,
        author: "Northshire County Council SEND Team (fictional)",
        months_ago: 7,
        section: "B",
        kind: EvidenceKind::Other,
        body: Body::Pdf(EHCP),
    },
    DemoDoc {
        file: "EP advice.pdf",
        title: "Educational psychology advice",
        doc_kind: DocumentKind::ReportEducationalPsychology,
        author: "Northshire Educational Psychology Service (fictional)",
        months_ago: 10,
        section: "D",
        kind: EvidenceKind::ExpertReport,
        body: Body::Pdf(EP),
    },
    DemoDoc {
        file: "SaLT report.pdf",
        title: "Speech and language therapy report",
        doc_kind: DocumentKind::ReportSpeechLanguage,
        author: "Northshire Community SaLT (fictional)",
        months_ago: 50,
        section: "D",
        kind: EvidenceKind::ExpertReport,
        body: Body::Pdf(SALT),
    },
    DemoDoc {
        file: "Email from the SENCo.txt",
        title: "Email from the SENCo: no therapy since half term",
        doc_kind: DocumentKind::Email,
        author: "Willowbrook Primary School (fictional)",
        months_ago: 1,
        section: "D",
        kind: EvidenceKind::Other,
        body: Body::Text(SENCO_EMAIL),
    },
    DemoDoc {
        file: "Therapy log photo.png",
        title: "Photo of the home therapy log",
        doc_kind: DocumentKind::Other,
        author: "Robin's parents",
        months_ago: 1,
        section: "D",
        kind: EvidenceKind::Other,
        body: Body::Picture,
    },
    DemoDoc {
        file: "Parent statement.pdf",
        title: "Witness statement of Robin's parent",
        doc_kind: DocumentKind::Other,
        author: "Robin's parents",
        months_ago: 0,
        section: "D",
        kind: EvidenceKind::WitnessStatement,
        body: Body::Pdf(STATEMENT),
    },
];

/// A small picture standing in for a phone photo of a paper log: ruled lines with ticks and gaps.
fn picture() -> Vec<u8> {
    let (w, h) = (480u32, 360u32);
    let mut pixels = Vec::with_capacity((w * h * 3) as usize);
    for y in 0..h {
        for x in 0..w {
            let ruled = y % 30 == 0;
            let margin = x == 60;
            let tick = (y / 30) % 3 != 1
                && (100..140).contains(&x)
                && (y % 30) > 8
                && (y % 30) < 22
                && ((x - 100) as i64 - (y % 30) as i64 * 2).abs() < 3;
            let rgb = if tick {
                [20, 40, 140]
            } else if margin {
                [200, 60, 60]
            } else if ruled {
                [150, 180, 210]
            } else {
                [250, 247, 235]
            };
            pixels.extend_from_slice(&rgb);
        }
    }
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    if let Ok(mut writer) = encoder.write_header() {
        let _ = writer.write_image_data(&pixels);
    }
    bytes
}

/// Adds the demo documents to `case_id` with their dates, and a hearing bundle plan placing
/// them in sections A, B and D.
pub fn add_demo_documents(store: &mut Store, case_id: i64, today: NaiveDate) -> Result<()> {
    let mut placed = Vec::new();
    for doc in &DOCS {
        let bytes = match doc.body {
            Body::Pdf(text) => text_pages(doc.title, None, text, true)?.bytes,
            Body::Text(text) => text.as_bytes().to_vec(),
            Body::Picture => picture(),
        };
        // Imported from memory, as a family's file would be from disk.
        let prepared = crate::prepare_bytes(doc.file, bytes, &Default::default());
        let document = match store.store_prepared(case_id, prepared)? {
            ImportOutcome::Imported { document, .. } | ImportOutcome::AlreadyThere { document } => {
                document
            }
            ImportOutcome::Refused { message } | ImportOutcome::NeedsPassword { message } => {
                return Err(CoreError::Invalid {
                    field: "file",
                    message,
                });
            }
        };
        let date = today
            .checked_sub_months(Months::new(doc.months_ago))
            .and_then(|d| d.checked_sub_days(Days::new(u64::from(doc.months_ago % 5) * 3)));
        store.update_document(
            document.id,
            &crate::DocumentDetails {
                title: doc.title.to_owned(),
                document_date: date.map(|d| d.to_string()),
                kind: Some(doc.doc_kind),
                author: Some(doc.author.to_owned()),
                tags: Vec::new(),
            },
        )?;
        placed.push((document.id, doc.section, doc.kind));
    }

    // Calls, emails and a meeting, logged as a family would log them.
    let day = |months: u32, days: u64| {
        today
            .checked_sub_months(Months::new(months))
            .and_then(|d| d.checked_sub_days(Days::new(days)))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    let entries = [
        (
            day(2, 3),
            Some("09:40"),
            "out",
            "phone",
            "Willowbrook Primary School (fictional)",
            "Speech therapy sessions",
            "Rang the SENCo. She confirmed Robin has had no speech and language therapy since half term: the therapist's post is vacant and no cover has been arranged.",
        ),
        (
            day(1, 20),
            None,
            "out",
            "email",
            "Northshire County Council SEND Team (fictional)",
            "Section F therapy not delivered",
            "Emailed the caseworker: Section F says 45 minutes of speech and language therapy weekly; none since half term. Asked what the council will do to secure it and by when.",
        ),
        (
            day(1, 2),
            Some("15:30"),
            "in",
            "meeting",
            "Willowbrook Primary School (fictional)",
            "Annual review meeting",
            "Annual review at school. The council did not attend. School agreed Robin's speech has regressed and that the missed sessions should be made up.",
        ),
    ];
    // The call about missed therapy is about the SENCo's email.
    let senco_email: Vec<i64> = placed.get(4).map(|p| p.0).into_iter().collect();
    for (n, (date, time, direction, channel, party, subject, note)) in
        entries.into_iter().enumerate()
    {
        store.add_entry(
            case_id,
            &crate::EntryDetails {
                occurred_on: date,
                occurred_time: time.map(str::to_owned),
                direction: direction.into(),
                channel: channel.into(),
                party: Some(party.into()),
                subject: Some(subject.into()),
                note: note.into(),
                follow_up_by: None,
                documents: if n == 0 {
                    senco_email.clone()
                } else {
                    Vec::new()
                },
            },
            today,
        )?;
    }

    // A hearing bundle with each document in its section, in date order.
    let bundle =
        store.create_bundle(case_id, BundleKind::Hearing, Some("Hearing bundle (demo)"))?;
    for section in &bundle.sections {
        for item in &section.items {
            if item.source == ItemSource::Document {
                store.remove_bundle_item(item.id)?;
            }
        }
    }
    for (document_id, section, kind) in placed {
        let updated =
            store.add_bundle_item(bundle.id, section, ItemSource::Document, Some(document_id))?;
        if kind != EvidenceKind::Other
            && let Some(item) = updated
                .sections
                .iter()
                .flat_map(|s| &s.items)
                .find(|i| i.document_id == Some(document_id))
        {
            store.set_bundle_item_kind(item.id, kind)?;
        }
    }
    Ok(())
}

/// The demo case with its documents and bundle plan (`casefile demo`); an existing
/// demo case is returned unchanged.
pub fn create_demo(store: &mut Store) -> Result<super::DemoOutcome> {
    let outcome = super::create_demo_case(store)?;
    if outcome.created {
        add_demo_documents(store, outcome.case.id, crate::today())?;
    }
    Ok(outcome)
}
