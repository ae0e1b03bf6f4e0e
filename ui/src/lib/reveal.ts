// After a refused save: the form's list of problems is scrolled into view, and the keyboard goes to
// the first box in error, so the person sees every problem and can start correcting at once. When
// the box is out of sight below the list, focusing it scrolls it into view instead.
import { tick } from 'svelte';

export async function revealProblems(summaryId: string, firstFieldId: string | null): Promise<void> {
  await tick();
  reveal(document.getElementById(summaryId), firstFieldId ? document.getElementById(firstFieldId) : null);
}

/** [`revealProblems`] for elements already found: the list into view, then the keyboard on the box. */
export function reveal(summary: HTMLElement | null, field: HTMLElement | null): void {
  summary?.scrollIntoView({ block: 'start' });
  if (!field) {
    summary?.focus();
    return;
  }
  const box = field.getBoundingClientRect();
  const inView = box.top >= 0 && box.bottom <= (window.innerHeight || document.documentElement.clientHeight);
  field.focus({ preventScroll: inView });
}

const FIELD = 'input:not([type="hidden"]):not([disabled]), select:not([disabled]), textarea:not([disabled])';

/** A form just opened: the keyboard goes to its first box (the button that opened it may be gone). */
export async function focusFirstField(formSelector: string): Promise<void> {
  await tick();
  document.querySelector(formSelector)?.querySelector<HTMLElement>(FIELD)?.focus();
}

/** A form just closed: the keyboard goes back to the button that opened it, drawn afresh, found by its id. */
export async function returnFocus(openerId: string): Promise<void> {
  await tick();
  document.getElementById(openerId)?.focus();
}
