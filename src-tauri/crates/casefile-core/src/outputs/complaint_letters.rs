//! Complaint letters composed from the case's own records: stage 1 and stage 2 to the council,
//! and the complaint to the Ombudsman. Each sets out the deadlines missed (with the rule and how
//! late), the provision not delivered term by term, the chasing already done, what the family
//! asks for (with the remedy the Ombudsman's decisions suggest), and the evidence with page
//! references into the complaint pack. The family edits the text before saving it; a saved
//! letter is recorded in the correspondence log.

use casefile_rules::WorkingDays;
use chrono::NaiveDate;
use docx_rs::{Docx, Paragraph, Run, RunFonts};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{CoreError, Result};
use crate::outputs::letters::{Letter, date_of_birth_words, long, safe_file_stem};
use crate::records::bundles::BundleKind;
use crate::records::cases::Case;
use crate::records::complaints::ComplaintCase;
use crate::records::correspondence::{Entry, EntryDetails};
use crate::store::Store;

/// Which complaint letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum ComplaintStage {
    /// To the council, under its complaints procedure.
    #[serde(rename = "stage-1")]
    Stage1,
    /// To the council, asking for the complaint to go to stage 2.
    #[serde(rename = "stage-2")]
    Stage2,
    /// To the Local Government and Social Care Ombudsman.
    Ombudsman,
}

impl ComplaintStage {
    pub fn parse(text: &str) -> Result<ComplaintStage> {
        match text.trim().to_lowercase().as_str() {
            "1" | "stage-1" | "stage1" => Ok(ComplaintStage::Stage1),
            "2" | "stage-2" | "stage2" => Ok(ComplaintStage::Stage2),
            "ombudsman" | "lgsco" => Ok(ComplaintStage::Ombudsman),
            other => Err(CoreError::invalid(
                "stage",
                format!(
                    "“{other}” is not a complaint letter. Choose 1 (stage 1), 2 (stage 2) or ombudsman."
                ),
            )),
        }
    }

    fn words(self) -> &'static str {
        match self {
            ComplaintStage::Stage1 => "Complaint (stage 1)",
            ComplaintStage::Stage2 => "Complaint (stage 2)",
            ComplaintStage::Ombudsman => "Complaint to the Ombudsman",
        }
    }
}

/// Where one item of the complaint pack is, by its page labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PackPages {
    pub title: String,
    /// "A1–A3", or "C4" for one page.
    pub pages: String,
}

fn minutes_words(minutes: u32) -> String {
    let hours = minutes as f32 / 60.0;
    if minutes.is_multiple_of(60) {
        format!("{} h", minutes / 60)
    } else {
        format!("{hours:.1} h")
    }
}

