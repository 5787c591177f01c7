import { bls12_381 } from '@noble/curves/bls12-381.js';
import { numberToBytesBE } from '@noble/curves/utils.js';
import { goldenFile, readFixtureText } from '@mithril/testing';
import { nonSubgroupG1, nonSubgroupG2, offCurveG1, unreducedG1 } from '@mithril/testing/bls-test-points';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { decodeAggregateSignatureJsonHex } from '../../codec/index.js';
import { isMithrilError } from '../../errors.js';
import { hexToBytes } from '../../utils/bytes.js';
import { BLS12_381_ORDER } from '../backend.js';
import { compressG1, compressG2, decompressG1, decompressG2 } from './decompress.js';
import { P, P_MINUS_1_HALF, sqrtFp } from './fp.js';
import { type Fp2, fp2Add, fp2Mul, fp2Sqr, sqrtFp2 } from './fp2.js';
import { G2_B } from './g2.js';

const G1 = bls12_381.G1.Point;
const G2 = bls12_381.G2.Point;

type Outcome = { ok: true; x: unknown; y: unknown } | { ok: false };

/** Our checked decoders, as outcomes (anything but a BLS_INVALID_POINT error fails the test). */
function ours(bytes: Uint8Array, subgroupCheck = true): Outcome | 'infinity' {
  try {
    const decode = bytes.length === 48 ? decompressG1 : decompressG2;
    const point = decode(bytes, { field: 'p', subgroupCheck });
    return point === null ? 'infinity' : { ok: true, x: point.x, y: point.y };
  } catch (error) {
    expect(isMithrilError(error, 'BLS_INVALID_POINT'), String(error)).toBe(true);
    expect((error as { field?: string }).field).toBe('p');
    return { ok: false };
  }
}

/** noble's own decoder (generic code, independent of ours): on-curve, canonical x, subgroup. */
function noble(bytes: Uint8Array): Outcome | 'infinity' {
  try {
    const point = bytes.length === 48 ? G1.fromBytes(bytes) : G2.fromBytes(bytes);
    if (point.is0()) return 'infinity';
    const { x, y } = point.toAffine();
    return { ok: true, x, y };
  } catch {
    return { ok: false };
  }
}

function expectSameAsNoble(bytes: Uint8Array, label: string): void {
  expect(ours(bytes), label).toEqual(noble(bytes));
}

function withFlags(bytes: Uint8Array, flags: number): Uint8Array {
  const out = bytes.slice();
  out[0] = (out[0]! & 0x1f) | flags;
  return out;
}

/** Every BLS point in the fixtures: golden vectors (stm-golden.json) and the 42 certificate multi-signatures. */
function fixturePoints(): { g1: Uint8Array[]; g2: Uint8Array[] } {
  const g1: Uint8Array[] = [];
  const g2: Uint8Array[] = [];
  for (const vector of goldenFile().vectors) {
    for (const [path, hex] of Object.entries(vector.byte_arrays_as_hex ?? {})) {
      const bytes = hexToBytes(hex);
      const isPop = path.endsWith('pop') || vector.id === 'bls.proof_of_possession.json';
      if (bytes.length === 48) g1.push(bytes);
      else if (bytes.length === 96 && isPop) g1.push(bytes.subarray(0, 48), bytes.subarray(48));
      else if (bytes.length === 96) g2.push(bytes);
    }
  }
  const derived = goldenFile().derived_values;
  for (const name of ['vk0', 'vk1']) g2.push(hexToBytes(derived[name]!));
  for (const name of ['sigma_party0', 'sigma_party1']) g1.push(hexToBytes(derived[name]!));
  const pop0 = hexToBytes(derived['pop0']!);
  g1.push(pop0.subarray(0, 48), pop0.subarray(48));
  const certificates = JSON.parse(readFixtureText('aggregator-fake-2026-05', 'certificates.json')) as Record<string, { multi_signature: string }>;
  for (const [hash, certificate] of Object.entries(certificates)) {
    if (certificate.multi_signature === '') continue;
    const aggregate = decodeAggregateSignatureJsonHex(certificate.multi_signature, hash);
    for (const entry of aggregate.signatures) {
      g1.push(entry.signature.sigma);
      g2.push(entry.registration.vk);
    }
  }
  return { g1, g2 };
}

