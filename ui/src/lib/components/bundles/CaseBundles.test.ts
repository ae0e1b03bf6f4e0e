import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Bundle } from '../../bindings/Bundle';
import type { BuildReport, Document, PlanOverview, SectionPart } from '../../api';
import { seriousViolations } from '../../../test/axe';
import CaseBundles from './CaseBundles.svelte';

type Item = Bundle['sections'][number]['items'][number];

const doc = (id: number, title: string, date: string | null, pages: number): Document => ({
  id, case_id: 1, sha256: `${id}`.repeat(64).slice(0, 64), original_name: `${title}.pdf`, media_type: 'application/pdf', size_bytes: 1000,
  page_count: pages, title, document_date: date, suggested_date: null, imported_at: '2026-11-01T10:00:00Z', text_chars: 100, parent_id: null, ocr_status: null, kind: null, author_party_id: null, author: null, tags: [], password_protected: false,
});

/** A stand-in for the bundle commands: one case, its documents, at most one bundle. */
function fakeBundles(documents: Document[]) {
  let bundle: Bundle | null = null;
  let nextItem = 1;
  const calls: { command: string; args: Record<string, unknown> }[] = [];
  const item = (source: Item['source'], d: Document | null): Item => ({
    id: nextItem++, source, document_id: d?.id ?? null, kind: 'other', title: d?.title ?? 'Chronology', date: d?.document_date ?? null,
    author: null, pages: d?.page_count ?? null, media_type: d?.media_type ?? null, sha256: d?.sha256 ?? null,
  });
  const pages = (i: Item) => i.pages ?? 2;
  const overview = (): PlanOverview => {
    const b = bundle!;
    const sections = b.sections.map((s) => ({ letter: s.letter, pages: s.items.reduce((n, i) => n + pages(i), 0), limit: s.page_limit }));
    const warnings = sections.filter((s) => s.limit !== null && s.pages > s.limit).map((s) => `Section ${s.letter} has ${s.pages} pages; the limit is ${s.limit}.`);
    return {
      bundle: b,
      items: b.sections.flatMap((s) => s.items.map((i) => ({ item_id: i.id, pages: pages(i) }))),
      sections,
      document_pages: sections.reduce((n, s) => n + s.pages, 0),
      evidence_pages: sections.filter((_, i) => b.sections[i]!.part === 'evidence').reduce((n, s) => n + s.pages, 0),
      warnings,
      appeal_types: [{ key: 'refusal-to-assess', label: 'Refusal to assess or reassess', evidence_pages: 75 }],
    };
  };
  const find = (itemId: number) => {
    for (const s of bundle!.sections) {
      const index = s.items.findIndex((i) => i.id === itemId);
      if (index >= 0) return { s, index };
    }
    throw { kind: 'not_found', message: 'No such item', field: null };
  };
  clearMocks();
  mockIPC((command, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ command, args });
    switch (command) {
      case 'list_bundles':
        return bundle ? [bundle] : [];
      case 'list_documents':
        return documents;
      case 'create_bundle':
        bundle = {
          id: 7, case_id: 1, kind: args.kind as Bundle['kind'], title: 'Hearing bundle', appeal_type: null, total_limit: null, versions: [],
          sections: [
            { id: 1, letter: 'A', title: 'Appeal papers and decision', page_limit: null, part: 'core', items: [] },
            { id: 2, letter: 'B', title: 'EHC plan and appendices', page_limit: 3, part: 'plan', items: [] },
            { id: 3, letter: 'D', title: "Parent's evidence", page_limit: null, part: 'evidence', items: [item('chronology', null), ...documents.map((d) => item('document', d))] },
          ],
        };
        return bundle;
      case 'bundle_overview':
        return overview();
      case 'move_bundle_item': {
        const { s, index } = find(args.itemId as number);
        const [moved] = s.items.splice(index, 1);
        const target = bundle!.sections.find((x) => x.letter === args.letter) ?? s;
        target.items.splice(Math.min(args.position as number, target.items.length), 0, moved!);
        return bundle;
      }
      case 'remove_bundle_item': {
        const { s, index } = find(args.itemId as number);
        s.items.splice(index, 1);
        return bundle;
      }
      case 'add_bundle_item': {
        const d = documents.find((x) => x.id === args.documentId) ?? null;
        bundle!.sections.find((x) => x.letter === args.letter)!.items.push(item(args.source as Item['source'], d));
        return bundle;
      }
      case 'add_bundle_section':
        bundle!.sections.push({ id: 10 + bundle!.sections.length, letter: String(args.letter).toUpperCase(), title: args.title as string, page_limit: args.pageLimit as number | null, part: args.part as SectionPart, items: [] });
        return bundle;
      case 'update_bundle_section': {
        const s = bundle!.sections.find((x) => x.id === args.sectionId)!;
        s.title = args.title as string;
        s.page_limit = args.pageLimit as number | null;
        s.part = args.part as SectionPart;
        return bundle;
      }
      case 'remove_bundle_section':
        bundle!.sections = bundle!.sections.filter((x) => x.id !== args.sectionId);
        return bundle;
      case 'update_bundle':
        bundle!.appeal_type = args.appealType as string | null;
        bundle!.total_limit = args.appealType ? 75 : null;
        return bundle;
      case 'plugin:dialog|save':
        return '/home/parent/Documents/Ava hearing bundle.pdf';
      case 'build_bundle': {
        const report: BuildReport = {
          version: 1, pages: 14, sha256: 'f'.repeat(64), path: args.path as string, warnings: [], changes: [], kept_references: false,
        };
        bundle!.versions.push({ version: 1, built_at: '2026-11-25T10:00:00Z', build_date: '2026-11-25', pages: 14, sha256: 'f'.repeat(64), page_map: '[]', output_path: args.path as string, kept_references: false });
        return report;
      }
      case 'open_built_bundle':
        return null;
      default:
        throw { kind: 'internal', message: `unexpected ${command}`, field: null };
    }
  });
  return { calls };
}