/// The letter's text for `stage`, from `facts`, citing `pack` pages where a pack was built.
pub fn complaint_letter(
    facts: &ComplaintCase,
    case: &Case,
    stage: ComplaintStage,
    pack: &[PackPages],
    today: NaiveDate,
) -> Letter {
    let child = &facts.child_name;
    let mut out = String::new();
    let push = |out: &mut String, line: &str| {
        out.push_str(line);
        out.push('\n');
    };
    push(&mut out, "[Your name]");
    push(&mut out, "[Your address]");
    push(&mut out, "");
    match stage {
        ComplaintStage::Ombudsman => push(&mut out, "Local Government and Social Care Ombudsman"),
        _ => {
            push(&mut out, &facts.council);
            push(&mut out, "Complaints team");
        }
    }
    push(&mut out, "");
    push(&mut out, &long(today));
    push(&mut out, "");
    let subject = match stage {
        ComplaintStage::Ombudsman => format!(
            "Complaint about {} and {child}'s special educational provision{}",
            facts.council,
            date_of_birth_words(case)
        ),
        _ => format!(
            "{}: {child}'s special educational provision{}",
            stage.words(),
            date_of_birth_words(case)
        ),
    };
    push(&mut out, &format!("Re: {subject}"));
    push(&mut out, "");
    push(
        &mut out,
        match stage {
            ComplaintStage::Ombudsman => "Dear Ombudsman,",
            _ => "Dear Complaints Team,",
        },
    );
    push(&mut out, "");
    let procedure = &facts.council_procedure;
    match stage {
        ComplaintStage::Stage1 => push(
            &mut out,
            &format!(
                "I am making a formal complaint under the council's complaints procedure about how the council has met its duties to {child}, who has an education, health and care plan."
            ),
        ),
        ComplaintStage::Stage2 => push(
            &mut out,
            &format!(
                "I complained to the council{} about how it has met its duties to {child}. The council's answer has not put things right, so I ask for my complaint to be considered at stage 2 of the council's procedure.",
                procedure
                    .complained_on
                    .map(|d| format!(" on {}", long(d)))
                    .unwrap_or_default()
            ),
        ),
        ComplaintStage::Ombudsman => {
            push(
                &mut out,
                &format!(
                    "I complain about {} and how it has met its duties to {child}, who has an education, health and care plan.",
                    facts.council
                ),
            );
            push(&mut out, "");
            push(
                &mut out,
                &format!("The council's own complaints procedure: {}", procedure.said),
            );
            push(&mut out, "");
            push(
                &mut out,
                "This complaint is not about anything I can appeal to the SEND Tribunal. It is about the council's failure to secure the provision in the plan and to meet its statutory deadlines, which the Ombudsman can look at (Local Government Act 1974 s.26).",
            );
            let late: Vec<&crate::records::complaints::TimeLimit> =
                facts.time_limits.iter().filter(|t| t.out_of_time).collect();
            if late.is_empty() {
                if let Some(by) = facts.ombudsman_by {
                    push(&mut out, "");
                    push(
                        &mut out,
                        &format!(
                            "I am complaining within 12 months of first knowing of each matter (Local Government Act 1974 s.26B); the earliest of them is in time until {}.",
                            long(by)
                        ),
                    );
                }
            } else {
                push(&mut out, "");
                push(
                    &mut out,
                    "Some of what I set out began more than 12 months ago. The failure to provide continues, and I could not complain sooner while I was using the council's procedure, so I ask the Ombudsman to look at all of it (Local Government Act 1974 s.26B(3)).",
                );
            }
        }
    }
    push(&mut out, "");
    push(&mut out, "What went wrong");
    push(&mut out, "");
    let mut n = 0;
    if !facts.breaches.is_empty() {
        n += 1;
        push(
            &mut out,
            &format!("{n}. Statutory deadlines the council missed"),
        );
        for b in &facts.breaches {
            let when = match b.done {
                Some(done) => format!("done on {}, {} days late", long(done), b.days_late),
                None => format!(
                    "still not done on {}, {} days late",
                    long(facts.on),
                    b.days_late
                ),
            };
            push(
                &mut out,
                &format!(
                    "- {}: {}. It was due by {}; {}. The rule: {} ({}).",
                    b.process,
                    b.step.trim_end_matches('.'),
                    long(b.due),
                    when,
                    lower_first(b.rule.trim_end_matches('.')),
                    b.source
                ),
            );
        }
        push(&mut out, "");
    }
    if !facts.shortfall.is_empty() {
        n += 1;
        push(
            &mut out,
            &format!("{n}. Provision in {child}'s plan that was not delivered"),
        );
        push(
            &mut out,
            "The council must secure the special educational provision in the plan (Children and Families Act 2014 s.42(2)). This duty is the council's own: it cannot be handed to a school or a therapy service.",
        );
        for s in &facts.shortfall {
            let unrecorded = s
                .expected_minutes
                .saturating_sub(s.delivered_minutes + s.shortfall_minutes);
            push(
                &mut out,
                &format!(
                    "- {} ({} to {}): {}: {} owed, {} delivered, {} not delivered ({} session{} missed or cancelled by the provider or school){}.",
                    s.term,
                    long(s.from),
                    long(s.to),
                    s.provisions.join(", "),
                    minutes_words(s.expected_minutes),
                    minutes_words(s.delivered_minutes),
                    minutes_words(s.shortfall_minutes),
                    s.missed_sessions,
                    if s.missed_sessions == 1 { "" } else { "s" },
                    if unrecorded > 0 {
                        format!(
                            "; {} not recorded either way yet",
                            minutes_words(unrecorded)
                        )
                    } else {
                        String::new()
                    }
                ),
            );
        }
        push(
            &mut out,
            &format!(
                "In all, {:.1} hours of provision were not delivered over {} term{}.",
                facts.missed_hours,
                facts.shortfall.len(),
                if facts.shortfall.len() == 1 { "" } else { "s" }
            ),
        );
        push(&mut out, "");
    }
    if !facts.chasing.is_empty() {
        push(&mut out, "What I have already done to put it right");
        push(&mut out, "");
        for c in &facts.chasing {
            push(
                &mut out,
                &format!(
                    "- {}: {}{}{}",
                    long(c.date),
                    c.channel,
                    c.to.as_ref()
                        .map(|t| format!(" to {t}"))
                        .unwrap_or_default(),
                    c.subject
                        .as_ref()
                        .map(|s| format!(" (“{s}”)"))
                        .unwrap_or_default()
                ),
            );
        }
        push(&mut out, "");
    }
    push(
        &mut out,
        &format!("How this has affected {child} and our family"),
    );
    push(&mut out, "");
    push(
        &mut out,
        "[Say here, in your own words, what missing this provision has meant for your child and your family.]",
    );
    push(&mut out, "");
    push(
        &mut out,
        match stage {
            ComplaintStage::Ombudsman => "What I ask the Ombudsman to recommend",
            _ => "What I ask the council to do",
        },
    );
    push(&mut out, "");
    push(
        &mut out,
        "1. Apologise in writing, from someone senior enough to put things right.",
    );
    if !facts.shortfall.is_empty() {
        push(
            &mut out,
            &format!(
                "2. Set out in writing, with dates, how and when the provision {child} missed will be made up, and secure the provision in the plan in full from now on."
            ),
        );
    } else {
        push(
            &mut out,
            "2. Complete the overdue steps by a date it gives me in writing.",
        );
    }
    let r = &facts.remedy;
    if r.range[1] > 0 {
        let like: Vec<String> = r
            .precedents
            .iter()
            .take(2)
            .map(|p| {
                format!(
                    "{} {} ({}): £{} for {}",
                    p.council,
                    p.reference,
                    NaiveDate::parse_from_str(&p.date, "%Y-%m-%d")
                        .map_or_else(|_| p.date.clone(), long),
                    thousands(p.amount),
                    p.summary.trim_end_matches('.').to_lowercase()
                )
            })
            .collect();
        push(
            &mut out,
            &format!(
                "3. Make a payment in recognition of the provision lost, the delay and the distress caused. The Ombudsman's published decisions in cases like this suggest between £{} and £{}{}. This is a guide, not a promise.",
                thousands(r.range[0]),
                thousands(r.range[1]),
                if like.is_empty() {
                    String::new()
                } else {
                    format!(" (for example: {})", like.join("; "))
                }
            ),
        );
    } else {
        push(
            &mut out,
            "3. Make a payment in recognition of the distress and the time and trouble caused.",
        );
    }
    push(
        &mut out,
        "4. Check how it makes sure the provision in every child's plan is delivered and its deadlines met, and tell me what it will change, so that this does not happen to other children.",
    );
    push(&mut out, "");
    push(&mut out, "Evidence");
    push(&mut out, "");
    if pack.is_empty() {
        push(
            &mut out,
            "I enclose the evidence: the chronology, the provision shortfall table, the correspondence log and the documents they refer to.",
        );
    } else {
        push(
            &mut out,
            "The enclosed complaint pack holds the evidence; the page numbers below are the pack's.",
        );
        for p in pack {
            push(
                &mut out,
                &format!(
                    "- {}: {} {}",
                    p.title,
                    if p.pages.contains('–') {
                        "pages"
                    } else {
                        "page"
                    },
                    p.pages
                ),
            );
        }
    }
    push(&mut out, "");
    let reply_by = match stage {
        ComplaintStage::Stage1 => {
            push(
                &mut out,
                "Please acknowledge this complaint within 5 working days, and answer it in full within 10 working days of acknowledging it, as the Ombudsman's complaint handling code expects (paragraphs 6.2 and 6.3).",
            );
            WorkingDays::EnglandAndWales.add(today, 15)
        }
        ComplaintStage::Stage2 => {
            push(
                &mut out,
                "Please acknowledge this request within 5 working days, and answer it in full within 20 working days of acknowledging it, as the Ombudsman's complaint handling code expects.",
            );
            WorkingDays::EnglandAndWales.add(today, 25)
        }
        ComplaintStage::Ombudsman => WorkingDays::EnglandAndWales.add(today, 5),
    };
    push(&mut out, "");
    push(&mut out, "Yours faithfully,");
    push(&mut out, "");
    push(&mut out, "[Your name]");
    Letter {
        file_stem: safe_file_stem(&format!("{} - {}", stage.words(), child)),
        subject,
        text: out,
        reply_by,
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// 1,234 (pounds in a letter or on a screen).
pub fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A letter's text as a Word file: a paragraph a line, in Arial 12.
pub fn letter_docx(text: &str) -> Result<Vec<u8>> {
    let font = RunFonts::new().ascii("Arial").hi_ansi("Arial").cs("Arial");
    let mut docx = Docx::new().default_fonts(font).default_size(24);
    for line in text.lines() {
        docx = docx.add_paragraph(Paragraph::new().add_run(Run::new().add_text(line)));
    }
    let mut out = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut out).map_err(|e| {
        CoreError::invalid("letter", format!("The Word file could not be made: {e}"))
    })?;
    Ok(out.into_inner())
}

/// Saves a letter as the family edited it: a PDF, a Word file or plain text, by `path`'s
/// extension. Returns where it went.
pub fn save_letter(path: &std::path::Path, title: &str, text: &str) -> Result<String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => crate::outputs::files::save_text_pdf(path, title, text).map(|r| r.path),
        "docx" => {
            crate::folder::durable::write_atomically(path, &letter_docx(text)?)?;
            Ok(path.display().to_string())
        }
        _ => crate::outputs::files::save_text(path, text).map(|r| r.path),
    }
}

