import { describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { CasefileError, type CaseDetails } from '../../api';
import { makeCase } from '../../../test/fake-backend';
import { seriousViolations } from '../../../test/axe';
import CaseForm from './CaseForm.svelte';


describe('CaseForm', () => {
  it('sends what the parent typed, with the date of birth from the three boxes', async () => {
    const onsave = vi.fn(async (_: CaseDetails) => {});
    const screen = await render(CaseForm, { heading: 'New case', submitLabel: 'Create case', onsave, oncancel: vi.fn() });

    await expect.element(screen.getByLabelText("Child's name")).toHaveFocus();
    await userEvent.type(screen.getByLabelText("Child's name"), "Zoë O'Brien-Ćwikła");
    await userEvent.type(screen.getByLabelText('Day'), '7');
    await userEvent.type(screen.getByLabelText('Month'), '3');
    await userEvent.type(screen.getByLabelText('Year'), '2015');
    await userEvent.type(screen.getByLabelText('Local authority (optional)'), 'Leeds City Council');
    await userEvent.selectOptions(screen.getByLabelText('EHC plan'), 'Being assessed');
    await userEvent.click(screen.getByRole('button', { name: 'Create case' }));

    expect(onsave).toHaveBeenCalledTimes(1);
    expect(onsave.mock.calls[0]?.[0]).toEqual({
      child_name: "Zoë O'Brien-Ćwikła",
      date_of_birth: '2015-03-07',
      local_authority: 'Leeds City Council',
      school: '',
      ehcp_status: 'assessing',
      tribunal_reference: '',
    });
  });

  it('shows the core’s refusal beside the field it names and moves focus there', async () => {
    const onsave = vi.fn(async () => {
      throw new CasefileError({ kind: 'invalid', message: 'There is no 30 February 2019. Check the day of the date of birth.', field: 'date_of_birth' });
    });
    const screen = await render(CaseForm, { heading: 'New case', submitLabel: 'Create case', onsave, oncancel: vi.fn() });
    await userEvent.type(screen.getByLabelText("Child's name"), 'Noor');
    await userEvent.click(screen.getByRole('button', { name: 'Create case' }));

    await expect.element(screen.getByRole('alert')).toHaveTextContent('There is a problem');
    await expect.element(screen.getByRole('group', { name: 'Date of birth (optional)' })).toHaveTextContent('There is no 30 February 2019');
    await expect.element(screen.getByLabelText('Day')).toHaveFocus();
    await expect.element(screen.getByLabelText('Day')).toHaveAttribute('aria-invalid', 'true');
  });

  it('lists every problem at once, each beside its box and linked from the summary', async () => {
    const onsave = vi.fn(async () => {
      throw new CasefileError({
        kind: 'invalid', message: "Enter the child's name. There is no 31 February 2016. Check the day of the date of birth.", field: 'child_name',
        problems: [
          { field: 'child_name', message: "Enter the child's name." },
          { field: 'date_of_birth', message: 'There is no 31 February 2016. Check the day of the date of birth.' },
        ],
      });
    });
    const screen = await render(CaseForm, { heading: 'New case', submitLabel: 'Create case', onsave, oncancel: vi.fn() });
    await userEvent.type(screen.getByLabelText('Day'), '31');
    await userEvent.click(screen.getByRole('button', { name: 'Create case' }));

    const summary = screen.getByRole('alert');
    await expect.element(summary).toHaveTextContent('2 things need correcting');
    await expect.element(screen.getByLabelText("Child's name")).toHaveFocus();
    await expect.element(screen.getByLabelText("Child's name")).toHaveAttribute('aria-invalid', 'true');
    await expect.element(screen.getByRole('group', { name: 'Date of birth (optional)' })).toHaveTextContent('There is no 31 February 2016');
    await userEvent.click(screen.getByRole('link', { name: /There is no 31 February 2016/ }));
    await expect.element(screen.getByLabelText('Day')).toHaveFocus();
    await expect.element(screen.getByLabelText('Day')).toHaveValue('31');
    expect(await seriousViolations()).toEqual([]);
  });

  it('opens with the case’s current details when editing', async () => {
    const screen = await render(CaseForm, {
      heading: 'Edit case details',
      submitLabel: 'Save changes',
      initial: makeCase({ tribunal_reference: 'EH123/26/00045' }),
      onsave: vi.fn(async () => {}),
      oncancel: vi.fn(),
    });
    await expect.element(screen.getByLabelText("Child's name")).toHaveValue('Maya Patel');
    await expect.element(screen.getByLabelText('Day')).toHaveValue('14');
    await expect.element(screen.getByLabelText('Month')).toHaveValue('9');
    await expect.element(screen.getByLabelText('Year')).toHaveValue('2016');
    await expect.element(screen.getByLabelText('SEND Tribunal reference (optional)')).toHaveValue('EH123/26/00045');
  });

  it('cancels with Escape', async () => {
    const oncancel = vi.fn();
    await render(CaseForm, { heading: 'New case', submitLabel: 'Create case', onsave: vi.fn(async () => {}), oncancel });
    await userEvent.keyboard('{Escape}');
    expect(oncancel).toHaveBeenCalledTimes(1);
  });

  it('has no serious accessibility problems, with or without an error showing', async () => {
    const screen = await render(CaseForm, {
      heading: 'New case',
      submitLabel: 'Create case',
      onsave: vi.fn(async () => {
        throw new CasefileError({ kind: 'invalid', message: "Enter the child's name.", field: 'child_name' });
      }),
      oncancel: vi.fn(),
    });
    expect(await seriousViolations()).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Create case' }));
    await expect.element(screen.getByLabelText("Child's name")).toHaveAttribute('aria-invalid', 'true');
    expect(await seriousViolations()).toEqual([]);
  });
});
