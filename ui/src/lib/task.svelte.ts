// One piece of work a form starts: busy while it runs, and its refusal kept and shown, so every
// form behaves the same way. Where the form has an error summary (id `errorId`), the refusal
// takes the keyboard so it is read out and can be acted on at once; a form that shows refusals
// beside their fields can send the keyboard to the field instead (`focusFor`). With neither, the
// refusal is only read out (its element has role="alert"): that is for work started from inside
// a list, where moving the keyboard away would lose the person's place.
import { tick } from 'svelte';
import { CasefileError, errorMessage, type FieldProblem } from './api';
import { reveal } from './reveal';

/** Where the keyboard goes after a refusal about `field` (null: it names none); nothing: the error summary. */
export type FocusFor = (field: string | null) => HTMLElement | null | undefined;

export class Task {
  busy = $state(false);
  error: string | null = $state(null);
  /** The field the refusal is about, when it names one, so the form can show it there. */
  field: string | null = $state(null);
  /** Every refused field with its message, when the refusal names fields: a form shows each by its box. */
  problems: FieldProblem[] = $state([]);
  readonly errorId: string | null;
  readonly #focusFor: FocusFor | undefined;

  constructor(errorId: string | null = null, focusFor?: FocusFor) {
    this.errorId = errorId;
    this.#focusFor = focusFor;
  }

  /** Runs `work`; true when it succeeded, false when its refusal is now shown. */
  async run(work: () => Promise<unknown>): Promise<boolean> {
    this.busy = true;
    this.error = null;
    this.field = null;
    this.problems = [];
    try {
      await work();
      return true;
    } catch (e) {
      if (e instanceof CasefileError) this.problems = e.problems;
      await this.refuse(errorMessage(e), e instanceof CasefileError ? e.field : null);
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** The problem with `field`, if the refusal names it. */
  problemWith(field: string): string | null {
    return this.problems.find((p) => p.field === field)?.message ?? (this.field === field ? this.error : null);
  }

  /** Shows `message` as the form's problem (about `field`, if given) and moves focus to it. */
  async refuse(message: string, field: string | null = null) {
    this.error = message;
    this.field = field;
    if (!this.problems.length && field) this.problems = [{ field, message }];
    await tick();
    const summary = this.errorId === null ? null : document.getElementById(this.errorId);
    const box = this.#focusFor?.(field) ?? null;
    // The list of problems is brought into view first, then the keyboard goes to the first box
    // in error; only when that box is out of sight below does focusing it scroll again.
    if (box) reveal(summary, box);
    else summary?.focus();
  }
}
