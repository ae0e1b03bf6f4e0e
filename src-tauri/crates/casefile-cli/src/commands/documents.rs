//! `casefile import`, `doc`, `search` and `ocr`: the family's documents.
use std::path::PathBuf;

use casefile_core::*;
use serde_json::json;

use crate::format::*;
use crate::output::{Output, parse_iso};
use crate::secrets::{no_secret, secret};

pub(crate) fn import(
    store: &mut Store,
    case_id: i64,
    password: bool,
    files: Vec<PathBuf>,
) -> Result<Output, CoreError> {
    let password = if password {
        Some(
            secret("CASEFILE_PDF_PASSWORD", "The PDFs' password: ", false)?
                .ok_or_else(|| no_secret("the PDFs' password", "CASEFILE_PDF_PASSWORD"))?,
        )
    } else {
        None
    };
    let results = store.import_files(
        case_id,
        &files,
        &casefile_core::ImportOptions {
            password: password.as_deref().map(String::as_str),
        },
    )?;
    let lines: Vec<String> = results
        .iter()
        .map(|r| match &r.result {
            ImportOutcome::Imported {
                document,
                attachments,
                notes,
            } => {
                let mut line = format!(
                    "imported  {} → document {} (sha256 {})",
                    r.file, document.id, document.sha256
                );
                for a in attachments {
                    line += &format!(
                        "\n          attachment {} → document {} (sha256 {})",
                        a.original_name, a.id, a.sha256
                    );
                }
                for note in notes {
                    line += &format!("\n          note: {note}");
                }
                line
            }
            ImportOutcome::AlreadyThere { document } => format!(
                "already   {} is document {} ({})",
                r.file, document.id, document.title
            ),
            ImportOutcome::Refused { message } => format!("refused   {message}"),
            ImportOutcome::NeedsPassword { message } => {
                format!("password  {message} (casefile import --password, with the password in CASEFILE_PDF_PASSWORD or typed when asked)")
            }
        })
        .collect();
    let refused = results.iter().any(|r| {
        matches!(
            r.result,
            ImportOutcome::Refused { .. } | ImportOutcome::NeedsPassword { .. }
        )
    });
    let mut lines = lines;
    let ocr = read_pending_text(store, Some(case_id))?;
    lines.extend(ocr.0);
    let mut text = lines.join("\n");
    if refused {
        // Every file is reported; the exit code says some were refused.
        let refusals = results
            .iter()
            .filter(|r| {
                matches!(
                    r.result,
                    ImportOutcome::Refused { .. } | ImportOutcome::NeedsPassword { .. }
                )
            })
            .count();
        text += "\n";
        text += &refusal_summary(refusals, results.len());
    }
    Ok(Output {
        refused,
        text,
        json: json!({ "results": results, "ocr": ocr.1 }),
    })
}

pub(crate) fn ocr(store: &mut Store, case_id: Option<i64>) -> Result<Output, CoreError> {
    let (lines, read) = read_pending_text(store, case_id)?;
    Ok(Output {
        refused: false,
        text: if lines.is_empty() {
            "No scans or photos are waiting for their text to be read.".into()
        } else {
            lines.join("\n")
        },
        json: json!({ "ocr": read }),
    })
}

pub(crate) fn edit(
    store: &mut Store,
    id: i64,
    changes: DocumentChanges,
) -> Result<Output, CoreError> {
    let doc = store.change_document(id, &changes)?;
    Ok(Output {
        refused: false,
        text: format!(
            "#{} {} · {} · {} · from {}{}",
            doc.id,
            doc.title,
            doc.document_date
                .map(long_date)
                .unwrap_or_else(|| "no date".into()),
            doc.kind.map(|k| k.words()).unwrap_or("kind not set"),
            doc.author.as_deref().unwrap_or("(not set)"),
            if doc.tags.is_empty() {
                String::new()
            } else {
                format!(" · tags: {}", doc.tags.join(", "))
            }
        ),
        json: json!({ "document": doc }),
    })
}

pub(crate) fn save(store: &Store, id: i64, out: &std::path::Path) -> Result<Output, CoreError> {
    let document = store.document(id)?;
    let bytes = store.document_bytes(id)?;
    casefile_core::write_atomically(out, &bytes)?;
    Ok(Output {
        refused: false,
        text: format!("Saved “{}” to {}.", document.title, out.display()),
        json: json!({ "document": document.id, "path": out.display().to_string(), "bytes": bytes.len() }),
    })
}

