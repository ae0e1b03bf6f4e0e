import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Document } from '../../api';
import { seriousViolations } from '../../../test/axe';
import DocumentViewer from './DocumentViewer.svelte';

// A one-pixel PNG: the viewer shows whatever page picture the core sends.
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));

const report: Document = {
  id: 9, case_id: 1, sha256: 'b'.repeat(64), original_name: 'ot-report.pdf', media_type: 'application/pdf', size_bytes: 100, page_count: 120,
  title: 'Occupational therapy report', document_date: '2026-03-02', suggested_date: null, imported_at: '2026-11-01T10:00:00Z', text_chars: 10,
  parent_id: null, ocr_status: null, kind: null, author_party_id: null, author: null, tags: [], password_protected: false,
};

afterEach(() => clearMocks());

describe('DocumentViewer', () => {
  it('goes straight to a page typed in "Go to page", and says which pages there are when it does not exist', async () => {
    const asked: number[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'document_view') return { document: report, text: null };
      if (cmd === 'document_page') {
        asked.push((args as { page: number }).page);
        return PNG.buffer;
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(DocumentViewer, { documentId: 9, onclose: () => {} });
    await expect.element(screen.getByText('Page 1 of 120')).toBeVisible();
    // The fingerprint is there for whoever wants it, folded away.
    await expect.element(screen.getByText('b'.repeat(64))).not.toBeVisible();
    await userEvent.click(screen.getByText('Fingerprint'));
    await expect.element(screen.getByText('b'.repeat(64))).toBeVisible();

    await userEvent.type(screen.getByLabelText('Go to page'), '57');
    await userEvent.click(screen.getByRole('button', { name: 'Go' }));
    await expect.element(screen.getByText('Page 57 of 120')).toBeVisible();
    expect(asked).toEqual([1, 57]);
    await expect.element(screen.getByLabelText('Go to page')).toHaveValue('');

    await userEvent.type(screen.getByLabelText('Go to page'), '121{Enter}');
    await expect.element(screen.getByRole('alert')).toHaveTextContent('There is no page 121: this document has pages 1 to 120.');
    await expect.element(screen.getByLabelText('Go to page')).toHaveValue('121');
    await expect.element(screen.getByText('Page 57 of 120')).toBeVisible();
    expect(asked).toEqual([1, 57]);
    expect(await seriousViolations()).toEqual([]);
  });
});
