import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Document, FoundToRedact, RedactRequest } from '../../api';
import { seriousViolations } from '../../../test/axe';
import RedactPanel from './RedactPanel.svelte';

const report = { id: 4, case_id: 1, title: 'Incident report', media_type: 'application/pdf', page_count: 2 } as Document;
const box = (page: number, x0: number) => ({ page, x0, y0: 100, x1: x0 + 40, y1: 112 });
const found = (document: Document): FoundToRedact => ({
  document,
  occurrences: [
    { asked: 'Jane Mary Smith', found: 'Jane Mary Smith', page: 1, areas: [box(1, 10)], context: 'pushed over by Jane Mary Smith (Year 4).' },
    { asked: 'Jane Mary Smith', found: 'J. Smith', page: 2, areas: [box(2, 20)], context: 'J. Smith, the head teacher, rang us.' },
    { asked: 'Mr Green', found: 'Mr Green', page: 2, areas: [box(2, 50)], context: 'Mr Green saw it.' },
  ],
  not_found: ['Ravensworth'],
  refused: null,
});

afterEach(() => clearMocks());

describe('RedactPanel', () => {
  it('finds each place first, lets the family keep some, and redacts only those still chosen', async () => {
    const asked: { id: number; request: RedactRequest }[] = [];
    const searched: string[][] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'find_to_redact') {
        const { id, words } = args as { id: number; words: string[] };
        expect(id).toBe(4);
        searched.push(words);
        return found(report);
      }
      if (cmd === 'redact_document') {
        const { id, request } = args as { id: number; request: RedactRequest };
        asked.push({ id, request });
        return { original: report, redacted: { ...report, id: 9, title: 'Incident report (redacted)' }, pages: [1, 2], reason: request.reason };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(RedactPanel, { document: report });
    await userEvent.click(screen.getByText('Redact names before it leaves…'));
    await userEvent.type(screen.getByLabelText('Names or words to hide, one on each line'), 'Jane Mary Smith{Enter}  {Enter}Mr Green{Enter}Ravensworth');
    await userEvent.click(screen.getByRole('button', { name: 'Find them' }));
    expect(searched).toEqual([['Jane Mary Smith', 'Mr Green', 'Ravensworth']]);

    // Each place with its line; a form of the name says which name it is; what is not there is said.
    const second = screen.getByRole('checkbox', { name: /Page 2: “J\. Smith” \(a form of “Jane Mary Smith”\)/ });
    await expect.element(second).toBeChecked();
    await expect.element(screen.getByText('the head teacher, rang us.', { exact: false })).toBeVisible();
    await expect.element(screen.getByText('Not found: “Ravensworth”.')).toBeVisible();
    expect(await seriousViolations()).toEqual([]);

    // "J. Smith" here is the head teacher: kept.
    await userEvent.click(second);
    await userEvent.click(screen.getByLabelText('Not relevant'));
    await userEvent.click(screen.getByRole('button', { name: 'Redact the 2 places chosen' }));
    await expect
      .element(screen.getByRole('status').last())
      .toHaveTextContent('Kept as “Incident report (redacted)” with the case\'s documents: pages 1, 2 changed, and checked by reading it back.');
    expect(asked).toEqual([{ id: 4, request: { words: ['Mr Green'], areas: [box(1, 10)], reason: 'not relevant', drop_signatures: false } }]);
  });

  it('redacts the copy already made when that is what was searched, and says so', async () => {
    const copy = { ...report, id: 11, title: 'Incident report (redacted)' };
    const ids: number[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'find_to_redact') return found(copy);
      if (cmd === 'redact_document') {
        ids.push((args as { id: number }).id);
        return { original: copy, redacted: { ...report, id: 12, title: 'Incident report (redacted)' }, pages: [1], reason: 'third party' };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(RedactPanel, { document: report });
    await userEvent.click(screen.getByText('Redact names before it leaves…'));
    await userEvent.type(screen.getByLabelText('Names or words to hide, one on each line'), 'Mr Green');
    await userEvent.click(screen.getByRole('button', { name: 'Find them' }));
    await expect.element(screen.getByText('Searched “Incident report (redacted)”, the redacted copy already made', { exact: false })).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Redact the 3 places chosen' }));
    await expect.element(screen.getByRole('status').last()).toHaveTextContent('Kept as');
    expect(ids).toEqual([11]);
  });

  it('shows a refusal by its box, and offers to go on without a signature only for a signed PDF', async () => {
    const asked: RedactRequest[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'find_to_redact') {
        const { words } = args as { words: string[] };
        if (words.length === 0) throw { kind: 'invalid', message: 'Say what to find: a name or words, one on each line.', field: 'words' };
        return found(report);
      }
      if (cmd !== 'redact_document') throw new Error(`unexpected ${cmd}`);
      const { request } = args as { request: RedactRequest };
      asked.push(request);
      if (!request.drop_signatures) throw { kind: 'invalid', message: '“Incident report” is signed. A redacted copy cannot keep its signature.', field: 'drop_signatures' };
      return { original: report, redacted: { ...report, id: 9, title: 'Incident report (redacted)' }, pages: [1], reason: request.reason };
    });
    const screen = await render(RedactPanel, { document: report });
    await userEvent.click(screen.getByText('Redact names before it leaves…'));
    expect(screen.container.querySelector('#redact-drop')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Find them' }));
    await expect.element(screen.getByRole('alert')).toHaveTextContent('Say what to find');
    await expect.element(screen.getByLabelText('Names or words to hide, one on each line')).toHaveFocus();

    await userEvent.type(screen.getByLabelText('Names or words to hide, one on each line'), 'Jane Smith');
    await userEvent.click(screen.getByRole('button', { name: 'Find them' }));
    await userEvent.click(screen.getByRole('button', { name: 'Redact the 3 places chosen' }));
    await expect.element(screen.getByRole('alert')).toHaveTextContent('is signed');
    await userEvent.click(screen.getByLabelText('Make the copy without its signature'));
    await userEvent.click(screen.getByRole('button', { name: 'Redact the 3 places chosen' }));
    await expect.element(screen.getByRole('status').last()).toHaveTextContent('Kept as “Incident report (redacted)”');
    expect(asked.map((a) => a.drop_signatures)).toEqual([false, true]);
  });
});
