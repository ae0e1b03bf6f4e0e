import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Document, Party, SearchHit, TimelineItem } from '../../api';
import { seriousViolations } from '../../../test/axe';
import CaseDocuments from './CaseDocuments.svelte';
import CasePeople from '../cases/CasePeople.svelte';
import CaseTimeline from '../cases/CaseTimeline.svelte';
import DocumentDetailsForm from './DocumentDetailsForm.svelte';
import SearchPalette from './SearchPalette.svelte';

const parties: Party[] = [
  { id: 4, case_id: 1, kind: 'person', name: 'Dr Shah', role: null, organisation_id: null, email: null, phone: null, notes: null, created_at: '2026-01-01T00:00:00Z' },
];

const doc: Document = {
  id: 9, case_id: 1, sha256: 'a'.repeat(64), original_name: 'scan.pdf', media_type: 'application/pdf', size_bytes: 100, page_count: 2,
  title: 'scan0001', document_date: null, suggested_date: '2022-04-29', imported_at: '2026-11-01T10:00:00Z', text_chars: 10, parent_id: null, ocr_status: null,
  kind: null, author_party_id: null, author: null, tags: [], password_protected: false,
};

afterEach(() => clearMocks());

describe('SearchPalette', () => {
  it('finds as the person types, narrows by kind and person, and opens a hit', async () => {
    const calls: Record<string, unknown>[] = [];
    const hit: SearchHit = { source: 'document', source_id: 9, title: 'GP letter', snippet: 'Weekly «therapy» recommended', date: '2026-02-01', kind: 'report-medical' };
    mockIPC((command, payload) => {
      if (command === 'list_parties') return parties;
      if (command === 'search_case') {
        calls.push(payload as Record<string, unknown>);
        return [hit];
      }
      throw { kind: 'internal', message: `unexpected ${command}`, field: null };
    });
    const onchoose = vi.fn();
    const screen = await render(SearchPalette, { caseId: 1, childName: 'Ava', onchoose, onclose: vi.fn() });
    await expect.element(screen.getByLabelText(/Words to find/)).toHaveFocus();
    await userEvent.type(screen.getByLabelText(/Words to find/), 'therapy');
    await expect.element(screen.getByText('1 found')).toBeVisible();
    await expect.element(screen.getByText('Medical report · Sun 1 Feb 2026')).toBeVisible();
    await userEvent.selectOptions(screen.getByLabelText('What'), 'Medical report');
    await userEvent.selectOptions(screen.getByLabelText('From or with'), 'Dr Shah');
    await expect.poll(() => calls.at(-1)?.filter).toEqual({ kind: 'report-medical', party_id: 4, from: null, to: null });
    expect(await seriousViolations()).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: /GP letter/ }));
    expect(onchoose).toHaveBeenCalledWith(hit);
  });

  it('closes on Esc pressed in the search box with words in it, as its button says', async () => {
    mockIPC((command) => {
      if (command === 'list_parties') return parties;
      if (command === 'search_case') return [];
      throw { kind: 'internal', message: `unexpected ${command}`, field: null };
    });
    const onclose = vi.fn();
    const screen = await render(SearchPalette, { caseId: 1, childName: 'Ava', onchoose: vi.fn(), onclose });
    await userEvent.type(screen.getByLabelText(/Words to find/), 'therapy');
    await userEvent.keyboard('{Escape}');
    expect(onclose).toHaveBeenCalled();
  });
});

describe('DocumentDetailsForm', () => {
  it('saves the title, date, kind, author and tags, and points at a refused date', async () => {
    const saved: unknown[] = [];
    let refuse = true;
    mockIPC((command, payload) => {
      if (command !== 'update_document') throw { kind: 'internal', message: command, field: null };
      const { details } = payload as { details: Record<string, unknown> };
      if (refuse) {
        refuse = false;
        throw { kind: 'invalid', message: '1900 is out of range. Check the year.', field: 'document_date' };
      }
      saved.push(details);
      return { ...doc, title: details.title };
    });
    const onsaved = vi.fn();
    const screen = await render(DocumentDetailsForm, { document: doc, parties, onsaved, oncancel: vi.fn() });
    await userEvent.fill(screen.getByLabelText('Title'), 'Letter from the GP');
    await userEvent.fill(screen.getByLabelText('Day'), '1');
    await userEvent.fill(screen.getByLabelText('Month'), '2');
    await userEvent.fill(screen.getByLabelText('Year'), '1900');
    await userEvent.selectOptions(screen.getByLabelText('What it is'), 'Medical report');
    await userEvent.fill(screen.getByLabelText('Who it is from'), 'Dr Shah');
    await userEvent.fill(screen.getByLabelText(/Tags/), 'health, therapy');
    await userEvent.click(screen.getByRole('button', { name: 'Save details' }));
    await expect.element(screen.getByText('1900 is out of range. Check the year.')).toBeVisible();
    await expect.element(screen.getByLabelText('Day')).toHaveFocus();
    await userEvent.fill(screen.getByLabelText('Year'), '2026');
    await userEvent.click(screen.getByRole('button', { name: 'Save details' }));
    await expect.poll(() => onsaved.mock.calls.length).toBe(1);
    expect(saved[0]).toEqual({ title: 'Letter from the GP', document_date: '2026-02-01', kind: 'report-medical', author: 'Dr Shah', tags: ['health', 'therapy'] });
    expect(await seriousViolations()).toEqual([]);
  });
});

