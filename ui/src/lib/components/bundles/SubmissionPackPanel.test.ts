import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { installFakeBackend } from '../../../test/fake-backend';
import { seriousViolations } from '../../../test/axe';
import SubmissionPackPanel from './SubmissionPackPanel.svelte';

describe('SubmissionPackPanel', () => {
  it('makes the pack for the email size chosen, in the folder chosen, and lists each part to attach', async () => {
    const backend = installFakeBackend({ openPaths: ['/home/parent/Tribunal emails'] });
    const announced: string[] = [];
    const screen = await render(SubmissionPackPanel, { bundleId: 3, onannounce: (t: string) => announced.push(t) });
    await userEvent.selectOptions(screen.getByLabelText('Largest email the mailbox takes'), '25 MB');
    await userEvent.click(screen.getByRole('button', { name: 'Make the submission pack…' }));
    const table = screen.getByRole('table', { name: 'The parts to attach, one to each email' });
    await expect.element(table).toHaveTextContent('EH123-26-00042 - Robin Example - EVIDENCE - part 1 of 2.pdf1–406.9 MBaaaaaaaaaaaa…');
    await expect.element(table).toHaveTextContent('part 2 of 2.pdf41–642.1 MB');
    await expect.element(screen.getByRole('status')).toHaveTextContent('2 emails, subject “EH123/26/00042 | Robin Example | EVIDENCE” with its number.');
    expect(backend.calls.find((c) => c.command === 'pack_bundle')?.args).toEqual({ bundleId: 3, folder: '/home/parent/Tribunal emails', maxMb: 25 });
    expect(announced).toContain('Submission pack made: 2 emails.');
    expect(await seriousViolations()).toEqual([]);
  });

  it('does nothing when no folder is chosen', async () => {
    const backend = installFakeBackend({ openPaths: null });
    const screen = await render(SubmissionPackPanel, { bundleId: 3, onannounce: () => {} });
    await userEvent.click(screen.getByRole('button', { name: 'Make the submission pack…' }));
    expect(backend.calls.some((c) => c.command === 'pack_bundle')).toBe(false);
  });
});
