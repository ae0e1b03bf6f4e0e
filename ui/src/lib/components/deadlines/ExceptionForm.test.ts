import { describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { CasefileError, type Clock, type ExceptionDef, type ProcessDef } from '../../api';
import { seriousViolations } from '../../../test/axe';
import ExceptionForm from './ExceptionForm.svelte';

const reg13 = { source: 'SEND Regs 2014 reg 13(3)', kinds: ['school-closure', 'early-years-closure', 'exceptional-personal-circumstances', 'absent-from-area'] as const, absence_days: 28, within_period: false, unconfirmed: false };
const reg8 = { source: 'SEND Regs 2014 reg 8(2)(a)-(c)', kinds: ['exceptional-personal-circumstances', 'absent-from-area', 'missed-appointment'] as const, absence_days: 28, within_period: true, unconfirmed: false };
const step = (key: string, title: string, exceptions: typeof reg13 | typeof reg8 | null): ProcessDef['steps'][number] => ({
  key, title, who: 'council', terms: [], roll: 'none', rule: '', source: '', unconfirmed: false, only_if: null, excluded_by: null, met_by_event: null, paused_between: null, refusal: null, earliest: false,
  exceptions: exceptions ? { ...exceptions, kinds: [...exceptions.kinds] } : null,
});
const process: ProcessDef = {
  key: 'ehc-needs-assessment', title: 'EHC needs assessment request', summary: '', start_label: 'Date the council received the request', events: [],
  steps: [
    step('advice-returned', 'Professionals send their advice', reg8),
    step('draft-comments', 'Send your comments on the draft plan', null),
    step('final-plan', 'Council issues the final EHC plan', reg13),
  ],
};
const clock: Clock = {
  id: 3, case_id: 1, process: 'ehc-needs-assessment', process_title: process.title, start_label: process.start_label, started_on: '2026-01-12',
  label: null, closed_at: null, events: [], exceptions: [], evidence: [], deadlines: [],
};
const exceptions: ExceptionDef[] = [
  { kind: 'school-closure', key: 'school-closure', label: 'The council asked a school or college for advice around a closure', from_label: 'First day the school or college was closed', to_label: 'Day it reopened', needs_advice_request: true },
  { kind: 'absent-from-area', key: 'absent-from-area', label: 'The family was away from the area', from_label: 'First day away', to_label: 'Day you came back', needs_advice_request: false },
];

async function typeDate(screen: Awaited<ReturnType<typeof render>>, group: string, day: string, month: string, year: string) {
  const fieldset = screen.getByRole('group', { name: group });
  await userEvent.type(fieldset.getByLabelText('Day'), day);
  await userEvent.type(fieldset.getByLabelText('Month'), month);
  await userEvent.type(fieldset.getByLabelText('Year'), year);
}

describe('ExceptionForm', () => {
  it('asks for the dates the chosen reason needs and the deadlines it is claimed for', async () => {
    const onsave = vi.fn(async () => {});
    const screen = await render(ExceptionForm, { clock, process, exceptions, onsave, oncancel: vi.fn() });
    await userEvent.selectOptions(screen.getByLabelText('What reason does the council give?'), 'school-closure');
    // Only the council's deadlines with exceptions are offered; reg 8 is marked as not naming a closure.
    const steps = screen.getByRole('group', { name: 'Which deadlines does the council claim it for?' });
    await expect.element(steps).not.toHaveTextContent('Send your comments');
    await expect.element(steps).toHaveTextContent('(its regulation, SEND Regs 2014 reg 8(2)(a)-(c), does not name this reason)');
    await userEvent.click(screen.getByLabelText(/Council issues the final EHC plan/));
    await typeDate(screen, 'First day the school or college was closed', '22', '7', '2026');
    await typeDate(screen, 'Day it reopened', '3', '9', '2026');
    await typeDate(screen, 'Date the council asked it for advice', '16', '7', '2026');
    expect(await seriousViolations()).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Record exception' }));
    expect(onsave).toHaveBeenCalledWith({
      kind: 'school-closure', from: '2026-07-22', to: '2026-09-03', advice_requested: '2026-07-16', steps: ['final-plan'], note: null,
    });
  });

  it('keeps what was typed when a date is refused, shows why beside it and moves focus there', async () => {
    const onsave = vi.fn(async () => {
      throw new CasefileError({ kind: 'invalid', message: '“Day you came back” (1 July 2026) is before “First day away” (4 April 2026).', field: 'to' });
    });
    const screen = await render(ExceptionForm, { clock, process, exceptions, onsave, oncancel: vi.fn() });
    await userEvent.selectOptions(screen.getByLabelText('What reason does the council give?'), 'absent-from-area');
    await userEvent.click(screen.getByLabelText(/Council issues the final EHC plan/));
    await typeDate(screen, 'First day away', '4', '4', '2026');
    await typeDate(screen, 'Day you came back', '1', '7', '2025');
    await userEvent.click(screen.getByRole('button', { name: 'Record exception' }));
    const back = screen.getByRole('group', { name: 'Day you came back' });
    await expect.element(back).toHaveTextContent('is before');
    await expect.element(back.getByLabelText('Day')).toHaveFocus();
    await expect.element(back.getByLabelText('Year')).toHaveValue('2025');
    await expect.element(screen.getByRole('group', { name: 'First day away' }).getByLabelText('Day')).toHaveValue('4');
  });
});
