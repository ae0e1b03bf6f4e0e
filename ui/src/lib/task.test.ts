import { afterEach, describe, expect, it } from 'vitest';
import { CasefileError } from './api';
import { Task } from './task.svelte';

function add(tag: string, id: string): HTMLElement {
  const element = document.createElement(tag);
  element.id = id;
  element.tabIndex = -1;
  document.body.append(element);
  return element;
}

const refusal = (field: string | null) => new CasefileError({ kind: 'invalid', message: 'Enter the date it happened.', field });

describe('Task', () => {
  afterEach(() => document.body.replaceChildren());

  it('is busy only while the work runs, and keeps the refusal and the field it names until the next run', async () => {
    const task = new Task();
    let busyWhileRunning = false;
    const done = await task.run(async () => {
      busyWhileRunning = task.busy;
      throw refusal('date');
    });
    expect({ done, busyWhileRunning, busy: task.busy, error: task.error, field: task.field }).toEqual({
      done: false,
      busyWhileRunning: true,
      busy: false,
      error: 'Enter the date it happened.',
      field: 'date',
    });
    expect(await task.run(async () => {})).toBe(true);
    expect({ error: task.error, field: task.field }).toEqual({ error: null, field: null });
  });

  it('sends the keyboard to the field named, else to the error summary, and leaves it alone without either', async () => {
    const summary = add('div', 'form-error');
    const day = add('input', 'when-day');
    const elsewhere = add('button', 'elsewhere');
    const task = new Task('form-error', (field) => (field === 'when' ? day : null));

    await task.run(() => Promise.reject(refusal('when')));
    expect(document.activeElement).toBe(day);
    await task.run(() => Promise.reject(new Error('the disk is full')));
    expect(document.activeElement).toBe(summary);
    expect(task.error).toBe('Error: the disk is full');

    elsewhere.focus();
    await new Task().refuse('Not now.');
    expect(document.activeElement).toBe(elsewhere);
  });
});
