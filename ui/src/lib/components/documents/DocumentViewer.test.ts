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

  it('marks areas to redact on the page by a drag or by two clicks, in points, and redacts them', async () => {
    // A page drawn 220 by 330 pixels at the viewer's 110 dots per inch: 144 by 216 points.
    const canvas = document.createElement('canvas');
    canvas.width = 220;
    canvas.height = 330;
    canvas.getContext('2d')!.fillRect(0, 0, 10, 10);
    const page = await new Promise<ArrayBuffer>((done) => canvas.toBlob((b) => void b!.arrayBuffer().then(done), 'image/png'));
    const asked: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'document_view') return { document: { ...report, page_count: 1 }, text: null };
      if (cmd === 'document_page') return page;
      if (cmd === 'redact_document') {
        asked.push((args as { request: unknown }).request);
        return { original: report, redacted: { ...report, id: 10, title: 'Occupational therapy report (redacted)' }, pages: [1], reason: 'third party' };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(DocumentViewer, { documentId: 9, onclose: () => {} });
    await userEvent.click(screen.getByText('Redact names before it leaves…'));
    await userEvent.click(screen.getByRole('button', { name: 'Mark an area on the page' }));
    const img = screen.getByRole('img').element() as HTMLImageElement;
    await expect.poll(() => img.naturalWidth).toBe(220);
    const surface = img.parentElement!;
    const fire = (type: string, x: number, y: number) => {
      // Measured each time: the panel above grows as areas are listed.
      const r = img.getBoundingClientRect();
      const scale = r.width / 220;
      surface.dispatchEvent(new PointerEvent(type, { bubbles: true, button: 0, pointerId: 1, clientX: r.left + x * scale, clientY: r.top + y * scale }));
    };
    // A drag from (22, 11) to (132, 66) pixels: 14.4, 7.2 to 86.4, 43.2 points.
    fire('pointerdown', 22, 11);
    fire('pointermove', 80, 40);
    fire('pointerup', 132, 66);
    // Two clicks, the second corner above and left of the first.
    fire('pointerdown', 110, 220);
    fire('pointerup', 110, 220);
    await expect.element(screen.getByText('One corner marked: click the opposite corner.')).toBeInTheDocument();
    fire('pointerdown', 55, 165);
    fire('pointerup', 55, 165);
    await expect.element(screen.getByText('Area 2 marked on page 1.')).toBeInTheDocument();
    await expect.element(screen.getByRole('list', { name: 'Areas marked' })).toHaveTextContent('Page 1: an area you marked');
    expect(surface.querySelectorAll('.box')).toHaveLength(2);
    await userEvent.click(screen.getByRole('button', { name: 'Redact the 2 places chosen' }));
    await expect.element(screen.getByText('Kept as “Occupational therapy report (redacted)”', { exact: false })).toBeVisible();
    const close = (a: number, b: number) => Math.abs(a - b) < 0.01;
    const areas = (asked[0] as { areas: { page: number; x0: number; y0: number; x1: number; y1: number }[] }).areas;
    expect(areas).toHaveLength(2);
    expect([areas[0]!.x0, areas[0]!.y0, areas[0]!.x1, areas[0]!.y1].every((v, i) => close(v, [14.4, 7.2, 86.4, 43.2][i]!))).toBe(true);
    expect([areas[1]!.x0, areas[1]!.y0, areas[1]!.x1, areas[1]!.y1].every((v, i) => close(v, [36, 108, 72, 144][i]!))).toBe(true);
    expect(areas.every((a) => a.page === 1)).toBe(true);
  });
});
