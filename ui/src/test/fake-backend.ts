// An in-memory stand-in for the Rust commands, behind Tauri's own IPC mock, so that screens can
// be tested in a browser without a window. It mirrors the contract (kinds, fields, messages),
// not the rules: the rules are tested in Rust.
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { BackupInfo } from '../lib/bindings/BackupInfo';
import type { BundleCheck } from '../lib/bindings/BundleCheck';
import type { CouncilAudit } from '../lib/bindings/CouncilAudit';
import type { ProvisionReport, RowProblem, SchoolCalendar, TermDatesPreview, TermRow } from '../lib/api';
import type { AppStatus, Case, CaseDeadline, CaseDetails, CaseFilter, CommandError, Deadline, Document, Entry, EntryDetails, Letter, TodayItem } from '../lib/api';

export interface FakeBackend {
  cases: Case[];
  today: TodayItem[];
  deadlines: CaseDeadline[];
  /** What the Save dialog answers (null: the person cancelled). */
  savePath: string | null;
  /** The draft the core returns for any chasing letter. */
  letter: Letter | null;
  entries: Entry[];
  documents: Document[];
  /** What the Open dialog answers. */
  openPaths: string[] | null;
  calls: { command: string; args: unknown }[];
  status: AppStatus;
  /** The passphrase that opens the (pretend) protected case file. */
  passphrase: string;
  backups: BackupInfo[];
  /** Document files the restored backup does not list (stored after it was made). */
  unlisted: string[];
  /** The (pretend) database file is gone: unlocking finds it missing. */
  databaseMissing: boolean;
  /** What checking a bundle finds. */
  check: BundleCheck | null;
  /** What auditing the council's bundle finds; a refusal to give instead (a password needed). */
  audit: CouncilAudit | null;
  auditRefusal: CommandError | null;
  /** The school's half-terms and INSET days. */
  calendar: SchoolCalendar;
  /** What the provision tab shows. */
  report: ProvisionReport | null;
  /** What reading pasted term dates finds. */
  termsPreview: TermDatesPreview | null;
  /** The problems saving typed half-terms finds (none: they are stored). */
  termRowProblems: RowProblem[];
}

export const RECOVERY_KEY = 'ABCD-EFGH-JKLM-NPQR-STUV-WXYZ-2345-6789';
const LOCKED: CommandError = { kind: 'locked', message: 'Casefile is locked. Type the passphrase to open the case files.', field: null, problems: [] };

function refuse(kind: string, message: string, field: string | null = null): never {
  const error: CommandError = { kind, message, field, problems: field ? [{ field, message }] : [] };
  throw error;
}

