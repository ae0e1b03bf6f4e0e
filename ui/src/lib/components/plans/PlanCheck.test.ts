import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { PlanCheck as Checked, PlanFinding, PlanLedgerItem, ProvisionDetails } from '../../api';
import { seriousViolations } from '../../../test/axe';
import PlanCheck from './PlanCheck.svelte';

const section = (letter: Checked['sections'][number]['letter'], title: string) => ({ letter, title, text: '…', pages: [1, 1] as [number, number] });
const salt = 'Mia will have 45 minutes of speech and language therapy each week from a qualified speech and language therapist.';
const vagueOt = 'Access to occupational therapy as required.';

function item(text: string, title: string, read: { minutes: number | null; per: string | null; provider?: string }, findings: PlanFinding[], inLedger: number | null = null): PlanLedgerItem {
  const missing = [...(read.minutes === null ? ['how long each session lasts'] : []), ...(read.per === null ? ['how often'] : [])];
  return {
    section: 'F',
    title,
    text,
    minutes: read.minutes,
    sessions: 1,
    per: read.per,
    provider: read.provider ?? null,
    term_time_only: true,
    findings,
    draft: {
      section: 'F',
      title,
      wording: text,
      provider: read.provider ?? null,
      setting: null,
      plan_version: 'Final EHC plan, 12 March 2026',
      sessions: 1,
      per: read.per ?? '',
      minutes: read.minutes ?? 0,
      term_time_only: true,
      from: '2026-03-12',
      to: null,
    },
    missing,
    in_ledger: inLedger,
  };
}

const checked = (ledgered: number | null = null): Checked => ({
  sections: [section('A', 'Views'), section('F', 'Provision'), section('I', 'Placement')],
  provisions: [
    item(salt, 'Speech and language therapy', { minutes: 45, per: 'week', provider: 'Qualified speech and language therapist' }, [], ledgered),
    item(vagueOt, 'Occupational therapy', { minutes: null, per: null }, [
      { section: 'F', kind: 'vague', phrase: 'Access to', text: vagueOt, advice: 'Ask for the provision itself.' },
      { section: 'F', kind: 'no-provider', phrase: '', text: vagueOt, advice: 'Ask who delivers it.' },
    ]),
  ],
});

const lines = (container: HTMLElement) => Array.from(container.querySelectorAll('ol.provisions > li')).map((li) => (li as HTMLElement).innerText.replace(/\s+/g, ' ').trim());

afterEach(() => clearMocks());

describe('PlanCheck', () => {
  it('lists each provision with what to ask for and what the ledger would count, and takes the keyboard to them', async () => {
    mockIPC((cmd, args) => {
      if (cmd === 'plan_check') {
        expect((args as { id: number }).id).toBe(4);
        return checked();
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(PlanCheck, { documentId: 4, caseId: 2 });
    await userEvent.click(screen.getByRole('button', { name: 'Check Sections F, G and H' }));
    await expect.element(screen.getByRole('heading', { name: '1 provision to ask about' })).toHaveFocus();
    await expect.element(screen.getByText('Sections found: A, F, I.')).toBeVisible();
    expect(lines(screen.container)).toEqual([
      `Section F: “${salt}” For the provision ledger: Speech and language therapy, 45 minutes, once a week, term time, by Qualified speech and language therapist. Add to the provision ledger Speech and language therapy`,
      'Section F: “Access to occupational therapy as required.” Vague: “Access to”. Ask for the provision itself. It does not say who provides it. Ask who delivers it. For the provision ledger: Occupational therapy, term time. The plan does not say how long each session lasts or how often. Add to the provision ledger… Occupational therapy',
    ]);
    expect(await seriousViolations()).toEqual([]);
  });

  it('adds a provision the plan quantifies in one click, then says it is in the ledger', async () => {
    let saved: ProvisionDetails | null = null;
    mockIPC((cmd, args) => {
      if (cmd === 'plan_check') return checked(saved ? 9 : null);
      if (cmd === 'add_provision') {
        expect((args as { caseId: number }).caseId).toBe(2);
        saved = (args as { details: ProvisionDetails }).details;
        return { id: 9 };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(PlanCheck, { documentId: 4, caseId: 2 });
    await userEvent.click(screen.getByRole('button', { name: 'Check Sections F, G and H' }));
    await userEvent.click(screen.getByRole('button', { name: 'Add to the provision ledger Speech and language therapy' }));
    await expect.element(screen.getByText('✓ In the provision ledger')).toHaveFocus();
    expect(saved).toMatchObject({ title: 'Speech and language therapy', minutes: 45, per: 'week', from: '2026-03-12', wording: salt });
    await expect.element(screen.getByRole('status')).toHaveTextContent('Added “Speech and language therapy” to the provision ledger, from Thu 12 Mar 2026.');
  });

  it('opens the ledger form filled from the plan when the plan leaves the amounts out, and keeps the keyboard in place on Cancel', async () => {
    let saved: ProvisionDetails | null = null;
    mockIPC((cmd, args) => {
      if (cmd === 'plan_check') return checked();
      if (cmd === 'add_provision') {
        saved = (args as { details: ProvisionDetails }).details;
        return { id: 10 };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(PlanCheck, { documentId: 4, caseId: 2 });
    await userEvent.click(screen.getByRole('button', { name: 'Check Sections F, G and H' }));
    const add = screen.getByRole('button', { name: 'Add to the provision ledger… Occupational therapy' });
    await userEvent.click(add);
    await expect.element(screen.getByRole('heading', { name: 'Add “Occupational therapy” to the provision ledger' })).toBeVisible();
    await expect.element(screen.getByText('The plan does not say how long each session lasts or how often. Fill in what has been agreed')).toBeVisible();
    await expect.element(screen.getByLabelText('Name')).toHaveValue('Occupational therapy');
    await expect.element(screen.getByLabelText("The plan's wording (copy it exactly)")).toHaveValue(vagueOt);
    await expect.element(screen.getByLabelText('Minutes each')).toHaveValue(null);
    expect((document.getElementById('prov-from-day') as HTMLInputElement).value).toBe('12');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await expect.element(add).toHaveFocus();

    await userEvent.click(add);
    await userEvent.fill(screen.getByLabelText('Minutes each'), '30');
    await userEvent.selectOptions(screen.getByLabelText('Every'), 'fortnight');
    await userEvent.click(screen.getByRole('button', { name: 'Add provision' }));
    await expect.poll(() => saved).toMatchObject({ title: 'Occupational therapy', minutes: 30, per: 'fortnight', from: '2026-03-12', wording: vagueOt });
  });

  it('says so when every provision is specific, and shows a refusal in words', async () => {
    let refuse = false;
    mockIPC((cmd) => {
      if (cmd === 'plan_check') {
        if (refuse) throw { kind: 'invalid', message: 'Casefile has no words from “Scan”.', field: 'document', problems: [] };
        return { sections: [section('F', 'Provision')], provisions: [checked(3).provisions[0]] };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(PlanCheck, { documentId: 4, caseId: 2 });
    await userEvent.click(screen.getByRole('button', { name: 'Check Sections F, G and H' }));
    await expect.element(screen.getByRole('heading', { name: 'Nothing to ask about' })).toBeVisible();
    await expect.element(screen.getByText('Every provision in Section F says how often, how long and by whom, without vague words.')).toBeVisible();
    await expect.element(screen.getByText('✓ In the provision ledger')).toBeVisible();
    refuse = true;
    await userEvent.click(screen.getByRole('button', { name: 'Check Sections F, G and H' }));
    await expect.element(screen.getByRole('alert')).toHaveTextContent('Casefile has no words from “Scan”.');
  });
});
