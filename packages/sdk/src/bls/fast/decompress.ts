/**
 * ZCash-format point (de)compression for BLS12-381 with blst semantics (spec stm.md §1.1, §1.5): the compression flag
 * is required; the infinity flag is accepted only with every other bit zero; x must be reduced (in G2 both halves,
 * written c1 ‖ c0); the sort flag selects the larger y (in G2 by c1, and by c0 only when c1 = 0); an x without a
 * square root is off the curve; the subgroup check is optional.
 *
 * These functions replace @noble/curves' `fromBytes`, whose subgroup checks run through generic projective formulas
 * and cost 4-5× more; they never call noble's `assertValidity`.
 */
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';

import { BlsError } from '../../errors.js';
import { P, P_MINUS_1_HALF, sqrtFp } from './fp.js';
import { type Fp2, fp2Add, fp2IsLarger, fp2Mul, fp2Neg, fp2Sqr, sqrtFp2 } from './fp2.js';
import { type AffineG1, g1IsInSubgroup } from './g1.js';
import { type AffineG2, G2_B, g2IsInSubgroup } from './g2.js';

const FLAG_COMPRESSED = 0x80;
const FLAG_INFINITY = 0x40;
const FLAG_LARGER_Y = 0x20;
const FIELD_BYTES = 48;

/** Options of {@link decompressG1} and {@link decompressG2}. */
export interface DecompressOptions {
  /** Name of the input field, for error messages. */
  readonly field: string;
  /** Whether to require membership of the prime-order subgroup (blst `*_validate` / `key_validate`). */
  readonly subgroupCheck: boolean;
}

function invalid(field: string, reason: string): BlsError {
  return new BlsError('BLS_INVALID_POINT', reason, { field });
}

/** Checks length and flags; returns the flag byte, or `undefined` for the (canonical) point at infinity. */
function readFlags(bytes: Uint8Array, length: number, group: string, field: string): number | undefined {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw invalid(field, `expected a ${length}-byte compressed ${group} point`);
  }
  const flags = bytes[0]!;
  if ((flags & FLAG_COMPRESSED) === 0) throw invalid(field, `${group} point lacks the compression flag`);
  if ((flags & FLAG_INFINITY) === 0) return flags;
  // blst takes the infinity flag only when the sort flag and every coordinate bit are zero.
  let rest = flags & 0x3f;
  for (let i = 1; i < bytes.length; i++) rest |= bytes[i]!;
  if (rest !== 0) throw invalid(field, `non-canonical encoding of the ${group} point at infinity`);
  return undefined;
}

/** Reads a 48-byte big-endian field element whose top three bits (flags) are masked off. */
function readFieldElement(bytes: Uint8Array, offset: number, maskFlags: boolean): bigint {
  const chunk = bytes.subarray(offset, offset + FIELD_BYTES);
  if (!maskFlags) return bytesToNumberBE(chunk);
  const copy = chunk.slice();
  copy[0]! &= 0x1f;
  return bytesToNumberBE(copy);
}

/**
 * Decompresses a 48-byte G1 point.
 *
 * @param bytes - the compressed encoding
 * @param options - field name and whether to check the subgroup
 * @returns the affine point, or `null` for the canonical point at infinity
 * @throws {BlsError} `BLS_INVALID_POINT` when the encoding is malformed, off the curve or (if asked) outside G1
 */
export function decompressG1(bytes: Uint8Array, options: DecompressOptions): AffineG1 | null {
  const { field } = options;
  const flags = readFlags(bytes, FIELD_BYTES, 'G1', field);
  if (flags === undefined) return null;
  const x = readFieldElement(bytes, 0, true);
  if (x >= P) throw invalid(field, 'G1 x coordinate is not reduced modulo p');
  let y = sqrtFp((((x * x) % P) * x + 4n) % P);
  if (y === undefined) throw invalid(field, 'G1 point is not on the curve');
  // y ≠ 0 (E(Fp) has odd order, hence no point of order 2), so exactly one of ±y is the larger.
  if (y > P_MINUS_1_HALF !== ((flags & FLAG_LARGER_Y) !== 0)) y = P - y;
  const point: AffineG1 = { x, y };
  if (options.subgroupCheck && !g1IsInSubgroup(point)) {
    throw invalid(field, 'G1 point is not in the prime-order subgroup');
  }
  return point;
}

/**
 * Decompresses a 96-byte G2 point (x written as c1 ‖ c0).
 *
 * @param bytes - the compressed encoding
 * @param options - field name and whether to check the subgroup
 * @returns the affine point, or `null` for the canonical point at infinity
 * @throws {BlsError} `BLS_INVALID_POINT` when the encoding is malformed, off the curve or (if asked) outside G2
 */
export function decompressG2(bytes: Uint8Array, options: DecompressOptions): AffineG2 | null {
  const { field } = options;
  const flags = readFlags(bytes, 2 * FIELD_BYTES, 'G2', field);
  if (flags === undefined) return null;
  const c1 = readFieldElement(bytes, 0, true);
  const c0 = readFieldElement(bytes, FIELD_BYTES, false);
  if (c1 >= P || c0 >= P) throw invalid(field, 'G2 x coordinate is not reduced modulo p');
  const x: Fp2 = { c0, c1 };
  let y = sqrtFp2(fp2Add(fp2Mul(fp2Sqr(x), x), G2_B));
  if (y === undefined) throw invalid(field, 'G2 point is not on the curve');
  // y ≠ 0 (the twist has odd order over Fp2, hence no point of order 2), so exactly one of ±y is the larger.
  if (fp2IsLarger(y) !== ((flags & FLAG_LARGER_Y) !== 0)) y = fp2Neg(y);
  const point: AffineG2 = { x, y };
  if (options.subgroupCheck && !g2IsInSubgroup(point)) throw invalid(field, 'G2 point is not in G2');
  return point;
}

/**
 * Compressed ZCash encoding of an affine G1 point, or of infinity (`null`): no validity check, as blst serialises
 * any point (stm.md §1.1).
 *
 * @param point - canonical affine coordinates, or `null` for infinity
 * @returns 48 bytes
 */
export function compressG1(point: AffineG1 | null): Uint8Array {
  if (point === null) return infinityBytes(FIELD_BYTES);
  const bytes = numberToBytesBE(point.x, FIELD_BYTES);
  bytes[0]! |= FLAG_COMPRESSED | (point.y > P_MINUS_1_HALF ? FLAG_LARGER_Y : 0);
  return bytes;
}

/**
 * Compressed ZCash encoding of an affine G2 point (x as c1 ‖ c0), or of infinity (`null`), without validity check.
 *
 * @param point - canonical affine coordinates, or `null` for infinity
 * @returns 96 bytes
 */
export function compressG2(point: AffineG2 | null): Uint8Array {
  if (point === null) return infinityBytes(2 * FIELD_BYTES);
  const bytes = new Uint8Array(2 * FIELD_BYTES);
  bytes.set(numberToBytesBE(point.x.c1, FIELD_BYTES), 0);
  bytes.set(numberToBytesBE(point.x.c0, FIELD_BYTES), FIELD_BYTES);
  bytes[0]! |= FLAG_COMPRESSED | (fp2IsLarger(point.y) ? FLAG_LARGER_Y : 0);
  return bytes;
}

function infinityBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  bytes[0] = FLAG_COMPRESSED | FLAG_INFINITY;
  return bytes;
}
