import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Document, Letter } from '../../api';
import { seriousViolations } from '../../../test/axe';
import PlanChangesOutputs from './PlanChangesOutputs.svelte';

const doc = (id: number, title: string) => ({ id, case_id: 1, title }) as Document;
const letter: Letter = {
  file_stem: 'Plan changes letter - Mia Patel - 2026-12-07',
  subject: 'Mia Patel: changes to the EHC plan',
  text: 'Dear Sir or Madam,\n\n1. Section F: Less time.\n',
  reply_by: '2026-12-21',
};

afterEach(() => clearMocks());

describe('PlanChangesOutputs', () => {
  it('saves the report, keeps it with the documents, and drafts a letter to edit and save', async () => {
    const calls: Array<[string, unknown]> = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      switch (cmd) {
        case 'plugin:dialog|save':
          return (args as { options: { defaultPath: string } }).options.defaultPath.endsWith('.pdf') ? '/home/p/Changes.pdf' : '/home/p/Letter.txt';
        case 'save_plan_comparison_pdf':
          return { path: '/home/p/Changes.pdf', pages: 3, missing_characters: [] };
        case 'keep_plan_comparison':
          return doc(9, 'Changes from “Draft plan” to “Final plan”');
        case 'draft_plan_change_letter':
          return letter;
        case 'save_text_file':
          return { path: '/home/p/Letter.txt', count: 4 };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(PlanChangesOutputs, { old: doc(1, 'Draft plan'), now: doc(2, 'Final plan'), concerns: 7 });
    await userEvent.click(screen.getByRole('button', { name: 'Save the comparison as a PDF…' }));
    await expect.element(screen.getByRole('status')).toHaveTextContent('Saved the comparison to /home/p/Changes.pdf (3 pages).');
    expect(calls.find(([c]) => c === 'save_plan_comparison_pdf')?.[1]).toMatchObject({ oldId: 1, newId: 2, path: '/home/p/Changes.pdf' });

    await userEvent.click(screen.getByRole('button', { name: "Keep it with the case's documents" }));
    await expect.element(screen.getByRole('status')).toHaveTextContent('Kept with the case\'s documents as “Changes from “Draft plan” to “Final plan””');

    await userEvent.click(screen.getByRole('button', { name: 'Draft a letter to the council' }));
    const box = screen.getByLabelText(/Letter to the council/);
    await expect.element(box).toHaveFocus();
    await expect.element(screen.getByText('Letter to the council (edit it before you send it; it asks for a reply by Mon 21 Dec 2026)')).toBeVisible();
    await userEvent.fill(box, 'Dear Ms Khan,\n\n1. Section F: Less time.\n');
    await userEvent.click(screen.getByRole('button', { name: 'Save it as a text file…' }));
    await expect.element(screen.getByRole('status')).toHaveTextContent('Saved the letter to /home/p/Letter.txt.');
    expect(calls.find(([c]) => c === 'save_text_file')?.[1]).toMatchObject({ path: '/home/p/Letter.txt', text: 'Dear Ms Khan,\n\n1. Section F: Less time.\n' });
    expect(await seriousViolations()).toEqual([]);
  });

  it('offers no letter when there is nothing to raise, and shows a refusal in words', async () => {
    mockIPC((cmd) => {
      if (cmd === 'keep_plan_comparison') throw { kind: 'invalid', message: 'The file could not be kept.', field: 'document', problems: [] };
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(PlanChangesOutputs, { old: doc(1, 'Draft plan'), now: doc(2, 'Final plan'), concerns: 0 });
    expect(screen.container.querySelectorAll('button').length).toBe(2);
    await userEvent.click(screen.getByRole('button', { name: "Keep it with the case's documents" }));
    await expect.element(screen.getByRole('alert')).toHaveTextContent('The file could not be kept.');
  });
});
