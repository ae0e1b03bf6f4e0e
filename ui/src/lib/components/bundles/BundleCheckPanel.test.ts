import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { installFakeBackend } from '../../../test/fake-backend';
import { seriousViolations } from '../../../test/axe';
import BundleCheckPanel from './BundleCheckPanel.svelte';

describe('BundleCheckPanel', () => {
  it('lists what the check found with what to do, and saves the SEND7 request as edited', async () => {
    const backend = installFakeBackend({
      savePath: '/home/parent/Robin SEND7 request.txt',
      check: {
        hearing_date: '2027-03-01',
        counted_at: '2027-03-01',
        findings: [
          { kind: 'over-limit', item_id: null, title: null, pages: null, message: 'Your evidence has 112 pages; the limit for this appeal is 75.', action: 'Take out what does not bear on an issue in dispute.' },
          { kind: 'blank-page', item_id: 4, title: 'Witness statement', pages: [3, 3], message: 'Page 3 of “Witness statement” is blank.', action: 'Leave blank pages out.' },
        ],
        send7: 'Request for change (form SEND7)\n\nWhy each is needed: [say why]\n',
      },
    });
    const announced: string[] = [];
    const screen = await render(BundleCheckPanel, { bundleId: 1, childName: 'Robin', onannounce: (t: string) => announced.push(t) });
    await userEvent.click(screen.getByRole('button', { name: 'Check the bundle' }));
    const list = screen.getByRole('list', { name: 'What the check found' });
    await expect.element(list).toHaveTextContent('Over a page limit. Your evidence has 112 pages; the limit for this appeal is 75.');
    await expect.element(list).toHaveTextContent('Blank page. Page 3 of “Witness statement” is blank. What to do: Leave blank pages out.');
    await expect.element(screen.getByText(/counted at the hearing, Mon 1 Mar 2027/)).toBeVisible();
    expect(announced).toContain('Checked: 2 things to look at.');
    const draft = screen.getByLabelText(/Draft request to the Tribunal/);
    await userEvent.clear(draft);
    await userEvent.type(draft, 'My own words');
    await userEvent.click(screen.getByRole('button', { name: 'Save the request as a text file…' }));
    await expect.element(screen.getByRole('status')).toHaveTextContent('Saved the request to /home/parent/Robin SEND7 request.txt.');
    expect(backend.calls.find((c) => c.command === 'save_text_file')?.args).toEqual({ path: '/home/parent/Robin SEND7 request.txt', text: 'My own words' });
    expect(await seriousViolations()).toEqual([]);
  });

  it('says plainly when nothing was found and where reports are counted from', async () => {
    installFakeBackend();
    const screen = await render(BundleCheckPanel, { bundleId: 1, childName: 'Robin', onannounce: () => {} });
    await userEvent.click(screen.getByRole('button', { name: 'Check the bundle' }));
    await expect.element(screen.getByRole('status')).toHaveTextContent('Nothing found.');
    await expect.element(screen.getByText(/as no hearing date is recorded/)).toBeVisible();
  });
});
