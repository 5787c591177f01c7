import { bls12_381 } from '@noble/curves/bls12-381.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { isMithrilError, type MithrilErrorCode } from '../errors.js';
import { bytesToHex, utf8 } from '../utils/bytes.js';
import { BLS12_381_ORDER } from './backend.js';
import { hashToG1WithDst, nobleBackend, pureBackend as backend } from './noble-backend.js';
import { nonSubgroupG1, nonSubgroupG2, offCurveG1, unreducedG1 } from '@mithril/testing/bls-test-points';
import { describeBlsBackendConformance } from '@mithril/testing/bls-conformance';

const G1 = bls12_381.G1.Point;
const G2 = bls12_381.G2.Point;

function expectError(fn: () => unknown, code: MithrilErrorCode, field?: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(isMithrilError(caught, code), String(caught)).toBe(true);
  if (field !== undefined) expect((caught as { field?: string }).field).toBe(field);
}

function infinity(length: number, flags = 0xc0): Uint8Array {
  const bytes = new Uint8Array(length);
  bytes[0] = flags;
  return bytes;
}

// The hand-written decoders, MSM, hash-to-G1 and pairing of bls/fast against noble's own code (the suite's reference).
describeBlsBackendConformance({ name: 'pure', load: () => backend });

describe('nobleBackend (deprecated name)', () => {
  it('is the pure backend itself', () => {
    expect(nobleBackend).toBe(backend);
    expect(backend.name).toBe('pure');
  });
});

