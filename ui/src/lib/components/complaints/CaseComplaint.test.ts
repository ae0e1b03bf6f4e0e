import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { ComplaintCase } from '../../api';
import { seriousViolations } from '../../../test/axe';
import CaseComplaint from './CaseComplaint.svelte';

const facts: ComplaintCase = {
  case_id: 1,
  child_name: 'Ava',
  council: 'Kent County Council',
  on: '2026-11-30',
  breaches: [
    {
      clock_id: 3, process: 'EHC needs assessment request', step: 'Council issues the final EHC plan', process_key: 'ehc-needs-assessment',
      due: '2026-05-25', done: '2026-07-01', days_late: 37, rule: 'Within 20 weeks.', source: 'SEND Regs 2014 reg 13(2)',
    },
  ],
  shortfall: [
    { term: 'Autumn 2026', from: '2026-09-02', to: '2026-12-18', provisions: ['Speech and language therapy'], expected_minutes: 540, delivered_minutes: 405, shortfall_minutes: 135, missed_sessions: 3 },
  ],
  missed_hours: 2.25,
  chasing: [{ date: '2026-09-25', channel: 'Email', to: 'SEND team', subject: 'Therapy not delivered' }],
  routes: [
    { grievance: 'Provision in the plan not delivered', place: "The council's complaints procedure, then the Ombudsman", why: 'The council must secure it.', source: 'CFA 2014 s.42(2)', in_this_case: true },
    { grievance: 'A subject access request answered late or not at all', place: "The Information Commissioner's Office (ICO)", why: 'Data protection goes to the ICO.', source: 'UK GDPR art. 77', in_this_case: false },
  ],
  time_limits: [
    { matter: 'EHC needs assessment request: Council issues the final EHC plan', noticed_on: '2026-05-26', last_day: '2027-05-25', out_of_time: false },
  ],
  ombudsman_by: '2027-05-25',
  council_procedure: { stage: 'not-started', said: 'No complaint to the council is recorded.', ready_for_ombudsman: false, finished_on: null, complained_on: null, stage_2_on: null },
  remedy: {
    terms: 1,
    range: [330, 1750],
    heads: [{ key: 'partial-provision', label: 'Provision not delivered', worked: '1 term', low: 60, high: 250, basis: 'decisions' }],
    precedents: [
      { council: 'Shropshire Council', reference: '24 011 876', date: '2025-05-11', amount: 2700, total: 3100, summary: 'SALT not provided for two years.', source: 'decision', url: 'https://www.lgo.org.uk/x', like: 'speech and language therapy, 6 terms missed' },
    ],
    guide: 'A guide drawn from the Ombudsman’s published decisions, not a promise.',
    dated: '2026-12-01',
    sources: [],
  },
};

afterEach(() => clearMocks());

describe('CaseComplaint', () => {
  it('says where each grievance belongs, the Ombudsman date and the remedy, then drafts, edits, saves and logs a letter', async () => {
    const saved: unknown[] = [];
    const said: string[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'complaint_case') return facts;
      if (cmd === 'draft_complaint_letter') {
        expect(args).toEqual({ caseId: 1, stage: 'stage-1' });
        return { file_stem: 'Complaint (stage 1) - Ava', subject: 'Complaint (stage 1): Ava', text: 'Dear Complaints Team,\n[Say here]', reply_by: '2026-12-21' };
      }
      if (cmd === 'plugin:dialog|save') return '/home/parent/Complaint.docx';
      if (cmd === 'save_complaint_letter') {
        saved.push(args);
        return '/home/parent/Complaint.docx';
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(CaseComplaint, { caseId: 1, childName: 'Ava', archived: false, onannounce: (t: string) => said.push(t) });
    await expect.element(screen.getByText('Complain to the Ombudsman by Tue 25 May 2027')).toBeVisible();
    await expect.element(screen.getByText("In this case's records")).toBeVisible();
    await expect.element(screen.getByText("Goes to: The Information Commissioner's Office (ICO).")).toBeVisible();
    await expect.element(screen.getByText('£330 to £1,750')).toBeVisible();
    await expect.element(screen.getByText('Shropshire Council, 24 011 876', { exact: false })).toBeVisible();
    await expect.element(screen.getByText('not a promise', { exact: false })).toBeVisible();
    expect(await seriousViolations()).toEqual([]);

    await userEvent.click(screen.getByRole('button', { name: 'Stage 1 letter to the council' }));
    const box = screen.getByLabelText('Letter: Complaint (stage 1): Ava');
    await expect.element(box).toHaveValue('Dear Complaints Team,\n[Say here]');
    await userEvent.clear(box);
    await userEvent.type(box, 'Dear Complaints Team, Ava has lost a term of therapy.');
    await userEvent.click(screen.getByRole('button', { name: 'Save as Word…' }));
    await expect.element(screen.getByRole('status').last()).toHaveTextContent('recorded in the correspondence log');
    expect(saved).toEqual([
      { caseId: 1, stage: 'stage-1', path: '/home/parent/Complaint.docx', subject: 'Complaint (stage 1): Ava', text: 'Dear Complaints Team, Ava has lost a term of therapy.' },
    ]);
    expect(said).toEqual(['Letter saved and logged.']);
  });

  it('says what is missing instead of an empty complaint', async () => {
    mockIPC((cmd) => {
      if (cmd === 'complaint_case') throw { kind: 'invalid', message: "Ava's case names no council, so Casefile cannot say whom to complain to.", field: 'local_authority' };
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(CaseComplaint, { caseId: 1, childName: 'Ava', archived: false, onannounce: () => {} });
    await expect.element(screen.getByRole('status')).toHaveTextContent('names no council');
    expect(screen.container.querySelector('button')).toBeNull();
  });
});
