import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';

import { BlsError } from '../errors.js';
import { BLS12_381_ORDER, type BlsBackend } from './backend.js';
import { expandMessageXmd } from './expand-message-xmd.js';
import { compressG1, compressG2, decompressG1, decompressG2 } from './fast/decompress.js';
import { modP } from './fast/fp.js';
import { mapToG1Pair } from './fast/hash-to-g1.js';
import { msmG1, msmG2 } from './fast/msm.js';
import { type G2Lines, g2Lines, pairingProductIsOne } from './fast/pairing.js';

const G1Point = bls12_381.G1.Point;
const G2Point = bls12_381.G2.Point;

/** A G1 point of @noble/curves (projective, immutable). */
export type NobleG1 = InstanceType<typeof G1Point>;
/** A G2 point of @noble/curves (projective, immutable). */
export type NobleG2 = InstanceType<typeof G2Point>;

const G1_BYTES = 48;
const G2_BYTES = 96;
const FLAG_COMPRESSED = 0x80;
const EMPTY_DST = new Uint8Array(0);
/** Bytes per field element in hash_to_field for BLS12-381 (`L = ceil((381 + 128) / 8)`), RFC 9380 §8.8.1. */
const FIELD_ELEMENT_BYTES = 64;

function invalidPoint(field: string, reason: string, cause?: unknown): BlsError {
  return new BlsError('BLS_INVALID_POINT', reason, { field, cause });
}

function checkCompressedBytes(bytes: unknown, length: number, field: string, group: string): Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw invalidPoint(field, `expected a ${length}-byte compressed ${group} point`);
  if (bytes.length !== length) {
    throw invalidPoint(field, `expected a ${length}-byte compressed ${group} point, got ${bytes.length} bytes`);
  }
  if ((bytes[0]! & FLAG_COMPRESSED) === 0) throw invalidPoint(field, `${group} point lacks the compression flag`);
  return bytes;
}

function reduceScalar(scalar: bigint): bigint {
  const reduced = scalar % BLS12_381_ORDER;
  return reduced < 0n ? reduced + BLS12_381_ORDER : reduced;
}

function checkMsmInput(points: readonly unknown[], scalars: readonly bigint[]): void {
  if (points.length === 0 || points.length !== scalars.length) {
    throw new BlsError(
      'BLS_AGGREGATE_SIGNATURE_INVALID',
      `multi-scalar multiplication needs as many scalars as points (at least one), got ${points.length} points and ${scalars.length} scalars`,
      { field: 'scalars' },
    );
  }
}

const linesCache = new WeakMap<NobleG2, G2Lines>();

/** Miller-loop lines of a G2 point, kept while the point object lives (keys and the generator are reused). */
function linesOf(point: NobleG2): G2Lines {
  let cached = linesCache.get(point);
  if (cached === undefined) {
    cached = g2Lines(point.toAffine());
    linesCache.set(point, cached);
  }
  return cached;
}

/**
 * RFC 9380 hash_to_curve to G1 (random-oracle variant, expand_message_xmd with SHA-256) under any DST, the empty one
 * included. Mithril uses the empty DST ({@link pureBackend}.hashToG1); a non-empty DST is only for cross-checking
 * against the RFC 9380 test vectors (stm.md §1.3, dependencies.md §1.2).
 *
 * @param message - the message
 * @param dst - the domain separation tag
 * @returns the G1 point (never infinity in practice)
 * @example
 * const h = hashToG1WithDst(new TextEncoder().encode('PoP'), new Uint8Array(0));
 */
export function hashToG1WithDst(message: Uint8Array, dst: Uint8Array): NobleG1 {
  const uniform = expandMessageXmd(message, dst, 2 * FIELD_ELEMENT_BYTES);
  const u0 = modP(bytesToNumberBE(uniform.subarray(0, FIELD_ELEMENT_BYTES)));
  const u1 = modP(bytesToNumberBE(uniform.subarray(FIELD_ELEMENT_BYTES)));
  // The map, isogeny and cofactor clearing run on the hand-written field arithmetic of ./fast/ (about 5× faster than
  // noble's generic mapToCurve); the affine result needs no re-validation.
  const point = mapToG1Pair(u0, u1);
  return point === null ? G1Point.ZERO : G1Point.fromAffine(point);
}

/**
 * The pure-JavaScript BLS12-381 backend, the default in every runtime (browsers, Node, workers, edge), blst min_sig
 * compatible (spec stm.md §1, dependencies.md §1): G1 signatures, G2 keys, empty-DST hash-to-G1, blst-equivalent point
 * validation. Point (de)compression with the endomorphism subgroup checks, hash-to-G1, multi-scalar multiplication and
 * the pairing (Miller loop and final exponentiation, one shared final exponentiation per check) run on the
 * hand-written field arithmetic of `./fast/`, our own unaudited and variable-time code (docs/security.md); points
 * are @noble/curves objects, and noble's own scalar multiplication serves `mulBase*`/`mulG1` (the secret-key paths).
 *
 * @example
 * const sigma = pureBackend.mulG1(pureBackend.hashToG1(msg), sk);
 */