export function installFakeBackend(initial: Partial<FakeBackend> = {}): FakeBackend {
  const backend: FakeBackend = {
    cases: initial.cases ?? [],
    today: initial.today ?? [],
    deadlines: initial.deadlines ?? [],
    savePath: initial.savePath ?? null,
    letter: initial.letter ?? null,
    entries: initial.entries ?? [],
    documents: initial.documents ?? [],
    openPaths: initial.openPaths ?? null,
    calls: [],
    passphrase: initial.passphrase ?? 'purple kettle seventeen',
    backups: initial.backups ?? [],
    unlisted: initial.unlisted ?? [],
    databaseMissing: initial.databaseMissing ?? false,
    check: initial.check ?? null,
    audit: initial.audit ?? null,
    auditRefusal: initial.auditRefusal ?? null,
    calendar: initial.calendar ?? { blocks: [], inset_days: [] },
    report: initial.report ?? null,
    termsPreview: initial.termsPreview ?? null,
    termRowProblems: initial.termRowProblems ?? [],
    status: initial.status ?? { version: '0.1.0', data_folder: '/home/parent/.local/share/Casefile', error: null, folder: 'plain', visit_case: null },
  };
  let nextId = Math.max(0, ...backend.cases.map((c) => c.id)) + 1;
  const now = '2026-11-25T10:00:00.000Z';

  const find = (id: number) => backend.cases.find((c) => c.id === id) ?? refuse('not_found', `There is no case with number ${id}.`);
  const fromDetails = (d: CaseDetails) => {
    if (!d.child_name.trim()) refuse('invalid', "Enter the child's name.", 'child_name');
    return {
      child_name: d.child_name.trim(),
      date_of_birth: d.date_of_birth || null,
      local_authority: d.local_authority || null,
      school: d.school || null,
      ehcp_status: d.ehcp_status,
      tribunal_reference: d.tribunal_reference || null,
    };
  };

  clearMocks();
  mockIPC((command, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    backend.calls.push({ command, args });
    switch (command) {
      case 'app_status':
        return backend.status;
      case 'set_up_case_file': {
        const passphrase = args.passphrase as string | null;
        if (passphrase !== null && passphrase.length < 10) refuse('invalid', 'Choose a passphrase of at least 10 characters.', 'passphrase');
        if (passphrase !== null) backend.passphrase = passphrase;
        backend.status = { ...backend.status, error: null, folder: passphrase === null ? 'plain' : 'protected' };
        return passphrase === null ? null : RECOVERY_KEY;
      }
      case 'list_backups':
        return backend.backups;
      case 'backup_now': {
        const made = { path: `/data/backups/casefile-${backend.backups.length}-manual.db`, made: '2026-11-25 10:00:00', reason: 'manual', bytes: 4096 };
        backend.backups.unshift(made);
        return made;
      }
      case 'restore_backup':
        backend.backups.unshift({ path: '/data/backups/casefile-before-restore.db', made: '2026-11-25 10:05:00', reason: 'before-restore', bytes: 4096 });
        backend.cases = backend.cases.slice(0, 1);
        return { database_ok: true, database_problems: [], documents: 0, missing: [], changed: [], orphans: backend.unlisted };
      case 'restore_missing_database':
        if (backend.status.folder === 'protected' && args.passphrase !== backend.passphrase)
          refuse('invalid', 'That passphrase does not open this case file.', 'passphrase');
        backend.databaseMissing = false;
        backend.status = { ...backend.status, error: null };
        return { database_ok: true, database_problems: [], documents: 0, missing: [], changed: [], orphans: backend.unlisted };
      case 'take_back_unlisted_documents': {
        const taken = backend.unlisted.map((sha) => ({ file: `recovered ${sha.slice(0, 8)}`, result: { outcome: 'already-there', document: null } }));
        backend.unlisted = [];
        return taken;
      }
      case 'export_is_protected':
        return true;
      case 'verify_export_file':
      case 'restore_from_export': {
        if (args.passphrase !== backend.passphrase) refuse('invalid', 'That passphrase does not open this case file.', 'passphrase');
        if (command === 'restore_from_export') backend.status = { ...backend.status, folder: 'protected', error: LOCKED };
        return { path: args.path, cases: 2, documents: 14, files: 14, bytes: 4_000_000 };
      }
      case 'start_visit':
        backend.status = { ...backend.status, visit_case: args.caseId as number };
        return null;
      case 'end_visit':
        if (backend.status.folder === 'protected' && args.passphrase !== backend.passphrase) refuse('invalid', 'That passphrase does not open this case file.', 'passphrase');
        backend.status = { ...backend.status, visit_case: null };
        return null;
      case 'export_case_handover': {
        const c = find(args.caseId as number);
        return { path: args.path, case_id: c.id, child_name: c.child_name, documents: 3, bytes: 2048 };
      }
      case 'unlock':
        if (args.passphrase !== backend.passphrase) refuse('invalid', 'That passphrase does not open this case file.', 'passphrase');
        if (backend.databaseMissing)
          refuse('missing_database', "The case file's database (casefile.db) is missing. Nothing in the folder has been changed.");
        backend.status = { ...backend.status, error: null };
        return null;
      case 'lock':
        if (backend.status.folder !== 'protected') return false;
        backend.status = { ...backend.status, error: LOCKED };
        return true;
      case 'protect_case_file':
        backend.passphrase = args.passphrase as string;
        backend.status = { ...backend.status, folder: 'protected' };
        return RECOVERY_KEY;
      case 'change_passphrase':
        if (args.current !== backend.passphrase) refuse('invalid', 'That passphrase does not open this case file.', 'passphrase');
        backend.passphrase = args.newPassphrase as string;
        return null;
      case 'list_cases': {
        const filter = args.filter as CaseFilter;
        return backend.cases
          .filter((c) => filter === 'all' || (filter === 'archived') === (c.archived_at !== null))
          .filter((c) => backend.status.visit_case == null || c.id === backend.status.visit_case)
          .sort((a, b) => a.child_name.localeCompare(b.child_name));
      }
      case 'get_case':
        return find(args.id as number);
      case 'create_case': {
        const created: Case = { id: nextId++, ...fromDetails(args.details as CaseDetails), is_demo: false, archived_at: null, created_at: now, updated_at: now };
        backend.cases.push(created);
        return created;
      }
      case 'update_case': {
        const existing = find(args.id as number);
        Object.assign(existing, fromDetails(args.details as CaseDetails), { updated_at: now });
        return existing;
      }
      case 'archive_case':
        return Object.assign(find(args.id as number), { archived_at: now });
      case 'restore_case':
        return Object.assign(find(args.id as number), { archived_at: null });
      case 'create_demo_case': {
        const demo: Case = {
          id: nextId++, child_name: 'Robin Example (demo)', date_of_birth: '2017-07-28', local_authority: 'Northshire County Council (fictional)',
          school: null, ehcp_status: 'final', tribunal_reference: null, is_demo: true, archived_at: null, created_at: now, updated_at: now,
        };
        backend.cases.push(demo);
        return demo;
      }
      case 'today_deadlines':
        return backend.today;
      case 'case_deadlines':
        return backend.deadlines;
      case 'due_follow_ups':
        return [];
      case 'list_entries':
        return backend.entries;
      case 'add_entry': {
        const d = args.details as EntryDetails;
        if (!d.note.trim() && !d.subject?.trim()) refuse('invalid', 'Write a short summary or note, or at least a subject, so you can find this entry again.', 'note');
        const entry: Entry = {
          id: backend.entries.length + 1, case_id: args.caseId as number, occurred_on: d.occurred_on, occurred_time: d.occurred_time || null,
          direction: d.direction as Entry['direction'], channel: d.channel as Entry['channel'], party_id: null, party_name: d.party || null,
          subject: d.subject || null, note: d.note, note_versions: 1, note_written_at: now, follow_up_by: d.follow_up_by || null,
          follow_up_done: null, created_at: now, documents: [],
        };
        backend.entries.unshift(entry);
        return entry;
      }
      case 'list_processes':
      case 'list_exceptions':
      case 'case_clocks':
        return [];
      case 'plugin:dialog|save':
        return backend.savePath;
      case 'plugin:dialog|open':
        return backend.openPaths;
      case 'import_files':
        return (args.paths as string[]).map((path) => {
          const file = path.split('/').at(-1) ?? path;
          if (file.endsWith('.xyz')) return { file, result: { outcome: 'refused', message: `Casefile cannot import .xyz files yet, so ${file} was not imported.` } };
          const document = {
            id: backend.documents.length + 1, case_id: args.caseId as number, sha256: 'ab'.repeat(32), original_name: file, media_type: 'application/pdf',
            size_bytes: 1000, page_count: 1, title: file.replace(/\.[^.]+$/, ''), document_date: null, suggested_date: '2026-03-12', imported_at: now, text_chars: 40, parent_id: null, ocr_status: null, kind: null, author_party_id: null, author: null, tags: [], password_protected: false,
          };
          backend.documents.push(document);
          return { file, result: { outcome: 'imported', document, attachments: [], notes: [] } };
        });
      case 'list_documents':
        return backend.documents;
      case 'ocr_available':
        return null;
      case 'list_parties':
        return [];
      case 'search_case':
        return backend.documents.length > 0
          ? [{ source: 'document', source_id: 1, title: backend.documents[0]!.title, snippet: 'we will not carry out an «assessment» at this time' }]
          : [];
      case 'draft_chasing_letter':
        return backend.letter ?? refuse('invalid', 'A chasing letter can be drafted once a deadline has passed without being met.', 'step');
      case 'save_letter_pdf':
        return { path: args.path, pages: 1, missing_characters: '' };
      case 'audit_council_bundle': {
        const refusal = backend.auditRefusal;
        if (refusal && args.password !== 'open sesame') throw refusal;
        return backend.audit ?? { audit: { file: 'bundle.pdf', page_count: 1, documents: [], unmatched: [], unread_pages: [], ocr_pages: 0 }, versions: null, letter: null };
      }
      case 'import_council_pages': {
        const pages = args.pages as { pages: [number, number]; title: string | null };
        const document: Document = {
          id: 900 + pages.pages[0], case_id: Number(args.caseId), sha256: 'c'.repeat(64), original_name: 'Council bundle.pdf', media_type: 'application/pdf',
          size_bytes: 1000, page_count: pages.pages[1] - pages.pages[0] + 1,
          title: `${pages.title ?? 'Council bundle'} (council bundle pages ${pages.pages[0]}–${pages.pages[1]})`, document_date: null, suggested_date: null,
          imported_at: '2026-12-02T10:00:00Z', text_chars: 100, parent_id: null, ocr_status: null, kind: null, author_party_id: null, author: null, tags: [],
          password_protected: false,
        };
        backend.documents.push(document);
        return { outcome: 'imported', document, attachments: [], notes: [] };
      }
      case 'pack_bundle': {
        const folder = String(args.folder);
        const parts = [
          { file_name: 'EH123-26-00042 - Robin Example - EVIDENCE - part 1 of 2.pdf', pages: [1, 40] as [number, number], bytes: 6_900_000, sha256: 'a'.repeat(64), documents: ['Cover and index', 'EP report'] },
          { file_name: 'EH123-26-00042 - Robin Example - EVIDENCE - part 2 of 2.pdf', pages: [41, 64] as [number, number], bytes: 2_100_000, sha256: 'b'.repeat(64), documents: ['SALT report'] },
        ];
        return {
          folder, subject: 'EH123/26/00042 | Robin Example | EVIDENCE', parts, emails: ['To: …', 'To: …'],
          manifest: 'EH123-26-00042 - Robin Example - EVIDENCE - manifest.txt', version: 2, bundle_sha256: 'c'.repeat(64),
          email_mb: Number(args.maxMb), split_documents: [], entry_id: 31,
        };
      }
      case 'school_calendar':
        return backend.calendar;
      case 'provision_report':
        return backend.report ?? { from: '2026-09-01', to: '2026-11-25', lines: [] };
      case 'typical_school_year': {
        const y = Number(args.year);
        return [
          { name: 'Autumn 1', starts: `${y}-09-02`, ends: `${y}-10-23` },
          { name: 'Autumn 2', starts: `${y}-11-02`, ends: `${y}-12-18` },
          { name: 'Spring 1', starts: `${y + 1}-01-05`, ends: `${y + 1}-02-12` },
          { name: 'Spring 2', starts: `${y + 1}-02-22`, ends: `${y + 1}-03-26` },
          { name: 'Summer 1', starts: `${y + 1}-04-12`, ends: `${y + 1}-05-28` },
          { name: 'Summer 2', starts: `${y + 1}-06-07`, ends: `${y + 1}-07-21` },
        ];
      }
      case 'save_term_rows': {
        if (backend.termRowProblems.length > 0) return { calendar: null, problems: backend.termRowProblems };
        const rows = (args.rows as TermRow[]).filter((r) => r.name || r.starts || r.ends);
        backend.calendar = { ...backend.calendar, blocks: rows.map((r) => ({ ...r })).sort((a, b) => a.starts.localeCompare(b.starts)) };
        return { calendar: backend.calendar, problems: [] };
      }
      case 'preview_term_dates':
        return backend.termsPreview ?? { blocks: [], inset_days: [], problems: [] };
      case 'import_term_dates': {
        const preview = backend.termsPreview;
        if (!preview) return refuse('invalid', 'Line 1: No term dates found.', 'line');
        if (preview.problems.length > 0) return refuse('invalid', preview.problems.map((p) => `Line ${p.line}: ${p.message}`).join('\n'), 'line');
        backend.calendar = { blocks: [...backend.calendar.blocks, ...preview.blocks], inset_days: [...backend.calendar.inset_days, ...preview.inset_days] };
        return backend.calendar;
      }
      case 'check_bundle':
        return backend.check ?? { findings: [], hearing_date: null, counted_at: '2026-11-25', send7: null };
      case 'save_text_file':
        return { path: args.path, count: String(args.text).split('\n').length };
      case 'export_deadlines_ics':
        return { path: args.path, count: backend.deadlines.filter((d) => d.deadline.due).length };
      default:
        return refuse('internal', `unknown command ${command}`);
    }
  });
  return backend;
}

