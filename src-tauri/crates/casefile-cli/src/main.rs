//! `casefile`: Casefile's operations from the command line (contract: DESIGN §5).
//!
//! Exit codes: 0 success; 1 input refused (with a message saying why); 2 usage error.
//! `--json` prints exactly one JSON document on standard output, errors included.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

use casefile_core::keys::{DEFAULT_KDF, RecoveryKey};
use casefile_core::rules::{self, Region, WorkingDays};
use casefile_core::{
    Bundle, BundleKind, Case, CaseDeadline, CaseDetails, CaseFilter, Clock, ClockStart, CoreError,
    Direction, EhcpStatus, Entry, EntryDetails, EvidenceKind, ImportOutcome, ItemSource,
    OutcomeKind, Provision, ProvisionDetails, ProvisionReport, SessionDetails, Store,
    ledger::Schedule,
};
use casefile_core::{FolderState, folder_state};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use serde_json::json;
use zeroize::Zeroizing;

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
    /// Make a new data folder without a passphrase (not recommended: anyone who has the
    /// computer can then read the case file).
    #[arg(long, global = true)]
    no_passphrase: bool,
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
    /// Start statutory clocks and record what happened.
    #[command(subcommand)]
    Clock(ClockCommand),
    /// Every deadline of a case with its due date, status, rule and source.
    Deadlines {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
        /// Work out the status as on this day instead of today (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// Also write the dated deadlines to this iCalendar (.ics) file for a calendar app.
        #[arg(long, value_name = "FILE")]
        ics: Option<PathBuf>,
    },
    /// Bank holidays and working days.
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// The correspondence log: letters, emails, calls, meetings and portal messages.
    #[command(subcommand)]
    Log(LogCommand),
    /// The provision ledger: what the plan promises against what is delivered.
    #[command(subcommand)]
    Provision(ProvisionCommand),
    /// The school's term dates and INSET days, for term-time provision.
    #[command(subcommand)]
    Terms(TermsCommand),
    /// Import files into a case: PDF, JPEG/PNG photos, emails (.eml) and .txt; one result line per file.
    Import {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
        /// The password of password-protected PDFs among the files: each is kept as it came,
        /// with a readable copy.
        #[arg(long)]
        password: Option<String>,
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// A case's documents.
    #[command(subcommand)]
    Doc(DocCommand),
    /// Back the database up now (kept in the data folder's backups/; the newest ten are kept).
    Backup {
        /// List the backups instead of making one.
        #[arg(long)]
        list: bool,
        /// Put the database back as this backup had it (the current one is backed up first).
        #[arg(long, value_name = "FILE", conflicts_with = "list")]
        restore: Option<PathBuf>,
    },
    /// Write everything (database and documents) into one file, for a USB stick or another
    /// computer; it is read back to check it.
    Export {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Check an export file by reading all of it back.
    Verify {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Restore an export into a new, empty data folder (the --home folder).
    Restore {
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
    },
    /// Protect this case file with a passphrase: encrypts the database and every document in
    /// place (safe to interrupt: it finishes at the next unlock). The passphrase comes from
    /// CASEFILE_PASSPHRASE, or is asked for; a recovery key is printed once.
    Protect,
    /// Change the passphrase: the current one from CASEFILE_PASSPHRASE (or asked for), the new one
    /// from CASEFILE_NEW_PASSPHRASE (or asked for twice).
    Passphrase,
    /// Set a new passphrase with the printed recovery key, when the passphrase is forgotten. The
    /// key from CASEFILE_RECOVERY_KEY or asked for; the new passphrase from
    /// CASEFILE_NEW_PASSPHRASE or asked for twice.
    Recover,
    /// Print a new recovery key (the old one stops working); needs the passphrase.
    NewRecoveryKey,
    /// Check the data folder is whole: the database, and every document's stored file.
    Check {
        /// Also remove stored files no document refers to (left by an import that was cut off).
        #[arg(long)]
        repair: bool,
    },
    /// Read the text of scans and photos waiting for it (OCR with Tesseract, on this computer).
    Ocr {
        #[arg(long = "case", value_name = "ID")]
        case_id: Option<i64>,
    },
    /// The case's register of people and organisations.
    #[command(subcommand)]
    People(PeopleCommand),
    /// Hand one case over to another computer: one encrypted file per case.
    #[command(subcommand)]
    Handover(HandoverCommand),
    /// Evidence bundles: plan them, and build one PDF a judge can use.
    #[command(subcommand)]
    Bundle(BundleCommand),
    /// Search a case's documents and correspondence.
    Search {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
        /// Only documents of this kind (letter, report-medical…), or `correspondence`.
        #[arg(long)]
        kind: Option<String>,
        /// Only documents from, or entries with, this person or organisation.
        #[arg(long, value_name = "NAME")]
        party: Option<String>,
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        #[arg(required = true)]
        query: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
enum HandoverCommand {
    /// Write one case into a hand-over file, encrypted under a passphrase of its own (from
    /// CASEFILE_HANDOVER_PASSPHRASE, or asked for twice). Tell the family the passphrase
    /// separately from the file.
    Export {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Take in the case from a hand-over file as a new case (passphrase from
    /// CASEFILE_HANDOVER_PASSPHRASE, or asked for).
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum PeopleCommand {
    /// The people and organisations of a case, with their numbers.
    List {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
    },
    /// Merge a duplicate into the entry to keep (its letters, calls and documents move over).
    Merge {
        #[arg(value_name = "KEEP")]
        keep: i64,
        #[arg(value_name = "DUPLICATE")]
        duplicate: i64,
    },
}

#[derive(Debug, Subcommand)]
enum BundleCommand {
    /// Build a bundle into one PDF. Without --bundle: the case's saved bundle of that kind, or
    /// every document of the case in date order.
    Build {
        #[arg(long = "case", value_name = "ID")]
        case_id: Option<i64>,
        /// A saved bundle (from `casefile bundle list`).
        #[arg(long = "bundle", value_name = "ID")]
        bundle_id: Option<i64>,
        #[arg(long, value_name = "FILE.pdf")]
        out: PathBuf,
        /// evidence (default), hearing or complaint.
        #[arg(long, default_value = "evidence")]
        kind: String,
        /// Keep the page references of the previous version: added pages become D12A, D12B…
        #[arg(long)]
        keep_references: bool,
        /// The build date printed on the cover (default today), YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// Save a new bundle plan with the default sections; prints its number.
    New {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
        /// evidence (default), hearing or complaint.
        #[arg(long, default_value = "evidence")]
        kind: String,
        #[arg(long)]
        title: Option<String>,
    },
    /// A case's saved bundles.
    List {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
    },
    /// A bundle's sections and items, with page counts and versions.
    Show {
        #[arg(value_name = "BUNDLE")]
        bundle_id: i64,
    },
    /// Add a document (or a generated document) to a section.
    Add {
        #[arg(long = "bundle", value_name = "ID")]
        bundle_id: i64,
        #[arg(long)]
        section: String,
        #[arg(long = "doc", value_name = "ID")]
        document_id: Option<i64>,
        /// chronology, shortfall or correspondence, instead of --doc.
        #[arg(long)]
        generated: Option<String>,
    },
    /// Take an item out of its bundle.
    Remove {
        #[arg(value_name = "ITEM")]
        item_id: i64,
    },
    /// Move an item to a position (1 = first) in its section or another.
    Move {
        #[arg(value_name = "ITEM")]
        item_id: i64,
        #[arg(long)]
        section: Option<String>,
        #[arg(long)]
        position: usize,
    },
    /// Mark an item as expert-report, witness-statement or other (for the page limits).
    Kind {
        #[arg(value_name = "ITEM")]
        item_id: i64,
        kind: String,
    },
    /// Add a section at the end of a bundle.
    SectionAdd {
        #[arg(long = "bundle", value_name = "ID")]
        bundle_id: i64,
        #[arg(long)]
        letter: String,
        #[arg(long)]
        title: String,
        /// Most pages the section should have.
        #[arg(long)]
        limit: Option<u32>,
    },
    /// Rename a section or change its page limit (without --limit: no limit).
    SectionEdit {
        #[arg(value_name = "SECTION")]
        section_id: i64,
        #[arg(long)]
        title: String,
        #[arg(long)]
        limit: Option<u32>,
    },
    /// Remove an empty section.
    SectionRemove {
        #[arg(value_name = "SECTION")]
        section_id: i64,
    },
    /// Rename a bundle or set its appeal type (sets the evidence page limit).
    Set {
        #[arg(value_name = "BUNDLE")]
        bundle_id: i64,
        #[arg(long)]
        title: Option<String>,
        /// refusal-to-assess, refusal-to-issue, contents, placement, cease or extended.
        #[arg(long)]
        appeal: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum DocCommand {
    /// List a case's documents with their SHA-256.
    List {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
    },
    /// Change a document's title, date, kind, author or tags (its bytes never change).
    Edit {
        #[arg(value_name = "DOCUMENT")]
        id: i64,
        #[arg(long)]
        title: Option<String>,
        /// YYYY-MM-DD, or "" to clear.
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// ehcp-draft, ehcp-final, report-educational-psychology, report-speech-language,
        /// report-occupational-therapy, report-physiotherapy, report-medical, report-camhs,
        /// decision-letter, annual-review, school-report, letter, email, tribunal-paper, other.
        #[arg(long)]
        kind: Option<String>,
        /// Who it is from (matched to, or added to, the case's register).
        #[arg(long, value_name = "NAME")]
        author: Option<String>,
        /// A tag; repeat for several. Replaces the document's tags.
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
enum ProvisionCommand {
    /// Add a provision from the plan; prints its number.
    Add {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
        /// A short name, e.g. "Speech and language therapy".
        #[arg(long)]
        title: String,
        /// Minutes per session.
        #[arg(long)]
        minutes: u32,
        /// week, fortnight, month, half-term, term or year.
        #[arg(long)]
        per: String,
        /// Sessions each week, fortnight… (default 1).
        #[arg(long, default_value_t = 1)]
        sessions: u32,
        #[arg(long, value_name = "DATE")]
        from: String,
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Only during term time (follows the school's calendar: `casefile terms`).
        #[arg(long)]
        term_time: bool,
        /// F, G, H1 or H2 (default F).
        #[arg(long, default_value = "F")]
        section: String,
        /// The plan's words, verbatim.
        #[arg(long, default_value = "")]
        wording: String,
        #[arg(long)]
        provider: Option<String>,
    },
    /// List a case's provisions with their schedules.
    List {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
    },
    /// Change a provision's schedule from a date (an amended plan); logged sessions are kept.
    Amend {
        #[arg(long = "provision", value_name = "ID")]
        provision_id: i64,
        #[arg(long, value_name = "DATE")]
        from: String,
        #[arg(long)]
        minutes: u32,
        #[arg(long)]
        per: String,
        #[arg(long, default_value_t = 1)]
        sessions: u32,
        #[arg(long)]
        term_time: bool,
    },
    /// Log a session as delivered, partly delivered, missed or cancelled.
    Log {
        #[arg(long = "provision", value_name = "ID")]
        provision_id: i64,
        #[arg(long, value_name = "DATE")]
        date: String,
        /// delivered, partial, missed or cancelled.
        #[arg(long)]
        status: String,
        /// Minutes delivered (for partial).
        #[arg(long)]
        minutes: Option<u32>,
        #[arg(long)]
        reason: Option<String>,
        /// provider, school or child (for missed or cancelled).
        #[arg(long)]
        by: Option<String>,
        /// A catch-up session for earlier missed ones (offered: log it missed or cancelled).
        #[arg(long)]
        catch_up: bool,
        /// The correspondence entry (from `casefile log list`) that shows what happened.
        #[arg(long, value_name = "ENTRY_ID")]
        evidence: Option<i64>,
    },
    /// Mark every owed session in a date range as delivered, except on the dates given.
    LogRange {
        #[arg(long = "provision", value_name = "ID")]
        provision_id: i64,
        #[arg(long, value_name = "DATE")]
        from: String,
        #[arg(long, value_name = "DATE")]
        to: String,
        /// A date to leave out (repeat for several).
        #[arg(long, value_name = "DATE")]
        except: Vec<String>,
    },
    /// List a provision's logged sessions, newest first.
    Sessions {
        #[arg(long = "provision", value_name = "ID")]
        provision_id: i64,
    },
    /// Expected against delivered, the shortfall in sessions and hours, by provision.
    Report {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Also write the table as CSV to this file.
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
        /// Also write the table as a PDF page to this file.
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum TermsCommand {
    /// Add a half-term.
    Add {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
        /// e.g. "Autumn 1".
        #[arg(long)]
        name: String,
        #[arg(long, value_name = "DATE")]
        from: String,
        #[arg(long, value_name = "DATE")]
        to: String,
    },
    /// Mark an INSET day (school closed to pupils).
    Inset {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
        #[arg(long, value_name = "DATE")]
        date: String,
    },
    /// Import a list: one "Autumn 1, 2026-09-02, 2026-10-23" or "INSET, 2026-09-02" a line.
    Import {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
        file: PathBuf,
    },
    /// Copy an academic year's terms forward a year (same weekdays) to correct by hand.
    Copy {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
        /// The academic year to copy, by its first calendar year (2026 for 2026-27).
        #[arg(long)]
        year: i32,
    },
    /// List the school calendar.
    List {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
    },
}

#[derive(Debug, Subcommand)]
enum LogCommand {
    /// Log a letter, email, call, meeting or portal message; prints the new entry's number.
    Add {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
        /// When it happened, YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        date: String,
        /// The time, HH:MM (optional).
        #[arg(long, value_name = "HH:MM")]
        time: Option<String>,
        /// letter, email, phone, meeting, portal or other.
        #[arg(long)]
        channel: String,
        /// in (received) or out (sent or made by you).
        #[arg(long)]
        direction: String,
        /// Who it was with (matched to the case's people and organisations, or added).
        #[arg(long)]
        party: Option<String>,
        #[arg(long)]
        subject: Option<String>,
        /// A summary or the full call note.
        #[arg(long)]
        summary: String,
        /// Remind me to follow this up by this date, YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        follow_up: Option<String>,
        /// A document of the case this is about (repeat for several).
        #[arg(long = "doc", value_name = "DOC_ID")]
        documents: Vec<i64>,
    },
    /// List a case's log, newest first.
    List {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
    },
    /// Replace an entry's note; the earlier versions are kept with their times.
    Edit {
        #[arg(long = "entry", value_name = "ID")]
        entry_id: i64,
        #[arg(long)]
        summary: String,
    },
    /// Every version of an entry's note, with when each was written.
    History {
        #[arg(long = "entry", value_name = "ID")]
        entry_id: i64,
    },
    /// Mark an entry's follow-up as done today.
    Done {
        #[arg(long = "entry", value_name = "ID")]
        entry_id: i64,
    },
}

#[derive(Debug, Subcommand)]
enum ClockCommand {
    /// List the processes a clock can be started for.
    Processes,
    /// Start a clock for a case from a real date.
    Start {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
        /// A process name from `casefile clock processes`.
        #[arg(long)]
        process: String,
        /// The start date (what it means depends on the process), YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        date: String,
        /// An optional name, e.g. "Annual review 2026".
        #[arg(long)]
        label: Option<String>,
    },
    /// Show one clock and its deadlines.
    Show {
        id: i64,
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// Record the date of one of a clock's events (e.g. draft-served).
    Event {
        #[arg(long = "clock", value_name = "ID")]
        clock_id: i64,
        #[arg(long)]
        event: String,
        #[arg(long, value_name = "DATE")]
        date: String,
    },
    /// Record what happened to a step: met (with --date), missed, not-applicable or open.
    Record {
        #[arg(long = "clock", value_name = "ID")]
        clock_id: i64,
        #[arg(long)]
        step: String,
        #[arg(long)]
        outcome: String,
        /// The date it was done (for `met`).
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[arg(long)]
        note: Option<String>,
        /// The correspondence entry (from `casefile log list`) that proves it.
        #[arg(long, value_name = "ENTRY_ID")]
        evidence: Option<i64>,
    },
    /// Set the date of a step by hand (e.g. set by the Tribunal); an empty date clears it.
    SetDate {
        #[arg(long = "clock", value_name = "ID")]
        clock_id: i64,
        #[arg(long)]
        step: String,
        #[arg(long, value_name = "DATE")]
        date: String,
    },
    /// Draft a chasing letter for a missed deadline (prints it, or writes it to --out).
    Letter {
        #[arg(long = "clock", value_name = "ID")]
        clock_id: i64,
        #[arg(long)]
        step: String,
        /// Write the letter to this text file instead of printing it.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Also write the letter as an A4 PDF to this file.
        #[arg(long, value_name = "FILE")]
        pdf: Option<PathBuf>,
    },
    /// Record an exception from the regulations that lifts the time limits.
    Exception {
        #[arg(long = "clock", value_name = "ID")]
        clock_id: i64,
        /// school-closure, exceptional-personal-circumstances or absent-from-area.
        #[arg(long)]
        kind: String,
        #[arg(long)]
        note: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum CalendarCommand {
    /// Bank holidays, one ISO date per line (England and Wales unless --region says otherwise).
    BankHolidays {
        from_year: i32,
        to_year: i32,
        /// england-and-wales, scotland or northern-ireland.
        #[arg(long, default_value = "england-and-wales")]
        region: String,
    },
    /// The date N working days after DATE (England and Wales bank holidays unless told otherwise).
    AddWorkingDays {
        date: String,
        n: u32,
        /// england-and-wales, any-uk-region (FOI) or tribunal.
        #[arg(long = "calendar", default_value = "england-and-wales")]
        calendar: String,
    },
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

/// Set by a batch command that processed everything but refused some of it: exit 1 after output.
static SOME_INPUT_REFUSED: AtomicBool = AtomicBool::new(false);

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
            if SOME_INPUT_REFUSED.load(Ordering::Relaxed) {
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

/// A secret from the environment variable `env`, else typed at the terminal (twice when
/// `confirm`); None when neither is possible (a script with no terminal).
fn secret(env: &str, prompt: &str, confirm: bool) -> Result<Option<Zeroizing<String>>, CoreError> {
    if let Some(value) = std::env::var_os(env).filter(|v| !v.is_empty()) {
        return Ok(Some(Zeroizing::new(value.to_string_lossy().into_owned())));
    }
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let read = |prompt: &str| {
        rpassword::prompt_password(prompt)
            .map(Zeroizing::new)
            .map_err(|e| {
                CoreError::invalid(
                    "passphrase",
                    format!("The passphrase could not be read ({e})."),
                )
            })
    };
    let first = read(prompt)?;
    if confirm && *read("Type it again: ")? != *first {
        return Err(CoreError::invalid(
            "passphrase",
            "The two passphrases are not the same. Nothing was changed; try again.",
        ));
    }
    Ok(Some(first))
}

fn no_secret(what: &str, env: &str) -> CoreError {
    CoreError::invalid(
        "passphrase",
        format!(
            "Casefile needs {what}: set {env}, or run casefile in a terminal to type it. Nothing was changed."
        ),
    )
}

/// The recovery key as the family should keep it.
fn recovery_sheet(recovery: &RecoveryKey) -> String {
    format!(
        "RECOVERY KEY (write it down or print it, and keep it away from this computer):\n\n    {}\n\nIf the passphrase is forgotten, `casefile recover` sets a new one with this key. Without both, the case file cannot be opened by anyone, including Casefile.",
        recovery.0
    )
}

/// Opens the data folder: a protected one with its passphrase; a new one is protected with a
/// passphrase unless `--no-passphrase` says otherwise.
fn open_store(home: &std::path::Path, no_passphrase: bool) -> Result<Store, CoreError> {
    match folder_state(home) {
        FolderState::Protected => {
            let passphrase = secret("CASEFILE_PASSPHRASE", "Passphrase: ", false)?.ok_or_else(|| {
                CoreError::invalid(
                    "passphrase",
                    format!("The case file in {} is protected by a passphrase: set CASEFILE_PASSPHRASE, or run casefile in a terminal to type it.", home.display()),
                )
            })?;
            Store::unlock(home, &passphrase)
        }
        FolderState::New if !no_passphrase => {
            let passphrase = secret("CASEFILE_PASSPHRASE", "This is a new case file. Choose a passphrase to protect it: ", true)?
                .ok_or_else(|| CoreError::invalid(
                    "passphrase",
                    format!("{} holds no case file yet, and Casefile protects new ones with a passphrase: set CASEFILE_PASSPHRASE, or run casefile in a terminal to choose one. To keep it unprotected, add --no-passphrase.", home.display()),
                ))?;
            let (store, recovery) = Store::create_protected(home, &passphrase, DEFAULT_KDF)?;
            eprintln!(
                "A new case file, protected by your passphrase.\n{}",
                recovery_sheet(&recovery)
            );
            Ok(store)
        }
        _ => Store::open(home),
    }
}

/// The passphrase of a protected export (None for a plain one).
fn export_passphrase(file: &std::path::Path) -> Result<Option<Zeroizing<String>>, CoreError> {
    if !casefile_core::export_is_protected(file)? {
        return Ok(None);
    }
    secret("CASEFILE_PASSPHRASE", "The export's passphrase: ", false)?
        .map(Some)
        .ok_or_else(|| no_secret("the export's passphrase", "CASEFILE_PASSPHRASE"))
}

fn run(cli: Cli) -> Result<Output, CoreError> {
    // Commands that need no data folder, or must not open one.
    match cli.command {
        Command::Calendar(command) => return run_calendar(command),
        Command::Clock(ClockCommand::Processes) => return Ok(list_processes()),
        Command::Verify { file } => {
            let passphrase = export_passphrase(&file)?;
            let report =
                casefile_core::verify_export(&file, passphrase.as_deref().map(String::as_str))?;
            return Ok(Output {
                text: format!(
                    "{} is whole: {} case(s), {} document(s), {} stored file(s), {} MB.",
                    report.path,
                    report.cases,
                    report.documents,
                    report.files,
                    report.bytes / (1024 * 1024)
                ),
                json: json!({ "export": report }),
            });
        }
        Command::Restore { from } => {
            let home = casefile_core::resolve_home(cli.home.as_deref())?;
            let passphrase = export_passphrase(&from)?;
            let report = casefile_core::restore_export(
                &from,
                &home,
                passphrase.as_deref().map(String::as_str),
            )?;
            return Ok(Output {
                text: format!(
                    "Restored {} case(s) and {} document(s) into {}.",
                    report.cases,
                    report.documents,
                    home.display()
                ),
                json: json!({ "export": report, "home": home }),
            });
        }
        Command::Backup {
            restore: Some(backup),
            ..
        } => {
            // Without opening the current database, which may be too damaged to open.
            let home = casefile_core::resolve_home(cli.home.as_deref())?;
            let key = match folder_state(&home) {
                FolderState::Protected => {
                    let passphrase = secret("CASEFILE_PASSPHRASE", "Passphrase: ", false)?
                        .ok_or_else(|| no_secret("the passphrase", "CASEFILE_PASSPHRASE"))?;
                    Some(casefile_core::unlock_key(&home, &passphrase)?)
                }
                _ => None,
            };
            let (_store, report) = casefile_core::restore_backup_in(&home, key, &backup)?;
            let mut text = format!(
                "The case file is back as it was in {}. The file it replaced is kept among the backups (before-restore).",
                backup.display()
            );
            if !report.missing.is_empty() {
                text.push_str(&format!(
                    "\nThese documents' files are no longer in the folder: {}.",
                    report.missing.join(", ")
                ));
            }
            return Ok(Output {
                text,
                json: json!({ "restored": backup, "check": report }),
            });
        }
        Command::Recover => {
            let home = casefile_core::resolve_home(cli.home.as_deref())?;
            let recovery = secret("CASEFILE_RECOVERY_KEY", "Recovery key: ", false)?
                .ok_or_else(|| no_secret("the recovery key", "CASEFILE_RECOVERY_KEY"))?;
            let new = secret("CASEFILE_NEW_PASSPHRASE", "New passphrase: ", true)?
                .ok_or_else(|| no_secret("a new passphrase", "CASEFILE_NEW_PASSPHRASE"))?;
            Store::unlock_with_recovery(&home, &recovery, &new)?;
            return Ok(Output {
                text: "The new passphrase is set; the recovery key still works.".into(),
                json: json!({ "recovered": true }),
            });
        }
        _ => {}
    }
    let home = casefile_core::resolve_home(cli.home.as_deref())?;
    let mut store = open_store(&home, cli.no_passphrase)?;
    match cli.command {
        Command::Protect => {
            let passphrase = secret("CASEFILE_PASSPHRASE", "Choose a passphrase: ", true)?
                .ok_or_else(|| no_secret("a passphrase", "CASEFILE_PASSPHRASE"))?;
            let (_store, recovery) = store.protect(&passphrase, DEFAULT_KDF)?;
            Ok(Output {
                text: format!(
                    "This case file is now encrypted and opens only with the passphrase.\n{}",
                    recovery_sheet(&recovery)
                ),
                json: json!({ "protected": true, "recovery_key": recovery.0 }),
            })
        }
        Command::Passphrase => {
            let current = secret("CASEFILE_PASSPHRASE", "Current passphrase: ", false)?
                .ok_or_else(|| no_secret("the current passphrase", "CASEFILE_PASSPHRASE"))?;
            let new = secret("CASEFILE_NEW_PASSPHRASE", "New passphrase: ", true)?
                .ok_or_else(|| no_secret("a new passphrase", "CASEFILE_NEW_PASSPHRASE"))?;
            store.change_passphrase(&current, &new)?;
            Ok(Output {
                text: "The passphrase is changed. The recovery key still works.".into(),
                json: json!({ "changed": true }),
            })
        }
        Command::NewRecoveryKey => {
            let current = secret("CASEFILE_PASSPHRASE", "Passphrase: ", false)?
                .ok_or_else(|| no_secret("the passphrase", "CASEFILE_PASSPHRASE"))?;
            let recovery = store.new_recovery_key(&current)?;
            Ok(Output {
                text: format!(
                    "The old recovery key no longer works.\n{}",
                    recovery_sheet(&recovery)
                ),
                json: json!({ "recovery_key": recovery.0 }),
            })
        }
        Command::Recover => unreachable_command(),
        Command::Calendar(_) => unreachable_command(),
        Command::Clock(command) => run_clock(&mut store, command),
        Command::Log(command) => run_log(&mut store, command),
        Command::Provision(command) => run_provision(&mut store, command),
        Command::Terms(command) => run_terms(&mut store, command),
        Command::Bundle(command) => run_bundle(&mut store, command),
        Command::Handover(HandoverCommand::Export { case_id, out }) => {
            let passphrase = secret(
                "CASEFILE_HANDOVER_PASSPHRASE",
                "A passphrase for the hand-over file: ",
                true,
            )?
            .ok_or_else(|| {
                no_secret(
                    "a passphrase for the hand-over file",
                    "CASEFILE_HANDOVER_PASSPHRASE",
                )
            })?;
            let report = store.export_case_handover(case_id, &out, &passphrase)?;
            Ok(Output {
                text: format!(
                    "{}'s case ({} documents) is in {} ({} KB), encrypted. Give the passphrase separately from the file.",
                    report.child_name,
                    report.documents,
                    report.path,
                    report.bytes / 1024
                ),
                json: json!({ "handover": report }),
            })
        }
        Command::Handover(HandoverCommand::Import { file }) => {
            let passphrase = secret(
                "CASEFILE_HANDOVER_PASSPHRASE",
                "The hand-over file's passphrase: ",
                false,
            )?
            .ok_or_else(|| {
                no_secret(
                    "the hand-over file's passphrase",
                    "CASEFILE_HANDOVER_PASSPHRASE",
                )
            })?;
            let report = store.import_case_handover(&file, &passphrase)?;
            Ok(Output {
                text: format!(
                    "Took in {}'s case as case {}, with {} documents.",
                    report.child_name, report.case_id, report.documents
                ),
                json: json!({ "handover": report }),
            })
        }
        Command::People(PeopleCommand::List { case_id }) => {
            let people = store.list_parties(case_id)?;
            let text = if people.is_empty() {
                "No one in the register yet. Names are added as you log letters and calls.".into()
            } else {
                people
                    .iter()
                    .map(|p| {
                        format!(
                            "{}  {}{}",
                            p.id,
                            p.name,
                            p.role
                                .as_deref()
                                .map(|r| format!(" ({r})"))
                                .unwrap_or_default()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            Ok(Output {
                text,
                json: json!({ "people": people }),
            })
        }
        Command::People(PeopleCommand::Merge { keep, duplicate }) => {
            let kept = store.merge_parties(keep, duplicate)?;
            Ok(Output {
                text: format!("Merged into {} ({}).", kept.name, kept.id),
                json: json!({ "party": kept }),
            })
        }
        Command::Import {
            case_id,
            password,
            files,
        } => {
            let results = store.import_files(
                case_id,
                &files,
                &casefile_core::ImportOptions {
                    password: password.as_deref(),
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
                        format!("password  {message} (casefile import --password …)")
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
            let ocr = read_pending_text(&mut store, Some(case_id))?;
            lines.extend(ocr.0);
            let mut text = lines.join("\n");
            if refused {
                // Every file is reported; the exit code says some were refused (DESIGN §5).
                SOME_INPUT_REFUSED.store(true, Ordering::Relaxed);
                text += "\nSome files were not imported; the others were.";
            }
            Ok(Output {
                text,
                json: json!({ "results": results, "ocr": ocr.1 }),
            })
        }
        Command::Backup { list, .. } => {
            if list {
                let backups = store.list_backups()?;
                let text = if backups.is_empty() {
                    "No backups yet. Make one with: casefile backup".into()
                } else {
                    backups
                        .iter()
                        .map(|b| {
                            format!(
                                "{}  {:<15} {} KB  {}",
                                b.made,
                                b.reason,
                                b.bytes / 1024,
                                b.path
                            )
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                };
                Ok(Output {
                    text,
                    json: json!({ "backups": backups }),
                })
            } else {
                let made = store.backup_now("manual")?;
                Ok(Output {
                    text: format!("Backed up to {}", made.path),
                    json: json!({ "backup": made }),
                })
            }
        }
        Command::Export { out } => {
            let report = store.export_to(&out)?;
            Ok(Output {
                text: format!(
                    "Exported {} case(s) and {} document(s) to {} ({} MB); read back and checked.",
                    report.cases,
                    report.documents,
                    report.path,
                    report.bytes / (1024 * 1024)
                ),
                json: json!({ "export": report }),
            })
        }
        Command::Verify { .. } | Command::Restore { .. } => unreachable_command(),
        Command::Check { repair } => {
            let removed = if repair { store.repair()? } else { 0 };
            let report = store.check()?;
            let mut lines = vec![format!(
                "Database: {}. Documents: {}.",
                if report.database_ok {
                    "whole"
                } else {
                    "damaged"
                },
                report.documents
            )];
            lines.extend(
                report
                    .database_problems
                    .iter()
                    .map(|p| format!("problem   {p}")),
            );
            lines.extend(
                report
                    .missing
                    .iter()
                    .map(|t| format!("missing   the stored copy of “{t}” is not there")),
            );
            lines.extend(report.changed.iter().map(|t| {
                format!("changed   the stored copy of “{t}” no longer matches its fingerprint")
            }));
            lines.extend(report.orphans.iter().map(|o| {
                format!(
                    "leftover  {o} (no document refers to it; casefile check --repair removes it)"
                )
            }));
            if repair {
                lines.push(format!("Removed {removed} leftover file(s)."));
            }
            if !report.is_whole() {
                SOME_INPUT_REFUSED.store(true, Ordering::Relaxed);
            }
            Ok(Output {
                text: lines.join("\n"),
                json: json!({ "check": report, "removed": removed, "whole": report.is_whole() }),
            })
        }
        Command::Ocr { case_id } => {
            let (lines, read) = read_pending_text(&mut store, case_id)?;
            Ok(Output {
                text: if lines.is_empty() {
                    "No scans or photos are waiting for their text to be read.".into()
                } else {
                    lines.join("\n")
                },
                json: json!({ "ocr": read }),
            })
        }
        Command::Doc(DocCommand::Edit {
            id,
            title,
            date,
            kind,
            author,
            tags,
        }) => {
            let doc = store.document(id)?;
            let details = casefile_core::DocumentDetails {
                title: title.unwrap_or(doc.title),
                document_date: match date {
                    Some(d) => Some(d),
                    None => doc.document_date.map(|d| d.to_string()),
                },
                kind: match kind {
                    Some(k) => Some(casefile_core::DocumentKind::parse(&k)?),
                    None => doc.kind,
                },
                author: author.or(doc.author),
                tags: if tags.is_empty() { doc.tags } else { tags },
            };
            let doc = store.update_document(id, &details)?;
            Ok(Output {
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
        Command::Doc(DocCommand::List { case_id }) => {
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
                            d.document_date
                                .map(long_date)
                                .unwrap_or_else(|| "no date".into()),
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
                text,
                json: json!({ "documents": docs }),
            })
        }
        Command::Search {
            case_id,
            kind,
            party,
            from,
            to,
            query,
        } => {
            let query = query.join(" ");
            let party_id = match party.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
                None => None,
                Some(name) => Some(
                    store
                        .list_parties(case_id)?
                        .into_iter()
                        .find(|p| p.name.eq_ignore_ascii_case(name))
                        .map(|p| p.id)
                        .ok_or_else(|| {
                            invalid(
                                "party",
                                format!("No one called “{name}” is in this case's register."),
                            )
                        })?,
                ),
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
                text,
                json: json!({ "query": query, "hits": hits }),
            })
        }
        Command::Deadlines { case_id, on, ics } => {
            let today = day_or_today(on.as_deref())?;
            let case = store.case(case_id)?;
            let deadlines = store.case_deadlines(case_id, today)?;
            let mut text = deadline_table(&case, &deadlines, today);
            if let Some(path) = &ics {
                let calendar = casefile_core::outputs::ics::deadlines_calendar(
                    &case,
                    &deadlines,
                    chrono::Utc::now(),
                );
                casefile_core::write_atomically(path, calendar.as_bytes())?;
                let events = deadlines
                    .iter()
                    .filter(|d| d.deadline.due.is_some())
                    .count();
                text += &format!("\n\nWrote {events} dated deadlines to {}.", path.display());
            }
            Ok(Output {
                text,
                json: json!({ "case_id": case_id, "on": today, "deadlines": deadlines, "ics": ics }),
            })
        }
        Command::Case(command) => run_case(&mut store, command),
        Command::Demo => {
            let outcome = casefile_core::demo::create_demo(&mut store)?;
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

/// `run` returns early for the commands that need no store; this arm cannot be reached.
fn unreachable_command() -> Result<Output, CoreError> {
    Ok(Output {
        text: String::new(),
        json: json!(null),
    })
}

fn invalid(field: &'static str, message: String) -> CoreError {
    CoreError::Invalid { field, message }
}

fn parse_iso(field: &'static str, text: &str) -> Result<NaiveDate, CoreError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        invalid(
            field,
            format!(
                "“{}” is not a real date. Write dates as year-month-day, for example 2026-03-28.",
                text.trim()
            ),
        )
    })
}

fn day_or_today(on: Option<&str>) -> Result<NaiveDate, CoreError> {
    on.map(|text| parse_iso("on", text))
        .transpose()
        .map(|d| d.unwrap_or_else(casefile_core::today))
}

fn run_calendar(command: CalendarCommand) -> Result<Output, CoreError> {
    match command {
        CalendarCommand::BankHolidays {
            from_year,
            to_year,
            region,
        } => {
            let region: Region = serde_json::from_value(json!(region.trim())).map_err(|_| {
                invalid("region", format!("“{}” is not a region. Use england-and-wales, scotland or northern-ireland.", region.trim()))
            })?;
            if !(1900..=2200).contains(&from_year)
                || !(1900..=2200).contains(&to_year)
                || to_year < from_year
            {
                return Err(invalid(
                    "year",
                    format!(
                        "Give two years between 1900 and 2200, the first not after the second (got {from_year} and {to_year})."
                    ),
                ));
            }
            let days = rules::bank_holidays_between(region, from_year, to_year);
            Ok(Output {
                text: days
                    .iter()
                    .map(|h| h.date.format("%Y-%m-%d").to_string())
                    .collect::<Vec<_>>()
                    .join("\n"),
                json: json!({ "region": region, "bank_holidays": days }),
            })
        }
        CalendarCommand::AddWorkingDays { date, n, calendar } => {
            let from = parse_iso("date", &date)?;
            let calendar: WorkingDays = serde_json::from_value(json!(calendar.trim())).map_err(|_| {
                invalid("calendar", format!("“{}” is not a calendar. Use england-and-wales, any-uk-region or tribunal.", calendar.trim()))
            })?;
            if n > 5_000 {
                return Err(invalid(
                    "n",
                    format!("{n} working days is more than Casefile counts (5,000 at most)."),
                ));
            }
            let result = calendar.add(from, n);
            Ok(Output {
                text: result.format("%Y-%m-%d").to_string(),
                json: json!({ "from": from, "working_days": n, "calendar": calendar, "date": result }),
            })
        }
    }
}

fn run_log(store: &mut Store, command: LogCommand) -> Result<Output, CoreError> {
    let today = casefile_core::today();
    let one = |entry: Entry| Output {
        text: entry_text(&entry),
        json: json!(entry),
    };
    match command {
        LogCommand::Add {
            case_id,
            date,
            time,
            channel,
            direction,
            party,
            subject,
            summary,
            follow_up,
            documents,
        } => {
            let entry = store.add_entry(
                case_id,
                &EntryDetails {
                    occurred_on: date,
                    occurred_time: time,
                    direction,
                    channel,
                    party,
                    subject,
                    note: summary,
                    follow_up_by: follow_up,
                    documents,
                },
                today,
            )?;
            Ok(Output {
                text: entry.id.to_string(),
                json: json!(entry),
            })
        }
        LogCommand::List { case_id } => {
            let entries = store.list_entries(case_id)?;
            let text = if entries.is_empty() {
                "No correspondence logged yet. Add some with: casefile log add".to_owned()
            } else {
                entries
                    .iter()
                    .map(entry_text)
                    .collect::<Vec<_>>()
                    .join("\n\n")
            };
            Ok(Output {
                text,
                json: json!({ "entries": entries }),
            })
        }
        LogCommand::Edit { entry_id, summary } => Ok(one(store.revise_note(entry_id, &summary)?)),
        LogCommand::Done { entry_id } => Ok(one(store.complete_follow_up(entry_id, today)?)),
        LogCommand::History { entry_id } => {
            let history = store.note_history(entry_id)?;
            Ok(Output {
                text: history
                    .iter()
                    .map(|v| format!("Version {} written {}\n{}", v.version, v.written_at, v.body))
                    .collect::<Vec<_>>()
                    .join("\n\n"),
                json: json!({ "entry_id": entry_id, "versions": history }),
            })
        }
    }
}

fn run_provision(store: &mut Store, command: ProvisionCommand) -> Result<Output, CoreError> {
    let today = casefile_core::today();
    let show = |p: Provision| Output {
        text: provision_text(&p),
        json: json!(p),
    };
    match command {
        ProvisionCommand::Add {
            case_id,
            title,
            minutes,
            per,
            sessions,
            from,
            to,
            term_time,
            section,
            wording,
            provider,
        } => {
            let p = store.add_provision(
                case_id,
                &ProvisionDetails {
                    section,
                    title,
                    wording,
                    provider,
                    sessions,
                    per,
                    minutes,
                    term_time_only: term_time,
                    from,
                    to,
                    ..ProvisionDetails::default()
                },
            )?;
            let mut text = p.id.to_string();
            for v in &p.vague {
                text += &format!("\nNote: the wording uses “{}”: {}", v.phrase, v.why);
            }
            Ok(Output {
                text,
                json: json!(p),
            })
        }
        ProvisionCommand::List { case_id } => {
            let list = store.list_provisions(case_id)?;
            Ok(Output {
                text: if list.is_empty() {
                    "No provisions yet. Add one with: casefile provision add".into()
                } else {
                    list.iter()
                        .map(provision_text)
                        .collect::<Vec<_>>()
                        .join("\n\n")
                },
                json: json!({ "provisions": list }),
            })
        }
        ProvisionCommand::Amend {
            provision_id,
            from,
            minutes,
            per,
            sessions,
            term_time,
        } => Ok(show(store.amend_provision(
            provision_id,
            &from,
            sessions,
            &per,
            minutes,
            term_time,
        )?)),
        ProvisionCommand::Log {
            provision_id,
            date,
            status,
            minutes,
            reason,
            by,
            catch_up,
            evidence,
        } => {
            let id = store.log_session(
                provision_id,
                &SessionDetails {
                    date,
                    status,
                    minutes,
                    by,
                    reason,
                    catch_up,
                    evidence,
                },
                today,
            )?;
            Ok(Output {
                text: format!("Logged session {id}."),
                json: json!({ "session_id": id, "provision_id": provision_id }),
            })
        }
        ProvisionCommand::LogRange {
            provision_id,
            from,
            to,
            except,
        } => {
            let n = store.log_delivered_range(provision_id, &from, &to, &except, today)?;
            Ok(Output {
                text: format!("Logged {n} sessions as delivered."),
                json: json!({ "provision_id": provision_id, "logged": n }),
            })
        }
        ProvisionCommand::Sessions { provision_id } => {
            let sessions = store.list_sessions(provision_id)?;
            let text = sessions
                .iter()
                .map(|s| {
                    format!(
                        "#{} {} {}{}{}{}",
                        s.id,
                        long_date(s.date),
                        s.status,
                        s.by.as_ref()
                            .map(|b| format!(" (by {b})"))
                            .unwrap_or_default(),
                        if s.catch_up { " · catch-up" } else { "" },
                        s.reason
                            .as_ref()
                            .map(|r| format!(" — {r}"))
                            .unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            Ok(Output {
                text: if text.is_empty() {
                    "No sessions logged yet.".into()
                } else {
                    text
                },
                json: json!({ "sessions": sessions }),
            })
        }
        ProvisionCommand::Report {
            case_id,
            from,
            to,
            csv,
            pdf,
        } => {
            let from = from.map(|f| parse_iso("from", &f)).transpose()?;
            let to = to.map(|t| parse_iso("to", &t)).transpose()?;
            let report = store.provision_report(case_id, from, to, today)?;
            let mut text = report_text(&report);
            if let Some(path) = &csv {
                casefile_core::write_atomically(path, report.to_csv().as_bytes())?;
                text += &format!("\n\nWrote the table to {}.", path.display());
            }
            if let Some(path) = &pdf {
                let child = store.case(case_id)?.child_name;
                let doc = casefile_core::shortfall_pdf(&report, &child)?;
                casefile_core::write_atomically(path, &doc.bytes)?;
                text += &format!("\n\nWrote a {}-page PDF to {}.", doc.pages, path.display());
            }
            Ok(Output {
                text,
                json: json!(report),
            })
        }
    }
}

fn schedule_words(s: &Schedule) -> String {
    format!(
        "{} × {} min per {}{}, from {}{}",
        s.sessions,
        s.minutes,
        s.per.as_str(),
        if s.term_time_only { ", term time" } else { "" },
        long_date(s.from),
        s.to.map(|t| format!(" to {}", long_date(t)))
            .unwrap_or_default()
    )
}

fn provision_text(p: &Provision) -> String {
    let mut text = format!("#{} Section {:?}: {}", p.id, p.section, p.title);
    for s in &p.schedules {
        text += &format!("\n  {}", schedule_words(s));
    }
    for v in &p.vague {
        text += &format!("\n  Vague wording “{}”: {}", v.phrase, v.why);
    }
    text
}

fn hours(minutes: u32) -> String {
    format!("{}h {:02}m", minutes / 60, minutes % 60)
}

fn report_text(r: &ProvisionReport) -> String {
    if r.lines.is_empty() {
        return "No provisions yet. Add one with: casefile provision add".into();
    }
    let mut text = format!(
        "Provision from {} to {}\n",
        long_date(r.from),
        long_date(r.to)
    );
    for line in &r.lines {
        let t = &line.tally;
        text += &format!(
            "\n{} (Section {:?})\n  expected {} sessions ({}), delivered {} ({}), missed by provider or school {}, missed because of the child {}, not yet recorded {}\n  shortfall {}{}{}\n",
            line.provision.title,
            line.provision.section,
            t.expected_sessions,
            hours(t.expected_minutes),
            t.delivered_sessions,
            hours(t.delivered_minutes),
            t.missed_by_provider,
            t.missed_by_child,
            t.unrecorded,
            hours(t.shortfall_minutes),
            line.percent_delivered
                .map(|p| format!(" · {p}% delivered"))
                .unwrap_or_default(),
            if line.terms_affected.is_empty() {
                String::new()
            } else {
                format!(" · terms affected: {}", line.terms_affected.join(", "))
            }
        );
    }
    text += &format!(
        "\nTotal: expected {} sessions, delivered {}, missed by provider or school {}, shortfall {}",
        r.total.expected_sessions,
        r.total.delivered_sessions,
        r.total.missed_by_provider,
        hours(r.total.shortfall_minutes)
    );
    text
}

fn run_terms(store: &mut Store, command: TermsCommand) -> Result<Output, CoreError> {
    let (case_id, calendar) = match command {
        TermsCommand::Add {
            case_id,
            name,
            from,
            to,
        } => {
            store.add_term_block(case_id, &name, &from, &to)?;
            (case_id, store.school_calendar(case_id)?)
        }
        TermsCommand::Inset { case_id, date } => {
            store.add_inset_day(case_id, &date)?;
            (case_id, store.school_calendar(case_id)?)
        }
        TermsCommand::Import { case_id, file } => {
            let text = std::fs::read_to_string(&file).map_err(|e| {
                invalid(
                    "file",
                    format!("Casefile could not read {} as text ({e}).", file.display()),
                )
            })?;
            (case_id, store.import_term_dates(case_id, &text)?)
        }
        TermsCommand::Copy { case_id, year } => (case_id, store.copy_terms_forward(case_id, year)?),
        TermsCommand::List { case_id } => {
            store.case(case_id)?;
            (case_id, store.school_calendar(case_id)?)
        }
    };
    let mut text = String::new();
    for b in &calendar.blocks {
        text += &format!(
            "{:<10} {} to {}\n",
            b.name,
            long_date(b.starts),
            long_date(b.ends)
        );
    }
    for d in &calendar.inset_days {
        text += &format!("INSET      {}\n", long_date(*d));
    }
    if text.is_empty() {
        text =
            "No term dates yet. Add them with: casefile terms add or casefile terms import".into();
    }
    Ok(Output {
        text: text.trim_end().to_owned(),
        json: json!({ "case_id": case_id, "half_terms": calendar.blocks, "inset_days": calendar.inset_days }),
    })
}

fn entry_text(e: &Entry) -> String {
    let arrow = match e.direction {
        Direction::In => "from",
        Direction::Out => "to",
    };
    let mut text = format!(
        "#{} {}{} · {:?} {} {}{}",
        e.id,
        long_date(e.occurred_on),
        e.occurred_time
            .as_ref()
            .map(|t| format!(" {t}"))
            .unwrap_or_default(),
        e.channel,
        arrow,
        e.party_name.as_deref().unwrap_or("(no one named)"),
        e.subject
            .as_ref()
            .map(|s| format!(" — {s}"))
            .unwrap_or_default()
    );
    if !e.note.is_empty() {
        text += &format!("\n  {}", e.note.replace('\n', "\n  "));
    }
    if e.note_versions > 1 {
        text += &format!("\n  (note edited: {} versions kept)", e.note_versions);
    }
    if let (Some(by), None) = (e.follow_up_by, e.follow_up_done) {
        text += &format!("\n  Follow up by {}", long_date(by));
    }
    if !e.documents.is_empty() {
        text += &format!(
            "\n  Documents: {}",
            e.documents
                .iter()
                .map(|d| format!("#{} {}", d.id, d.title))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    text
}

fn list_processes() -> Output {
    let mut text = String::new();
    for p in rules::PROCESSES {
        text += &format!(
            "{:<26}{}\n{:<26}starts from: {}\n",
            p.key, p.title, "", p.start_label
        );
    }
    Output {
        text: text.trim_end().to_owned(),
        json: json!({ "processes": rules::PROCESSES, "exceptions": rules::EXCEPTIONS }),
    }
}

fn run_clock(store: &mut Store, command: ClockCommand) -> Result<Output, CoreError> {
    let today = casefile_core::today();
    let clock = match command {
        ClockCommand::Processes => return Ok(list_processes()),
        ClockCommand::Letter {
            clock_id,
            step,
            out,
            pdf,
        } => {
            let letter = store.draft_chasing_letter(clock_id, &step, today)?;
            let mut note = String::new();
            if let Some(path) = &pdf {
                let doc =
                    casefile_core::pdf::text_document_pdf(&letter.subject, None, &letter.text)
                        .map_err(CoreError::from)?;
                casefile_core::write_atomically(path, &doc.bytes)?;
                note = format!("\nWrote a {}-page PDF to {}.", doc.pages, path.display());
                if !doc.missing_characters.is_empty() {
                    let missing: String = doc.missing_characters.iter().collect();
                    note += &format!(" The PDF font cannot show: {missing} (the text keeps them).");
                }
            }
            let text = match &out {
                Some(path) => {
                    casefile_core::write_atomically(path, letter.text.as_bytes())?;
                    format!(
                        "Wrote the letter to {}. Edit it before sending.",
                        path.display()
                    )
                }
                None => letter.text.trim_end().to_owned(),
            } + &note;
            return Ok(Output {
                text,
                json: json!({ "letter": letter, "out": out, "pdf": pdf }),
            });
        }
        ClockCommand::Start {
            case_id,
            process,
            date,
            label,
        } => store.start_clock(
            case_id,
            &ClockStart {
                process,
                started_on: date,
                label,
            },
            today,
        )?,
        ClockCommand::Show { id, on } => store.clock(id, day_or_today(on.as_deref())?)?,
        ClockCommand::Event {
            clock_id,
            event,
            date,
        } => store.record_clock_event(clock_id, &event, &date, today)?,
        ClockCommand::Record {
            clock_id,
            step,
            outcome,
            date,
            note,
            evidence,
        } => {
            let outcome = OutcomeKind::parse(&outcome)?;
            // Check the proof first, so a refused command changes nothing.
            if let Some(entry) = evidence {
                store.check_evidence(clock_id, entry)?;
            }
            let clock = store.record_step_outcome(
                clock_id,
                &step,
                outcome,
                date.as_deref(),
                note.as_deref(),
                today,
            )?;
            match evidence {
                Some(entry) => store.set_step_evidence(clock_id, &step, Some(entry), today)?,
                None => clock,
            }
        }
        ClockCommand::SetDate {
            clock_id,
            step,
            date,
        } => store.set_step_due_date(clock_id, &step, Some(&date), today)?,
        ClockCommand::Exception {
            clock_id,
            kind,
            note,
        } => store.record_clock_exception(clock_id, &kind, note.as_deref(), today)?,
    };
    Ok(Output {
        text: clock_text(&clock),
        json: json!(clock),
    })
}

fn clock_text(clock: &Clock) -> String {
    let mut text = format!(
        "Clock {}: {}{}\n{}: {}\n",
        clock.id,
        clock.process_title,
        clock
            .label
            .as_ref()
            .map(|l| format!(" ({l})"))
            .unwrap_or_default(),
        clock.start_label,
        long_date(clock.started_on)
    );
    for event in &clock.events {
        text += &format!(
            "{}: {}\n",
            event.label,
            event
                .date
                .map(long_date)
                .unwrap_or_else(|| "not recorded".into())
        );
    }
    for e in &clock.exceptions {
        text += &format!("Exception recorded: {}\n", e.label);
    }
    for d in &clock.deadlines {
        text += &format!(
            "\n  {:<18} {}\n  {:<18} {} — {}{}\n",
            d.due.map(long_date).unwrap_or_else(|| "—".into()),
            d.title,
            status_words(&d.status, d.days_left),
            d.who_label,
            d.source,
            if d.unconfirmed {
                " (UNCONFIRMED rule)"
            } else {
                ""
            }
        );
    }
    text.trim_end().to_owned()
}

fn status_words(status: &rules::DeadlineStatus, days_left: Option<i64>) -> String {
    use rules::DeadlineStatus::*;
    match (status, days_left) {
        (Overdue, Some(n)) => format!("OVERDUE {} days", -n),
        (DueSoon, Some(0)) => "due today".into(),
        (DueSoon, Some(n)) => format!("due in {n} days"),
        (Upcoming, Some(n)) => format!("in {n} days"),
        (Waiting, _) => "waiting for a date".into(),
        (Met, _) => "met".into(),
        (MetLate, _) => "met late".into(),
        (Missed, _) => "missed".into(),
        (LimitLifted, _) => "time limit lifted".into(),
        (NotApplicable, _) => "not applicable".into(),
        (_, None) => String::new(),
    }
}

fn deadline_table(case: &Case, deadlines: &[CaseDeadline], today: NaiveDate) -> String {
    if deadlines.is_empty() {
        return format!(
            "No deadlines for {} yet. Start a clock with: casefile clock start --case {} --process NAME --date DATE",
            case.child_name, case.id
        );
    }
    let mut text = format!(
        "Deadlines for {} as on {}\n",
        case.child_name,
        long_date(today)
    );
    for item in deadlines {
        let d = &item.deadline;
        text += &format!(
            "\n{:<17} {}{}\n{:<17} {} · {} · {}{}{}\n",
            d.due.map(long_date).unwrap_or_else(|| "—".into()),
            d.title,
            if d.breach { "  [BREACH]" } else { "" },
            "",
            status_words(&d.status, d.days_left),
            d.who_label,
            d.source,
            if d.unconfirmed { " (UNCONFIRMED)" } else { "" },
            d.waiting_for
                .as_ref()
                .map(|w| format!(" · needs: {w}"))
                .unwrap_or_default()
        );
    }
    text.trim_end().to_owned()
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
fn long_date(date: NaiveDate) -> String {
    date.format("%a %-d %b %Y").to_string()
}

fn bundle_text(bundle: &Bundle) -> String {
    let mut text = format!(
        "Bundle {} · {} ({}){}\n",
        bundle.id,
        bundle.title,
        bundle.kind.as_str(),
        bundle
            .total_limit
            .map(|l| format!(" · evidence limit {l} pages"))
            .unwrap_or_default()
    );
    for section in &bundle.sections {
        let pages: u32 = section.items.iter().filter_map(|i| i.pages).sum();
        text += &format!(
            "\n{}  {} [section {}]{}\n",
            section.letter,
            section.title,
            section.id,
            section
                .page_limit
                .map(|l| format!(" (limit {l} pages; {pages} known so far)"))
                .unwrap_or_default()
        );
        if section.items.is_empty() {
            text += "   (empty)\n";
        }
        for (n, item) in section.items.iter().enumerate() {
            text += &format!(
                "  {}. [item {}] {}{}{}\n",
                n + 1,
                item.id,
                item.title,
                item.date
                    .map(|d| format!(" · {}", long_date(d)))
                    .unwrap_or_default(),
                item.pages
                    .map(|p| format!(" · {p} page{}", if p == 1 { "" } else { "s" }))
                    .unwrap_or_else(|| " · generated".into())
            );
        }
    }
    for v in &bundle.versions {
        text += &format!(
            "\nVersion {} · built {} · {} pages · sha256 {}{}",
            v.version,
            v.build_date,
            v.pages,
            v.sha256,
            v.output_path
                .as_deref()
                .map(|p| format!(" · {p}"))
                .unwrap_or_default()
        );
    }
    text
}

fn run_bundle(store: &mut Store, command: BundleCommand) -> Result<Output, CoreError> {
    let show = |bundle: Bundle| Output {
        text: bundle_text(&bundle),
        json: json!({ "bundle": bundle }),
    };
    match command {
        BundleCommand::Build {
            case_id,
            bundle_id,
            out,
            kind,
            keep_references,
            date,
        } => {
            let build_date = day_or_today(date.as_deref())?;
            let bundle = match (bundle_id, case_id) {
                (Some(id), _) => store.bundle(id)?,
                (None, Some(case_id)) => store.plan_for(case_id, BundleKind::parse(&kind)?)?,
                (None, None) => {
                    return Err(CoreError::Invalid {
                        field: "case",
                        message: "Say which bundle to build: --bundle ID, or --case ID for the case's own.".into(),
                    });
                }
            };
            let report = store.build_bundle_to_file(
                &bundle,
                &out,
                build_date,
                keep_references,
                &mut |_| true,
            )?;
            let mut text = format!(
                "Built {} ({} pages, version {}) · sha256 {}",
                report.path, report.pages, report.version, report.sha256
            );
            for change in &report.changes {
                text += &format!("\nchange   {change}");
            }
            for warning in &report.warnings {
                text += &format!("\nwarning  {warning}");
            }
            Ok(Output {
                text,
                json: json!({ "build": report }),
            })
        }
        BundleCommand::New {
            case_id,
            kind,
            title,
        } => {
            let bundle =
                store.create_bundle(case_id, BundleKind::parse(&kind)?, title.as_deref())?;
            Ok(Output {
                text: bundle.id.to_string(),
                json: json!({ "bundle": bundle }),
            })
        }
        BundleCommand::List { case_id } => {
            let bundles = store.list_bundles(case_id)?;
            let text = if bundles.is_empty() {
                "No saved bundles. Make one with: casefile bundle new --case ID".into()
            } else {
                bundles
                    .iter()
                    .map(|b| {
                        format!(
                            "{}  {} ({}) · {} item(s) · {} version(s)",
                            b.id,
                            b.title,
                            b.kind.as_str(),
                            b.sections.iter().map(|s| s.items.len()).sum::<usize>(),
                            b.versions.len()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            Ok(Output {
                text,
                json: json!({ "bundles": bundles }),
            })
        }
        BundleCommand::Show { bundle_id } => Ok(show(store.bundle(bundle_id)?)),
        BundleCommand::Add {
            bundle_id,
            section,
            document_id,
            generated,
        } => {
            let source = match (&generated, document_id) {
                (Some(_), Some(_)) | (None, None) => {
                    return Err(CoreError::Invalid {
                        field: "doc",
                        message: "Give either --doc ID or --generated chronology|shortfall|correspondence.".into(),
                    });
                }
                (None, Some(_)) => ItemSource::Document,
                (Some(g), None) => match g.trim().to_lowercase().as_str() {
                    "chronology" => ItemSource::Chronology,
                    "shortfall" => ItemSource::Shortfall,
                    "correspondence" => ItemSource::Correspondence,
                    other => {
                        return Err(CoreError::Invalid {
                            field: "generated",
                            message: format!(
                                "“{other}” is not a generated document. Use chronology, shortfall or correspondence."
                            ),
                        });
                    }
                },
            };
            Ok(show(store.add_bundle_item(
                bundle_id,
                &section,
                source,
                document_id,
            )?))
        }
        BundleCommand::Remove { item_id } => Ok(show(store.remove_bundle_item(item_id)?)),
        BundleCommand::SectionAdd {
            bundle_id,
            letter,
            title,
            limit,
        } => Ok(show(
            store.add_bundle_section(bundle_id, &letter, &title, limit)?,
        )),
        BundleCommand::SectionEdit {
            section_id,
            title,
            limit,
        } => Ok(show(
            store.update_bundle_section(section_id, &title, limit)?,
        )),
        BundleCommand::SectionRemove { section_id } => {
            Ok(show(store.remove_bundle_section(section_id)?))
        }
        BundleCommand::Move {
            item_id,
            section,
            position,
        } => Ok(show(store.move_bundle_item(
            item_id,
            section.as_deref(),
            position.saturating_sub(1),
        )?)),
        BundleCommand::Kind { item_id, kind } => Ok(show(
            store.set_bundle_item_kind(item_id, EvidenceKind::parse(&kind)?)?,
        )),
        BundleCommand::Set {
            bundle_id,
            title,
            appeal,
        } => {
            let bundle = store.bundle(bundle_id)?;
            let title = title.unwrap_or(bundle.title);
            let appeal = appeal.or(bundle.appeal_type);
            Ok(show(store.update_bundle(
                bundle_id,
                &title,
                appeal.as_deref(),
            )?))
        }
    }
}

/// Reads the text of scans and photos waiting for OCR: a line for each, and the results as
/// JSON. Without Tesseract, one line saying how to add it (nothing is refused).
fn read_pending_text(
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
