import { describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { seriousViolations } from '../../../test/axe';
import AboutCasefile from './AboutCasefile.svelte';

describe('AboutCasefile', () => {
  it('says which version this is, where the case files are, that nothing is sent and how updates arrive', async () => {
    const onclose = vi.fn();
    const screen = await render(AboutCasefile, { version: '0.1.0', dataFolder: '/home/sam/.local/share/Casefile', onclose });
    await expect.element(screen.getByRole('heading', { name: 'About Casefile' })).toHaveFocus();
    await expect.element(screen.getByText('0.1.0')).toBeVisible();
    await expect.element(screen.getByText('/home/sam/.local/share/Casefile')).toBeVisible();
    await expect.element(screen.getByText(/GNU Affero General Public Licence, version 3 or later/)).toBeVisible();
    await expect.element(screen.getByText(/never connects to the internet, not even to look for\s+updates/)).toBeVisible();
    await expect.element(screen.getByText(/SENDIASS/)).toBeVisible();
    expect(await seriousViolations(screen.container)).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onclose).toHaveBeenCalledOnce();
  });

  it('says so when there is no data folder rather than showing an empty path', async () => {
    const screen = await render(AboutCasefile, { version: '0.1.0', dataFolder: null, onclose: () => {} });
    await expect.element(screen.getByText(/Casefile could not find where to keep them/)).toBeVisible();
  });
});