impl Store {
    /// Where each item is in the newest built complaint pack of the case, if one was built.
    pub fn complaint_pack_pages(&self, case_id: i64) -> Result<Vec<PackPages>> {
        let Some(bundle) = self
            .list_bundles(case_id)?
            .into_iter()
            .find(|b| b.kind == BundleKind::Complaint)
        else {
            return Ok(Vec::new());
        };
        let Some(version) = bundle.versions.last() else {
            return Ok(Vec::new());
        };
        let map: Vec<casefile_pdf::MapEntry> =
            serde_json::from_str(&version.page_map).unwrap_or_default();
        Ok(map
            .into_iter()
            .map(|e| PackPages {
                title: e.title,
                pages: match (e.labels.first(), e.labels.last()) {
                    (Some(a), Some(b)) if a != b => format!("{a}–{b}"),
                    (Some(a), _) => a.clone(),
                    _ => format!("{}–{}", e.first_page, e.last_page),
                },
            })
            .collect())
    }

    /// Drafts the complaint letter for `stage` from the case's records.
    pub fn draft_complaint_letter(
        &self,
        case_id: i64,
        stage: ComplaintStage,
        today: NaiveDate,
    ) -> Result<Letter> {
        let facts = self.complaint_case(case_id, today)?;
        let case = self.case(case_id)?;
        let pack = self.complaint_pack_pages(case_id)?;
        Ok(complaint_letter(&facts, &case, stage, &pack, today))
    }

