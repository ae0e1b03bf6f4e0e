import { describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { makeCase } from '../../../test/fake-backend';
import { seriousViolations } from '../../../test/axe';
import CaseList from './CaseList.svelte';


const cases = [
  makeCase({ id: 1, child_name: 'Amir Khan', ehcp_status: 'final' }),
  makeCase({ id: 2, child_name: 'Bea Jones', ehcp_status: 'under_appeal' }),
  makeCase({ id: 3, child_name: 'Robin Example (demo)', is_demo: true }),
];

describe('CaseList', () => {
  it('lists each child with the plan status in words, and marks the open case', async () => {
    const screen = await render(CaseList, { cases, selectedId: 2, showArchived: false, onselect: vi.fn(), ontogglearchived: vi.fn() });
    await expect.element(screen.getByRole('button', { name: /Amir Khan/ })).toHaveTextContent('Final plan in place');
    await expect.element(screen.getByRole('button', { name: /Bea Jones/ })).toHaveAttribute('aria-current', 'true');
    await expect.element(screen.getByRole('button', { name: /Robin Example/ })).toHaveTextContent('demo');
    expect(await seriousViolations()).toEqual([]);
  });

  it('opens a case on click and moves between cases with the arrow keys', async () => {
    const onselect = vi.fn();
    const screen = await render(CaseList, { cases, selectedId: null, showArchived: false, onselect, ontogglearchived: vi.fn() });
    await userEvent.click(screen.getByRole('button', { name: /Amir Khan/ }));
    expect(onselect).toHaveBeenLastCalledWith(1);
    await userEvent.keyboard('{ArrowDown}');
    await expect.element(screen.getByRole('button', { name: /Bea Jones/ })).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(onselect).toHaveBeenLastCalledWith(2);
  });

  it('says so when there are no cases, and offers the archived ones', async () => {
    const ontogglearchived = vi.fn();
    const screen = await render(CaseList, { cases: [], selectedId: null, showArchived: false, onselect: vi.fn(), ontogglearchived });
    await expect.element(screen.getByText('No cases yet.')).toBeVisible();
    await userEvent.click(screen.getByLabelText('Show archived cases'));
    expect(ontogglearchived).toHaveBeenCalledWith(true);
  });

  it('offers a box to find a case by name once there are more than five, and says when none matches', async () => {
    const few = await render(CaseList, { cases, selectedId: null, showArchived: false, onselect: vi.fn(), ontogglearchived: vi.fn() });
    await expect.element(few.getByLabelText('Find a case')).not.toBeInTheDocument();
    few.unmount();

    const many = ['Amir Khan', 'Bea Jones', 'Chloe Smith', 'Dara Ó Briain', 'Ewa Kowalska', 'Fatima Khan', 'George Smith-Jones'].map((child_name, i) =>
      makeCase({ id: i + 1, child_name }),
    );
    const onselect = vi.fn();
    const screen = await render(CaseList, { cases: many, selectedId: null, showArchived: false, onselect, ontogglearchived: vi.fn() });
    await userEvent.type(screen.getByLabelText('Find a case'), 'khan');
    await expect.element(screen.getByRole('button', { name: /Amir Khan/ })).toBeVisible();
    await expect.element(screen.getByRole('button', { name: /Fatima Khan/ })).toBeVisible();
    await expect.element(screen.getByRole('button', { name: /Bea Jones/ })).not.toBeInTheDocument();
    await expect.element(screen.getByText('2 of 7 cases match')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Fatima Khan/ }));
    expect(onselect).toHaveBeenLastCalledWith(6);

    await userEvent.clear(screen.getByLabelText('Find a case'));
    await userEvent.type(screen.getByLabelText('Find a case'), 'smith jones');
    await expect.element(screen.getByRole('button', { name: /George Smith-Jones/ })).toBeVisible();
    await expect.element(screen.getByRole('button', { name: /Chloe Smith/ })).not.toBeInTheDocument();

    await userEvent.clear(screen.getByLabelText('Find a case'));
    await userEvent.type(screen.getByLabelText('Find a case'), 'Zed');
    await expect.element(screen.getByText('No case has a name with “Zed”.')).toBeVisible();
    expect(await seriousViolations()).toEqual([]);
  });
});
