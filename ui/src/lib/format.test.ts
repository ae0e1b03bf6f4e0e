import { describe, expect, it } from 'vitest';
import { longDate } from './format';

describe('longDate', () => {
  it('writes dates out the way the design asks: "Mon 3 Feb 2025"', () => {
    expect(longDate('2025-02-03')).toBe('Mon 3 Feb 2025');
    expect(longDate('2015-03-28')).toBe('Sat 28 Mar 2015');
    expect(longDate('2024-02-29')).toBe('Thu 29 Feb 2024');
  });

  it('leaves text that is not an ISO date alone rather than inventing one', () => {
    expect(longDate('soon')).toBe('soon');
  });
});
