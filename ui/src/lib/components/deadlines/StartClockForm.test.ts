import { describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { CasefileError, type ProcessDef } from '../../api';
import { seriousViolations } from '../../../test/axe';
import StartClockForm from './StartClockForm.svelte';

const processes: ProcessDef[] = [
  { key: 'ehc-needs-assessment', title: 'EHC needs assessment request', summary: 'From a request to the final plan (20 weeks).', start_label: 'Date the council received the request', events: [], steps: [] },
  { key: 'annual-review', title: 'Annual review of an EHC plan', summary: 'From the review meeting onwards.', start_label: 'Date of the review meeting', events: [], steps: [] },
];

describe('StartClockForm', () => {
  it('asks for the date that matters to the chosen process and starts the clock', async () => {
    const onstart = vi.fn(async () => {});
    const screen = await render(StartClockForm, { processes, onstart, oncancel: vi.fn() });
    await userEvent.selectOptions(screen.getByLabelText('What happened?'), 'Annual review of an EHC plan');
    await expect.element(screen.getByRole('group', { name: 'Date of the review meeting' })).toBeVisible();
    await userEvent.type(screen.getByLabelText('Day'), '1');
    await userEvent.type(screen.getByLabelText('Month'), '11');
    await userEvent.type(screen.getByLabelText('Year'), '2026');
    await userEvent.type(screen.getByLabelText('Name (optional)'), 'Review 2026');
    expect(await seriousViolations()).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Start clock' }));
    expect(onstart).toHaveBeenCalledWith({ process: 'annual-review', started_on: '2026-11-01', label: 'Review 2026' });
  });

  it('shows a refused date beside the date and moves focus there', async () => {
    const onstart = vi.fn(async () => {
      throw new CasefileError({ kind: 'invalid', message: 'There is no 30 February 2026. Check the day of the date the council received the request.', field: 'started_on' });
    });
    const screen = await render(StartClockForm, { processes, onstart, oncancel: vi.fn() });
    await userEvent.selectOptions(screen.getByLabelText('What happened?'), 'EHC needs assessment request');
    await userEvent.type(screen.getByLabelText('Day'), '30');
    await userEvent.type(screen.getByLabelText('Month'), '2');
    await userEvent.type(screen.getByLabelText('Year'), '2026');
    await userEvent.click(screen.getByRole('button', { name: 'Start clock' }));
    await expect.element(screen.getByRole('group', { name: 'Date the council received the request' })).toHaveTextContent('There is no 30 February 2026');
    await expect.element(screen.getByLabelText('Day')).toHaveFocus();
  });

  it('asks for a process before anything else', async () => {
    const onstart = vi.fn(async () => {});
    const screen = await render(StartClockForm, { processes, onstart, oncancel: vi.fn() });
    await userEvent.click(screen.getByRole('button', { name: 'Start clock' }));
    await expect.element(screen.getByRole('alert')).toHaveTextContent('Choose what the clock is for.');
    expect(onstart).not.toHaveBeenCalled();
  });
});
