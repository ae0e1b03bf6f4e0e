//! `casefile`: Casefile's operations from the command line (contract: DESIGN §5).
//!
//! Exit codes: 0 success; 1 input refused (with a message saying why); 2 usage error.
//! `--json` prints exactly one JSON document on standard output, errors included.

use std::path::PathBuf;
use std::process::ExitCode;

use casefile_core::{Case, CaseDetails, CaseFilter, CoreError, EhcpStatus, Store, demo};
use clap::{Args, Parser, Subcommand};
use serde_json::json;

#[derive(Debug, Parser)]
#[command(
    name = "casefile",
    version,
    about = "Keep a child's SEND case file on this computer, and turn it into evidence.",
    after_help = "Data lives in the folder given by --home, else $CASEFILE_HOME, else your user data folder (for example ~/.local/share/Casefile)."
)]
struct Cli {
    /// Data folder to use instead of the usual one.
    #[arg(long, global = true, value_name = "DIR")]
    home: Option<PathBuf>,
    /// Print one JSON document instead of text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create, list, show, edit, archive and restore cases.
    #[command(subcommand)]
    Case(CaseCommand),
    /// Create a fictional demo case to explore Casefile with.
    Demo,
}

#[derive(Debug, Subcommand)]
enum CaseCommand {
    /// Create a case for a child; prints the new case's number.
    New(NewCase),
    /// List cases (active ones unless told otherwise).
    List {
        /// List archived cases instead.
        #[arg(long, conflicts_with = "all")]
        archived: bool,
        /// List active and archived cases.
        #[arg(long)]
        all: bool,
    },
    /// Show one case.
    Show { id: i64 },
    /// Change a case's details; only the options given change ("" clears a detail).
    Edit(EditCase),
    /// Move a case out of the main list (nothing is deleted).
    Archive { id: i64 },
    /// Bring an archived case back.
    Restore { id: i64 },
}

#[derive(Debug, Args)]
struct NewCase {
    /// The child's name.
    #[arg(long)]
    name: String,
    #[command(flatten)]
    details: DetailOptions,
}

#[derive(Debug, Args)]
struct EditCase {
    id: i64,
    /// The child's name.
    #[arg(long)]
    name: Option<String>,
    #[command(flatten)]
    details: DetailOptions,
}

#[derive(Debug, Args)]
struct DetailOptions {
    /// Date of birth, YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    dob: Option<String>,
    /// Local authority (council).
    #[arg(long, value_name = "NAME")]
    la: Option<String>,
    /// School or setting.
    #[arg(long, value_name = "NAME")]
    school: Option<String>,
    /// EHC plan status: none, requested, assessing, draft, final or under_appeal.
    #[arg(long, value_name = "STATUS")]
    status: Option<String>,
    /// SEND Tribunal reference, e.g. EH123/26/00045.
    #[arg(long, value_name = "REF")]
    tribunal_ref: Option<String>,
}

impl DetailOptions {
    /// Lays the given options over `base`.
    fn apply(self, mut base: CaseDetails) -> Result<CaseDetails, CoreError> {
        if let Some(status) = self.status {
            base.ehcp_status = EhcpStatus::parse(&status)?;
        }
        base.date_of_birth = self.dob.or(base.date_of_birth);
        base.local_authority = self.la.or(base.local_authority);
        base.school = self.school.or(base.school);
        base.tribunal_reference = self.tribunal_ref.or(base.tribunal_reference);
        Ok(base)
    }
}

/// What a command produced: text for people and a JSON document for programs.
struct Output {
    text: String,
    json: serde_json::Value,
}

