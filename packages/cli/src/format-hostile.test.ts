import { describe, expect, it } from 'vitest';
import { table } from './format.js';

describe('table on hostile lists', () => {
  it('aligns 1,000,000 rows (more than a call takes arguments) without a RangeError', () => {
    const rows = [['hash', 'epoch'], ...Array.from({ length: 1_000_000 }, (_, i) => [`h${i}`, String(i)])];
    const text = table(rows);
    expect(text.split('\n')).toHaveLength(1_000_001);
    // 'h999999' is 7 characters wide: the header is padded to it.
    expect(text.split('\n')[0]).toBe(`hash${' '.repeat(3)}  epoch`);
  });
});
