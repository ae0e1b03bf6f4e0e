import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Document, PlanComparison } from '../../api';
import { seriousViolations } from '../../../test/axe';
import PlanCompare from './PlanCompare.svelte';

const doc = (id: number, title: string, kind: Document['kind'], date: string | null): Document => ({
  id, case_id: 1, sha256: 'a'.repeat(64), original_name: `${title}.pdf`, media_type: 'application/pdf', size_bytes: 100, page_count: 12,
  title, document_date: date, suggested_date: null, imported_at: '2026-11-01T10:00:00Z', text_chars: 10,
  parent_id: null, ocr_status: null, kind, author_party_id: null, author: null, tags: [], password_protected: false,
});

const draft = doc(1, 'Draft plan', 'ehcp-draft', '2026-03-02');
const final = doc(2, 'Final plan', 'ehcp-final', '2026-05-20');
const letter = doc(3, 'Council letter', 'letter', '2026-05-21');
const order = doc(4, 'Tribunal order', 'tribunal-paper', '2026-09-02');

const comparison = (old: Document, now: Document, against_order = false): PlanComparison => ({
  old, new: now, against_order,
  sections: [
    { letter: 'A', title: 'Views', presence: 'both', changes: [] },
    {
      letter: 'F', title: 'Special educational provision', presence: 'both',
      changes: [{
        kind: 'changed', old: 'Sam will have 45 minutes weekly.', new: 'Sam will have access to therapy as required.',
        words: [
          { side: 'same', text: 'Sam will have ' }, { side: 'old', text: '45 minutes weekly.' }, { side: 'new', text: 'access to therapy as required.' },
        ],
      }],
    },
  ],
  concerns: [{ section: 'F', kind: 'weakened', old: 'Sam will have 45 minutes weekly.', new: 'Sam will have access to therapy as required.', why: 'It no longer says for how long or how often.' }],
});

afterEach(() => clearMocks());

describe('PlanCompare', () => {
  it('offers only the other plans, compares the older with the newer, and shows both sides word by word', async () => {
    const asked: Array<[number, number]> = [];
    mockIPC((cmd, args) => {
      if (cmd === 'list_documents') return [draft, final, letter];
      if (cmd === 'plan_compare') {
        const { oldId, newId } = args as { oldId: number; newId: number };
        asked.push([oldId, newId]);
        const byId = (id: number) => (id === 1 ? draft : final);
        return comparison(byId(oldId), byId(newId));
      }
      throw new Error(`unexpected ${cmd}`);
    });
    // Opened from the final: the draft is the other version, and it is the older one.
    const screen = await render(PlanCompare, { document: final });
    const select = screen.getByLabelText('Compare with', { exact: true });
    await expect.element(select).toBeVisible();
    const options = Array.from((select.element() as HTMLSelectElement).options).map((o) => o.text);
    expect(options).toEqual(['Draft plan · Draft EHC plan · Mon 2 Mar 2026']);
    await userEvent.click(screen.getByRole('button', { name: 'Compare' }));
    await expect.element(screen.getByRole('heading', { name: 'From “Draft plan” to “Final plan”' })).toHaveFocus();
    expect(asked).toEqual([[1, 2]]);
    await expect.element(screen.getByText('What to raise (1)')).toBeVisible();
    await expect.element(screen.getByText('It no longer says for how long or how often.', { exact: false })).toBeVisible();
    const removed = screen.container.querySelector('del');
    const added = screen.container.querySelector('ins');
    expect(removed?.textContent).toBe('removed: 45 minutes weekly.');
    expect(added?.textContent).toBe('added: access to therapy as required.');
    // The older side shows no new words, the newer side no old ones.
    const cells = Array.from(screen.container.querySelectorAll('td')).map((td) => td.textContent?.trim());
    expect(cells).toEqual(['Sam will have removed: 45 minutes weekly.', 'Sam will have added: access to therapy as required.']);
    await expect.element(screen.getByText('Views: the same', { exact: false })).toBeVisible();

    await userEvent.click(screen.getByRole('button', { name: 'Swap older and newer' }));
    await expect.element(screen.getByRole('heading', { name: 'From “Final plan” to “Draft plan”' })).toBeVisible();
    expect(asked).toEqual([[1, 2], [2, 1]]);
    expect(await seriousViolations()).toEqual([]);
  });

  it('holds the plan against a Tribunal order chosen from its own group, in the order’s words', async () => {
    const asked: Array<[number, number]> = [];
    mockIPC((cmd, args) => {
      if (cmd === 'list_documents') return [final, letter, order];
      if (cmd === 'plan_compare') {
        const { oldId, newId } = args as { oldId: number; newId: number };
        asked.push([oldId, newId]);
        return comparison(order, final, true);
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(PlanCompare, { document: final });
    const select = screen.getByLabelText('Compare with', { exact: true });
    await expect.element(select).toBeVisible();
    const groups = Array.from((select.element() as HTMLSelectElement).querySelectorAll('optgroup')).map((g) => [g.label, Array.from(g.querySelectorAll('option')).map((o) => o.text)]);
    expect(groups).toEqual([["The Tribunal's order (the plan's wording it sets out)", ['Tribunal order · Tribunal paper · Wed 2 Sep 2026']]]);
    await userEvent.click(screen.getByRole('button', { name: 'Compare' }));
    await expect.element(screen.getByRole('heading', { name: '“Final plan” held against the Tribunal\'s order “Tribunal order”' })).toHaveFocus();
    await expect.element(screen.getByText('Only the sections the order sets out are compared.', { exact: false })).toBeVisible();
    // No swapping: the order is always what the plan is held against.
    expect(screen.container.querySelector('button.swap')).toBeNull();
    const said = Array.from(screen.container.querySelectorAll('.concerns .said')).map((e) => e.textContent);
    expect(said).toEqual(['Ordered', 'Plan says']);
    const heads = Array.from(screen.container.querySelectorAll('th')).map((e) => e.textContent?.trim());
    expect(heads).toEqual(['The order: Tribunal order', 'The plan: Final plan']);
    expect(await seriousViolations()).toEqual([]);
  });

  it('says how to get a second version when the case has only one plan', async () => {
    mockIPC((cmd) => {
      if (cmd === 'list_documents') return [final, letter];
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(PlanCompare, { document: final });
    await expect.element(screen.getByText('To compare, import the other version', { exact: false })).toBeVisible();
    await expect.element(screen.getByText("import the Tribunal's order and mark it as a Tribunal paper", { exact: false })).toBeVisible();
    expect(screen.container.querySelector('select')).toBeNull();
  });

  it('shows the refusal in words when a version cannot be read as a plan', async () => {
    mockIPC((cmd) => {
      if (cmd === 'list_documents') return [draft, final];
      if (cmd === 'plan_compare') throw { kind: 'invalid', message: 'Casefile could not find the section headings in “Draft plan” (none was found).', field: 'document' };
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(PlanCompare, { document: final });
    await userEvent.click(screen.getByRole('button', { name: 'Compare' }));
    await expect.element(screen.getByRole('alert')).toHaveTextContent('could not find the section headings');
  });
});
