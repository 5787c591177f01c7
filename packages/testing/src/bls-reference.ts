/**
 * The all-noble reference backend of the BLS conformance suite (bls-conformance.ts).
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { BLS12_381_ORDER, type BlsBackend, BlsError, expandMessageXmd, pureBackend } from '@mithril/sdk';

const { Fp } = bls12_381.fields;
const G1Point = bls12_381.G1.Point;
const G2Point = bls12_381.G2.Point;
type G1 = InstanceType<typeof G1Point>;
type G2 = InstanceType<typeof G2Point>;
const mapToCurve = bls12_381.G1.mapToCurve as unknown as (u: bigint) => G1;

function referenceInvalid(field: string | undefined, reason: string): BlsError {
  return new BlsError('BLS_INVALID_POINT', reason, { field: field ?? 'point' });
}

/** blst's checked decoding with noble's generic `fromBytes` (on-curve, canonical x, subgroup) plus blst's extra rules. */
function referenceDecode<T extends G1 | G2>(
  point: { fromBytes(bytes: Uint8Array): T },
  length: number,
  bytes: Uint8Array,
  field: string | undefined,
): T {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length || (bytes[0]! & 0x80) === 0) {
    throw referenceInvalid(field, 'wrong length or no compression flag');
  }
  let decoded: T;
  try {
    decoded = point.fromBytes(bytes);
  } catch {
    throw referenceInvalid(field, 'rejected by noble fromBytes');
  }
  if (decoded.is0()) throw referenceInvalid(field, 'infinity');
  return decoded;
}

/** blst_p1_uncompress: canonical x, on the curve (noble's Fp.sqrt), infinity only as 0xc0 followed by zeros. */
function referenceDecodeG1Unchecked(bytes: Uint8Array, field: string | undefined): G1 {
  if (!(bytes instanceof Uint8Array) || bytes.length !== 48 || (bytes[0]! & 0x80) === 0) {
    throw referenceInvalid(field, 'wrong length or no compression flag');
  }
  const flags = bytes[0]!;
  const x = bytesToNumberBE(Uint8Array.of(flags & 0x1f, ...bytes.subarray(1)));
  if ((flags & 0x40) !== 0) {
    if ((flags & 0x20) !== 0 || x !== 0n) throw referenceInvalid(field, 'non-canonical infinity');
    return G1Point.ZERO;
  }
  if (x >= Fp.ORDER) throw referenceInvalid(field, 'unreduced x');
  let y: bigint;
  try {
    y = Fp.sqrt(Fp.add(Fp.pow(x, 3n), 4n));
  } catch {
    throw referenceInvalid(field, 'not on the curve');
  }
  if (y * 2n > Fp.ORDER !== ((flags & 0x20) !== 0)) y = Fp.neg(y);
  return G1Point.fromAffine({ x, y });
}

/** Σ sᵢ·Pᵢ with noble's multiply and add, scalars reduced modulo r. */
function referenceMsm<T extends G1 | G2>(zero: T, points: readonly T[], scalars: readonly bigint[]): T {
  if (points.length === 0 || points.length !== scalars.length) {
    throw new BlsError('BLS_AGGREGATE_SIGNATURE_INVALID', 'points and scalars differ in length', { field: 'scalars' });
  }
  return points.reduce((acc, p, i) => {
    const s = ((scalars[i]! % BLS12_381_ORDER) + BLS12_381_ORDER) % BLS12_381_ORDER;
    return (s === 0n || p.is0() ? acc : acc.add(p.multiply(s) as never)) as T;
  }, zero);
}

/** hash_to_curve (RFC 9380 §3, empty DST) with noble's own map: map(u0) + map(u1), each cofactor-cleared by noble. */
function referenceHashToG1(message: Uint8Array): G1 {
  const uniform = expandMessageXmd(message, new Uint8Array(0), 128);
  const p = Fp.ORDER;
  const u0 = bytesToNumberBE(uniform.subarray(0, 64)) % p;
  const u1 = bytesToNumberBE(uniform.subarray(64)) % p;
  return mapToCurve(u0).add(mapToCurve(u1));
}

/** noble's own pairing: e(a1, a2) · e(−b1, b2) = 1, infinity never accepted (blst's rule). */
function referencePairingEqual(a1: G1, a2: G2, b1: G1, b2: G2): boolean {
  if (a1.is0() || a2.is0() || b1.is0() || b2.is0()) return false;
  // The Miller loop on raw coordinates: a proof of possession's k1 is decoded without a subgroup check, and noble's
  // pairing() would throw on it where blst just computes.
  const a = a1.toAffine();
  const b = b1.toAffine();
  const { calcPairingPrecomputes } = bls12_381.utils;
  const product = bls12_381.millerLoopBatch([
    [calcPairingPrecomputes(a2), a.x, a.y],
    [calcPairingPrecomputes(b2), b.x, Fp.neg(b.y)],
  ]);
  const { Fp12 } = bls12_381.fields;
  return Fp12.eql(Fp12.finalExponentiate(product), Fp12.ONE);
}

/**
 * The default reference of the conformance suite: @noble/curves' own code for every curve operation (decoding with
 * blst's rules, hash-to-G1, multi-scalar multiplication, pairing), the SDK's pure backend only for encoding and
 * scalar multiplication (which it delegates to noble), so that the hand-written field layer of the SDK (bls/fast/)
 * is checked against independent code rather than itself.
 */
export const nobleReferenceBackend: BlsBackend<G1, G2> = {
  ...pureBackend,
  name: 'noble-reference',
  hashToG1: referenceHashToG1,
  pairingEqual: referencePairingEqual,
  decodeG1: (bytes, field) => referenceDecode(G1Point, 48, bytes, field),
  decodeG1Unchecked: (bytes, field) => referenceDecodeG1Unchecked(bytes, field),
  decodeG2: (bytes, field) => referenceDecode(G2Point, 96, bytes, field),
  msmG1: (points, scalars) => referenceMsm(G1Point.ZERO, points, scalars),
  msmG2: (points, scalars) => referenceMsm(G2Point.ZERO, points, scalars),
};
