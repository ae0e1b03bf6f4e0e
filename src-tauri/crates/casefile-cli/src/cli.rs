//! The command line's arguments (clap): every subcommand, its options and their help.

use std::path::PathBuf;

use casefile_core::{CaseDetails, CoreError, EhcpStatus};
use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "casefile",
    version,
    about = "Keep a child's SEND case file on this computer, and turn it into evidence.",
    after_help = "Data lives in the folder given by --home, else $CASEFILE_HOME, else your user data folder (for example ~/.local/share/Casefile)."
)]
pub(crate) struct Cli {
    /// Data folder to use instead of the usual one.
    #[arg(long, global = true, value_name = "DIR")]
    pub(crate) home: Option<PathBuf>,
    /// Print one JSON document instead of text.
    #[arg(long, global = true)]
    pub(crate) json: bool,
    /// Make a new data folder without a passphrase (not recommended: anyone who has the
    /// computer can then read the case file).
    #[arg(long, global = true)]
    pub(crate) no_passphrase: bool,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
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
        /// Password-protected PDFs are among the files: their password is read from
        /// CASEFILE_PDF_PASSWORD, or asked for at the terminal (never given on the command line,
        /// where other users of this computer could read it). Each is kept as it came, with a
        /// readable copy.
        #[arg(long)]
        password: bool,
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// A case's documents.
    #[command(subcommand)]
    Doc(DocCommand),
    /// Make a redacted copy of a PDF document: names or words hidden wherever they stand (a
    /// name's common variants too: without the middle name, with initials), or areas of pages.
    /// What lies under each is removed, not covered, and the copy is read back and refused if
    /// any of it can still be found. The original is kept as it is; prints the copy's number.
    /// An email, a text, a photo or a Word file is redacted as the pages a bundle shows of it.
    Redact {
        #[arg(
            long = "doc",
            value_name = "DOCUMENT",
            required_unless_present = "bundle",
            conflicts_with = "bundle"
        )]
        id: Option<i64>,
        /// Every document of this bundle that holds one of the names (--text only).
        #[arg(long, value_name = "BUNDLE", conflicts_with = "boxes")]
        bundle: Option<i64>,
        /// Only list where each name stands (page and line), to review; nothing is changed.
        #[arg(long)]
        find: bool,
        /// A name or words to hide; repeat for several.
        #[arg(long = "text", value_name = "NAME")]
        texts: Vec<String>,
        /// An area to hide: page (from 1), then x, y, width and height in points from the
        /// page's top-left corner; repeat for several.
        #[arg(long = "box", value_name = "PAGE,X,Y,W,H")]
        boxes: Vec<String>,
        /// Why: "third party" (the default), "not relevant", "legal privilege", or your own words.
        #[arg(long, default_value = "third party")]
        reason: String,
        /// Go on with a signed PDF: the copy cannot keep its signature.
        #[arg(long)]
        drop_signature: bool,
    },
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
        /// Also move stored files no document refers to (left by an import that was cut off, or
        /// newer than a restored backup) into quarantine/; nothing is deleted.
        #[arg(long)]
        repair: bool,
    },
    /// Take the files in quarantine/ back in as documents of a case.
    Quarantine {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
    },
    /// Read the text of scans and photos waiting for it (OCR inside Casefile, on this computer).
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
    /// An EHC plan read into its sections A to K, and its provision checked.
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Complaints: where each grievance belongs, the letters, and the pack with the remedy to
    /// ask for.
    #[command(subcommand)]
    Complaint(ComplaintCommand),
    /// Reports across the families whose cases are on this computer.
    #[command(subcommand)]
    Report(ReportCommand),
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
pub(crate) enum HandoverCommand {
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
pub(crate) enum ReportCommand {
    /// "Not an isolated case": the cases on this computer grouped by council, anonymised (no
    /// names, dates of birth, schools or free text; months only; any figure from fewer than 5
    /// families shown as "fewer than 5"), as a PDF with charts and, with --csv, as CSV.
    Patterns {
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// A Freedom of Information request to a case's council for its own figures (plans within
    /// 20 weeks, reviews on time, checks that provision is delivered, complaints and payments,
    /// therapy waits). With --out, saved, logged, and its 20-working-day clock started.
    Foi {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum ComplaintCommand {
    /// Where each grievance belongs (the council, the Ombudsman, the Tribunal, the ICO, a
    /// school), the Ombudsman's 12-month dates, and how far the council's procedure has gone.
    Check {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
        /// Check as on this day (default today).
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// Draft a complaint letter from the case's records: stage 1 or 2 to the council, or to the
    /// Ombudsman. With --out, save it (.pdf, .docx or .txt) and record it in the correspondence
    /// log; without, print it.
    Letter {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
        /// 1, 2 or ombudsman.
        #[arg(long, default_value = "1")]
        stage: String,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// Build the complaint pack (chronology, shortfall table, correspondence, documents) into one
    /// PDF, with the remedy the Ombudsman's decisions suggest.
    Pack {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum PlanCommand {
    /// The plan's sections A to K, found by their headings, with the pages each is on.
    Sections {
        #[arg(value_name = "DOC")]
        document_id: i64,
    },
    /// The plan's short lines, numbered, any of which may start a section, and where each
    /// section starts now.
    Lines {
        #[arg(value_name = "DOC")]
        document_id: i64,
    },
    /// Say where the plan's sections start, as LETTER=LINE with the numbers from `plan lines`
    /// (e.g. A=0 B=4 F=12 I=30); --as-found goes back to the headings Casefile finds.
    SetSections {
        #[arg(value_name = "DOC")]
        document_id: i64,
        #[arg(value_name = "LETTER=LINE", required_unless_present = "as_found")]
        starts: Vec<String>,
        #[arg(long = "as-found", conflicts_with = "starts")]
        as_found: bool,
    },
    /// Sections F, G and H provision by provision: vague words, and how often, how long or by
    /// whom left unsaid, each with what to ask for instead.
    Check {
        #[arg(value_name = "DOC")]
        document_id: i64,
    },
    /// Each provision of Sections F, G and H, numbered, with what the provision ledger would record
    /// for it (minutes, how often, term time, who provides it) and whether it has it already.
    Provisions {
        #[arg(value_name = "DOC")]
        document_id: i64,
    },
    /// Add provision N (from `casefile plan provisions`) to the provision ledger as the plan's
    /// words state it; say what the words leave out with the options. Prints its number.
    ToLedger {
        #[arg(value_name = "DOC")]
        document_id: i64,
        /// The provision's number in `casefile plan provisions`.
        #[arg(value_name = "N")]
        number: usize,
        /// The date it starts (without it: the plan's date).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Minutes each session (when the plan does not say).
        #[arg(long)]
        minutes: Option<u32>,
        /// Sessions in each period (when the plan does not say).
        #[arg(long)]
        sessions: Option<u32>,
        /// week, fortnight, month, half-term, term or year (when the plan does not say).
        #[arg(long)]
        per: Option<String>,
    },
    /// The working document started from a plan (the sections under appeal), shown with the
    /// Tribunal's key; with --out, saved (a new version when it has changed since the last).
    WorkingDocument {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
        #[arg(long = "plan", value_name = "DOC")]
        plan_id: i64,
        /// The sections to work on when starting it (default: all the plan has), e.g. B,F,I.
        #[arg(long, value_delimiter = ',', value_name = "LETTERS")]
        sections: Vec<String>,
        /// Where to save it: a .docx file is Word, for the council and the Tribunal; a .pdf file
        /// is the print for the hearing, with places for both parties to sign every page.
        #[arg(long, value_name = "FILE.docx|FILE.pdf")]
        out: Option<PathBuf>,
    },
    /// A party's proposed wording for one paragraph of the working document, with its evidence.
    Propose {
        #[arg(long = "plan", value_name = "DOC")]
        plan_id: i64,
        #[arg(long)]
        section: String,
        /// The paragraph's number in its section (F3 is --section F --paragraph 3).
        #[arg(long)]
        paragraph: u32,
        /// parent or council.
        #[arg(long)]
        by: String,
        /// The paragraph's whole new wording ("" to delete it).
        #[arg(long)]
        wording: String,
        /// The evidence, as a footnote: "Smith, EP, 28/02/2019, p.1, para. 5".
        #[arg(long)]
        evidence: Option<String>,
        /// The case's document the evidence is in (its number), so the footnote can name its bundle page.
        #[arg(long = "evidence-doc", value_name = "DOC")]
        evidence_document: Option<i64>,
        #[arg(long = "evidence-page", value_name = "PAGE")]
        evidence_page: Option<u32>,
    },
    /// Both parties agree one paragraph of the working document as it now reads.
    Agree {
        #[arg(long = "plan", value_name = "DOC")]
        plan_id: i64,
        #[arg(long)]
        section: String,
        #[arg(long)]
        paragraph: u32,
    },
    /// The council's Word copy of the working document read against the version sent: what it
    /// changed in its key, and what it changed without marking. With --take, its changes become
    /// its proposals in the working document (the unmarked ones shown in its italic), the copy is
    /// kept with the case's documents, and the result is saved as the next version.
    CouncilReply {
        #[arg(long = "plan", value_name = "DOC")]
        plan_id: i64,
        #[arg(value_name = "FILE.docx")]
        file: PathBuf,
        #[arg(long)]
        take: bool,
    },
    /// Two versions of a plan (draft and final, final and amended) compared section by section:
    /// what was added, removed or rewritten, and what to raise (provision removed or weakened,
    /// vague words brought in, a different school). Give a Tribunal paper (the order, with the
    /// plan's wording in its annex) and the plan issued after it to see where the plan does not
    /// say what was ordered.
    Compare {
        /// The older version's document number (or the Tribunal's order's).
        #[arg(value_name = "OLD")]
        old_id: i64,
        /// The newer version's document number (or the plan issued after the order).
        #[arg(value_name = "NEW")]
        new_id: i64,
        /// Also save the comparison as a PDF report (what to raise, then every change).
        #[arg(long, value_name = "FILE.pdf")]
        pdf: Option<PathBuf>,
        /// Also keep the report as a document of the case, so a bundle can hold it.
        #[arg(long)]
        keep: bool,
        /// Also draft a letter to the council asking for what was cut to be put back (text to edit).
        #[arg(long, value_name = "FILE.txt")]
        letter: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum PeopleCommand {
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
pub(crate) enum BundleCommand {
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
    /// Check a bundle against the Tribunal's Practice Direction before building it: page limits,
    /// duplicates, blank pages, old or long reports, small type, email chains and unreadable
    /// scans, each with what to do; over the evidence limit, a draft request (SEND7) to go past it.
    Check {
        /// A saved bundle (from `casefile bundle list`).
        #[arg(long = "bundle", value_name = "ID")]
        bundle_id: Option<i64>,
        /// Or a case, for its own bundle of --kind.
        #[arg(long = "case", value_name = "ID")]
        case_id: Option<i64>,
        /// evidence (default), hearing or complaint.
        #[arg(long, default_value = "evidence")]
        kind: String,
    },
    /// Audit the council's hearing bundle against the case file: where each of the family's
    /// documents is in it (found; different, with the pages missing or changed; or missing),
    /// and the pages that match nothing the family holds, split at the bundle's bookmarks.
    /// Scanned pages are read by OCR. Nothing in the case file changes unless you ask for the
    /// unmatched pages to be imported.
    Audit {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
        /// The council's bundle (a PDF).
        #[arg(value_name = "FILE.pdf")]
        file: PathBuf,
        /// An earlier version of the council's bundle: lists every page whose number changed.
        #[arg(long, value_name = "EARLIER.pdf")]
        against: Option<PathBuf>,
        /// The bundle is password-protected: the password is read from CASEFILE_PDF_PASSWORD,
        /// or asked for at the terminal.
        #[arg(long)]
        password: bool,
        /// Save the draft letter to the council (copied to the Tribunal) listing what is
        /// missing, with page references, to this file.
        #[arg(long, value_name = "FILE.txt")]
        letter: Option<PathBuf>,
        /// Import each run of pages that matches nothing (not the bundle's index) as a document
        /// of the case.
        #[arg(long)]
        import_unmatched: bool,
    },
    /// Make the submission pack of a built bundle: its last built version split at its
    /// documents into parts that fit in one email each (each part's page stamps carry on the
    /// bundle's numbering), named with the Tribunal's subject line (HD date | EH reference |
    /// child | EVIDENCE), with each email's text and a manifest of SHA-256 fingerprints; the
    /// submission is recorded in the correspondence log.
    Pack {
        #[arg(long = "bundle", value_name = "ID")]
        bundle_id: i64,
        /// An empty folder for the parts, the emails and the manifest.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The largest email the Tribunal's mailbox takes, in MB (10 to 25). Parts are kept to
        /// three quarters of it, as email's encoding adds a third to every attachment.
        #[arg(long = "max-mb", default_value_t = 10)]
        max_mb: u32,
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
        /// What it holds: core, plan, working-document, evidence (yours, counted toward the
        /// appeal's evidence limit; the default) or other-party.
        #[arg(long, default_value = "evidence")]
        part: String,
    },
    /// Rename a section, or change its page limit (without --limit: no limit) or what it holds.
    SectionEdit {
        #[arg(value_name = "SECTION")]
        section_id: i64,
        #[arg(long)]
        title: String,
        #[arg(long)]
        limit: Option<u32>,
        /// core, plan, working-document, evidence or other-party (without it: unchanged).
        #[arg(long)]
        part: Option<String>,
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
pub(crate) enum DocCommand {
    /// List a case's documents with their SHA-256.
    List {
        #[arg(long = "case", value_name = "ID")]
        case_id: i64,
    },
    /// Save a copy of a document's file, exactly as it is kept, to FILE.
    Save {
        #[arg(value_name = "DOCUMENT")]
        id: i64,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
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
        /// ehcp-draft, ehcp-final, ehcp-amended, report-educational-psychology, report-speech-language,
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
pub(crate) enum ProvisionCommand {
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
pub(crate) enum TermsCommand {
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
    /// Import term dates from a text file: as a school's website writes them ("Term starts: Wednesday
    /// 2 September 2026", "Half term: 26 – 30 October") or one "Autumn 1, 2026-09-02, 2026-10-23" a line.
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
pub(crate) enum LogCommand {
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
pub(crate) enum ClockCommand {
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
    /// Record what happened to a step: met (with --date), missed, not-applicable, refused (with
    /// --date: the date of the council's refusal letter, where it can refuse) or open.
    Record {
        #[arg(long = "clock", value_name = "ID")]
        clock_id: i64,
        #[arg(long)]
        step: String,
        #[arg(long)]
        outcome: String,
        /// The date it was done (for `met`), or of the refusal letter (for `refused`).
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
    /// Record an exception the council claims, with its dates and the deadlines it is claimed
    /// for; each deadline checks it against its own regulation and keeps its statutory date.
    Exception {
        #[arg(long = "clock", value_name = "ID")]
        clock_id: i64,
        /// school-closure, early-years-closure, exceptional-personal-circumstances,
        /// absent-from-area or missed-appointment.
        #[arg(long)]
        kind: String,
        /// The step it is claimed for (repeat for more than one), e.g. final-plan.
        #[arg(long = "step", value_name = "STEP", required = true)]
        steps: Vec<String>,
        /// First day closed, away or affected, or the missed appointment (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// The day it reopened, you came back or the circumstances ended (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// For a closure: when the council asked that school or setting for advice.
        #[arg(long = "advice-requested", value_name = "DATE")]
        advice_requested: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Remove an exception recorded by mistake (the audit log keeps what it said).
    RemoveException {
        #[arg(long = "clock", value_name = "ID")]
        clock_id: i64,
        #[arg(long = "exception", value_name = "ID")]
        exception_id: i64,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum CalendarCommand {
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
pub(crate) enum CaseCommand {
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
pub(crate) struct NewCase {
    /// The child's name.
    #[arg(long)]
    pub(crate) name: String,
    #[command(flatten)]
    pub(crate) details: DetailOptions,
}

#[derive(Debug, Args)]
pub(crate) struct EditCase {
    pub(crate) id: i64,
    /// The child's name.
    #[arg(long)]
    pub(crate) name: Option<String>,
    #[command(flatten)]
    pub(crate) details: DetailOptions,
}

#[derive(Debug, Args)]
pub(crate) struct DetailOptions {
    /// Date of birth, YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub(crate) dob: Option<String>,
    /// Local authority (council).
    #[arg(long, value_name = "NAME")]
    pub(crate) la: Option<String>,
    /// School or setting.
    #[arg(long, value_name = "NAME")]
    pub(crate) school: Option<String>,
    /// EHC plan status: none, requested, assessing, draft, final or under_appeal.
    #[arg(long, value_name = "STATUS")]
    pub(crate) status: Option<String>,
    /// SEND Tribunal reference, e.g. EH123/26/00045.
    #[arg(long, value_name = "REF")]
    pub(crate) tribunal_ref: Option<String>,
}

impl DetailOptions {
    /// Lays the given options over `base`.
    pub(crate) fn apply(self, mut base: CaseDetails) -> Result<CaseDetails, CoreError> {
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