/** A 96-byte G2 encoding of x = c0 + c1·i with the given flags (c1 first, as ZCash writes it). */
function g2Bytes(x: Fp2, flags: number): Uint8Array {
  const bytes = new Uint8Array(96);
  bytes.set(numberToBytesBE(x.c1, 48), 0);
  bytes.set(numberToBytesBE(x.c0, 48), 48);
  bytes[0]! |= flags;
  return bytes;
}

const scalar = fc.bigInt({ min: 1n, max: BLS12_381_ORDER - 1n });

describe('decompressG1 / decompressG2 against noble fromBytes', () => {
  it('decode random subgroup points (both y signs) to the same coordinates', () => {
    fc.assert(
      fc.property(scalar, (k) => {
        const b1 = G1.BASE.multiply(k).toBytes(true);
        const b2 = G2.BASE.multiply(k).toBytes(true);
        for (const bytes of [b1, b2, withFlags(b1, (b1[0]! & 0xe0) ^ 0x20), withFlags(b2, (b2[0]! & 0xe0) ^ 0x20)]) {
          const result = ours(bytes);
          expect(result).toEqual(noble(bytes));
          expect(result).toMatchObject({ ok: true });
        }
      }),
      { numRuns: 12 },
    );
  });

  it('decode every point of the fixtures (golden vectors, certificate multi-signatures) like noble', () => {
    const { g1, g2 } = fixturePoints();
    // 2 golden sigmas + 2 derived + PoP halves + one per signer of the 42 multi-signatures, at least.
    expect(g1.length).toBeGreaterThanOrEqual(50);
    expect(g2.length).toBeGreaterThanOrEqual(50);
    for (const bytes of [...g1, ...g2]) {
      expectSameAsNoble(bytes, 'fixture point');
      expect(ours(bytes)).toMatchObject({ ok: true });
    }
  });

  it('reject on-curve points outside the subgroup (shared builders and random x), accept them unchecked', () => {
    const g1 = nonSubgroupG1();
    const g2 = nonSubgroupG2();
    expect(ours(g1.bytes)).toEqual({ ok: false });
    expect(ours(g2.bytes)).toEqual({ ok: false });
    expectSameAsNoble(g1.bytes, 'nonSubgroupG1');
    expectSameAsNoble(g2.bytes, 'nonSubgroupG2');
    const loose = ours(g1.bytes, false);
    expect(loose).toEqual({ ok: true, ...g1.point.toAffine() });
    expect(ours(g2.bytes, false)).toEqual({ ok: true, ...g2.point.toAffine() });
    let onCurve = 0;
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: P - 1n }), fc.bigInt({ min: 0n, max: P - 1n }), fc.boolean(), (x0, x1, larger) => {
        const flags = larger ? 0xa0 : 0x80;
        const b1 = numberToBytesBE(x0, 48);
        b1[0]! |= flags;
        const b2 = g2Bytes({ c0: x0, c1: x1 }, flags);
        expectSameAsNoble(b1, 'random G1 x');
        expectSameAsNoble(b2, 'random G2 x');
        const loose1 = ours(b1, false);
        if (loose1 !== 'infinity' && loose1.ok) {
          onCurve++;
          expect(G1.fromAffine({ x: loose1.x as bigint, y: loose1.y as bigint }).isTorsionFree()).toBe(false);
          expect((loose1.y as bigint) > P_MINUS_1_HALF).toBe(larger);
        }
      }),
      { numRuns: 24 },
    );
    // About half of the random x have x³ + 4 square; none of them (probability ~2^-126) is in G1.
    expect(onCurve).toBeGreaterThan(0);
  });

  it('reject off-curve x, unreduced x (G1; G2 c1 and c0 halves) like noble', () => {
    const valid1 = G1.BASE.multiply(11n).toBytes(true);
    const valid2 = G2.BASE.multiply(11n).toBytes(true);
    const cases1 = [offCurveG1(), unreducedG1()];
    // x + p still fits in 381 bits when x < 2^381 − p: an unreduced alias of a valid x.
    const x1 = G1.BASE.multiply(11n).toAffine().x;
    if (x1 + P < 1n << 381n) cases1.push(withFlags(numberToBytesBE(x1 + P, 48), valid1[0]! & 0xe0));
    cases1.push(withFlags(numberToBytesBE((1n << 381n) - 1n, 48), 0x80));
    for (const bytes of cases1) {
      expect(ours(bytes)).toEqual({ ok: false });
      expect(ours(bytes, false)).toEqual({ ok: false });
      expectSameAsNoble(bytes, 'bad G1 x');
    }
    const x2 = G2.BASE.multiply(11n).toAffine().x;
    const flags = valid2[0]! & 0xe0;
    const cases2 = [
      g2Bytes({ c0: x2.c0, c1: P }, flags),
      g2Bytes({ c0: P, c1: x2.c1 }, flags),
      g2Bytes({ c0: x2.c0 + P < 1n << 384n ? x2.c0 + P : P, c1: x2.c1 }, flags),
      g2Bytes({ c0: x2.c0, c1: x2.c1 + P < 1n << 381n ? x2.c1 + P : P }, flags),
      g2Bytes({ c0: (1n << 384n) - 1n, c1: 0n }, 0x80),
    ];
    for (const bytes of cases2) {
      expect(ours(bytes)).toEqual({ ok: false });
      expectSameAsNoble(bytes, 'bad G2 x');
    }
    // An x whose x³ + b has no square root in Fp2.
    let c0 = 1n;
    while (sqrtFp2(fp2Add(fp2Mul(fp2Sqr({ c0, c1: 1n }), { c0, c1: 1n }), G2_B)) !== undefined) c0++;
    const offCurve2 = g2Bytes({ c0, c1: 1n }, 0x80);
    expect(ours(offCurve2, false)).toEqual({ ok: false });
    expectSameAsNoble(offCurve2, 'off-curve G2');
  });

  it('follow blst on all 8 flag combinations, for points, non-subgroup points and infinity bodies', () => {
    const bodies = [
      G1.BASE.multiply(5n).toBytes(true),
      G2.BASE.multiply(5n).toBytes(true),
      nonSubgroupG1().bytes,
      nonSubgroupG2().bytes,
      new Uint8Array(48),
      new Uint8Array(96),
    ];
    for (const body of bodies) {
      const allZero = body.every((b, i) => (i === 0 ? (b & 0x1f) === 0 : b === 0));
      for (let f = 0; f < 8; f++) {
        const flags = f << 5;
        const bytes = withFlags(body, flags);
        const result = ours(bytes);
        const compressed = (flags & 0x80) !== 0;
        const infinity = (flags & 0x40) !== 0;
        const label = `flags ${flags.toString(16)} on ${body.length} bytes`;
        if (!compressed) expect(result, label).toEqual({ ok: false });
        else if (infinity) expect(result, label).toEqual(allZero && (flags & 0x20) === 0 ? 'infinity' : { ok: false });
        // noble agrees everywhere (it, too, decodes the canonical infinity, which the backend then refuses).
        expect(result, label).toEqual(noble(bytes));
      }
    }
    // A zero x with only the compression flag is a real x: (0, ±2) is on y² = x³ + 4, but not in G1.
    const zeroX = withFlags(new Uint8Array(48), 0x80);
    expect(ours(zeroX)).toEqual({ ok: false });
    expect(ours(zeroX, false)).toEqual({ ok: true, x: 0n, y: 2n });
    expect(ours(withFlags(zeroX, 0xa0), false)).toEqual({ ok: true, x: 0n, y: P - 2n });
  });

  it('rejects wrong lengths and non-byte input without crashing', () => {
    for (const bytes of [new Uint8Array(0), new Uint8Array(47), new Uint8Array(49)]) {
      expect(() => decompressG1(bytes, { field: 'p', subgroupCheck: true })).toThrow(/48-byte/);
    }
    expect(() => decompressG2(new Uint8Array(95), { field: 'p', subgroupCheck: true })).toThrow(/96-byte/);
    expect(() => decompressG1('00' as unknown as Uint8Array, { field: 'p', subgroupCheck: true })).toThrow(/48-byte/);
  });

  it('picks the G2 root by c0 when y is in Fp (c1 = 0), as blst does', () => {
    // Subgroup points with y ∈ Fp are out of reach (about one in p), so build an on-twist point with y ∈ Fp and
    // check the sort flag without the subgroup check: choose x1, solve Im(x³ + b) = 3·x0²·x1 − x1³ + 4 = 0 for x0
    // (a square root in Fp), then y = √(x0³ − 3·x0·x1² + 4) must exist in Fp.
    let point: { x: Fp2; y: bigint } | undefined;
    for (let x1 = 1n; point === undefined; x1++) {
      const x0 = sqrtFp(((((x1 * x1 * x1 - 4n) % P) + P) * bls12_381.fields.Fp.inv(3n * x1)) % P);
      if (x0 === undefined) continue;
      const y = sqrtFp((((x0 * x0 * x0 - 3n * x0 * x1 * x1 + 4n) % P) + P) % P);
      if (y !== undefined) point = { x: { c0: x0, c1: x1 }, y };
    }
    const { x, y } = point;
    expect(fp2Sqr({ c0: y, c1: 0n })).toEqual(fp2Add(fp2Mul(fp2Sqr(x), x), G2_B));
    const larger = y > P_MINUS_1_HALF ? y : P - y;
    expect(ours(g2Bytes(x, 0xa0), false)).toEqual({ ok: true, x, y: { c0: larger, c1: 0n } });
    expect(ours(g2Bytes(x, 0x80), false)).toEqual({ ok: true, x, y: { c0: P - larger, c1: 0n } });
    expect(ours(g2Bytes(x, 0x80))).toEqual({ ok: false });
    expect(G2.fromAffine({ x, y: { c0: y, c1: 0n } }).isTorsionFree()).toBe(false);
  });

  it('compress like noble toBytes (random points, infinity) and round-trip through decompression', () => {
    fc.assert(
      fc.property(scalar, (k) => {
        const p1 = G1.BASE.multiply(k);
        const p2 = G2.BASE.multiply(k);
        for (const [p, q] of [
          [p1, p2],
          [p1.negate(), p2.negate()],
        ] as const) {
          const b1 = compressG1(p.toAffine());
          const b2 = compressG2(q.toAffine());
          expect(b1).toEqual(p.toBytes(true));
          expect(b2).toEqual(q.toBytes(true));
          expect(decompressG1(b1, { field: 'p', subgroupCheck: true })).toEqual(p.toAffine());
          expect(decompressG2(b2, { field: 'p', subgroupCheck: true })).toEqual(q.toAffine());
        }
      }),
      { numRuns: 8 },
    );
    expect(compressG1(null)).toEqual(G1.ZERO.toBytes(true));
    expect(compressG2(null)).toEqual(G2.ZERO.toBytes(true));
    // Points outside the subgroup still encode (noble refuses them; blst does not check when serialising).
    const outside = nonSubgroupG2();
    expect(compressG2(outside.point.toAffine())).toEqual(outside.bytes);
    expect(compressG1(nonSubgroupG1().point.toAffine())).toEqual(nonSubgroupG1().bytes);
  });
});
