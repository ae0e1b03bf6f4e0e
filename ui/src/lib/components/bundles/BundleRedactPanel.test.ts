import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Document, FoundToRedact, RedactRequest } from '../../api';
import { seriousViolations } from '../../../test/axe';
import BundleRedactPanel from './BundleRedactPanel.svelte';

const doc = (id: number, title: string) => ({ id, case_id: 1, title, media_type: 'application/pdf' }) as Document;
const box = (page: number, x0: number) => ({ page, x0, y0: 100, x1: x0 + 40, y1: 112 });
const place = (asked: string, found: string, page: number, x0: number, context: string) => ({ asked, found, page, areas: [box(page, x0)], context });
const found: FoundToRedact[] = [
  { document: doc(3, 'Incident report'), occurrences: [place('Jane Smith', 'Jane Smith', 1, 10, 'pushed over by Jane Smith (Year 4).')], not_found: [], refused: null },
  { document: doc(5, 'After lunch'), occurrences: [place('Jane Smith', 'Jane Smith', 1, 10, "Jane Smith's mother has been told.")], not_found: [], refused: null },
  {
    document: doc(6, 'Class list'),
    occurrences: [place('Jane Smith', 'Jane Smith', 1, 10, 'Jane Smith, Year 4'), place('Jane Smith', 'J Smith', 2, 30, 'J Smith (reserve)')],
    not_found: [],
    refused: null,
  },
  { document: doc(8, 'Therapy report'), occurrences: [], not_found: ['Jane Smith'], refused: null },
  { document: doc(9, 'School letter'), occurrences: [], not_found: [], refused: '“School letter” is a Word file, and LibreOffice is needed to turn it into pages.' },
];

afterEach(() => clearMocks());

describe('BundleRedactPanel', () => {
  it('finds a name in every document of the bundle, lets each place be kept, and makes a copy of each document still holding one', async () => {
    const asked: { id: number; request: RedactRequest }[] = [];
    const said: string[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'find_to_redact_in_bundle') {
        expect(args).toEqual({ bundleId: 2, words: ['Jane Smith'] });
        return found;
      }
      if (cmd === 'redact_document') {
        const { id, request } = args as { id: number; request: RedactRequest };
        asked.push({ id, request });
        if (id === 5) throw { kind: 'invalid', message: '“After lunch” could not be redacted (damaged). Nothing was changed.', field: 'document' };
        const d = found.find((f) => f.document.id === id)!.document;
        return { original: d, redacted: { ...d, id: id + 100, title: `${d.title} (redacted)` }, pages: [1], reason: request.reason };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(BundleRedactPanel, { bundleId: 2, onannounce: (t: string) => said.push(t) });
    await userEvent.click(screen.getByText('Redact names across this bundle…'));
    await userEvent.type(screen.getByLabelText('Names or words to hide, one on each line'), 'Jane Smith');
    await userEvent.click(screen.getByRole('button', { name: 'Find them in the bundle' }));
    expect(said).toEqual(['Found 4 places in 3 documents.']);

    // Each document by its title, each place with its line, what is missing and what could not be read.
    await expect.element(screen.getByRole('group', { name: 'Class list' })).toHaveTextContent('Page 2: “J Smith” (a form of “Jane Smith”)');
    await expect.element(screen.getByRole('group', { name: 'Therapy report' })).toHaveTextContent('Not found in it: “Jane Smith”.');
    await expect.element(screen.getByRole('group', { name: 'School letter' })).toHaveTextContent('LibreOffice is needed');
    expect(await seriousViolations()).toEqual([]);

    // The reserve on the class list is another child the family may name: kept; the incident report's place is not redacted at all.
    await userEvent.click(screen.getByRole('checkbox', { name: /Page 2: “J Smith”/ }));
    await userEvent.click(screen.getByRole('checkbox', { name: /pushed over by/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Redact the 2 places chosen in 2 documents' }));
    await expect.element(screen.getByRole('status')).toHaveTextContent('“Class list (redacted)”: page 1 changed');
    await expect.element(screen.getByRole('status')).toHaveTextContent('“After lunch”: “After lunch” could not be redacted (damaged).');
    expect(asked).toEqual([
      { id: 5, request: { words: ['Jane Smith'], areas: [], reason: 'third party', drop_signatures: false } },
      { id: 6, request: { words: [], areas: [box(1, 10)], reason: 'third party', drop_signatures: false } },
    ]);
    expect(said.at(-1)).toBe('1 redacted copy made; 1 not redacted.');
  });
});
