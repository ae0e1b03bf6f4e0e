//! `casefile`: Casefile's operations from the command line, for scripts and support workers.
//!
//! Exit codes: 0 success; 1 input refused (with a message saying why); 2 usage error.
//! `--json` prints exactly one JSON document on standard output, errors included.

mod cli;
mod commands;
mod format;
mod output;
mod secrets;

use std::process::ExitCode;

use casefile_core::{CoreError, WorkingProposal};
use clap::Parser;
use serde_json::json;

use cli::{Cli, ClockCommand, Command, DocCommand, HandoverCommand, PeopleCommand, PlanCommand};
use commands::{
    backup, bundle, calendar, case, clock, complaint, documents, log, people, plan, privacy,
    provision,
};
use output::Output;

fn main() -> ExitCode {
    // Started as a contained reader of one untrusted file: do that and nothing else.
    if let Some(code) = casefile_core::serve_contained_reader_if_asked() {
        return ExitCode::from(u8::try_from(code).unwrap_or(1));
    }
    casefile_core::enable_contained_readers();
    // clap exits with 2 on usage errors and 0 for --help/--version.
    let cli = Cli::parse();
    let json = cli.json;
    match run(cli) {
        Ok(output) => {
            if json {
                println!("{}", output.json);
            } else if !output.text.is_empty() {
                println!("{}", output.text);
            }
            if output.refused {
                // Every input was reported; the exit code says some were refused.
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            if json {
                println!(
                    "{}",
                    json!({ "error": { "kind": e.kind(), "message": e.to_string() } })
                );
            } else {
                eprintln!("casefile: {e}");
            }
            ExitCode::from(1)
        }
    }
}

/// One subcommand, to its group's file. Commands that need no data folder, or must not open
/// the one there (it may be too damaged to open), run before it is opened.
fn run(cli: Cli) -> Result<Output, CoreError> {
    let home = cli.home.as_deref();
    match cli.command {
        Command::Calendar(command) => return calendar::run_calendar(command),
        Command::Clock(ClockCommand::Processes) => return Ok(clock::list_processes()),
        Command::Verify { file } => return backup::verify(&file),
        Command::Restore { from } => return backup::restore(home, &from),
        Command::Backup {
            restore: Some(file),
            ..
        } => return backup::restore_backup(home, &file),
        Command::Recover => return privacy::recover(home),
        _ => {}
    }
    let home = casefile_core::resolve_home(home)?;
    let mut store = secrets::open_store(&home, cli.no_passphrase)?;
    if matches!(cli.command, Command::Protect) {
        // Encrypting in place takes the open store and gives back the protected one.
        return privacy::protect(store);
    }
    let store = &mut store;
    match cli.command {
        Command::Passphrase => privacy::passphrase(store),
        Command::NewRecoveryKey => privacy::new_recovery_key(store),
        Command::Handover(HandoverCommand::Export { case_id, out }) => {
            privacy::handover_export(store, case_id, &out)
        }
        Command::Handover(HandoverCommand::Import { file }) => {
            privacy::handover_import(store, &file)
        }
        Command::Clock(command) => clock::run_clock(store, command),
        Command::Deadlines { case_id, on, ics } => clock::deadlines(store, case_id, on, ics),
        Command::Log(command) => log::run_log(store, command),
        Command::Provision(command) => provision::run_provision(store, command),
        Command::Terms(command) => provision::run_terms(store, command),
        Command::Bundle(command) => bundle::run_bundle(store, command),
        Command::People(PeopleCommand::List { case_id }) => people::list(store, case_id),
        Command::People(PeopleCommand::Merge { keep, duplicate }) => {
            people::merge(store, keep, duplicate)
        }
        Command::Complaint(command) => complaint::run(store, command),
        Command::Report(command) => complaint::report(store, command),
        Command::Plan(PlanCommand::Sections { document_id }) => plan::sections(store, document_id),
        Command::Plan(PlanCommand::Check { document_id }) => plan::check(store, document_id),
        Command::Plan(PlanCommand::Lines { document_id }) => plan::lines(store, document_id),
        Command::Plan(PlanCommand::SetSections {
            document_id,
            starts,
            ..
        }) => plan::set_sections(store, document_id, &starts),
        Command::Plan(PlanCommand::Provisions { document_id }) => {
            plan::provisions(store, document_id)
        }
        Command::Plan(PlanCommand::ToLedger {
            document_id,
            number,
            from,
            minutes,
            sessions,
            per,
        }) => plan::to_ledger(
            store,
            document_id,
            number,
            plan::Given {
                from,
                minutes,
                sessions,
                per,
            },
        ),
        Command::Plan(PlanCommand::WorkingDocument {
            case_id,
            plan_id,
            sections,
            out,
        }) => plan::working_document(store, case_id, plan_id, &sections, out.as_deref()),
        Command::Plan(PlanCommand::Propose {
            plan_id,
            section,
            paragraph,
            by,
            wording,
            evidence,
            evidence_document,
            evidence_page,
        }) => plan::propose(
            store,
            plan_id,
            &WorkingProposal {
                section,
                paragraph,
                by,
                wording,
                evidence,
                evidence_document,
                evidence_page,
            },
        ),
        Command::Plan(PlanCommand::Agree {
            plan_id,
            section,
            paragraph,
        }) => plan::agree(store, plan_id, &section, paragraph),
        Command::Plan(PlanCommand::CouncilReply {
            plan_id,
            file,
            take,
        }) => plan::council_reply(store, plan_id, &file, take),
        Command::Plan(PlanCommand::Compare {
            old_id,
            new_id,
            pdf,
            keep,
            letter,
        }) => plan::compare(store, old_id, new_id, plan::Outputs { pdf, keep, letter }),
        Command::Import {
            case_id,
            password,
            files,
        } => documents::import(store, case_id, password, files),
        Command::Ocr { case_id } => documents::ocr(store, case_id),
        Command::Doc(DocCommand::Edit {
            id,
            title,
            date,
            kind,
            author,
            tags,
        }) => documents::edit(
            store,
            id,
            casefile_core::DocumentChanges {
                title,
                date,
                kind,
                author,
                tags: (!tags.is_empty()).then_some(tags),
            },
        ),
        Command::Doc(DocCommand::List { case_id }) => documents::list(store, case_id),
        Command::Doc(DocCommand::Save { id, out }) => documents::save(store, id, &out),
        Command::Redact {
            id,
            bundle,
            find,
            texts,
            boxes,
            reason,
            drop_signature,
        } => match (id, bundle) {
            (_, Some(bundle)) => documents::redact_bundle(store, bundle, texts, find, reason),
            (Some(id), None) if find => documents::find_to_redact(store, id, &texts),
            (Some(id), None) => documents::redact(store, id, texts, &boxes, reason, drop_signature),
            (None, None) => unreachable!("clap asks for --doc or --bundle"),
        },
        Command::Search {
            case_id,
            kind,
            party,
            from,
            to,
            query,
        } => documents::search(store, case_id, query, kind, party, from, to),
        Command::Backup { list, .. } => backup::backup(store, list),
        Command::Export { out } => backup::export(store, &out),
        Command::Check { repair } => backup::check(store, repair),
        Command::Quarantine { case_id } => backup::take_back(store, case_id),
        Command::Case(command) => case::run_case(store, command),
        Command::Demo => case::demo(store),
        // Handled above.
        Command::Protect
        | Command::Calendar(_)
        | Command::Verify { .. }
        | Command::Restore { .. }
        | Command::Recover => Ok(Output {
            text: String::new(),
            json: json!(null),
            refused: false,
        }),
    }
}