describe('nobleBackend.hashToG1 (empty DST)', () => {
  it('gives the H_G1 test values of stm.md §1.3', () => {
    expect(bytesToHex(backend.encodeG1(backend.hashToG1(new Uint8Array(0))))).toBe(
      '88c7e388ee58f1db9a24d7098b01d13634298bebf2d159254975bd450cb0d287fcc622eb71edde8b469a8513551baf1f',
    );
    expect(bytesToHex(backend.encodeG1(backend.hashToG1(utf8('PoP'))))).toBe(
      '99d61fe320105e14b9d2e1dfe32980207f916bb2eabffcf745e9033a02265af5235ad6abc4c02c6fc8b47bda3f9ed9ff',
    );
  });

  it('equals noble hashToCurve on the RFC 9380 J.9.1 suite (non-empty DST)', () => {
    const dst = 'QUUX-V01-CS02-with-BLS12381G1_XMD:SHA-256_SSWU_RO_';
    for (const message of ['', 'abc', 'abcdef0123456789']) {
      const ours = hashToG1WithDst(utf8(message), utf8(dst));
      const theirs = bls12_381.G1.hashToCurve(utf8(message), { DST: dst });
      expect(ours.equals(theirs)).toBe(true);
    }
  });

  it('equals noble hashToCurve on random messages and non-empty DSTs, oversize DSTs included', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 255 }), fc.uint8Array({ minLength: 256, maxLength: 300 })),
        (message, dst) => {
          const ours = backend.encodeG1(hashToG1WithDst(message, dst));
          const theirs = bls12_381.G1.hashToCurve(message, { DST: dst }).toBytes(true);
          expect(bytesToHex(ours)).toBe(bytesToHex(theirs));
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('nobleBackend point decoding', () => {
  const g1Bytes = G1.BASE.multiply(7n).toBytes(true);
  const g2Bytes = G2.BASE.multiply(7n).toBytes(true);

  it('round-trips valid points', () => {
    expect(bytesToHex(backend.encodeG1(backend.decodeG1(g1Bytes)))).toBe(bytesToHex(g1Bytes));
    expect(bytesToHex(backend.encodeG2(backend.decodeG2(g2Bytes)))).toBe(bytesToHex(g2Bytes));
    expect(bytesToHex(backend.encodeG1(backend.decodeG1Unchecked(g1Bytes)))).toBe(bytesToHex(g1Bytes));
  });

  it('rejects infinity in the checked decoders, accepts it in the unchecked one', () => {
    expectError(() => backend.decodeG1(infinity(48), 'sigma'), 'BLS_INVALID_POINT', 'sigma');
    expectError(() => backend.decodeG2(infinity(96), 'vk'), 'BLS_INVALID_POINT', 'vk');
    expect(backend.isInfinityG1(backend.decodeG1Unchecked(infinity(48)))).toBe(true);
    const dirty = infinity(48);
    dirty[47] = 1;
    expectError(() => backend.decodeG1Unchecked(dirty), 'BLS_INVALID_POINT');
    expectError(() => backend.decodeG1Unchecked(infinity(48, 0xe0)), 'BLS_INVALID_POINT');
  });

  it('rejects points outside the subgroup unless unchecked', () => {
    const g1 = nonSubgroupG1();
    expectError(() => backend.decodeG1(g1.bytes, 'sigma'), 'BLS_INVALID_POINT', 'sigma');
    expect(backend.decodeG1Unchecked(g1.bytes).equals(g1.point)).toBe(true);
    const g2 = nonSubgroupG2();
    expectError(() => backend.decodeG2(g2.bytes, 'vk'), 'BLS_INVALID_POINT', 'vk');
  });

  it('returns ordinary noble points that equal noble fromBytes and keep working with noble arithmetic', () => {
    for (const k of [3n, 0x1234567890abcdefn, BLS12_381_ORDER - 1n]) {
      const p1 = G1.BASE.multiply(k);
      const p2 = G2.BASE.multiply(k);
      const d1 = backend.decodeG1(p1.toBytes(true));
      const d2 = backend.decodeG2(p2.toBytes(true));
      expect(d1).toBeInstanceOf(G1);
      expect(d2).toBeInstanceOf(G2);
      expect(d1.equals(G1.fromBytes(p1.toBytes(true)))).toBe(true);
      expect(d2.equals(G2.fromBytes(p2.toBytes(true)))).toBe(true);
      expect(d1.add(G1.BASE).equals(p1.add(G1.BASE))).toBe(true);
      expect(backend.pairingEqual(d1, G2.BASE, G1.BASE, d2)).toBe(true);
    }
  });

  it('encodes without the validity check of noble, like blst (a non-subgroup point keeps its bytes)', () => {
    const outside = nonSubgroupG1();
    expect(bytesToHex(backend.encodeG1(backend.decodeG1Unchecked(outside.bytes)))).toBe(bytesToHex(outside.bytes));
    expect(bytesToHex(backend.encodeG1(G1.ZERO))).toBe(bytesToHex(infinity(48)));
    expect(bytesToHex(backend.encodeG2(G2.ZERO))).toBe(bytesToHex(infinity(96)));
    const sum = backend.msmG2([G2.BASE, G2.BASE.double()], [5n, 7n]);
    expect(bytesToHex(backend.encodeG2(sum))).toBe(bytesToHex(G2.BASE.multiply(19n).toBytes(true)));
  });

  it('rejects off-curve and unreduced x, missing compression flag and wrong lengths', () => {
    for (const bytes of [offCurveG1(), unreducedG1()]) {
      expectError(() => backend.decodeG1(bytes), 'BLS_INVALID_POINT');
      expectError(() => backend.decodeG1Unchecked(bytes), 'BLS_INVALID_POINT');
    }
    const g1NoFlag = g1Bytes.slice();
    g1NoFlag[0]! &= 0x7f;
    const g2NoFlag = g2Bytes.slice();
    g2NoFlag[0]! &= 0x7f;
    expectError(() => backend.decodeG1(g1NoFlag), 'BLS_INVALID_POINT');
    expectError(() => backend.decodeG1Unchecked(g1NoFlag), 'BLS_INVALID_POINT');
    expectError(() => backend.decodeG2(g2NoFlag), 'BLS_INVALID_POINT');
    expectError(() => backend.decodeG1(g1Bytes.subarray(0, 47)), 'BLS_INVALID_POINT');
    expectError(() => backend.decodeG1(new Uint8Array(96)), 'BLS_INVALID_POINT');
    expectError(() => backend.decodeG2(g2Bytes.subarray(0, 95)), 'BLS_INVALID_POINT');
    expectError(() => backend.decodeG2(new Uint8Array(192)), 'BLS_INVALID_POINT');
    expectError(() => backend.decodeG1('00' as unknown as Uint8Array), 'BLS_INVALID_POINT');
  });
});

describe('nobleBackend arithmetic and pairing', () => {
  it('multiplies by the generators and handles zero scalars', () => {
    expect(backend.mulBaseG1(5n).equals(G1.BASE.multiply(5n))).toBe(true);
    expect(backend.mulBaseG2(5n).equals(G2.BASE.multiply(5n))).toBe(true);
    expect(backend.isInfinityG1(backend.mulBaseG1(0n))).toBe(true);
    expect(backend.isInfinityG1(backend.mulG1(G1.BASE, 0n))).toBe(true);
  });

  it('computes MSMs equal to the naive sums', () => {
    for (const n of [2, 3, 17]) {
      const scalars = Array.from({ length: n }, (_, i) => (BigInt(i + 1) * 0x9e3779b97f4a7c15f39cc0605cedc834n) >> 2n);
      const g1s = scalars.map((_, i) => G1.BASE.multiply(BigInt(i + 2)));
      const naive1 = g1s.reduce((acc, p, i) => acc.add(p.multiply(scalars[i]!)), G1.ZERO);
      expect(backend.msmG1(g1s, scalars).equals(naive1)).toBe(true);
      if (n <= 3) {
        const g2s = scalars.map((_, i) => G2.BASE.multiply(BigInt(i + 2)));
        const naive2 = g2s.reduce((acc, p, i) => acc.add(p.multiply(scalars[i]!)), G2.ZERO);
        expect(backend.msmG2(g2s, scalars).equals(naive2)).toBe(true);
      }
    }
    expectError(() => backend.msmG1([], []), 'BLS_AGGREGATE_SIGNATURE_INVALID');
    expectError(() => backend.msmG2([G2.BASE], [1n, 2n]), 'BLS_AGGREGATE_SIGNATURE_INVALID');
  });

  it('computes a large MSM (Pippenger path) equal to Σ i·s_i · g1 for points i·g1', () => {
    const n = 2100;
    const points = [G1.BASE];
    for (let i = 1; i < n; i++) points.push(points[i - 1]!.add(G1.BASE));
    const scalars = points.map((_, i) => (BigInt(i + 7) * 0x9e3779b97f4a7c15f39cc0605cedc834n) & ((1n << 128n) - 1n));
    const total = scalars.reduce((acc, s, i) => acc + BigInt(i + 1) * s, 0n) % BLS12_381_ORDER;
    expect(backend.msmG1(points, scalars).equals(G1.BASE.multiply(total))).toBe(true);
  });

  it('compares pairings by bilinearity and fails on infinity', () => {
    const g1x2 = G1.BASE.double();
    const g2x2 = G2.BASE.double();
    expect(backend.pairingEqual(g1x2, G2.BASE, G1.BASE, g2x2)).toBe(true);
    expect(backend.pairingEqual(G1.BASE, G2.BASE, g1x2, G2.BASE)).toBe(false);
    expect(backend.pairingEqual(G1.ZERO, G2.BASE, G1.ZERO, G2.BASE)).toBe(false);
    expect(backend.pairingEqual(G1.BASE, G2.ZERO, G1.BASE, G2.ZERO)).toBe(false);
  });
});
