// One piece of work a form starts: busy while it runs, and its refusal kept and focused (the
// error summary with id `errorId` is read out and takes the keyboard), so every form behaves
// the same way.
import { tick } from 'svelte';
import { CasefileError } from './api';

export class Task {
  busy = $state(false);
  error: string | null = $state(null);
  readonly errorId: string;

  constructor(errorId: string) {
    this.errorId = errorId;
  }

  /** Runs `work`; true when it succeeded, false when its refusal is now shown. */
  async run(work: () => Promise<void>): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      await work();
      return true;
    } catch (e) {
      await this.refuse(e instanceof CasefileError ? e.message : String(e));
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** Shows `message` as the form's problem and moves focus to it. */
  async refuse(message: string) {
    this.error = message;
    await tick();
    document.getElementById(this.errorId)?.focus();
  }
}
