//! `casefile plan`: an EHC plan read into its sections, its provision checked, and two versions
//! compared.

use casefile_core::*;
use serde_json::json;

use crate::output::Output;

pub(crate) fn sections(store: &Store, document_id: i64) -> Result<Output, CoreError> {
    let reading = store.plan_sections(document_id)?;
    let text = reading
        .sections
        .iter()
        .map(|s| {
            let pages = if s.pages[0] == s.pages[1] {
                format!("page {}", s.pages[0])
            } else {
                format!("pages {} to {}", s.pages[0], s.pages[1])
            };
            format!(
                "{:<3} {} ({pages}, {} words)",
                s.letter.as_str(),
                s.title,
                s.text.split_whitespace().count()
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    Ok(Output {
        refused: false,
        text,
        json: json!({ "document": reading.document.id, "sections": reading.sections }),
    })
}

pub(crate) fn check(store: &Store, document_id: i64) -> Result<Output, CoreError> {
    let (reading, findings) = store.plan_check(document_id)?;
    let text = if findings.is_empty() {
        let checked: Vec<&str> = reading
            .sections
            .iter()
            .filter(|s| s.letter.is_provision())
            .map(|s| s.letter.as_str())
            .collect();
        if checked.is_empty() {
            "No Section F, G or H was found in this plan, so no provision was checked.".to_owned()
        } else {
            format!(
                "Nothing to ask about in Section {}: every provision says how often, how long and by whom, without vague words.",
                checked.join(", ")
            )
        }
    } else {
        findings
            .iter()
            .map(|f| {
                let what = match f.kind {
                    plan::FindingKind::Vague => format!("vague: “{}”", f.phrase),
                    plan::FindingKind::NoFrequency => "does not say how often".to_owned(),
                    plan::FindingKind::NoDuration => "does not say for how long".to_owned(),
                    plan::FindingKind::NoProvider => "does not say who provides it".to_owned(),
                };
                format!(
                    "{}  {what}\n   “{}”\n   {}",
                    f.section.as_str(),
                    f.text,
                    f.advice
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    Ok(Output {
        refused: false,
        text,
        json: json!({ "document": reading.document.id, "findings": findings }),
    })
}

/// What a plan's provision is listed as: its amounts in words, or what the plan leaves out.
fn read_as(item: &PlanLedgerItem) -> String {
    let d = &item.draft;
    let mut said = Vec::new();
    if d.minutes > 0 {
        said.push(format!("{} minutes", d.minutes));
    }
    if !d.per.is_empty() {
        said.push(if d.sessions == 1 {
            format!("once a {}", d.per)
        } else {
            format!("{} times a {}", d.sessions, d.per)
        });
    }
    said.push(if d.term_time_only {
        "term time".to_owned()
    } else {
        "all year".to_owned()
    });
    if let Some(p) = &d.provider {
        said.push(format!("by: {p}"));
    }
    let mut line = said.join(", ");
    if !item.missing.is_empty() {
        line += &format!("; the plan does not say {}", item.missing.join(" or "));
    }
    line
}

pub(crate) fn provisions(store: &Store, document_id: i64) -> Result<Output, CoreError> {
    let (reading, items) = store.plan_provisions(document_id)?;
    let text = if items.is_empty() {
        "No provision was found in Sections F, G and H of this plan.".to_owned()
    } else {
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let ledger = item.in_ledger.map_or_else(String::new, |id| {
                    format!("\n   In the provision ledger (provision {id}).")
                });
                format!(
                    "{:>2}. {}  {}: {}\n   “{}”{ledger}",
                    i + 1,
                    item.draft.section,
                    item.draft.title,
                    read_as(item),
                    item.provision.text,
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    Ok(Output {
        refused: false,
        text,
        json: json!({ "document": reading.document.id, "provisions": items }),
    })
}

/// What the family says where the plan's words do not.
pub(crate) struct Given {
    pub(crate) from: Option<String>,
    pub(crate) minutes: Option<u32>,
    pub(crate) sessions: Option<u32>,
    pub(crate) per: Option<String>,
}

pub(crate) fn to_ledger(
    store: &mut Store,
    document_id: i64,
    number: usize,
    given: Given,
) -> Result<Output, CoreError> {
    let (reading, items) = store.plan_provisions(document_id)?;
    let Some(item) = number.checked_sub(1).and_then(|i| items.get(i)) else {
        return Err(CoreError::invalid(
            "number",
            format!(
                "This plan has {} provision{} in Sections F, G and H; choose a number from 1 to {} (casefile plan provisions {document_id}).",
                items.len(),
                if items.len() == 1 { "" } else { "s" },
                items.len()
            ),
        ));
    };
    if let Some(id) = item.in_ledger {
        return Err(CoreError::invalid(
            "number",
            format!(
                "“{}” is in the provision ledger already (provision {id}).",
                item.draft.title
            ),
        ));
    }
    let mut draft = item.draft.clone();
    if let Some(from) = given.from {
        draft.from = from;
    }
    if let Some(minutes) = given.minutes {
        draft.minutes = minutes;
    }
    if let Some(sessions) = given.sessions {
        draft.sessions = sessions;
    }
    if let Some(per) = given.per {
        draft.per = per;
    }
    let mut unsaid = Vec::new();
    if draft.minutes == 0 {
        unsaid.push("how long each session lasts (--minutes)");
    }
    if draft.per.is_empty() {
        unsaid.push("how often (--per, and --sessions if more than once)");
    }
    if draft.from.is_empty() {
        unsaid.push("the date it starts (--from)");
    }
    if !unsaid.is_empty() {
        return Err(CoreError::invalid(
            "number",
            format!(
                "The plan does not say {} for “{}”. Say it with {}.",
                item.missing.join(" or "),
                draft.title,
                unsaid.join(", ")
            ),
        ));
    }
    let added = store.add_provision(reading.document.case_id, &draft)?;
    Ok(Output {
        refused: false,
        text: added.id.to_string(),
        json: json!(added),
    })
}

/// What `plan compare` also writes.
pub(crate) struct Outputs {
    pub(crate) pdf: Option<std::path::PathBuf>,
    pub(crate) keep: bool,
    pub(crate) letter: Option<std::path::PathBuf>,
}

pub(crate) fn compare(
    store: &mut Store,
    old_id: i64,
    new_id: i64,
    outputs: Outputs,
) -> Result<Output, CoreError> {
    let found = store.plan_compare(old_id, new_id)?;
    // The letter is drafted first: a comparison with nothing to raise is refused before any
    // file is written.
    let letter = match &outputs.letter {
        Some(_) => Some(store.draft_plan_change_letter(old_id, new_id, casefile_core::today())?),
        None => None,
    };
    let mut written = Vec::new();
    let mut extra = serde_json::Map::new();
    if let Some(path) = &outputs.pdf {
        let saved = store.save_plan_comparison_pdf(old_id, new_id, path)?;
        written.push(format!(
            "Saved the comparison to {} ({} page{}).",
            saved.path,
            saved.pages,
            if saved.pages == 1 { "" } else { "s" }
        ));
        extra.insert("pdf".into(), json!(saved));
    }
    if outputs.keep {
        let document = store.keep_plan_comparison(old_id, new_id)?;
        written.push(format!(
            "Kept the comparison as document {}, “{}”.",
            document.id, document.title
        ));
        let document = document.id;
        extra.insert("kept".into(), json!(document));
    }
    if let (Some(path), Some(letter)) = (&outputs.letter, &letter) {
        let saved = casefile_core::save_text(path, &letter.text)?;
        written.push(format!(
            "Saved a letter to the council to {} (edit it before you send it; it asks for a reply by {}).",
            saved.path,
            letter.reply_by.format("%-d %B %Y")
        ));
        extra.insert("letter".into(), json!(letter));
    }
    let mut lines = vec![if found.against_order {
        format!(
            "“{}” (document {}) compared with the Tribunal's order “{}” (document {}): only the sections the order sets out.",
            found.new.title, found.new.id, found.old.title, found.old.id
        )
    } else {
        format!(
            "“{}” (document {}) compared with “{}” (document {}).",
            found.old.title, found.old.id, found.new.title, found.new.id
        )
    }];
    let (was, now) = if found.against_order {
        ("ordered", "plan says")
    } else {
        ("was", "now")
    };
    let concerns = &found.comparison.concerns;
    if concerns.is_empty() {
        lines.push("Nothing to raise: no provision or outcome removed, none weakened, no new vague words and no change of school.".to_owned());
    } else {
        lines.push(String::new());
        lines.push(format!("To raise ({}):", concerns.len()));
        for c in concerns {
            let what = match c.kind {
                plan::ConcernKind::Weakened => "weakened",
                plan::ConcernKind::Removed => "removed",
                plan::ConcernKind::Vague => "made vague",
                plan::ConcernKind::PlacementChanged => "placement changed",
            };
            lines.push(format!("{:<3} {what}", c.section.as_str()));
            if !c.old.is_empty() {
                lines.push(format!("    {was}: “{}”", c.old));
            }
            if !c.new.is_empty() {
                lines.push(format!("    {now}: “{}”", c.new));
            }
            lines.push(format!("    {}", c.why));
        }
    }
    lines.push(String::new());
    lines.push("Section by section:".to_owned());
    for s in &found.comparison.sections {
        let head = format!("{:<3} {}", s.letter.as_str(), s.title);
        match s.presence {
            plan::Presence::OldOnly if found.against_order => {
                lines.push(format!("{head}: set out in the order, not in the plan"));
            }
            plan::Presence::OldOnly => lines.push(format!("{head}: only in the old version")),
            plan::Presence::NewOnly => lines.push(format!("{head}: only in the new version")),
            plan::Presence::Both if s.changes.is_empty() => lines.push(format!("{head}: the same")),
            plan::Presence::Both => lines.push(format!(
                "{head}: {} {}",
                s.changes.len(),
                if s.changes.len() == 1 {
                    "change"
                } else {
                    "changes"
                }
            )),
        }
        if s.presence != plan::Presence::Both {
            continue;
        }
        for change in &s.changes {
            lines.push(match change.kind {
                plan::ChangeKind::Added => format!("    added: “{}”", change.new),
                plan::ChangeKind::Removed => format!("    removed: “{}”", change.old),
                plan::ChangeKind::Changed => {
                    format!(
                        "    changed: “{}”\n         to “{}”",
                        change.old, change.new
                    )
                }
            });
        }
    }
    if !written.is_empty() {
        lines.push(String::new());
        lines.extend(written);
    }
    let mut json = json!({
        "old": found.old.id,
        "new": found.new.id,
        "against_order": found.against_order,
        "sections": found.comparison.sections,
        "concerns": found.comparison.concerns,
    });
    if let Some(object) = json.as_object_mut() {
        object.extend(extra);
    }
    Ok(Output {
        refused: false,
        text: lines.join("\n"),
        json,
    })
}

/// The working document of plan `plan_id`, which must be case `case_id`'s.
fn working_of(
    store: &mut Store,
    case_id: Option<i64>,
    plan_id: i64,
    sections: &[String],
) -> Result<WorkingDocumentView, CoreError> {
    let plan = store.document(plan_id)?;
    if let Some(case_id) = case_id
        && plan.case_id != case_id
    {
        return Err(CoreError::invalid(
            "plan",
            format!(
                "Document {plan_id} belongs to another case: choose one of case {case_id}'s plans (casefile doc list --case {case_id})."
            ),
        ));
    }
    let id = match store.working_document_of(plan_id)? {
        Some(id) => id,
        None if case_id.is_some() => store.start_working_document(plan_id, sections)?.id,
        None => {
            return Err(CoreError::invalid(
                "plan",
                format!(
                    "No working document has been started from document {plan_id}: start it with casefile plan working-document --case {} --plan {plan_id}.",
                    plan.case_id
                ),
            ));
        }
    };
    store.working_document(id)
}

/// The working document in text, its key written out: [+P …] the parent's addition, [-P …] its
/// deletion, [+C …] and [-C …] the council's, [=A …] and [-A …] agreed.
fn working_text(view: &WorkingDocumentView) -> String {
    let mut lines = vec![format!(
        "Working document from “{}”: {} page{} of {} printed{}.",
        view.plan.title,
        view.pages,
        if view.pages == 1 { "" } else { "s" },
        view.page_limit,
        match view.versions.last() {
            Some(v) if view.unsent_changes =>
                format!("; changed since version {} was saved", v.number),
            Some(v) => format!("; version {}", v.number),
            None => "; no version saved yet".to_owned(),
        }
    )];
    // Footnotes numbered as they stand in the text, as Word numbers them.
    let order = view.draft.note_order();
    let shown = |n: u32| {
        order
            .iter()
            .position(|o| *o == n)
            .map_or(n as usize, |i| i + 1)
    };
    lines.push("Key: [+P …] parent's addition, [-P …] parent's deletion, [+C …] council's addition, [-C …] council's deletion, [=A …] agreed, [-A …] agreed deletion; ^N a footnote.".to_owned());
    for section in &view.draft.sections {
        lines.push(String::new());
        lines.push(format!(
            "Section {}: {}",
            section.letter.as_str(),
            section.title
        ));
        for (i, p) in section.paragraphs.iter().enumerate() {
            let words: Vec<String> = p
                .runs
                .iter()
                .map(|r| {
                    let marked = match r.mark {
                        plan::Mark::Original => r.text.clone(),
                        plan::Mark::ParentAdded => format!("[+P {}]", r.text),
                        plan::Mark::ParentDeleted => format!("[-P {}]", r.text),
                        plan::Mark::CouncilAdded => format!("[+C {}]", r.text),
                        plan::Mark::CouncilDeleted => format!("[-C {}]", r.text),
                        plan::Mark::Agreed => format!("[=A {}]", r.text),
                        plan::Mark::AgreedDeleted => format!("[-A {}]", r.text),
                    };
                    match r.note {
                        Some(n) => format!("{marked}^{}", shown(n)),
                        None => marked,
                    }
                })
                .collect();
            lines.push(format!(
                "{}{}  {}",
                section.letter.as_str(),
                i + 1,
                words.join(" ")
            ));
        }
    }
    if !view.footnotes.is_empty() {
        lines.push(String::new());
        for n in &order {
            let Some(f) = view.footnotes.iter().find(|f| f.number == *n) else {
                continue;
            };
            lines.push(match &f.bundle_page {
                Some(at) => format!("^{} {} [bundle {at}]", shown(f.number), f.text),
                None => format!("^{} {}", shown(f.number), f.text),
            });
        }
    }
    for v in &view.versions {
        lines.push(format!(
            "Version {} saved {}: {}",
            v.number, v.saved_at, v.note
        ));
    }
    lines.join("\n")
}

pub(crate) fn working_document(
    store: &mut Store,
    case_id: i64,
    plan_id: i64,
    sections: &[String],
    out: Option<&std::path::Path>,
) -> Result<Output, CoreError> {
    let view = working_of(store, Some(case_id), plan_id, sections)?;
    let Some(out) = out else {
        return Ok(Output {
            refused: false,
            text: working_text(&view),
            json: json!(view),
        });
    };
    let format = casefile_core::WorkingFormat::for_path(out);
    let saved = store.save_working_document(view.id, out, format)?;
    let over = if saved.pages > view.page_limit {
        format!(
            " That is over the Tribunal's limit of {} pages.",
            view.page_limit
        )
    } else {
        String::new()
    };
    Ok(Output {
        refused: false,
        text: format!(
            "Saved version {} of the working document to {} ({} page{} printed).{over}",
            saved.version,
            saved.path,
            saved.pages,
            if saved.pages == 1 { "" } else { "s" }
        ),
        json: json!(saved),
    })
}

pub(crate) fn propose(
    store: &mut Store,
    plan_id: i64,
    proposal: &WorkingProposal,
) -> Result<Output, CoreError> {
    let view = working_of(store, None, plan_id, &[])?;
    let view = store.propose_working_change(view.id, proposal)?;
    Ok(Output {
        refused: false,
        text: working_text(&view),
        json: json!(view),
    })
}

pub(crate) fn agree(
    store: &mut Store,
    plan_id: i64,
    section: &str,
    paragraph: u32,
) -> Result<Output, CoreError> {
    let view = working_of(store, None, plan_id, &[])?;
    let view = store.agree_working_paragraph(view.id, section, paragraph)?;
    Ok(Output {
        refused: false,
        text: working_text(&view),
        json: json!(view),
    })
}

pub(crate) fn council_reply(
    store: &mut Store,
    plan_id: i64,
    file: &std::path::Path,
    take: bool,
) -> Result<Output, CoreError> {
    let view = working_of(store, None, plan_id, &[])?;
    let (reply, taken) = if take {
        let taken = store.take_council_reply(view.id, file)?;
        (taken.reply.clone(), Some(taken))
    } else {
        (store.read_council_reply(view.id, file)?, None)
    };
    let mut lines = vec![format!(
        "“{}” read against version {} of the working document.",
        reply.file_name, reply.against_version
    )];
    if reply.tracked_changes {
        lines.push("It uses Word's tracked changes, which the Tribunal asks parties not to use: its deleted words were not read.".to_owned());
    }
    if reply.reply.paragraphs.is_empty() {
        lines.push("The council changed nothing.".to_owned());
    }
    for p in &reply.reply.paragraphs {
        let label = format!("{}{}", p.letter.as_str(), p.number);
        lines.push(String::new());
        lines.push(format!("{label}: now reads “{}”", p.reads));
        for m in &p.marked {
            lines.push(format!("    marked in the council's key: “{m}”"));
        }
        for u in &p.unmarked {
            lines.push(format!("    NOT MARKED: {}", u.said));
        }
        if p.marked_agreed {
            lines.push("    The council marked it as agreed: agree it yourself if you do (casefile plan agree).".to_owned());
        }
        for n in &p.new_notes {
            lines.push(format!("    new footnote: {n}"));
        }
    }
    if !reply.reply.missing.is_empty() {
        lines.push(format!(
            "Not in the council's copy: {}.",
            reply.reply.missing.join(", ")
        ));
    }
    if !reply.reply.extra.is_empty() {
        lines.push(format!(
            "In the council's copy and not in the version sent: {}.",
            reply.reply.extra.join(", ")
        ));
    }
    lines.push(String::new());
    lines.push(match (&taken, reply.unmarked) {
        (Some(t), _) => format!(
            "Taken in as version {}: {} paragraph{} now carry the council's proposals; the copy is kept as document {}.",
            t.version,
            t.taken,
            if t.taken == 1 { "" } else { "s" },
            t.document.id
        ),
        (None, 0) if reply.reply.paragraphs.is_empty() => "Nothing to take in.".to_owned(),
        (None, 0) => "Every change is marked in the council's key. Take it in with --take.".to_owned(),
        (None, n) => format!(
            "{n} change{} not marked: raise {} with the council. --take takes the reply in and shows them in the council's italic.",
            if n == 1 { " is" } else { "s are" },
            if n == 1 { "it" } else { "them" }
        ),
    });
    let json = match &taken {
        Some(t) => json!(t),
        None => json!(reply),
    };
    Ok(Output {
        refused: false,
        text: lines.join("\n"),
        json,
    })
}

pub(crate) fn lines(store: &Store, document_id: i64) -> Result<Output, CoreError> {
    let found = store.plan_lines(document_id)?;
    let mut text: Vec<String> = found
        .lines
        .iter()
        .map(|l| {
            let starts = found
                .starts
                .iter()
                .find(|s| s.line == l.index)
                .map_or_else(String::new, |s| format!("  ← Section {}", s.letter));
            format!("{:>5}  p.{:<3} {}{starts}", l.index, l.page, l.text)
        })
        .collect();
    text.push(String::new());
    text.push(if found.starts.is_empty() {
        "No sections found: say where each starts with casefile plan set-sections DOC A=LINE B=LINE …".to_owned()
    } else if found.set_by_family {
        "Where the sections start was set by hand (casefile plan set-sections DOC --as-found goes back to the headings).".to_owned()
    } else {
        "Where the sections start was found from the headings.".to_owned()
    });
    Ok(Output {
        refused: false,
        text: text.join("\n"),
        json: json!(found),
    })
}

pub(crate) fn set_sections(
    store: &mut Store,
    document_id: i64,
    starts: &[String],
) -> Result<Output, CoreError> {
    let mut parsed = Vec::with_capacity(starts.len());
    for s in starts {
        let Some((letter, line)) = s.split_once('=') else {
            return Err(CoreError::invalid(
                "starts",
                format!("“{s}” is not LETTER=LINE, for example F=12."),
            ));
        };
        let line: u32 = line.trim().parse().map_err(|_| {
            CoreError::invalid(
                "starts",
                format!(
                    "“{}” is not a line number from casefile plan lines.",
                    line.trim()
                ),
            )
        })?;
        parsed.push(SectionStart {
            letter: letter.trim().to_owned(),
            line,
        });
    }
    match store.set_plan_section_starts(document_id, &parsed) {
        Ok(reading) => Ok(Output {
            refused: false,
            text: reading
                .sections
                .iter()
                .map(|s| {
                    format!(
                        "{:<3} {} ({} words)",
                        s.letter.as_str(),
                        s.title,
                        s.text.split_whitespace().count()
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
            json: json!({ "document": document_id, "sections": reading.sections }),
        }),
        // Back to the headings as found, in a plan where none can be found: the starts are
        // cleared, and the plan needs them set again.
        Err(e) if parsed.is_empty() => Ok(Output {
            refused: false,
            text: format!("Back to the headings as found. {e}"),
            json: json!({ "document": document_id, "sections": [] }),
        }),
        Err(e) => Err(e),
    }
}
