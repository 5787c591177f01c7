// Test-only builders of invalid BLS12-381 encodings, shared by the BLS tests and the backend conformance suite.
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { numberToBytesBE } from '@noble/curves/utils.js';

const { Fp, Fp2 } = bls12_381.fields;

/**
 * Test helper: a compressed G1 encoding of a point that is on the curve but outside the prime-order subgroup
 * (almost every curve point is, the cofactor being about 2^126), with the point itself.
 *
 * @returns the 48 bytes and the noble point
 */
export function nonSubgroupG1(): { bytes: Uint8Array; point: InstanceType<typeof bls12_381.G1.Point> } {
  for (let x = 1n; ; x++) {
    let y: bigint;
    try {
      y = Fp.sqrt(Fp.add(Fp.pow(x, 3n), 4n));
    } catch {
      continue;
    }
    const point = bls12_381.G1.Point.fromAffine({ x, y });
    if (point.isTorsionFree()) continue;
    const bytes = numberToBytesBE(x, 48);
    bytes[0]! |= y * 2n > Fp.ORDER ? 0xa0 : 0x80;
    return { bytes, point };
  }
}

/**
 * Test helper: a compressed G2 encoding of a point on the twist curve `y² = x³ + 4(1 + i)` but outside G2.
 *
 * @returns the 96 bytes (`c1 ‖ c0` of x with the compression flag) and the noble point
 */
export function nonSubgroupG2(): { bytes: Uint8Array; point: InstanceType<typeof bls12_381.G2.Point> } {
  const b = Fp2.fromBigTuple([4n, 4n]);
  for (let c0 = 1n; ; c0++) {
    const x = Fp2.fromBigTuple([c0, 0n]);
    let y: ReturnType<typeof Fp2.sqrt>;
    try {
      y = Fp2.sqrt(Fp2.add(Fp2.pow(x, 3n), b));
    } catch {
      continue;
    }
    if (y === undefined) continue;
    const point = bls12_381.G2.Point.fromAffine({ x, y });
    if (point.isTorsionFree()) continue;
    const bytes = new Uint8Array(96);
    bytes.set(numberToBytesBE(c0, 48), 48);
    // The sort flag makes the bytes encode `point` itself (ZCash rule: y is larger by c1, by c0 when c1 = 0).
    const half = (Fp.ORDER - 1n) / 2n;
    const larger = y.c1 !== 0n ? y.c1 > half : y.c0 > half;
    bytes[0]! |= larger ? 0xa0 : 0x80;
    return { bytes, point };
  }
}

/**
 * Test helper: a compressed G1 encoding whose x gives no curve point (`x³ + 4` is not a square).
 *
 * @returns 48 bytes
 */
export function offCurveG1(): Uint8Array {
  for (let x = 1n; ; x++) {
    try {
      Fp.sqrt(Fp.add(Fp.pow(x, 3n), 4n));
    } catch {
      const bytes = numberToBytesBE(x, 48);
      bytes[0]! |= 0x80;
      return bytes;
    }
  }
}

/**
 * Test helper: a compressed G1 encoding whose x equals the field modulus p (not reduced).
 *
 * @returns 48 bytes
 */
export function unreducedG1(): Uint8Array {
  const bytes = numberToBytesBE(Fp.ORDER, 48);
  bytes[0]! |= 0x80;
  return bytes;
}
