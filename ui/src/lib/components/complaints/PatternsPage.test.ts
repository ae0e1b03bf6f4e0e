import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Case, PatternReport } from '../../api';
import { seriousViolations } from '../../../test/axe';
import PatternsPage from './PatternsPage.svelte';

const report: PatternReport = {
  as_of: 'November 2026',
  families: 9,
  no_council: 1,
  councils: [
    {
      council: 'Essex County Council', families: 5, breaches: 5, missed_hours: 8.3, suppressed: false, totals_leave_out_fewer: true,
      steps: [
        { step: 'EHC needs assessment request: Council issues the final EHC plan', breaches: 5, median_days_late: 21, suppressed: false },
        { step: 'EHC needs assessment request: Council tells you whether it will assess', breaches: null, median_days_late: null, suppressed: true },
      ],
      kinds: [{ kind: 'speech and language therapy', missed_hours: 8.3, suppressed: false }],
      median_wait_weeks: 23, wait_suppressed: false, from_month: 'January 2026', to_month: 'September 2026',
    },
    {
      council: 'Devon County Council', families: null, breaches: null, missed_hours: null, suppressed: true, totals_leave_out_fewer: false,
      steps: [], kinds: [], median_wait_weeks: null, wait_suppressed: true, from_month: null, to_month: null,
    },
  ],
};
const cases = [{ id: 4, child_name: 'Sam', local_authority: 'Essex County Council', is_demo: false }] as Case[];

afterEach(() => clearMocks());

describe('PatternsPage', () => {
  it('shows each council with fewer than 5 families hidden, saves the report, and asks a council for its own figures', async () => {
    const asked: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'pattern_report') return report;
      if (cmd === 'plugin:dialog|save') return '/home/worker/report.pdf';
      if (cmd === 'save_pattern_report') return { path: '/home/worker/report.pdf', pages: 2 };
      if (cmd === 'draft_foi_request') {
        expect(args).toEqual({ caseId: 4 });
        return { file_stem: 'FOI request - Essex County Council', subject: 'Freedom of Information request', text: 'Dear Sir or Madam,', reply_by: '2026-12-31' };
      }
      if (cmd === 'save_foi_request') {
        asked.push(args);
        return '2026-12-31';
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(PatternsPage, { cases, onannounce: () => {} });
    await expect.element(screen.getByText('9 families, as of November 2026 (1 more name no council and are not counted).')).toBeVisible();
    const essex = screen.getByRole('region', { name: 'Essex County Council' });
    await expect.element(essex).toHaveTextContent('5 (the middle one 21 days late)');
    await expect.element(essex).toHaveTextContent('fewer than 5');
    await expect.element(essex).toHaveTextContent('The totals leave out figures from fewer than 5 families.');
    await expect.element(screen.getByRole('region', { name: 'Devon County Council' })).toHaveTextContent('Fewer than 5 families: nothing is shown');
    expect(await seriousViolations()).toEqual([]);

    await userEvent.click(screen.getByRole('button', { name: 'Save as PDF with charts…' }));
    await expect.element(screen.getByRole('status').last()).toHaveTextContent('Saved to /home/worker/report.pdf (2 pages).');

    await userEvent.selectOptions(screen.getByLabelText('The case to keep it in (its council is asked)'), 'Sam (Essex County Council)');
    await userEvent.click(screen.getByRole('button', { name: 'Draft the request' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save as PDF and start the clock…' }));
    await expect.element(screen.getByRole('status').last()).toHaveTextContent('the council must answer by Thu 31 Dec 2026');
    expect(asked).toEqual([{ caseId: 4, path: '/home/worker/report.pdf', text: 'Dear Sir or Madam,' }]);
  });

  it('says why nothing can be shown with too few families', async () => {
    mockIPC((cmd) => {
      if (cmd === 'pattern_report') throw { kind: 'invalid', message: 'Nothing can be shown: there are 3 families’ cases naming a council.', field: 'families' };
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(PatternsPage, { cases: [], onannounce: () => {} });
    await expect.element(screen.getByRole('status').first()).toHaveTextContent('Nothing can be shown');
  });
});
