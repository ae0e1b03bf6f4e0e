// After a refused save: the form's list of problems is scrolled into view, and the keyboard goes to
// the first box in error, so the person sees every problem and can start correcting at once. When
// the box is out of sight below the list, focusing it scrolls it into view instead.
import { tick } from 'svelte';

export async function revealProblems(summaryId: string, firstFieldId: string | null): Promise<void> {
  await tick();
  const summary = document.getElementById(summaryId);
  const field = firstFieldId ? document.getElementById(firstFieldId) : null;
  summary?.scrollIntoView({ block: 'start' });
  if (!field) {
    summary?.focus();
    return;
  }
  const box = field.getBoundingClientRect();
  const inView = box.top >= 0 && box.bottom <= (window.innerHeight || document.documentElement.clientHeight);
  field.focus({ preventScroll: inView });
}
