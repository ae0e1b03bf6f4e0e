import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'vitest-browser-svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { seriousViolations } from '../../../test/axe';
import RecoverySheet from './RecoverySheet.svelte';

const KEY = 'CFRK-7Q2M-XW4P-9HJD-L3TA-BC8E';

afterEach(() => clearMocks());

describe('RecoverySheet', () => {
  it('saves the recovery key as a PDF where the family chooses, and says to move it off the computer', async () => {
    const saved: { path: string; title: string; text: string }[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'plugin:dialog|save') return '/media/usb/Casefile recovery key.pdf';
      if (cmd === 'save_letter_pdf') {
        saved.push(args as (typeof saved)[number]);
        return { path: (args as { path: string }).path, pages: 1, missing_characters: null };
      }
      throw new Error(`unexpected ${cmd}`);
    });
    const screen = await render(RecoverySheet, { recoveryKey: KEY, dataFolder: '/home/parent/.local/share/Casefile', oncontinue: vi.fn() });
    await userEvent.click(screen.getByRole('button', { name: 'Save as PDF…' }));
    await expect.element(screen.getByRole('status')).toHaveTextContent('Saved to /media/usb/Casefile recovery key.pdf. Move it off this computer');
    expect(saved).toHaveLength(1);
    expect(saved[0]!.title).toBe('Casefile recovery key');
    expect(saved[0]!.text).toContain(`Recovery key: ${KEY}`);
    expect(saved[0]!.text).toContain('/home/parent/.local/share/Casefile');
    expect(await seriousViolations()).toEqual([]);
  });

  it('copies the key with a warning about what else can read a copy', async () => {
    mockIPC(() => {
      throw new Error('no command is called');
    });
    const write = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue();
    const screen = await render(RecoverySheet, { recoveryKey: KEY, dataFolder: null, oncontinue: vi.fn() });
    await userEvent.click(screen.getByRole('button', { name: 'Copy the key' }));
    expect(write).toHaveBeenCalledWith(KEY);
    await expect.element(screen.getByRole('status')).toHaveTextContent('Copied. Paste it into your password manager now');
  });

  it('says what to do instead when the key cannot be copied', async () => {
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new Error('not allowed'));
    const screen = await render(RecoverySheet, { recoveryKey: KEY, dataFolder: null, oncontinue: vi.fn() });
    await userEvent.click(screen.getByRole('button', { name: 'Copy the key' }));
    await expect.element(screen.getByRole('alert')).toHaveTextContent('Write it down, print the sheet or save it as a PDF instead.');
  });
});
