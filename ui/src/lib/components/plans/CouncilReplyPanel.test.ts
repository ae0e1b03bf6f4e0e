import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { CouncilReply, Document, WorkingDocumentView } from '../../api';
import { seriousViolations } from '../../../test/axe';
import CouncilReplyPanel from './CouncilReplyPanel.svelte';

const plan = { id: 3, case_id: 1, title: 'Final plan', kind: 'ehcp-final' } as Document;

function view(versions: number): WorkingDocumentView {
  return {
    id: 8,
    case_id: 1,
    plan,
    draft: { sections: [], footnotes: [] },
    unsent_changes: false,
    versions: Array.from({ length: versions }, (_, i) => ({ number: i + 1, saved_at: '2026-12-07T10:00:00Z', note: 'Sent' })),
    footnotes: [],
    pages: 1,
    page_limit: 25,
  };
}

const reply: CouncilReply = {
  unmarked: 2,
  tracked_changes: false,
  against_version: 1,
  file_name: 'Working document - council.docx',
  paragraphs: [
    {
      letter: 'I',
      number: 1,
      reads: 'Oakfield Academy',
      new_wording: true,
      marked: [],
      unmarked: [
        {
          kind: 'removed',
          words: 'Willowbrook Primary School',
          was: 'original',
          now: null,
          said: "“Willowbrook Primary School” (the plan's own words) was taken out instead of being struck through in the council's italic.",
        },
        { kind: 'added', words: 'Oakfield Academy', was: null, now: 'original', said: "“Oakfield Academy” was added as if it were the plan's own words, not in the council's italic." },
      ],
      marked_agreed: false,
      new_notes: [],
    },
    { letter: 'F', number: 2, reads: 'A group of six.', new_wording: true, marked: ['small', 'of six.'], unmarked: [], marked_agreed: false, new_notes: ['Brown, OT, 12/01/2026, p.2'] },
  ],
  missing: [],
  extra: [],
};

afterEach(() => clearMocks());

describe('CouncilReplyPanel', () => {
  it('reads the council’s Word copy, names each change it did not mark, and takes it in as the next version', async () => {
    let taken = false;
    let given: WorkingDocumentView | null = null;
    let announced = '';
    mockIPC((cmd, args) => {
      switch (cmd) {
        case 'plugin:dialog|open':
          expect((args as { options: { filters: { extensions: string[] }[] } }).options.filters[0].extensions).toEqual(['docx']);
          return '/home/p/Working document - council.docx';
        case 'read_council_reply':
          expect(args).toMatchObject({ id: 8, path: '/home/p/Working document - council.docx' });
          return reply;
        case 'take_council_reply':
          taken = true;
          return { reply, document: { ...plan, id: 12, title: 'Working document - council' }, taken: 2, version: 2, view: view(2) };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(CouncilReplyPanel, { view: view(1), ontaken: (v: WorkingDocumentView, said: string) => {
        given = v;
        announced = said;
      },
    });
    await userEvent.click(screen.getByRole('button', { name: "Read the council's reply (Word)…" }));
    await expect.element(screen.getByRole('heading', { name: "The council's reply, read against version 1: 2 changes not marked" })).toHaveFocus();
    const unmarked = screen.getByRole('list', { name: 'I1: changes not marked' });
    await expect.element(unmarked).toHaveTextContent('Not marked “Willowbrook Primary School” (the plan\'s own words) was taken out');
    await expect.element(screen.getByText("Marked in the council's italic: “of six.”")).toBeVisible();
    await expect.element(screen.getByText('Its new footnote: Brown, OT, 12/01/2026, p.2')).toBeVisible();
    expect(await seriousViolations()).toEqual([]);

    await userEvent.click(screen.getByRole('button', { name: 'Take it in as version 2' }));
    await expect.poll(() => announced).toBe("Taken in as version 2: 2 paragraphs now carry the council's proposals, and its copy is kept with the case's documents as “Working document - council”.");
    expect(taken).toBe(true);
    expect(given).not.toBeNull();
    // The reply is put away once taken in.
    await expect.element(screen.getByRole('button', { name: 'Take it in as version 2' })).not.toBeInTheDocument();
  });

  it('says a reply can be read once a version is sent, and shows a refusal in words', async () => {
    const none = await render(CouncilReplyPanel, { view: view(0), ontaken: () => {} });
    await expect.element(none.getByText('Once a version is sent', { exact: false })).toBeVisible();
    expect(none.container.querySelector('button')).toBeNull();
    none.unmount();

    mockIPC((cmd) => {
      if (cmd === 'plugin:dialog|open') return '/home/p/letter.docx';
      if (cmd === 'read_council_reply') throw { kind: 'invalid', message: '“letter.docx” has none of the working document’s numbered paragraphs.', field: 'file' };
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(CouncilReplyPanel, { view: view(1), ontaken: () => {} });
    await userEvent.click(screen.getByRole('button', { name: "Read the council's reply (Word)…" }));
    await expect.element(screen.getByRole('alert')).toHaveTextContent('has none of the working document’s numbered paragraphs');
  });
});