export function makeCase(overrides: Partial<Case> = {}): Case {
  return {
    id: 1,
    child_name: 'Maya Patel',
    date_of_birth: '2016-09-14',
    local_authority: 'Kent County Council',
    school: 'Oakfield Primary',
    ehcp_status: 'assessing',
    tribunal_reference: null,
    is_demo: false,
    archived_at: null,
    created_at: '2026-11-20T09:30:00.000Z',
    updated_at: '2026-11-21T16:05:00.000Z',
    ...overrides,
  };
}

export function makeDeadline(overrides: Partial<Deadline> = {}): Deadline {
  return {
    step: 'final-plan',
    title: 'Council issues the final EHC plan',
    who: 'council',
    who_label: 'Council',
    due: '2026-06-01',
    provisional: false,
    set_by_hand: false,
    waiting_for: null,
    waiting_for_event: null,
    status: 'overdue',
    days_left: -177,
    breach: true,
    met_on: null,
    rule: 'The final EHC plan must be issued within 20 weeks of the council receiving the request.',
    period: '20 weeks',
    source: 'SEND Regs 2014 reg 13(2)',
    unconfirmed: false,
    only_if: null,
    note: null,
    exceptions: [],
    exceptions_source: 'SEND Regs 2014 reg 13(3), applying reg 10(4)(a)-(d)',
    ruled_out_by: null,
    ended_by_refusal: null,
    refusal: null,
    refused_on: null,
    ...overrides,
  };
}

export function makeCaseDeadline(overrides: Partial<Deadline> = {}, clockId = 1): CaseDeadline {
  return { clock_id: clockId, process_title: 'EHC needs assessment request', clock_label: null, deadline: makeDeadline(overrides), evidence: null };
}
