import { describe, expect, it } from 'vitest';

import { bytesToHex, utf8 } from '../utils/bytes.js';
import { sha256 } from '../utils/hash.js';
import { computeCardanoDatabaseMerkleRoot } from './compute.js';
import { immutableFileNumberOf, parseRustU64, splitFileName } from './immutable-file-name.js';

describe('immutable file names as the reference reads them', () => {
  it('splits at the last dot like Path::file_stem / Path::extension', () => {
    expect(splitFileName('00001.chunk.bak')).toEqual({ stem: '00001.chunk', extension: 'bak' });
    expect(splitFileName('.chunk')).toEqual({ stem: '.chunk', extension: undefined });
    expect(splitFileName('00002')).toEqual({ stem: '00002', extension: undefined });
    expect(splitFileName('00002.')).toEqual({ stem: '00002', extension: '' });
    expect(splitFileName('..')).toEqual({ stem: '..', extension: undefined });
  });

  it('parses u64 stems like str::parse::<u64>', () => {
    expect(['0', '00042', '+7', '18446744073709551615'].map(parseRustU64)).toEqual([0n, 42n, 7n, 2n ** 64n - 1n]);
    expect(['', '+', '-1', ' 1', '1 ', '1e3', '0x10', '18446744073709551616'].map(parseRustU64)).toEqual(Array(8).fill(undefined));
  });

  it('numbers digest-list names by the stem of their last component', () => {
    const cases: [string, bigint | undefined][] = [
      ['00042.chunk', 42n],
      ['00042.primary', 42n],
      ['immutable/00042.secondary', 42n],
      ['00001.bak', 1n],
      ['ledger/123', 123n],
      ['00001.chunk.bak', undefined],
      ['124.secondary.back', undefined],
      ['README.md', undefined],
      ['', undefined],
      ['..', undefined],
      ['a/..', undefined],
      ['00003.chunk/.', 3n],
    ];
    for (const [name, number] of cases) expect([name, immutableFileNumberOf(name)]).toEqual([name, number]);
  });
});

describe('computeCardanoDatabaseMerkleRoot over a digest list (the reference client)', () => {
  const entry = (name: string) => ({ immutableFileName: name, digest: bytesToHex(sha256(utf8(`This is a test file named '${name}'`))) });
  const trios = [1, 2, 3].flatMap((n) => ['chunk', 'primary', 'secondary'].map((ext) => entry(`0000${n}.${ext}`)));

  it('skips the names the reference skips instead of rejecting the list', () => {
    const root = computeCardanoDatabaseMerkleRoot(trios, 2n);
    const extras = [entry('00001.chunk.bak'), entry('README.md'), entry('124.secondary.back'), entry('00009.chunk')];
    expect(computeCardanoDatabaseMerkleRoot([...extras, ...trios], 2n)).toBe(root);
    expect(computeCardanoDatabaseMerkleRoot(trios, 3n)).not.toBe(root);
  });

  it('keeps the last entry of a repeated name, as an ordered map does', () => {
    const root = computeCardanoDatabaseMerkleRoot(trios, 3n);
    const stale = { immutableFileName: '00002.chunk', digest: '00'.repeat(32) };
    expect(computeCardanoDatabaseMerkleRoot([stale, ...trios], 3n)).toBe(root);
    expect(computeCardanoDatabaseMerkleRoot([...trios, stale], 3n)).not.toBe(root);
  });
});