/// An area given as "PAGE,X,Y,W,H".
fn area(text: &str) -> Result<casefile_core::RedactArea, CoreError> {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    let bad = || {
        CoreError::invalid(
            "box",
            format!(
                "“{text}” is not an area: give the page, then x, y, width and height in points, as 2,72,100,200,14."
            ),
        )
    };
    let [page, x, y, w, h] = parts.as_slice() else {
        return Err(bad());
    };
    let number = |s: &str| s.parse::<f32>().ok().filter(|v| v.is_finite());
    let (page, x, y, w, h) = (
        page.parse::<u32>().map_err(|_| bad())?,
        number(x).ok_or_else(bad)?,
        number(y).ok_or_else(bad)?,
        number(w).ok_or_else(bad)?,
        number(h).ok_or_else(bad)?,
    );
    Ok(casefile_core::RedactArea {
        page,
        x0: x,
        y0: y,
        x1: x + w,
        y1: y + h,
    })
}

pub(crate) fn redact(
    store: &mut Store,
    id: i64,
    words: Vec<String>,
    boxes: &[String],
    reason: String,
    drop_signatures: bool,
) -> Result<Output, CoreError> {
    let areas = boxes
        .iter()
        .map(|b| area(b))
        .collect::<Result<Vec<_>, _>>()?;
    let done = store.redact_document(
        id,
        &casefile_core::RedactRequest {
            words,
            areas,
            reason,
            drop_signatures,
        },
    )?;
    let pages: Vec<String> = done.pages.iter().map(u32::to_string).collect();
    Ok(Output {
        refused: false,
        text: format!(
            "Redacted copy of “{}” kept as document {} (“{}”): page{} {} changed, checked by reading it back. The original is kept as it was.",
            done.original.title,
            done.redacted.id,
            done.redacted.title,
            if pages.len() == 1 { "" } else { "s" },
            pages.join(", "),
        ),
        json: json!(done),
    })
}

/// Where each name stands in one document, as lines to review.
fn found_lines(found: &casefile_core::FoundToRedact) -> Vec<String> {
    let mut lines = vec![format!("#{} {}", found.document.id, found.document.title)];
    if let Some(why) = &found.refused {
        lines.push(format!("  not searched: {why}"));
        return lines;
    }
    for o in &found.occurrences {
        lines.push(format!(
            "  page {}: “{}”{} in “{}”",
            o.page,
            o.found,
            if o.found == o.asked {
                String::new()
            } else {
                format!(" (for “{}”)", o.asked)
            },
            o.context
        ));
    }
    for missing in &found.not_found {
        lines.push(format!("  “{missing}” not found"));
    }
    lines
}

pub(crate) fn find_to_redact(
    store: &Store,
    id: i64,
    words: &[String],
) -> Result<Output, CoreError> {
    let found = store.find_to_redact(id, words)?;
    Ok(Output {
        refused: found.refused.is_some(),
        text: found_lines(&found).join("\n"),
        json: json!(found),
    })
}

/// Every document of a bundle that holds one of the names, redacted (or, with `find`, listed).
pub(crate) fn redact_bundle(
    store: &mut Store,
    bundle: i64,
    words: Vec<String>,
    find: bool,
    reason: String,
) -> Result<Output, CoreError> {
    let found = store.find_to_redact_in_bundle(bundle, &words)?;
    if find {
        return Ok(Output {
            refused: false,
            text: found
                .iter()
                .flat_map(found_lines)
                .collect::<Vec<_>>()
                .join("\n"),
            json: json!(found),
        });
    }
    let mut lines = Vec::new();
    let mut done = Vec::new();
    for f in &found {
        if let Some(why) = &f.refused {
            lines.push(format!(
                "#{} {}: not redacted: {why}",
                f.document.id, f.document.title
            ));
            continue;
        }
        if f.occurrences.is_empty() {
            continue;
        }
        let asked: Vec<String> =
            f.occurrences
                .iter()
                .map(|o| o.asked.clone())
                .fold(Vec::new(), |mut all, a| {
                    if !all.contains(&a) {
                        all.push(a);
                    }
                    all
                });
        let redaction = match store.redact_document(
            f.document.id,
            &casefile_core::RedactRequest {
                words: asked,
                reason: reason.clone(),
                ..Default::default()
            },
        ) {
            Ok(redaction) => redaction,
            Err(e @ CoreError::Invalid { .. }) => {
                lines.push(format!(
                    "#{} {}: not redacted: {e}",
                    f.document.id, f.document.title
                ));
                continue;
            }
            Err(e) => return Err(e),
        };
        lines.push(format!(
            "#{} {}: kept as document {} (“{}”), pages {} changed",
            f.document.id,
            f.document.title,
            redaction.redacted.id,
            redaction.redacted.title,
            redaction
                .pages
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ));
        done.push(redaction);
    }
    if done.is_empty() && lines.is_empty() {
        lines.push(
            "None of the names was found in the bundle's documents, so nothing was redacted."
                .to_owned(),
        );
    }
    Ok(Output {
        refused: done.is_empty(),
        text: lines.join("\n"),
        json: json!({ "redacted": done, "found": found }),
    })
}

