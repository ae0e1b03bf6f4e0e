import { describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { CasefileError, type ProvisionLine, type Tally } from '../../api';
import { seriousViolations } from '../../../test/axe';
import ProvisionCard from './ProvisionCard.svelte';

const tally = (o: Partial<Tally> = {}): Tally => ({
  expected_sessions: 4, expected_minutes: 180, delivered_sessions: 1, delivered_minutes: 45, missed_by_provider: 1, missed_by_child: 1,
  unrecorded: 1, extra: 0, catch_up_offered: 0, catch_up_sessions: 0, catch_up_minutes: 0, shortfall_minutes: 45, ...o,
});

const line: ProvisionLine = {
  provision: {
    id: 3, case_id: 1, section: 'F', title: 'Occupational therapy', wording: 'Access to occupational therapy as required.', provider: 'Northshire OT',
    setting: null, plan_version: null, created_at: '2026-09-01T00:00:00Z',
    schedules: [{ from: '2026-09-01', to: null, sessions: 1, per: 'week', minutes: 45, term_time_only: true }],
    vague: [{ phrase: 'access to', why: '“access to” promises a chance of help, not the help itself. Vague provision is hard to enforce.' }],
  },
  tally: tally(),
  percent_delivered: 33,
  by_month: [{ label: 'Nov 2026', from: '2026-11-02', to: '2026-11-29', tally: tally() }],
  by_term: [],
  terms_affected: ['Autumn 2026'],
};

describe('ProvisionCard', () => {
  it('shows what was owed against what was delivered, with the shortfall and the vague wording', async () => {
    const screen = await render(ProvisionCard, { line, today: '2026-11-30', onlog: vi.fn(async () => {}) });
    await expect.element(screen.getByText('1 × 45 min a week, term time, from Tue 1 Sep 2026')).toBeVisible();
    await expect.element(screen.getByText('4 sessions (3 h 00 min)')).toBeVisible();
    await expect.element(screen.getByText('1 (45 min) · 33%')).toBeVisible();
    await expect.element(screen.getByText('Terms affected: Autumn 2026')).toBeVisible();
    await expect.element(screen.getByText(/Vague wording: “access to”/)).toBeVisible();
    await userEvent.click(screen.getByText('Month by month'));
    await expect.element(screen.getByRole('row', { name: /Nov 2026/ })).toHaveTextContent('Nov 2026411');
    expect(await seriousViolations()).toEqual([]);
  });

  it('names each month under its bars in the chart, with the year under the first month and January', async () => {
    const months = ['Nov 2026', 'Dec 2026', 'Jan 2027', 'Feb 2027'].map((label) => ({ label, from: '2026-11-02', to: '2026-11-29', tally: tally() }));
    const screen = await render(ProvisionCard, { line: { ...line, by_month: months }, today: '2026-11-30', onlog: vi.fn(async () => {}) });
    await userEvent.click(screen.getByText('Month by month'));
    const labels = [...screen.container.querySelectorAll('svg.chart text')].map((t) => t.textContent);
    expect(labels).toEqual(['Nov', '2026', 'Dec', 'Jan', '2027', 'Feb']);
  });

  it('puts the keyboard in the form it opens, and back on its button when the form closes', async () => {
    const screen = await render(ProvisionCard, { line, today: '2026-11-30', onlog: vi.fn(async () => {}), onrange: vi.fn(async () => {}) });
    await userEvent.click(screen.getByRole('button', { name: /Log a session/ }));
    await expect.element(screen.getByLabelText('Day')).toHaveFocus();
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await expect.element(screen.getByRole('button', { name: /Log a session/ })).toHaveFocus();
    await userEvent.click(screen.getByRole('button', { name: /Mark a range as delivered/ }));
    await expect.element(screen.getByRole('group', { name: /From/ }).getByLabelText('Day')).toHaveFocus();
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await expect.element(screen.getByRole('button', { name: /Mark a range as delivered/ })).toHaveFocus();
  });

  it('logs a missed session with who it was down to', async () => {
    const onlog = vi.fn(async () => {});
    const screen = await render(ProvisionCard, { line, today: '2026-11-30', onlog });
    await userEvent.click(screen.getByRole('button', { name: /Log a session/ }));
    await userEvent.fill(screen.getByLabelText('Day'), '24');
    await userEvent.fill(screen.getByLabelText('Month'), '11');
    await userEvent.selectOptions(screen.getByLabelText('What happened?'), 'Cancelled');
    await userEvent.selectOptions(screen.getByLabelText('Because of'), 'The therapist or service');
    await userEvent.type(screen.getByLabelText('Reason or note (optional)'), 'Therapist off sick');
    await userEvent.click(screen.getByRole('button', { name: 'Save session' }));
    expect(onlog).toHaveBeenCalledWith({ date: '2026-11-24', status: 'cancelled', minutes: null, by: 'provider', reason: 'Therapist off sick', catch_up: false, evidence: null });
  });
});

describe('ProvisionCard refusals', () => {
  it('keeps the session form open with what was typed when the save is refused, the message by the date', async () => {
    const onlog = vi.fn(async () => {
      throw new CasefileError({ kind: 'invalid', message: "There is no 31 November 2026. Check the day of the session's date.", field: 'date' });
    });
    const screen = await render(ProvisionCard, { line, today: '2026-11-30', onlog });
    await userEvent.click(screen.getByRole('button', { name: /Log a session/ }));
    await userEvent.fill(screen.getByLabelText('Day'), '31');
    await userEvent.selectOptions(screen.getByLabelText('What happened?'), 'Cancelled');
    await userEvent.selectOptions(screen.getByLabelText('Because of'), 'The therapist or service');
    await userEvent.type(screen.getByLabelText('Reason or note (optional)'), 'Therapist off sick');
    await userEvent.click(screen.getByRole('button', { name: 'Save session' }));
    await expect.element(screen.getByRole('alert')).toHaveTextContent('The session was not saved: There is no 31 November 2026.');
    await expect.element(screen.getByRole('group', { name: 'Session date' })).toHaveTextContent("There is no 31 November 2026. Check the day of the session's date.");
    await expect.element(screen.getByLabelText('Day')).toHaveFocus();
    await expect.element(screen.getByLabelText('Day')).toHaveValue('31');
    await expect.element(screen.getByLabelText('What happened?')).toHaveValue('cancelled');
    await expect.element(screen.getByLabelText('Reason or note (optional)')).toHaveValue('Therapist off sick');
    expect(await seriousViolations()).toEqual([]);
  });

  it('lists every problem of a refused session, each by its box, the keyboard on the first', async () => {
    const onlog = vi.fn(async () => {
      throw new CasefileError({
        kind: 'invalid', message: 'That date is in the future. Log sessions once they were due. Say who the session was missed because of.', field: 'date',
        problems: [
          { field: 'date', message: 'That date is in the future. Log sessions once they were due.' },
          { field: 'by', message: 'Say who the session was missed because of: provider, school or child.' },
        ],
      });
    });
    const screen = await render(ProvisionCard, { line, today: '2026-11-30', onlog });
    await userEvent.click(screen.getByRole('button', { name: /Log a session/ }));
    await userEvent.selectOptions(screen.getByLabelText('What happened?'), 'Missed');
    await userEvent.click(screen.getByRole('button', { name: 'Save session' }));
    await expect.element(screen.getByRole('alert')).toHaveTextContent('2 things need correcting');
    await expect.element(screen.getByRole('group', { name: 'Session date' })).toHaveTextContent('That date is in the future.');
    await expect.element(screen.getByLabelText('Because of')).toHaveAttribute('aria-invalid', 'true');
    await expect.element(screen.getByLabelText('Day')).toHaveFocus();
    await userEvent.click(screen.getByRole('link', { name: /Say who the session was missed/ }));
    await expect.element(screen.getByLabelText('Because of')).toHaveFocus();
    await expect.element(screen.getByLabelText('What happened?')).toHaveValue('missed');
    expect(await seriousViolations()).toEqual([]);
  });

  it('shows both refused days of a range, each by its boxes', async () => {
    const onrange = vi.fn(async () => {
      throw new CasefileError({
        kind: 'invalid', message: 'There is no 31 November 2026. There is no month 13.', field: 'from',
        problems: [
          { field: 'from', message: 'There is no 31 November 2026. Check the day of the first day.' },
          { field: 'to', message: 'There is no month 13. The month of the last day is a number from 1 to 12.' },
        ],
      });
    });
    const screen = await render(ProvisionCard, { line, today: '2026-11-30', onlog: vi.fn(async () => {}), onrange });
    await userEvent.click(screen.getByRole('button', { name: /Mark a range as delivered/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Mark as delivered' }));
    await expect.element(screen.getByRole('group', { name: /^From/ })).toHaveTextContent('There is no 31 November 2026');
    await expect.element(screen.getByRole('group', { name: /^To/ })).toHaveTextContent('There is no month 13');
  });

  it('keeps a refused range open, the message by the dates to leave out', async () => {
    const onrange = vi.fn(async () => {
      throw new CasefileError({ kind: 'invalid', message: '“next week” is not a date. Write it like 10 November.', field: 'except' });
    });
    const screen = await render(ProvisionCard, { line, today: '2026-11-30', onlog: vi.fn(async () => {}), onrange });
    await userEvent.click(screen.getByRole('button', { name: /Mark a range as delivered/ }));
    await userEvent.type(screen.getByLabelText('Leave out these dates (optional)'), 'next week');
    await userEvent.click(screen.getByRole('button', { name: 'Mark as delivered' }));
    await expect.element(screen.getByRole('alert')).toHaveTextContent('“next week” is not a date.');
    await expect.element(screen.getByLabelText('Leave out these dates (optional)')).toHaveFocus();
    await expect.element(screen.getByLabelText('Leave out these dates (optional)')).toHaveValue('next week');
  });
});

describe('ProvisionCard range and sessions', () => {
  it('marks a range as delivered, leaving out the dates listed', async () => {
    const onrange = vi.fn(async () => {});
    const screen = await render(ProvisionCard, { line, today: '2026-11-30', onlog: vi.fn(async () => {}), onrange });
    await userEvent.click(screen.getByRole('button', { name: /Mark a range as delivered/ }));
    const from = screen.getByRole('group', { name: 'From' });
    await userEvent.fill(from.getByLabelText('Day'), '2');
    await userEvent.fill(from.getByLabelText('Month'), '11');
    await userEvent.fill(from.getByLabelText('Year'), '2026');
    const to = screen.getByRole('group', { name: 'To' });
    await userEvent.fill(to.getByLabelText('Day'), '27');
    await userEvent.fill(to.getByLabelText('Month'), '11');
    await userEvent.fill(to.getByLabelText('Year'), '2026');
    await userEvent.type(screen.getByLabelText('Leave out these dates (optional)'), '10 November, 24 Nov');
    expect(await seriousViolations()).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Mark as delivered' }));
    expect(onrange).toHaveBeenCalledWith('2026-11-02', '2026-11-27', ['10 November', '24 Nov']);
  });

  it('lists the logged sessions on request', async () => {
    const onsessions = vi.fn(async () => [
      { id: 1, date: '2026-11-10', status: 'cancelled', minutes: null, by: 'provider', reason: 'Therapist off sick', catch_up: false, evidence_entry_id: null, logged_at: '2026-11-10T12:00:00Z' },
    ]);
    const screen = await render(ProvisionCard, { line, today: '2026-11-30', onlog: vi.fn(async () => {}), onsessions });
    await userEvent.click(screen.getByText('Sessions logged'));
    await expect.element(screen.getByText('Tue 10 Nov 2026: cancelled, because of the provider — Therapist off sick')).toBeVisible();
  });
});

describe('ProvisionCard amended plan', () => {
  it('starts a new amount from a date, prefilled with the current one', async () => {
    const onamend = vi.fn(async () => {});
    const screen = await render(ProvisionCard, { line, today: '2026-11-30', onlog: vi.fn(async () => {}), onamend });
    await userEvent.click(screen.getByRole('button', { name: /Plan amended/ }));
    await expect.element(screen.getByLabelText('Minutes each')).toHaveValue(45);
    await userEvent.fill(screen.getByLabelText('Day'), '4');
    await userEvent.fill(screen.getByLabelText('Month'), '1');
    await userEvent.fill(screen.getByLabelText('Year'), '2027');
    await userEvent.fill(screen.getByLabelText('Sessions'), '2');
    await userEvent.fill(screen.getByLabelText('Minutes each'), '30');
    await userEvent.click(screen.getByRole('button', { name: 'Save the change' }));
    expect(onamend).toHaveBeenCalledWith({ from: '2027-01-04', sessions: 2, per: 'week', minutes: 30, term_time_only: true });
  });

  it('keeps the form open and says why when the change is refused', async () => {
    const { CasefileError } = await import('../../api');
    const onamend = vi.fn(async () => {
      throw new CasefileError({ kind: 'invalid', message: 'The change must start after the current schedule began.', field: 'from' });
    });
    const screen = await render(ProvisionCard, { line, today: '2026-11-30', onlog: vi.fn(async () => {}), onamend });
    await userEvent.click(screen.getByRole('button', { name: /Plan amended/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Save the change' }));
    await expect.element(screen.getByRole('alert')).toHaveTextContent('must start after the current schedule began');
  });
});

describe('ProvisionCard proof and catch-up', () => {
  it('sends the chosen correspondence entry as the session’s proof', async () => {
    const onlog = vi.fn(async () => {});
    const entries = [{
      id: 9, case_id: 1, occurred_on: '2026-11-23', occurred_time: null, direction: 'in' as const, channel: 'email' as const, party_id: null,
      party_name: 'Northshire OT', subject: 'Session cancelled', note: '', note_versions: 1, note_written_at: '2026-11-23T10:00:00Z',
      follow_up_by: null, follow_up_done: null, created_at: '2026-11-23T10:00:00Z', documents: [],
    }];
    const screen = await render(ProvisionCard, { line, today: '2026-11-30', onlog, entries });
    await userEvent.click(screen.getByRole('button', { name: /Log a session/ }));
    await userEvent.selectOptions(screen.getByLabelText('What happened?'), 'Cancelled');
    await userEvent.selectOptions(screen.getByLabelText('Because of'), 'The therapist or service');
    await userEvent.selectOptions(screen.getByLabelText('What shows it? (optional)'), 'Mon 23 Nov 2026: Email from Northshire OT — Session cancelled');
    await userEvent.click(screen.getByRole('button', { name: 'Save session' }));
    expect(onlog).toHaveBeenCalledWith(expect.objectContaining({ status: 'cancelled', by: 'provider', evidence: 9 }));
  });

  it('shows catch-up sessions offered and delivered', async () => {
    const withCatchUp = { ...line, tally: { ...line.tally, catch_up_offered: 3, catch_up_sessions: 2, catch_up_minutes: 90 } };
    const screen = await render(ProvisionCard, { line: withCatchUp, today: '2026-11-30', onlog: vi.fn(async () => {}) });
    await expect.element(screen.getByText('3 offered, 2 delivered (1 h 30 min)')).toBeVisible();
  });
});