    /// Records a complaint letter the family saved in the case's correspondence log: sent by
    /// the family, as a letter, to the council (or the Ombudsman), with where it was saved.
    pub fn record_complaint_letter(
        &mut self,
        case_id: i64,
        stage: ComplaintStage,
        subject: &str,
        saved_as: &str,
        on: NaiveDate,
    ) -> Result<Entry> {
        let case = self.case(case_id)?;
        let to = match stage {
            ComplaintStage::Ombudsman => {
                Some("Local Government and Social Care Ombudsman".to_owned())
            }
            _ => case.local_authority.clone(),
        };
        self.add_entry(
            case_id,
            &EntryDetails {
                occurred_on: on.to_string(),
                direction: "out".into(),
                channel: "letter".into(),
                party: to,
                subject: Some(subject.chars().take(200).collect()),
                note: format!(
                    "{} written with Casefile and saved as {saved_as}.",
                    stage.words()
                ),
                ..Default::default()
            },
            on,
        )
    }
}

/// A Freedom of Information request to the case's council for its own figures: plans on time,
/// reviews on time, whether it checks the provision in plans is delivered, complaints and what
/// it paid, and therapy waits. The figures that show whether a family's case is "isolated".
pub fn foi_request(case: &Case, today: NaiveDate) -> Result<Letter> {
    let council = crate::records::complaints::council_of(case, "ask")?;
    let subject = "Freedom of Information request: education, health and care plans and the provision in them".to_owned();
    let text = format!(
        "[Your name]\n[Your address]\n\n{council}\nFreedom of Information team\n\n{date}\n\nRe: {subject}\n\nDear Sir or Madam,\n\nUnder the Freedom of Information Act 2000, please send me the following information for each of the last three complete school years, and for this school year so far.\n\n1. How many new education, health and care plans the council issued, and how many of them were issued within 20 weeks of the request for assessment (SEND Regulations 2014 reg 13(2)), leaving out those to which the regulations' exceptions applied.\n2. How many annual reviews were held, and how many of the plans that followed them were issued within the time the regulations allow (regs 20 and 22).\n3. Whether the council checks that the special educational provision in Section F of its plans is delivered (an audit or other monitoring), how it does so, and what any such check found.\n4. How many complaints the council received that provision in a plan was not delivered, how many it upheld, and the total it paid to put things right, including payments the Local Government and Social Care Ombudsman recommended.\n5. How many children with a plan were waiting for speech and language therapy or occupational therapy set out in Section F, and the longest wait.\n\nPlease send the information by email, as a spreadsheet where you can. If any part would cost more than the appropriate limit to answer, please tell me which part and help me to narrow it (section 16).\n\nThe council must answer within 20 working days of receiving this request (section 10(1)).\n\nYours faithfully,\n\n[Your name]\n",
        date = long(today),
    );
    Ok(Letter {
        file_stem: safe_file_stem(&format!("FOI request - {council}")),
        subject,
        text,
        reply_by: WorkingDays::AnyUkRegion.add(today, 20),
    })
}

impl Store {
    /// Records a Freedom of Information request sent to case `case_id`'s council on `on`: the
    /// letter in the correspondence log, and the 20-working-day clock started. Returns the
    /// clock.
    pub fn record_foi_request(
        &mut self,
        case_id: i64,
        letter: &Letter,
        saved_as: &str,
        on: NaiveDate,
    ) -> Result<crate::records::clocks::Clock> {
        let case = self.case(case_id)?;
        self.add_entry(
            case_id,
            &EntryDetails {
                occurred_on: on.to_string(),
                direction: "out".into(),
                channel: "letter".into(),
                party: case.local_authority.clone(),
                subject: Some(letter.subject.clone()),
                note: format!("Freedom of Information request for the council's own figures, written with Casefile and saved as {saved_as}."),
                follow_up_by: Some(letter.reply_by.to_string()),
                ..Default::default()
            },
            on,
        )?;
        self.start_clock(
            case_id,
            &crate::records::clocks::ClockStart {
                process: "freedom-of-information".into(),
                started_on: on.to_string(),
                label: Some("FOI: the council's own figures".into()),
            },
            on,
        )
    }
}
