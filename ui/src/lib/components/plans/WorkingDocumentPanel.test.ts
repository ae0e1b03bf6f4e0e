import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Document, WorkingDocumentView, WorkingProposal } from '../../api';
import { seriousViolations } from '../../../test/axe';
import WorkingDocumentPanel from './WorkingDocumentPanel.svelte';

const plan = { id: 3, case_id: 1, title: 'Final plan', kind: 'ehcp-final' } as Document;
const report = { id: 5, case_id: 1, title: 'SaLT report', document_date: '2026-02-03' } as Document;
const original = 'Mia will have access to speech and language therapy as required.';

function view(proposed: boolean, sent = 0): WorkingDocumentView {
  return {
    id: 8,
    case_id: 1,
    plan,
    draft: {
      sections: [
        { letter: 'B', title: 'Special educational needs', paragraphs: [{ runs: [{ text: 'Mia has a severe language disorder.', mark: 'original', note: null }] }] },
        {
          letter: 'F',
          title: 'Special educational provision',
          paragraphs: [
            {
              runs: proposed
                ? [
                    { text: 'Mia will have', mark: 'original', note: null },
                    { text: 'access to', mark: 'parent-deleted', note: null },
                    { text: '45 minutes a week of', mark: 'parent-added', note: null },
                    { text: 'speech and language therapy', mark: 'original', note: null },
                    { text: 'as required.', mark: 'parent-deleted', note: null },
                    { text: 'from a qualified therapist.', mark: 'parent-added', note: 1 },
                  ]
                : [{ text: original, mark: 'original', note: null }],
            },
          ],
        },
      ],
      footnotes: proposed ? [{ number: 1, text: 'Jones, SaLT, 03/02/2026, p.4, para. 12', document_id: 5, page: 4 }] : [],
    },
    unsent_changes: sent === 0 || proposed,
    versions: sent ? [{ number: sent, saved_at: '2026-12-07T10:00:00Z', note: 'Section F: 1 paragraph changed' }] : [],
    footnotes: proposed ? [{ number: 1, text: 'Jones, SaLT, 03/02/2026, p.4, para. 12', bundle_page: 'D4, page 31' }] : [],
    pages: 1,
    page_limit: 25,
  };
}

afterEach(() => clearMocks());