export const pureBackend: BlsBackend<NobleG1, NobleG2> = {
  name: 'pure',

  decodeG1(bytes: Uint8Array, field = 'G1 point'): NobleG1 {
    checkCompressedBytes(bytes, G1_BYTES, field, 'G1');
    const point = decompressG1(bytes, { field, subgroupCheck: true });
    if (point === null) throw invalidPoint(field, 'G1 point at infinity is not allowed');
    // fromAffine does not re-validate: the checks above are the whole of blst's sig_validate.
    return G1Point.fromAffine(point);
  },

  decodeG1Unchecked(bytes: Uint8Array, field = 'G1 point'): NobleG1 {
    checkCompressedBytes(bytes, G1_BYTES, field, 'G1');
    // blst_p1_uncompress semantics for the PoP's k1 (stm.md §1.4): on the curve, infinity allowed, no subgroup check.
    const point = decompressG1(bytes, { field, subgroupCheck: false });
    return point === null ? G1Point.ZERO : G1Point.fromAffine(point);
  },

  decodeG2(bytes: Uint8Array, field = 'G2 point'): NobleG2 {
    checkCompressedBytes(bytes, G2_BYTES, field, 'G2');
    const point = decompressG2(bytes, { field, subgroupCheck: true });
    if (point === null) throw invalidPoint(field, 'G2 point at infinity is not allowed');
    return G2Point.fromAffine(point);
  },

  // noble's toBytes re-runs the full validity check (a subgroup check: ~1 ms in G1, ~1.5 ms in G2) on every point it
  // has not validated itself, i.e. on every sum, product and fast-decoded point; blst serialises without checking.
  encodeG1(point: NobleG1): Uint8Array {
    return compressG1(point.is0() ? null : point.toAffine());
  },

  encodeG2(point: NobleG2): Uint8Array {
    return compressG2(point.is0() ? null : point.toAffine());
  },

  hashToG1(message: Uint8Array): NobleG1 {
    return hashToG1WithDst(message, EMPTY_DST);
  },

  mulBaseG1(scalar: bigint): NobleG1 {
    const s = reduceScalar(scalar);
    return s === 0n ? G1Point.ZERO : G1Point.BASE.multiply(s);
  },

  mulBaseG2(scalar: bigint): NobleG2 {
    const s = reduceScalar(scalar);
    return s === 0n ? G2Point.ZERO : G2Point.BASE.multiply(s);
  },

  mulG1(point: NobleG1, scalar: bigint): NobleG1 {
    const s = reduceScalar(scalar);
    return s === 0n || point.is0() ? G1Point.ZERO : point.multiply(s);
  },

  msmG1(points: readonly NobleG1[], scalars: readonly bigint[]): NobleG1 {
    checkMsmInput(points, scalars);
    const sum = msmG1(points, scalars.map(reduceScalar));
    return sum === null ? G1Point.ZERO : G1Point.fromAffine(sum);
  },

  msmG2(points: readonly NobleG2[], scalars: readonly bigint[]): NobleG2 {
    checkMsmInput(points, scalars);
    const sum = msmG2(points, scalars.map(reduceScalar));
    return sum === null ? G2Point.ZERO : G2Point.fromAffine(sum);
  },

  pairingEqual(a1: NobleG1, a2: NobleG2, b1: NobleG1, b2: NobleG2): boolean {
    // blst refuses an infinity key and skips an infinity signature, so such a check can never succeed honestly.
    if (a1.is0() || a2.is0() || b1.is0() || b2.is0()) return false;
    // e(a1, a2) == e(b1, b2)  ⇔  e(a1, a2) · e(−b1, b2) == 1: one shared Miller loop, one final exponentiation,
    // both on the field layer of ./fast/ (pairing.ts).
    const b = b1.negate();
    return pairingProductIsOne([
      { p: a1.toAffine(), lines: linesOf(a2) },
      { p: b.toAffine(), lines: linesOf(b2) },
    ]);
  },

  isInfinityG1(point: NobleG1): boolean {
    return point.is0();
  },
};

/**
 * The former name of {@link pureBackend} (the same object), kept so that existing code keeps working: most of the
 * backend is no longer noble's code, and `@mithril/testing`'s `nobleReferenceBackend` is the all-noble reference.
 *
 * @deprecated Use {@link pureBackend}.
 * @alias
 * @example
 * const vk = nobleBackend.mulBaseG2(sk);
 */
export const nobleBackend: BlsBackend<NobleG1, NobleG2> = pureBackend;
