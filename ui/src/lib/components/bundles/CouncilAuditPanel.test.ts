import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { installFakeBackend } from '../../../test/fake-backend';
import { seriousViolations } from '../../../test/axe';
import type { CouncilAudit } from '../../api';
import CouncilAuditPanel from './CouncilAuditPanel.svelte';

const AUDIT: CouncilAudit = {
  audit: {
    file: 'Hearing bundle v2.pdf',
    page_count: 178,
    ocr_pages: 2,
    unread_pages: [],
    documents: [
      { document_id: 1, title: 'Educational psychology advice', date: '2026-03-12', status: 'found', pages: [3, 19], ranges: [[3, 19]], missing_pages: [], changed_pages: [], readable: true },
      { document_id: 2, title: 'Speech and language therapy report', date: null, status: 'different', pages: [141, 175], ranges: [[141, 175]], missing_pages: [5], changed_pages: [], readable: true },
      { document_id: 3, title: 'Annual review report 2025', date: null, status: 'missing', pages: null, ranges: [], missing_pages: [], changed_pages: [], readable: true },
      { document_id: 4, title: 'Photo of the home therapy log', date: null, status: 'missing', pages: null, ranges: [], missing_pages: [], changed_pages: [], readable: false },
    ],
    unmatched: [
      { pages: [1, 2], title: 'Index (page 2)', index: true },
      { pages: [21, 23], title: 'B1 Minutes of a panel (page 21)', index: false },
    ],
  },
  versions: { old_file: 'Hearing bundle v1.pdf', new_file: 'Hearing bundle v2.pdf', moved: [{ old: [3, 19], new: [5, 21] }], removed: [], added: [[3, 4]] },
  letter: 'Subject: EH123/26/00042 | Robin Example | HEARING BUNDLE\n\n1. Documents we sent that are not in the bundle:\n',
};

describe('CouncilAuditPanel', () => {
  it('says where each document is in the council’s bundle, keeps unknown pages as a document, and saves the letter as edited', async () => {
    const backend = installFakeBackend({
      openPaths: ['/home/parent/Downloads/Hearing bundle v2.pdf'],
      savePath: '/home/parent/Robin letter about the hearing bundle.txt',
      audit: AUDIT,
    });
    const announced: string[] = [];
    const screen = await render(CouncilAuditPanel, { caseId: 1, childName: 'Robin', archived: false, onannounce: (t: string) => announced.push(t) });
    await userEvent.click(screen.getByRole('button', { name: 'Choose the council’s bundle…' }));

    const table = screen.getByRole('table', { name: 'Your documents in the council’s bundle' });
    await expect.element(table).toHaveTextContent('Educational psychology advice, Thu 12 Mar 2026FoundBundle pages 3–19.');
    await expect.element(table).toHaveTextContent('Speech and language therapy reportIncomplete or changedBundle pages 141–175, but its page 5 not there.');
    await expect.element(table).toHaveTextContent('Annual review report 2025MissingNot in the council’s bundle.');
    await expect.element(table).toHaveTextContent('Photo of the home therapy logCheck by eye');
    expect(backend.calls.find((c) => c.command === 'audit_council_bundle')?.args).toEqual({
      caseId: 1, path: '/home/parent/Downloads/Hearing bundle v2.pdf', earlierPath: null, password: null,
    });
    expect(announced).toContain('Checked 178 pages: 1 missing, 1 incomplete, 1 run of pages you may not have.');

    // The index is the council's own; the panel minutes are offered to keep.
    const unknown = screen.getByRole('list', { name: 'Pages that are not documents you have' });
    await expect.element(unknown).toHaveTextContent('Bundle pages 21–23 (“B1 Minutes of a panel (page 21)”)');
    await expect.element(unknown).not.toHaveTextContent('Index');
    await userEvent.click(screen.getByRole('button', { name: 'Keep these pages as a document' }));
    await expect.element(unknown).toHaveTextContent('Kept as “B1 Minutes of a panel (page 21) (council bundle pages 21–23)” in Documents.');
    expect(backend.documents).toHaveLength(1);

    await expect.element(screen.getByRole('list', { name: 'Page numbers that changed' })).toHaveTextContent('pages 3–19 of the earlier version are now pages 5–21.');

    const draft = screen.getByLabelText(/Letter to the council/);
    await userEvent.clear(draft);
    await userEvent.type(draft, 'Our own words');
    await userEvent.click(screen.getByRole('button', { name: 'Save the letter as a text file…' }));
    await expect.element(screen.getByText('Saved the letter to /home/parent/Robin letter about the hearing bundle.txt.')).toBeVisible();
    expect(backend.calls.find((c) => c.command === 'save_text_file')?.args).toEqual({ path: '/home/parent/Robin letter about the hearing bundle.txt', text: 'Our own words' });
    expect(await seriousViolations()).toEqual([]);
  });

  it('asks for the password of a protected bundle and checks it with that password', async () => {
    const backend = installFakeBackend({
      openPaths: ['/home/parent/bundle.pdf'],
      audit: AUDIT,
      auditRefusal: { kind: 'invalid', message: 'bundle.pdf is password-protected. Give its password to check it.', field: 'password', problems: [] },
    });
    const screen = await render(CouncilAuditPanel, { caseId: 1, childName: 'Robin', archived: false, onannounce: () => {} });
    await userEvent.click(screen.getByRole('button', { name: 'Choose the council’s bundle…' }));
    await expect.element(screen.getByRole('alert')).toHaveTextContent('bundle.pdf is password-protected. Give its password to check it.');
    await userEvent.type(screen.getByLabelText('The bundle’s password'), 'open sesame');
    await userEvent.click(screen.getByRole('button', { name: 'Open and check it' }));
    await expect.element(screen.getByRole('table', { name: 'Your documents in the council’s bundle' })).toBeVisible();
    const calls = backend.calls.filter((c) => c.command === 'audit_council_bundle');
    expect(calls.map((c) => (c.args as { password: string | null }).password)).toEqual([null, 'open sesame']);
    // Pages kept from it are copied with the same password.
    await userEvent.click(screen.getByRole('button', { name: 'Keep these pages as a document' }));
    await expect.element(screen.getByText(/Kept as “/)).toBeVisible();
    expect((backend.calls.find((c) => c.command === 'import_council_pages')?.args as { password: string | null }).password).toBe('open sesame');
  });

  it('does nothing when the Open dialog is cancelled', async () => {
    const backend = installFakeBackend({ openPaths: null });
    const screen = await render(CouncilAuditPanel, { caseId: 1, childName: 'Robin', archived: false, onannounce: () => {} });
    await userEvent.click(screen.getByRole('button', { name: 'Choose the council’s bundle…' }));
    expect(backend.calls.some((c) => c.command === 'audit_council_bundle')).toBe(false);
    await expect.element(screen.getByRole('table')).not.toBeInTheDocument();
  });
});
