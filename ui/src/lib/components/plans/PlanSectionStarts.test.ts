import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { PlanLines, SectionStart } from '../../api';
import { seriousViolations } from '../../../test/axe';
import PlanCheck from './PlanCheck.svelte';

const lines = (starts: SectionStart[], setByFamily = false): PlanLines => ({
  lines: [
    { index: 0, page: 1, text: 'About me', heading: null },
    { index: 3, page: 1, text: 'What I find hard', heading: null },
    { index: 6, page: 2, text: 'Help I will get', heading: null },
    { index: 9, page: 2, text: 'My school', heading: null },
  ],
  starts,
  set_by_family: setByFamily,
});
const section = (letter: 'A' | 'B' | 'F' | 'I') => ({ letter, title: 'x', text: '…', pages: [1, 1] as [number, number] });

afterEach(() => clearMocks());

describe('PlanSectionStarts (from the plan check)', () => {
  it('lets the family say where each section starts when the headings cannot be read, then checks the plan again', async () => {
    let saved: SectionStart[] | null = null;
    mockIPC((cmd, args) => {
      switch (cmd) {
        case 'plan_check':
          if (!saved) throw { kind: 'invalid', message: 'Casefile could not find the section headings in “Final plan” (none was found).', field: 'document', problems: [] };
          return { sections: saved.map((s) => section(s.letter as 'A')), provisions: [] };
        case 'plan_lines':
          return lines([]);
        case 'set_plan_section_starts':
          saved = (args as { starts: SectionStart[] }).starts;
          return saved.map((s) => section(s.letter as 'A'));
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(PlanCheck, { documentId: 4, caseId: 2 });
    await userEvent.click(screen.getByRole('button', { name: 'Check Sections F, G and H' }));
    await expect.element(screen.getByRole('alert')).toHaveTextContent('could not find the section headings');
    await userEvent.click(screen.getByRole('button', { name: 'Correct where sections start…' }));
    await expect.element(screen.getByRole('heading', { name: 'Where each section starts' })).toHaveFocus();
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Section starting at “About me”' }), 'A');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Section starting at “What I find hard”' }), 'B');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Section starting at “Help I will get”' }), 'F');
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Section starting at “My school”' }), 'I');
    expect(await seriousViolations()).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Save where the sections start' }));
    expect(saved).toEqual([
      { letter: 'A', line: 0 },
      { letter: 'B', line: 3 },
      { letter: 'F', line: 6 },
      { letter: 'I', line: 9 },
    ]);
    await expect.element(screen.getByText('Sections found: A, B, F, I.')).toBeVisible();
    await expect.element(screen.getByRole('status')).toHaveTextContent('Sections now read: A, B, F, I.');
  });

  it('keeps the choices and says why when the order is wrong, and offers the headings as found again', async () => {
    let cleared = false;
    mockIPC((cmd, args) => {
      switch (cmd) {
        case 'plan_lines':
          return lines(
            [
              { letter: 'A', line: 0 },
              { letter: 'F', line: 6 },
            ],
            true,
          );
        case 'set_plan_section_starts': {
          const starts = (args as { starts: SectionStart[] }).starts;
          if (starts.length === 0) {
            cleared = true;
            return [section('A'), section('F')];
          }
          throw { kind: 'invalid', message: 'Section B starts above a section that comes before it, or on the same line: the sections must run from A to K down the plan.', field: 'starts', problems: [] };
        }
        case 'plan_check':
          return { sections: [section('A'), section('F')], provisions: [] };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(PlanCheck, { documentId: 4, caseId: 2 });
    await userEvent.click(screen.getByRole('button', { name: 'Correct where sections start…' }));
    const mySchool = screen.getByRole('combobox', { name: 'Section starting at “My school”' });
    await expect.element(screen.getByRole('combobox', { name: 'Section starting at “Help I will get”' })).toHaveValue('F');
    await userEvent.selectOptions(mySchool, 'B');
    await userEvent.click(screen.getByRole('button', { name: 'Save where the sections start' }));
    await expect.element(screen.getByRole('alert')).toHaveTextContent('the sections must run from A to K down the plan');
    await expect.element(screen.getByRole('alert')).toHaveFocus();
    await expect.element(mySchool).toHaveValue('B');
    await userEvent.click(screen.getByRole('button', { name: 'Use the headings Casefile finds' }));
    expect(cleared).toBe(true);
    await expect.element(screen.getByRole('heading', { name: 'Nothing to ask about' })).toBeVisible();
  });
});