describe('the date a file says of itself', () => {
  it('is offered as a question and used only when the family says so', async () => {
    const saved: Record<string, unknown>[] = [];
    mockIPC((command, payload) => {
      if (command !== 'update_document') throw { kind: 'internal', message: command, field: null };
      saved.push((payload as { details: Record<string, unknown> }).details);
      return doc;
    });
    const screen = await render(DocumentDetailsForm, { document: doc, parties, onsaved: vi.fn(), oncancel: vi.fn() });
    await expect.element(screen.getByText(/The file says Fri 29 Apr 2022: is that the letter's date\? It is not used until you say so\./)).toBeVisible();
    expect((screen.getByLabelText('Day').element() as HTMLInputElement).value).toBe('');
    // Saved as it is, the document stays undated.
    await userEvent.click(screen.getByRole('button', { name: 'Save details' }));
    await expect.poll(() => saved.length).toBe(1);
    expect(saved[0]!.document_date).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Use that date' }));
    await expect.element(screen.getByLabelText('Day')).toHaveValue('29');
    await userEvent.click(screen.getByRole('button', { name: 'Save details' }));
    await expect.poll(() => saved.length).toBe(2);
    expect(saved[1]!.document_date).toBe('2022-04-29');
  });
});

describe('CaseTimeline', () => {
  it('groups documents and correspondence by month and opens each', async () => {
    const items: TimelineItem[] = [
      { date: '2026-03-01', source: 'entry', id: 2, title: 'Chased the decision', detail: 'Email · sent · Northshire Council' },
      { date: '2026-02-10', source: 'document', id: 9, title: 'Decision letter', detail: 'Decision letter · Northshire Council' },
      { date: null, source: 'document', id: 10, title: 'Old photo', detail: 'undated, imported 2026-11-01' },
    ];
    mockIPC((command) => (command === 'case_timeline' ? items : null));
    const onopendocument = vi.fn();
    const onopenentry = vi.fn();
    const screen = await render(CaseTimeline, { caseId: 1, onopendocument, onopenentry });
    await expect.element(screen.getByRole('heading', { name: 'March 2026' })).toBeVisible();
    await expect.element(screen.getByRole('heading', { name: 'February 2026' })).toBeVisible();
    await expect.element(screen.getByRole('heading', { name: 'Undated' })).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Decision letter' }));
    expect(onopendocument).toHaveBeenCalledWith(9);
    await userEvent.click(screen.getByRole('button', { name: 'Chased the decision' }));
    expect(onopenentry).toHaveBeenCalledWith(2);
    expect(await seriousViolations()).toEqual([]);
  });
});

describe('CasePeople', () => {
  it('merges a duplicate into the entry to keep', async () => {
    let register: Party[] = [
      { ...parties[0]!, id: 4, name: 'Jo Hill' },
      { ...parties[0]!, id: 5, name: 'Joanne Hill (caseworker)' },
    ];
    const merges: unknown[] = [];
    mockIPC((command, payload) => {
      if (command === 'list_parties') return register;
      if (command === 'merge_parties') {
        merges.push(payload);
        register = register.filter((p) => p.id !== 5);
        return register[0];
      }
      return null;
    });
    const onannounce = vi.fn();
    const screen = await render(CasePeople, { caseId: 1, archived: false, onannounce });
    await userEvent.selectOptions(screen.getByLabelText('Merge Joanne Hill (caseworker) into'), 'Jo Hill');
    await userEvent.click(screen.getByRole('button', { name: 'Merge Joanne Hill (caseworker)' }));
    await expect.element(screen.getByText('Joanne Hill (caseworker)')).not.toBeInTheDocument();
    expect(merges).toEqual([{ keepId: 4, duplicateId: 5 }]);
    expect(onannounce).toHaveBeenCalledWith(expect.stringContaining('merged into “Jo Hill”'));
    expect(await seriousViolations()).toEqual([]);
  });
});

describe('CaseDocuments', () => {
  it('asks for the password of a protected PDF and imports it with a readable copy', async () => {
    const imports: unknown[] = [];
    let docs: Document[] = [];
    mockIPC((command, payload) => {
      const args = payload as Record<string, unknown>;
      switch (command) {
        case 'list_documents':
          return docs;
        case 'ocr_available':
          return null;
        case 'plugin:dialog|open':
          return ['/home/parent/locked.pdf'];
        case 'import_files':
          imports.push(args);
          if (!args.password) {
            return [{ file: 'locked.pdf', result: { outcome: 'needs-password', message: 'locked.pdf is password-protected. Import it again with its password, and Casefile keeps it with a readable copy.' } }];
          }
          docs = [{ ...doc, id: 1, title: 'locked', password_protected: true }, { ...doc, id: 2, title: 'locked (readable copy)', parent_id: 1 }];
          return [{ file: 'locked.pdf', result: { outcome: 'imported', document: docs[0], attachments: [docs[1]], notes: [] } }];
        default:
          return null;
      }
    });
    const onannounce = vi.fn();
    const screen = await render(CaseDocuments, { caseId: 1, archived: false, onannounce });
    await userEvent.click(screen.getByRole('button', { name: 'Import files…' }));
    await expect.element(screen.getByText(/locked.pdf is password-protected/)).toBeVisible();
    await userEvent.fill(screen.getByLabelText('Password for locked.pdf'), 's3cret');
    await userEvent.click(screen.getByRole('button', { name: 'Import with this password' }));
    await expect.element(screen.getByRole('rowheader', { name: /locked \(readable copy\)/ })).toBeVisible();
    expect(imports).toEqual([
      { caseId: 1, paths: ['/home/parent/locked.pdf'], password: null },
      { caseId: 1, paths: ['/home/parent/locked.pdf'], password: 's3cret' },
    ]);
    expect(onannounce).toHaveBeenCalledWith('locked.pdf imported, with a readable copy.');
    expect(await seriousViolations()).toEqual([]);
  });
});