fn main() -> ExitCode {
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
            ExitCode::SUCCESS
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

fn run(cli: Cli) -> Result<Output, CoreError> {
    let home = casefile_core::resolve_home(cli.home.as_deref())?;
    let mut store = Store::open(&home)?;
    match cli.command {
        Command::Case(command) => run_case(&mut store, command),
        Command::Demo => {
            let outcome = demo::create_demo_case(&mut store)?;
            let text = if outcome.created {
                format!(
                    "Created the demo case {} for {} (fictional). Open Casefile to explore it.",
                    outcome.case.id, outcome.case.child_name
                )
            } else {
                format!(
                    "The demo case already exists: case {} ({}).",
                    outcome.case.id, outcome.case.child_name
                )
            };
            Ok(Output {
                text,
                json: json!({ "case": outcome.case, "created": outcome.created }),
            })
        }
    }
}

fn run_case(store: &mut Store, command: CaseCommand) -> Result<Output, CoreError> {
    match command {
        CaseCommand::New(new) => {
            let details = new.details.apply(CaseDetails {
                child_name: new.name,
                ..CaseDetails::default()
            })?;
            let case = store.create_case(&details)?;
            // Plain text is just the number, so scripts can write `id=$(casefile case new …)`.
            Ok(Output {
                text: case.id.to_string(),
                json: json!(case),
            })
        }
        CaseCommand::List { archived, all } => {
            let filter = match (archived, all) {
                (_, true) => CaseFilter::All,
                (true, false) => CaseFilter::Archived,
                (false, false) => CaseFilter::Active,
            };
            let cases = store.list_cases(filter)?;
            Ok(Output {
                text: case_table(&cases, filter),
                json: json!({ "cases": cases }),
            })
        }
        CaseCommand::Show { id } => one_case(store.case(id)?),
        CaseCommand::Edit(edit) => {
            let current = store.case(edit.id)?;
            let base = CaseDetails {
                child_name: edit.name.unwrap_or(current.child_name),
                date_of_birth: current
                    .date_of_birth
                    .map(|d| d.format("%Y-%m-%d").to_string()),
                local_authority: current.local_authority,
                school: current.school,
                ehcp_status: current.ehcp_status,
                tribunal_reference: current.tribunal_reference,
            };
            let details = edit.details.apply(base)?;
            one_case(store.update_case(edit.id, &details)?)
        }
        CaseCommand::Archive { id } => one_case(store.archive_case(id)?),
        CaseCommand::Restore { id } => one_case(store.restore_case(id)?),
    }
}

fn one_case(case: Case) -> Result<Output, CoreError> {
    let line = |label: &str, value: Option<String>| {
        format!("{label:<20}{}\n", value.unwrap_or_else(|| "—".into()))
    };
    let mut text = String::new();
    text += &line("Case", Some(case.id.to_string()));
    text += &line("Child", Some(case.child_name.clone()));
    text += &line("Date of birth", case.date_of_birth.map(long_date));
    text += &line("Local authority", case.local_authority.clone());
    text += &line("School or setting", case.school.clone());
    text += &line("EHC plan", Some(case.ehcp_status.label().into()));
    text += &line("Tribunal reference", case.tribunal_reference.clone());
    if case.archived_at.is_some() {
        text += &line("Archived", Some("yes".into()));
    }
    if case.is_demo {
        text += &line("Demo", Some("yes — a fictional case".into()));
    }
    Ok(Output {
        text: text.trim_end().to_owned(),
        json: json!(case),
    })
}

fn case_table(cases: &[Case], filter: CaseFilter) -> String {
    if cases.is_empty() {
        return match filter {
            CaseFilter::Archived => "No archived cases.".into(),
            _ => "No cases yet. Create one with: casefile case new --name \"Child's name\"".into(),
        };
    }
    let rows: Vec<[String; 5]> = cases
        .iter()
        .map(|c| {
            [
                c.id.to_string(),
                c.child_name.clone(),
                c.date_of_birth.map(long_date).unwrap_or_default(),
                c.ehcp_status.label().to_owned(),
                c.local_authority.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let header = ["ID", "CHILD", "BORN", "EHC PLAN", "LOCAL AUTHORITY"].map(String::from);
    let widths: Vec<usize> = (0..5)
        .map(|i| {
            std::iter::once(&header)
                .chain(&rows)
                .map(|r| r[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    std::iter::once(&header)
        .chain(&rows)
        .map(|r| {
            r.iter()
                .zip(&widths)
                .map(|(cell, w)| format!("{cell}{}", " ".repeat(w - cell.chars().count())))
                .collect::<Vec<_>>()
                .join("  ")
                .trim_end()
                .to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// "Mon 3 Feb 2025" (DESIGN §2 principle 4).
fn long_date(date: chrono::NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}
