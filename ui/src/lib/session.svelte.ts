// The window's hold on the case files: what the core says is open, locking (by hand, or by itself
// after a time without use) and visit mode. The window itself decides what to show; it is told
// through `SessionHooks` when the case files open, lock or change visit mode.
import { api, errorMessage, type AppStatus } from './api';
import { Task } from './task.svelte';

const AUTO_LOCK_KEY = 'casefile.autoLockMinutes';
// Any key, click, scroll or pointer movement counts as use.
const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const;

export interface SessionHooks {
  /** The case files are open: load what the window lists. */
  opened: () => Promise<void>;
  /** The case files are locked: forget every case the window showed. */
  locked: () => void;
  /** Visit mode started (for that case) or ended (null): show what now fits. */
  visited: (caseId: number | null) => Promise<void>;
  /** Read `text` out to screen readers. */
  announce: (text: string) => void;
  /** Show `message` as the window's problem. */
  problem: (message: string) => void;
}

export class Session {
  status: AppStatus | null = $state(null);
  /** Minutes without use before Casefile locks itself; 0 for never. */
  autoLockMinutes = $state(Number(localStorage.getItem(AUTO_LOCK_KEY) ?? '10'));
  /** The person asked to end visit mode; the passphrase is asked for when the case files have one. */
  endingVisit = $state(false);
  visitPassphrase = $state('');
  /** Ending visit mode: its refusal is read out beside the passphrase. */
  readonly endVisitTask = new Task();

  readonly isOpen = $derived(this.status !== null && !this.status.error);
  readonly isProtected = $derived(this.status?.folder === 'protected');
  /** The one case visit mode shows, or null when every case is shown. */
  readonly visiting = $derived(this.status?.visit_case ?? null);

  #lastActivity = Date.now();
  readonly #hooks: SessionHooks;

  constructor(hooks: SessionHooks) {
    this.#hooks = hooks;
  }

  /** Asks the core what is open, and lets the window load its lists when the case files are open. */
  async reopen() {
    try {
      this.status = await api.appStatus();
      this.#lastActivity = Date.now();
      if (!this.status.error) await this.#hooks.opened();
    } catch (e) {
      this.#hooks.problem(errorMessage(e));
    }
  }

  /** Locks now: the core drops the key, and the window forgets every case it showed. */
  async lock(reason = 'Casefile is locked.') {
    try {
      if (!(await api.lock())) {
        this.#hooks.announce('These case files have no passphrase, so they cannot be locked. Add one under Privacy.');
        return;
      }
    } catch (e) {
      this.#hooks.problem(errorMessage(e));
      return;
    }
    this.#hooks.locked();
    await this.reopen();
    this.#hooks.announce(reason);
  }

  setAutoLock(minutes: number) {
    this.autoLockMinutes = minutes;
    localStorage.setItem(AUTO_LOCK_KEY, String(minutes));
    this.#hooks.announce(minutes > 0 ? `Casefile will lock after ${minutes} minutes without use.` : 'Casefile will not lock by itself.');
  }

  /** Watches for use of the window and locks protected case files after the chosen minutes
   * without any; returns a function that stops watching. */
  watchIdle(): () => void {
    const touch = () => (this.#lastActivity = Date.now());
    for (const name of ACTIVITY) window.addEventListener(name, touch, { passive: true });
    const timer = window.setInterval(() => {
      const idle = Date.now() - this.#lastActivity;
      if (this.isOpen && this.isProtected && this.autoLockMinutes > 0 && idle > this.autoLockMinutes * 60_000) {
        void this.lock('Casefile locked itself after a time without use.');
      }
    }, 5_000);
    return () => {
      window.clearInterval(timer);
      for (const name of ACTIVITY) window.removeEventListener(name, touch);
    };
  }

  /** Visit mode started (for `caseId`) or ended (null): every list is loaded again to fit. */
  async afterVisitChange(caseId: number | null) {
    await this.reopen();
    await this.#hooks.visited(caseId);
    this.#hooks.announce(caseId !== null ? 'Visit mode is on: only this case is shown.' : 'Visit mode is off: every case is shown again.');
  }

  /** Ends visit mode, with the passphrase when the case files have one. */
  async endVisit() {
    const ended = await this.endVisitTask.run(async () => {
      await api.endVisit(this.isProtected ? this.visitPassphrase : null);
      this.visitPassphrase = '';
      this.endingVisit = false;
    });
    if (ended) await this.afterVisitChange(null);
  }
}
