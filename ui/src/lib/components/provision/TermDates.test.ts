import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { installFakeBackend } from '../../../test/fake-backend';
import { seriousViolations } from '../../../test/axe';
import type { ProvisionLine, ProvisionReport, Tally } from '../../api';
import CaseProvision from './CaseProvision.svelte';
import TermDates from './TermDates.svelte';

const zero: Tally = {
  expected_sessions: 0, expected_minutes: 0, delivered_sessions: 0, delivered_minutes: 0, missed_by_provider: 0, missed_by_child: 0,
  unrecorded: 0, extra: 0, catch_up_offered: 0, catch_up_sessions: 0, catch_up_minutes: 0, shortfall_minutes: 0,
};
const salt: ProvisionLine = {
  provision: {
    id: 3, case_id: 1, section: 'F', title: 'Speech and language therapy', wording: '45 minutes weekly, term time.', provider: null,
    setting: null, plan_version: null, created_at: '2026-09-01T00:00:00Z',
    schedules: [{ from: '2026-09-01', to: null, sessions: 1, per: 'week', minutes: 45, term_time_only: true }],
    vague: [],
  },
  tally: zero, percent_delivered: null, by_month: [], by_term: [], terms_affected: [],
};
const report: ProvisionReport = { from: '2026-09-01', to: '2026-11-25', lines: [salt], total: zero };

