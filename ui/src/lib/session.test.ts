// Locking by itself: the minutes are kept on this computer, any use of the window starts them
// again, and plain case files are never locked.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppStatus } from './api';
import { installFakeBackend } from '../test/fake-backend';
import { Session } from './session.svelte';

const PROTECTED: AppStatus = { version: '0.1.0', data_folder: '/home/parent/.local/share/Casefile', error: null, folder: 'protected', visit_case: null };

function newSession() {
  const said: string[] = [];
  const hooks = {
    opened: vi.fn(async () => {}),
    locked: vi.fn(),
    visited: vi.fn(async () => {}),
    announce: (text: string) => void said.push(text),
    problem: vi.fn(),
  };
  return { session: new Session(hooks), hooks, said };
}

describe('Session', () => {
  afterEach(() => {
    vi.useRealTimers();
    localStorage.removeItem('casefile.autoLockMinutes');
  });

  it('locks protected case files after the chosen minutes without use, counting from the last use', async () => {
    vi.useFakeTimers();
    const backend = installFakeBackend({ status: { ...PROTECTED } });
    const { session, hooks, said } = newSession();
    await session.reopen();
    session.setAutoLock(1);
    expect(localStorage.getItem('casefile.autoLockMinutes')).toBe('1');
    const stop = session.watchIdle();

    await vi.advanceTimersByTimeAsync(50_000);
    window.dispatchEvent(new KeyboardEvent('keydown'));
    await vi.advanceTimersByTimeAsync(50_000);
    expect(hooks.locked).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(20_000);
    expect(hooks.locked).toHaveBeenCalledOnce();
    expect(backend.status.error?.kind).toBe('locked');
    expect(said.at(-1)).toBe('Casefile locked itself after a time without use.');
    stop();
  });

  it('reads the minutes kept on this computer, and never locks by itself when they are 0', async () => {
    localStorage.setItem('casefile.autoLockMinutes', '0');
    vi.useFakeTimers();
    installFakeBackend({ status: { ...PROTECTED } });
    const { session, hooks } = newSession();
    expect(session.autoLockMinutes).toBe(0);
    await session.reopen();
    const stop = session.watchIdle();
    // Longer than the 10 minutes used when nothing is kept.
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    expect(hooks.locked).not.toHaveBeenCalled();
    stop();
  });

  it('says that case files without a passphrase cannot be locked, and forgets nothing', async () => {
    installFakeBackend();
    const { session, hooks, said } = newSession();
    await session.reopen();
    expect(hooks.opened).toHaveBeenCalledOnce();
    await session.lock();
    expect(hooks.locked).not.toHaveBeenCalled();
    expect(said).toEqual(['These case files have no passphrase, so they cannot be locked. Add one under Privacy.']);
  });
});
