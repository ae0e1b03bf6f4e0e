import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Document, RedactRequest } from '../../api';
import { seriousViolations } from '../../../test/axe';
import RedactPanel from './RedactPanel.svelte';

const report = { id: 4, case_id: 1, title: 'Incident report', media_type: 'application/pdf', page_count: 2 } as Document;

afterEach(() => clearMocks());

describe('RedactPanel', () => {
  it('makes a redacted copy of the names given, for the reason chosen, and says where it is kept', async () => {
    const asked: RedactRequest[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'redact_document') {
        const { id, request } = args as { id: number; request: RedactRequest };
        expect(id).toBe(4);
        asked.push(request);
        return { original: report, redacted: { ...report, id: 9, title: 'Incident report (redacted)' }, pages: [1, 2], reason: request.reason };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(RedactPanel, { document: report });
    await userEvent.click(screen.getByText('Redact names before it leaves…'));
    await userEvent.type(screen.getByLabelText('Names or words to hide, one on each line'), 'Jane Mary Smith{Enter}  {Enter}Mr Green');
    await userEvent.click(screen.getByLabelText('Not relevant'));
    expect(await seriousViolations()).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Make a redacted copy' }));
    await expect
      .element(screen.getByRole('status'))
      .toHaveTextContent('Kept as “Incident report (redacted)” with the case\'s documents: pages 1, 2 changed, and checked by reading it back.');
    expect(asked).toEqual([{ words: ['Jane Mary Smith', 'Mr Green'], areas: [], reason: 'not relevant', drop_signatures: false }]);
  });

  it('shows a refusal by its box, and offers to go on without a signature only for a signed PDF', async () => {
    const asked: RedactRequest[] = [];
    mockIPC((cmd, args) => {
      if (cmd !== 'redact_document') throw new Error(`unexpected ${cmd}`);
      const { request } = args as { request: RedactRequest };
      asked.push(request);
      if (asked.length === 1) throw { kind: 'invalid', message: '“Jane Smith” was not found in “Incident report”, so nothing was redacted.', field: 'words' };
      if (!request.drop_signatures) throw { kind: 'invalid', message: '“Incident report” is signed. A redacted copy cannot keep its signature.', field: 'drop_signatures' };
      return { original: report, redacted: { ...report, id: 9, title: 'Incident report (redacted)' }, pages: [1], reason: request.reason };
    });
    const screen = await render(RedactPanel, { document: report });
    await userEvent.click(screen.getByText('Redact names before it leaves…'));
    expect(screen.container.querySelector('#redact-drop')).toBeNull();
    await userEvent.type(screen.getByLabelText('Names or words to hide, one on each line'), 'Jane Smith');
    await userEvent.click(screen.getByRole('button', { name: 'Make a redacted copy' }));
    await expect.element(screen.getByRole('alert')).toHaveTextContent('“Jane Smith” was not found in “Incident report”');
    await expect.element(screen.getByLabelText('Names or words to hide, one on each line')).toHaveFocus();

    await userEvent.click(screen.getByRole('button', { name: 'Make a redacted copy' }));
    await expect.element(screen.getByRole('alert')).toHaveTextContent('is signed');
    await userEvent.click(screen.getByLabelText('Make the copy without its signature'));
    await userEvent.click(screen.getByRole('button', { name: 'Make a redacted copy' }));
    await expect.element(screen.getByRole('status')).toHaveTextContent('Kept as “Incident report (redacted)”');
    expect(asked.map((a) => a.drop_signatures)).toEqual([false, false, true]);
  });
});