describe('Term dates', () => {
  it('says term-time provision cannot be counted yet, never “0 sessions owed”, and opens the dates from the card', async () => {
    installFakeBackend({ report });
    const screen = await render(CaseProvision, { caseId: 1, childName: 'Maya', archived: false, onannounce: vi.fn() });
    await expect.element(screen.getByText(/Term-time provision cannot be counted yet/)).toBeVisible();
    await expect.element(screen.getByText('Not counted yet.')).toBeVisible();
    expect(screen.container.textContent).not.toMatch(/Shortfall|0 sessions/);
    expect(await seriousViolations()).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: "Add the school's term dates to count Speech and language therapy" }));
    await expect.element(screen.getByRole('heading', { name: 'School term dates' })).toBeVisible();
    await expect.element(screen.getByLabelText('Name')).toHaveFocus();
  });

  it('starts from a typical school year, saves it, and says so', async () => {
    const backend = installFakeBackend({ report });
    const announce = vi.fn();
    const screen = await render(CaseProvision, { caseId: 1, childName: 'Maya', archived: false, onannounce: announce });
    await userEvent.click(screen.getByRole('button', { name: 'School term dates…' }));
    await userEvent.selectOptions(screen.getByLabelText('School year'), '2026');
    await userEvent.click(screen.getByRole('button', { name: 'Start from a typical school year' }));
    await expect.element(screen.getByText(/typical English school year 2026–27 are in the boxes/)).toBeVisible();
    // The empty first row is replaced by the six half-terms, each in its boxes, ready to correct.
    const rows = screen.getByRole('listitem').elements().filter((li) => li.closest('ol.rows'));
    expect(rows.map((r) => r.getAttribute('aria-label'))).toEqual(['Autumn 1', 'Autumn 2', 'Spring 1', 'Spring 2', 'Summer 1', 'Summer 2']);
    const spring2 = screen.getByRole('listitem', { name: 'Spring 2' });
    await expect.element(spring2.getByRole('group', { name: 'First day' }).getByLabelText('Day')).toHaveValue('22');
    // The family corrects the last day of Summer 2 (the school breaks up on 22 July).
    await userEvent.fill(screen.getByRole('listitem', { name: 'Summer 2' }).getByRole('group', { name: 'Last day' }).getByLabelText('Day'), '22');
    expect(await seriousViolations()).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Save half-terms' }));
    await expect.element(screen.getByRole('status').filter({ hasText: 'Saved 6 half-terms' })).toBeVisible();
    expect(backend.calendar.blocks.at(-1)).toEqual({ name: 'Summer 2', starts: '2027-06-07', ends: '2027-07-22' });
    expect(announce).toHaveBeenCalledWith(expect.stringContaining('Saved 6 half-terms'));
  });

  it('keeps every box after a refusal, lists every problem at the top and by its box, and puts the keyboard on the first', async () => {
    const backend = installFakeBackend({
      termRowProblems: [
        { row: 0, field: 'ends', message: 'There is no 31 November 2026. Check the day of the last day of Autumn 2.' },
        { row: 1, field: 'name', message: 'Name the half-term, for example Autumn 1.' },
      ],
    });
    const screen = await render(TermDates, { caseId: 1, calendar: backend.calendar, onsaved: vi.fn(), onclose: vi.fn() });
    await userEvent.fill(screen.getByLabelText('Name'), 'Autumn 2');
    const first = screen.getByRole('group', { name: 'First day' });
    await userEvent.fill(first.getByLabelText('Day'), '2');
    await userEvent.fill(first.getByLabelText('Month'), '11');
    await userEvent.fill(first.getByLabelText('Year'), '2026');
    const last = screen.getByRole('group', { name: 'Last day' });
    await userEvent.fill(last.getByLabelText('Day'), '31');
    await userEvent.fill(last.getByLabelText('Month'), '11');
    await userEvent.fill(last.getByLabelText('Year'), '2026');
    await userEvent.click(screen.getByRole('button', { name: 'Add a half-term' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save half-terms' }));
    const summary = screen.getByRole('alert');
    await expect.element(summary).toHaveTextContent('There are 2 problems; nothing was saved');
    await expect.element(summary).toHaveTextContent('Autumn 2: There is no 31 November 2026.');
    await expect.element(summary).toHaveTextContent('Row 2: Name the half-term');
    // The message is beside the box, and the keyboard is on the box in error.
    await expect.element(screen.getByRole('group', { name: 'Last day' }).first()).toHaveTextContent('There is no 31 November 2026');
    await expect.element(screen.getByRole('group', { name: 'Last day' }).first().getByLabelText('Day')).toHaveFocus();
    // Nothing typed is lost.
    await expect.element(screen.getByLabelText('Name').first()).toHaveValue('Autumn 2');
    await expect.element(screen.getByRole('group', { name: 'Last day' }).first().getByLabelText('Day')).toHaveValue('31');
    expect(backend.calendar.blocks).toEqual([]);
    expect(await seriousViolations()).toEqual([]);
  });

  it('reads pasted dates as they are typed, with each line’s problem, and saves them when all are right', async () => {
    const backend = installFakeBackend({
      termsPreview: {
        blocks: [{ name: 'Autumn 1', starts: '2026-09-02', ends: '2026-10-23' }],
        inset_days: ['2026-09-04'],
        problems: [{ line: 3, text: 'Term ends: Tuesday 18 December', message: '18 December 2026 is a Friday, not a Tuesday. Check the date.' }],
      },
    });
    const onsaved = vi.fn(async () => {});
    const screen = await render(TermDates, { caseId: 1, calendar: backend.calendar, onsaved, onclose: vi.fn() });
    await userEvent.fill(screen.getByLabelText("Or paste the dates from the school's website"), 'Term starts: Wednesday 2 September 2026\nHalf term: 26 – 30 October\nTerm ends: Tuesday 18 December');
    await expect.element(screen.getByRole('alert')).toHaveTextContent('Line 3 (“Term ends: Tuesday 18 December”): 18 December 2026 is a Friday, not a Tuesday.');
    await expect.element(screen.getByRole('list', { name: 'What Casefile reads' })).toHaveTextContent('Autumn 1: Wed 2 Sep 2026 to Fri 23 Oct 2026');
    await userEvent.click(screen.getByRole('button', { name: 'Save the pasted dates' }));
    expect(backend.calls.some((c) => c.command === 'import_term_dates')).toBe(false);
    await expect.element(screen.getByLabelText("Or paste the dates from the school's website")).toHaveFocus();
    // Corrected, the same text saves.
    backend.termsPreview = { ...backend.termsPreview!, problems: [] };
    await userEvent.type(screen.getByLabelText("Or paste the dates from the school's website"), ' ');
    await userEvent.click(screen.getByRole('button', { name: 'Save the pasted dates' }));
    await expect.element(screen.getByRole('status')).toHaveTextContent('Saved 1 half-term and 1 INSET day from the pasted dates.');
    expect(onsaved).toHaveBeenCalled();
    expect(backend.calendar.blocks).toEqual([{ name: 'Autumn 1', starts: '2026-09-02', ends: '2026-10-23' }]);
    expect(page).toBeDefined();
  });
});