afterEach(() => clearMocks());


describe('CaseBundles', () => {
  it('makes a hearing bundle with the documents in date order and shows page counts against the limits', async () => {
    fakeBundles([doc(1, 'EP report', '2026-03-01', 12), doc(2, 'Decision letter', '2026-05-02', 2)]);
    const onannounce = vi.fn();
    const screen = await render(CaseBundles, { caseId: 1, childName: 'Ava', archived: false, onannounce });
    await expect.element(screen.getByText(/A bundle is one PDF/)).toBeVisible();
    await userEvent.click(screen.getByLabelText(/Full hearing bundle/));
    await userEvent.click(screen.getByRole('button', { name: 'Make the bundle' }));
    await expect.element(screen.getByRole('heading', { name: 'Hearing bundle', exact: true })).toBeVisible();
    const d = screen.getByRole('group', { name: /Parent's evidence/ });
    await expect.element(d.getByText('16 pages')).toBeVisible();
    await expect.element(screen.getByText('16 pages of documents, plus the cover and index.')).toBeVisible();
    expect(await seriousViolations()).toEqual([]);

    // Into section B, which allows 3 pages: a warning appears.
    await userEvent.selectOptions(screen.getByLabelText('Section for EP report'), 'B');
    await expect.element(screen.getByText('Section B has 12 pages; the limit is 3.')).toBeVisible();
    expect(onannounce).toHaveBeenCalledWith('EP report moved to section B.');
  });

  it("counts only the family's own evidence against the appeal's limit, never the plan", async () => {
    // The usability test's case: a 109-page plan in B and a few pages of evidence in D were summed
    // into a false "over the limit" warning.
    fakeBundles([doc(1, 'EHC plan', '2026-03-01', 109), doc(2, 'Speech therapy report', '2026-05-02', 10)]);
    const screen = await render(CaseBundles, { caseId: 1, childName: 'Ava', archived: false, onannounce: vi.fn() });
    await userEvent.click(screen.getByLabelText(/Full hearing bundle/));
    await userEvent.click(screen.getByRole('button', { name: 'Make the bundle' }));
    await userEvent.selectOptions(screen.getByLabelText('Section for EHC plan'), 'B');
    await userEvent.selectOptions(screen.getByLabelText(/Type of appeal/), 'refusal-to-assess');
    const budget = screen.getByText(/Your evidence:/);
    await expect.element(budget).toHaveTextContent('Your evidence: 12 pages of the 75 this appeal allows.');
    await expect.element(budget).toHaveTextContent('121 pages of documents in all');
    await expect.element(budget).not.toHaveClass('over');
    await expect.element(screen.getByRole('group', { name: /EHC plan and appendices/ })).toHaveTextContent('The EHC plan and its appendices');
  });

  it('reorders, takes out and adds back, then builds and opens the PDF', async () => {
    const { calls } = fakeBundles([doc(1, 'EP report', '2026-03-01', 12), doc(2, 'Decision letter', '2026-05-02', 2)]);
    const screen = await render(CaseBundles, { caseId: 1, childName: 'Ava', archived: false, onannounce: vi.fn() });
    await userEvent.click(screen.getByRole('button', { name: 'Make the bundle' }));
    await userEvent.click(screen.getByRole('button', { name: 'Move Decision letter up' }));
    const d = screen.getByRole('group', { name: /Parent's evidence/ });
    await expect.element(d.getByRole('listitem').nth(1)).toHaveTextContent(/Decision letter/);
    await userEvent.click(screen.getByRole('button', { name: 'Take out EP report' }));
    await expect.element(d.getByText('4 pages')).toBeVisible();
    await userEvent.selectOptions(screen.getByLabelText('Add to the bundle'), 'doc:1');
    await userEvent.selectOptions(screen.getByLabelText('In section'), 'A');
    await userEvent.click(screen.getByRole('button', { name: 'Add', exact: true }));
    await expect.element(screen.getByRole('group', { name: /Appeal papers/ }).getByText('EP report')).toBeVisible();

    await userEvent.click(screen.getByRole('button', { name: 'Build the PDF…' }));
    await expect.element(screen.getByText('Built version 1: 14 pages.')).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Open the PDF' }));
    expect(calls.find((c) => c.command === 'build_bundle')?.args).toEqual({ bundleId: 7, path: '/home/parent/Documents/Ava hearing bundle.pdf', keepReferences: false });
    expect(calls.find((c) => c.command === 'open_built_bundle')?.args).toEqual({ bundleId: 7, version: 1, reveal: false });
    await expect.element(screen.getByRole('table', { name: 'Versions built' })).toBeVisible();
    expect(await seriousViolations()).toEqual([]);
  });

  it('renames a section, sets its limit, adds one and removes an empty one', async () => {
    fakeBundles([doc(1, 'EP report', '2026-03-01', 12)]);
    const screen = await render(CaseBundles, { caseId: 1, childName: 'Ava', archived: false, onannounce: vi.fn() });
    await userEvent.click(screen.getByRole('button', { name: 'Make the bundle' }));
    await userEvent.click(screen.getByRole('button', { name: 'Rename section B' }));
    await userEvent.fill(screen.getByLabelText('Section title'), 'The EHC plan');
    await userEvent.fill(screen.getByLabelText('Page limit (optional)'), '100');
    await expect.element(screen.getByLabelText('What it holds')).toHaveValue('plan');
    await userEvent.click(screen.getByRole('button', { name: 'Save section' }));
    await expect.element(screen.getByRole('group', { name: /The EHC plan/ }).getByText('0 pages of 100')).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Add a section…' }));
    await expect.element(screen.getByLabelText('Letter')).toHaveValue('C');
    await userEvent.fill(screen.getByLabelText('Section title'), 'Private reports');
    await userEvent.click(screen.getByRole('button', { name: 'Add section' }));
    await expect.element(screen.getByRole('group', { name: /Private reports/ })).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Remove section C' }));
    await expect.element(screen.getByRole('group', { name: /Private reports/ })).not.toBeInTheDocument();
    expect(await seriousViolations()).toEqual([]);
  });
});
