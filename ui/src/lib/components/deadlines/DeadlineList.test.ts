import { describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { makeCaseDeadline } from '../../../test/fake-backend';
import { seriousViolations } from '../../../test/axe';
import DeadlineList from './DeadlineList.svelte';

const items = [
  makeCaseDeadline(),
  makeCaseDeadline({ step: 'review-report', title: 'Review report sent', who: 'school', who_label: 'School or setting', status: 'due-soon', days_left: 3, due: '2026-11-28', breach: false }),
  makeCaseDeadline({
    step: 'draft-comments', title: 'Send your comments on the draft plan', who: 'parent', who_label: 'You', status: 'waiting', due: null, days_left: null, breach: false,
    waiting_for: 'Date the draft plan was sent to you', waiting_for_event: 'draft-served',
  }),
  makeCaseDeadline({ step: 'decide-to-assess', title: 'Council tells you whether it will assess', status: 'met-late', met_on: '2026-03-02', breach: true, unconfirmed: true }),
];

describe('DeadlineList', () => {
  it('groups deadlines and says where each stands in words, not colour alone', async () => {
    const screen = await render(DeadlineList, { items, onrecord: vi.fn(async () => {}), onevent: vi.fn(async () => {}) });
    const overdue = screen.getByRole('region', { name: /Overdue/ });
    await expect.element(overdue).toHaveTextContent('Mon 1 Jun 2026');
    await expect.element(overdue).toHaveTextContent('Overdue by 177 days');
    await expect.element(overdue).toHaveTextContent('Council breach');
    await expect.element(screen.getByRole('region', { name: /Due in the next 14 days/ })).toHaveTextContent('Due in 3 days');
    await expect.element(screen.getByRole('region', { name: /Waiting for a date/ })).toHaveTextContent('Needs: Date the draft plan was sent to you.');
    const done = screen.getByRole('region', { name: /Done/ });
    await expect.element(done).toHaveTextContent('Done late, on Mon 2 Mar 2026');
    await expect.element(done).toHaveTextContent('Rule not yet confirmed');
    expect(await seriousViolations()).toEqual([]);
  });

  it('records a step as done on the date typed', async () => {
    const onrecord = vi.fn(async () => {});
    const screen = await render(DeadlineList, { items: [items[0]!], onrecord, onevent: vi.fn(async () => {}) });
    await userEvent.click(screen.getByRole('button', { name: 'Mark as done…' }));
    await userEvent.type(screen.getByLabelText('Day'), '20');
    await userEvent.type(screen.getByLabelText('Month'), '7');
    await userEvent.type(screen.getByLabelText('Year'), '2026');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(onrecord).toHaveBeenCalledWith(items[0], 'met', '2026-07-20', null);
  });

  it('records the date a waiting deadline needs', async () => {
    const onevent = vi.fn(async () => {});
    const screen = await render(DeadlineList, { items: [items[2]!], onrecord: vi.fn(async () => {}), onevent });
    await userEvent.click(screen.getByRole('button', { name: 'Record the date…' }));
    await expect.element(screen.getByRole('group', { name: 'Date the draft plan was sent to you' })).toBeVisible();
    await userEvent.type(screen.getByLabelText('Day'), '14');
    await userEvent.type(screen.getByLabelText('Month'), '9');
    await userEvent.type(screen.getByLabelText('Year'), '2026');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(onevent).toHaveBeenCalledWith(items[2], 'draft-served', '2026-09-14');
  });

  it('shows the rule and its source on request', async () => {
    const screen = await render(DeadlineList, { items: [items[0]!], onrecord: vi.fn(async () => {}), onevent: vi.fn(async () => {}) });
    await userEvent.click(screen.getByText('Why this date'));
    await expect.element(screen.getByText(/within 20 weeks of the council receiving the request/)).toBeVisible();
    await expect.element(screen.getByText(/Source: SEND Regs 2014 reg 13\(2\)/)).toBeVisible();
  });
});

describe('when the council refuses', () => {
  const refusal = {
    what: 'refused to carry out an EHC needs assessment',
    next: 'appeal',
    next_title: 'Disagreeing with a decision: mediation and appeal',
    advice: 'You can appeal to the SEND Tribunal. First contact a mediation adviser.',
    source: 'CFA 2014 s.51(2)(a), s.55; HESC Rules 2008 r.20(1)(c)',
    done_is_refusal: false,
  };
  const decision = (overrides = {}) =>
    makeCaseDeadline({
      step: 'decide-to-assess', title: 'Council tells you whether it will assess', status: 'upcoming', due: '2026-02-23', days_left: 10, breach: false,
      exceptions_source: null, refusal, ...overrides,
    });

  it('records the refusal on the date of the letter', async () => {
    const onrecord = vi.fn(async () => {});
    const item = decision();
    const screen = await render(DeadlineList, { items: [item], onrecord, onevent: vi.fn(async () => {}) });
    await userEvent.click(screen.getByRole('button', { name: 'The council refused…' }));
    await expect.element(screen.getByRole('group', { name: 'Date of the refusal letter' })).toBeVisible();
    await userEvent.type(screen.getByLabelText('Day'), '20');
    await userEvent.type(screen.getByLabelText('Month'), '2');
    await userEvent.type(screen.getByLabelText('Year'), '2026');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(onrecord).toHaveBeenCalledWith(item, 'refused', '2026-02-20', null);
  });

  it('puts what matters now first, starts the appeal clock in one click, and says why the plan steps do not apply', async () => {
    const onstartnext = vi.fn(async () => {});
    const refused = decision({ status: 'met', met_on: '2026-02-20', refused_on: '2026-02-20', days_left: -3 });
    const ended = makeCaseDeadline({ status: 'not-applicable', breach: false, days_left: null, ended_by_refusal: 'Council tells you whether it will assess' });
    const screen = await render(DeadlineList, { items: [ended, refused], onrecord: vi.fn(async () => {}), onevent: vi.fn(async () => {}), onstartnext });
    const now = screen.getByRole('region', { name: /The council refused: what matters now/ });
    await expect.element(now).toHaveTextContent('Refused on Fri 20 Feb 2026');
    await expect.element(now).toHaveTextContent('The council refused to carry out an EHC needs assessment on Fri 20 Feb 2026. What matters now: You can appeal');
    await expect.element(now).not.toHaveTextContent('Council issues the final EHC plan');
    const done = screen.getByRole('region', { name: /Done, missed or not applying/ });
    await expect.element(done).toHaveTextContent('Does not apply: the council refused at “Council tells you whether it will assess”.');
    await expect.element(done).not.toHaveTextContent('Council breach');
    await userEvent.click(screen.getByRole('button', { name: 'Start “Disagreeing with a decision: mediation and appeal” from Fri 20 Feb 2026' }));
    expect(onstartnext).toHaveBeenCalledWith(refused);
    expect(await seriousViolations()).toEqual([]);

    // Once that clock runs, the refusal moves down among what is done and says so.
    await screen.rerender({ items: [ended, refused], onrecord: vi.fn(async () => {}), onevent: vi.fn(async () => {}), onstartnext, isStarted: () => true });
    await expect.element(screen.getByRole('region', { name: /The council refused: what matters now/ })).not.toBeInTheDocument();
    await expect.element(screen.getByRole('region', { name: /Done, missed or not applying/ })).toHaveTextContent(
      'The clock “Disagreeing with a decision: mediation and appeal” is running from Fri 20 Feb 2026.',
    );
  });
});

describe('proof for a met deadline', () => {
  it('offers the case’s logged correspondence and sends the chosen entry', async () => {
    const onrecord = vi.fn(async () => {});
    const entries = [{
      id: 7, case_id: 1, occurred_on: '2026-07-20', occurred_time: null, direction: 'in' as const, channel: 'letter' as const, party_id: 3,
      party_name: 'Kent County Council', subject: 'Final plan', note: '', note_versions: 1, note_written_at: '2026-07-20T10:00:00Z',
      follow_up_by: null, follow_up_done: null, created_at: '2026-07-20T10:00:00Z', documents: [],
    }];
    const screen = await render(DeadlineList, { items: [items[0]!], onrecord, onevent: vi.fn(async () => {}), entries });
    await userEvent.click(screen.getByRole('button', { name: 'Mark as done…' }));
    await userEvent.type(screen.getByLabelText('Day'), '20');
    await userEvent.type(screen.getByLabelText('Month'), '7');
    await userEvent.type(screen.getByLabelText('Year'), '2026');
    await userEvent.selectOptions(screen.getByLabelText('What proves it? (optional)'), 'Mon 20 Jul 2026: Letter from Kent County Council — Final plan');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(onrecord).toHaveBeenCalledWith(items[0], 'met', '2026-07-20', 7);
  });

  it('shows the proof once recorded', async () => {
    const item = { ...makeCaseDeadline({ status: 'met', met_on: '2026-07-20', breach: false }), evidence: { step: 'final-plan', entry_id: 7, label: 'Letter from Kent County Council, 20 Jul 2026: Final plan' } };
    const screen = await render(DeadlineList, { items: [item], onrecord: vi.fn(async () => {}), onevent: vi.fn(async () => {}) });
    await expect.element(screen.getByText('Proof: Letter from Kent County Council, 20 Jul 2026: Final plan')).toBeVisible();
  });
});

describe('DeadlineList with a claimed exception', () => {
  it('keeps the statutory date, says the council must still act, and lets the family chase it', async () => {
    const claimed = makeCaseDeadline({
      status: 'exception-claimed',
      breach: false,
      days_left: -9,
      exceptions: [{
        index: 0, kind: 'absent-from-area', verdict: 'applies', unconfirmed: false,
        reason: 'Away for 5 weeks (Sat 4 Apr 2026 to Sat 9 May 2026), at least the 4 weeks the regulation needs.',
        source: 'SEND Regs 2014 reg 13(3), applying reg 10(4)(a)-(d)',
      }],
    });
    const refused = makeCaseDeadline({
      step: 'advice-returned', title: 'Professionals send their advice', status: 'overdue', days_left: -15, due: '2026-08-17',
      exceptions: [{
        index: 1, kind: 'school-closure', verdict: 'does-not-apply', unconfirmed: false,
        reason: 'SEND Regs 2014 reg 8(2)(a)-(c) has no school-closure exception, so it does not excuse this time limit.',
        source: 'SEND Regs 2014 reg 8(2)(a)-(c)',
      }],
    });
    const onletter = vi.fn();
    const screen = await render(DeadlineList, { items: [claimed, refused], onrecord: vi.fn(async () => {}), onevent: vi.fn(async () => {}), onletter });
    const overdue = screen.getByRole('region', { name: /Overdue/ });
    await expect.element(overdue).toHaveTextContent('Mon 1 Jun 2026');
    await expect.element(overdue).toHaveTextContent('9 days past: exception claimed');
    await expect.element(overdue).toHaveTextContent('Exception claimed: the council must still act as soon as practicable.');
    await expect.element(overdue).toHaveTextContent('does not excuse this date');
    await expect.element(overdue).toHaveTextContent('reg 8(2)(a)-(c) has no school-closure exception');
    // The excused step is not a breach, the refused one still is.
    await expect.element(overdue).toHaveTextContent('Council breach');
    await userEvent.click(screen.getByRole('button', { name: 'Draft a chasing letter… about: Council issues the final EHC plan' }));
    expect(onletter).toHaveBeenCalledWith(claimed);
    expect(await seriousViolations()).toEqual([]);
  });
});

describe('DeadlineList with a step another one rules out', () => {
  it('says why it does not apply and offers no letter', async () => {
    const ruledOut = makeCaseDeadline({
      status: 'not-applicable', breach: false, only_if: null,
      ruled_out_by: 'Council tells you it will not issue a plan',
    });
    const screen = await render(DeadlineList, { items: [ruledOut], onrecord: vi.fn(async () => {}), onevent: vi.fn(async () => {}), onletter: vi.fn() });
    const done = screen.getByRole('region', { name: /Done/ });
    await expect.element(done).toHaveTextContent('Does not apply, because this was done: Council tells you it will not issue a plan.');
    await expect.element(screen.getByRole('button', { name: /Draft a chasing letter/ })).not.toBeInTheDocument();
  });
});