pub(crate) fn list(store: &Store, case_id: i64) -> Result<Output, CoreError> {
    let docs = store.list_documents(case_id)?;
    let text = if docs.is_empty() {
        "No documents yet. Import some with: casefile import --case ID FILE…".into()
    } else {
        docs.iter()
            .map(|d| {
                format!(
                    "#{} {} · {}{} · {} · sha256 {}",
                    d.id,
                    d.title,
                    match (d.document_date, d.suggested_date) {
                        (Some(date), _) => long_date(date),
                        (None, Some(said)) => format!(
                            "no date (the file says {}; set it with casefile doc edit {} --date)",
                            long_date(said),
                            d.id
                        ),
                        (None, None) => "no date".into(),
                    },
                    d.page_count
                        .map(|p| format!(" · {p} page{}", if p == 1 { "" } else { "s" }))
                        .unwrap_or_default(),
                    d.media_type,
                    d.sha256
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    Ok(Output {
        refused: false,
        text,
        json: json!({ "documents": docs }),
    })
}

pub(crate) fn search(
    store: &Store,
    case_id: i64,
    query: Vec<String>,
    kind: Option<String>,
    party: Option<String>,
    from: Option<String>,
    to: Option<String>,
) -> Result<Output, CoreError> {
    let query = query.join(" ");
    let party_id = match party.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => None,
        Some(name) => Some(store.party_named(case_id, name)?.id),
    };
    let filter = casefile_core::SearchFilter {
        kind,
        party_id,
        from: from.as_deref().map(|d| parse_iso("from", d)).transpose()?,
        to: to.as_deref().map(|d| parse_iso("to", d)).transpose()?,
    };
    let hits = store.search_filtered(case_id, &query, &filter)?;
    let text = if hits.is_empty() {
        format!("Nothing found for “{query}”.")
    } else {
        hits.iter()
            .map(|h| format!("{} {}: {}\n  {}", h.source, h.source_id, h.title, h.snippet))
            .collect::<Vec<_>>()
            .join("\n")
    };
    Ok(Output {
        refused: false,
        text,
        json: json!({ "query": query, "hits": hits }),
    })
}

/// Reads the text of scans and photos waiting for OCR: a line for each, and the results as
/// JSON. Without the OCR data, one line saying what to do (nothing is refused).
pub(crate) fn read_pending_text(
    store: &mut Store,
    case_id: Option<i64>,
) -> Result<(Vec<String>, serde_json::Value), CoreError> {
    use casefile_core::outside::ocr;
    if store.pending_ocr(case_id)?.is_empty() {
        return Ok((Vec::new(), json!([])));
    }
    let engine = match ocr::OcrEngine::find() {
        Ok(engine) => engine,
        Err(e) => return Ok((vec![format!("note      {e}")], json!([]))),
    };
    let mut lines = Vec::new();
    let mut read = Vec::new();
    store.read_pending_text(&engine, case_id, &mut |doc, result| match result {
        Ok(chars) => {
            lines.push(format!(
                "read      {}: {chars} characters of text (OCR)",
                doc.title
            ));
            read.push(json!({ "document": doc.id, "chars": chars }));
        }
        Err(e) => {
            lines.push(format!(
                "note      {}: {e}; the file is kept as it is.",
                doc.title
            ));
            read.push(json!({ "document": doc.id, "error": e.to_string() }));
        }
    })?;
    Ok((lines, serde_json::Value::Array(read)))
}

/// The last line of an import with refusals: how many files were not imported, and whether any were.
fn refusal_summary(refused: usize, files: usize) -> String {
    let kept = files - refused;
    let not = match refused {
        1 if files == 1 => return "The file was not imported.".into(),
        n if n == files => return format!("None of the {n} files was imported."),
        1 => "One file was not imported".to_owned(),
        n => format!("{n} files were not imported"),
    };
    format!(
        "{not}; {}.",
        if kept == 1 {
            "the other was"
        } else {
            "the others were"
        }
    )
}

#[cfg(test)]
mod tests {
    use super::refusal_summary;

    #[test]
    fn the_summary_says_the_others_were_imported_only_when_some_were() {
        assert_eq!(refusal_summary(1, 1), "The file was not imported.");
        assert_eq!(refusal_summary(3, 3), "None of the 3 files was imported.");
        assert_eq!(
            refusal_summary(1, 2),
            "One file was not imported; the other was."
        );
        assert_eq!(
            refusal_summary(2, 5),
            "2 files were not imported; the others were."
        );
        assert_eq!(
            refusal_summary(4, 5),
            "4 files were not imported; the other was."
        );
    }
}
