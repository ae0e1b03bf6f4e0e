import { describe, expect, it } from 'vitest';
import type { Document, FoundToRedact } from '../../api';
import documentsRs from '../../../../../src-tauri/src/commands/documents.rs?raw';
import viewerSvelte from './DocumentViewer.svelte?raw';
import { allPlaces, around, placeKey, requestFor } from './redact';

const box = (page: number, x0: number) => ({ page, x0, y0: 100, x1: x0 + 40, y1: 112 });
const found: FoundToRedact = {
  document: { id: 7, title: 'Incident report' } as Document,
  occurrences: [
    { asked: 'Jane Smith', found: 'Jane Smith', page: 1, areas: [box(1, 10)], context: 'pushed by Jane Smith at break' },
    { asked: 'Jane Smith', found: 'J. Smith', page: 2, areas: [box(2, 20), box(2, 300)], context: 'J. Smith was sent home' },
    { asked: 'Mr Green', found: 'Mr Green', page: 2, areas: [box(2, 50)], context: 'Mr Green saw it' },
  ],
  not_found: [],
  refused: null,
};

describe('a redaction review as the request the core takes', () => {
  it('sends a name whose every place is chosen as the name, so the copy is checked for it', () => {
    const all = new Set(allPlaces([found]));
    expect(requestFor(found, all, [], 'third party', false)).toEqual({
      words: ['Jane Smith', 'Mr Green'],
      areas: [],
      reason: 'third party',
      drop_signatures: false,
    });
  });

  it('sends only the boxes of the places chosen when some of a name are kept, with the areas marked', () => {
    const chosen = new Set([placeKey(7, 1), placeKey(7, 2)]);
    const marked = [box(3, 5)];
    expect(requestFor(found, chosen, marked, 'not relevant', true)).toEqual({
      words: ['Mr Green'],
      areas: [box(2, 20), box(2, 300), box(3, 5)],
      reason: 'not relevant',
      drop_signatures: true,
    });
  });

  it('asks for nothing when nothing is chosen', () => {
    expect(requestFor(found, new Set(), [], 'third party', false)).toBeNull();
  });

  it('marks the name where it stands in its line, whatever its case', () => {
    expect(around('pushed by JANE SMITH at break', 'Jane Smith')).toEqual(['pushed by ', 'JANE SMITH', ' at break']);
    expect(around('no such words', 'Jane')).toEqual(['no such words', '', '']);
  });

  it('turns a box marked on the page back into points at the scale the core draws pages', () => {
    const rust = /pub const VIEWER_DPI: u32 = (\d+);/.exec(documentsRs)?.[1];
    const ui = /const VIEWER_DPI = (\d+);/.exec(viewerSvelte)?.[1];
    expect(rust).toBeDefined();
    expect(ui).toBe(rust);
  });
});