describe('WorkingDocumentPanel', () => {
  it('starts from the sections under appeal, takes a proposal with its evidence, and shows it in the key with its footnote', async () => {
    let started: string[] | null = null;
    let proposal: WorkingProposal | null = null;
    mockIPC((cmd, args) => {
      const a = args as Record<string, unknown>;
      switch (cmd) {
        case 'working_document_of_plan':
          return null;
        case 'list_documents':
          return [plan, report];
        case 'start_working_document':
          started = a.sections as string[];
          return view(false);
        case 'propose_working_change':
          proposal = a.proposal as WorkingProposal;
          return view(true);
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(WorkingDocumentPanel, { plan });
    await userEvent.click(screen.getByRole('checkbox', { name: 'I' }));
    await userEvent.click(screen.getByRole('button', { name: 'Start the working document' }));
    expect(started).toEqual(['B', 'F']);
    await expect.element(screen.getByRole('heading', { name: /Not sent yet · 1 page of 25 printed/ })).toHaveFocus();

    await userEvent.click(screen.getByRole('button', { name: 'Propose wording for F1' }));
    const box = screen.getByLabelText('The paragraph as this side wants it to read');
    await expect.element(box).toHaveFocus();
    await expect.element(box).toHaveValue(original);
    await userEvent.fill(box, 'Mia will have 45 minutes a week of speech and language therapy from a qualified therapist.');
    await userEvent.fill(screen.getByLabelText('Evidence, as a footnote (optional)'), 'Jones, SaLT, 03/02/2026, p.4, para. 12');
    await userEvent.selectOptions(screen.getByLabelText('In which document (so the bundle page is named)'), 'SaLT report · Tue 3 Feb 2026');
    await userEvent.fill(screen.getByLabelText('Its page'), '4');
    await userEvent.click(screen.getByRole('button', { name: 'Mark this wording' }));
    expect(proposal).toEqual({
      section: 'F',
      paragraph: 1,
      by: 'parent',
      wording: 'Mia will have 45 minutes a week of speech and language therapy from a qualified therapist.',
      evidence: 'Jones, SaLT, 03/02/2026, p.4, para. 12',
      evidence_document: 5,
      evidence_page: 4,
    });
    await expect.element(screen.getByRole('button', { name: 'Propose wording for F1' })).toHaveFocus();
    await expect.element(screen.getByRole('status')).toHaveTextContent("The parent's wording for F1 is marked.");
    const f1 = screen.container.querySelectorAll('.paragraphs')[1].querySelector('.words') as HTMLElement;
    expect(f1.querySelector('.parent-deleted del')?.textContent).toBe('access to');
    expect(Array.from(f1.querySelectorAll('.parent-added')).map((e) => e.textContent)).toEqual(['parent adds: 45 minutes a week of', 'parent adds: from a qualified therapist.']);
    expect(f1.querySelector('sup')?.textContent).toBe('1');
    await expect.element(screen.getByText('Jones, SaLT, 03/02/2026, p.4, para. 12 [bundle D4, page 31]')).toBeVisible();
    expect(await seriousViolations()).toEqual([]);
  });

  it('keeps the new wording after a refusal and shows the problem by its box', async () => {
    mockIPC((cmd) => {
      switch (cmd) {
        case 'working_document_of_plan':
          return view(false);
        case 'list_documents':
          return [plan];
        case 'propose_working_change':
          throw { kind: 'invalid', message: 'That is what the paragraph says already: there is nothing to mark.', field: 'wording', problems: [] };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(WorkingDocumentPanel, { plan });
    await userEvent.click(screen.getByRole('button', { name: 'Propose wording for F1' }));
    await userEvent.click(screen.getByRole('radio', { name: 'the council (italic)' }));
    await userEvent.click(screen.getByRole('button', { name: 'Mark this wording' }));
    await expect.element(screen.getByRole('alert')).toHaveTextContent('That is what the paragraph says already');
    await expect.element(screen.getByLabelText('The paragraph as this side wants it to read')).toHaveValue(original);
    await expect.element(screen.getByLabelText('The paragraph as this side wants it to read')).toHaveFocus();
  });

  it('saves as Word through the Save dialog and lists the version sent', async () => {
    let saved = 0;
    mockIPC((cmd, args) => {
      switch (cmd) {
        case 'working_document_of_plan':
          return view(false, saved);
        case 'list_documents':
          return [plan];
        case 'plugin:dialog|save':
          return '/home/p/Working document.docx';
        case 'save_working_document':
          expect(args).toMatchObject({ path: '/home/p/Working document.docx', format: 'word' });
          saved = 1;
          return { path: '/home/p/Working document.docx', version: 1, pages: 1 };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(WorkingDocumentPanel, { plan });
    await userEvent.click(screen.getByRole('button', { name: 'Save as Word…' }));
    await expect.element(screen.getByRole('status')).toHaveTextContent('Saved version 1 to /home/p/Working document.docx.');
    await expect.element(screen.getByText(/Version 1, .*: Section F: 1 paragraph changed/)).toBeVisible();
  });

  it('saves the print for the hearing as a PDF and says each page has places to sign', async () => {
    let saved = 0;
    mockIPC((cmd, args) => {
      switch (cmd) {
        case 'working_document_of_plan':
          return view(false, saved);
        case 'list_documents':
          return [plan];
        case 'plugin:dialog|save':
          expect((args as { options: { defaultPath: string } }).options.defaultPath).toMatch(/^Working document for the hearing - .*\.pdf$/);
          return '/home/p/Hearing.pdf';
        case 'save_working_document':
          expect(args).toMatchObject({ path: '/home/p/Hearing.pdf', format: 'pdf' });
          saved = 1;
          return { path: '/home/p/Hearing.pdf', version: 1, pages: 3 };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(WorkingDocumentPanel, { plan });
    await userEvent.click(screen.getByRole('button', { name: 'Save the print for the hearing (PDF)…' }));
    await expect
      .element(screen.getByRole('status'))
      .toHaveTextContent('Saved version 1 to /home/p/Hearing.pdf: 3 pages, each with places for both sides to sign.');
  });
});
