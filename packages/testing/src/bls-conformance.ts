/**
 * Conformance suite for `BlsBackend` implementations (spec stm.md §1, §10; dependencies.md §4): a backend must give the
 * same bytes and the same accept / reject decisions as the reference backend on the golden vectors, on random keys,
 * messages and scalars, and on malformed points. Call {@link describeBlsBackendConformance} from a vitest file.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import {
  aggregationScalars,
  BLS12_381_ORDER,
  type BlsBackend,
  blsSign,
  blsVerify,
  bytesToHex,
  checkProofOfPossession,
  concatBytes,
  createProofOfPossession,
  generateSigningKey,
  hexToBytes,
  isMithrilError,
  signingKeyFromBytes,
  verificationKeyFromSigningKey,
  verifyAggregate,
} from '@mithril/sdk';
import { describe, expect, it } from 'vitest';

import { nobleReferenceBackend } from './bls-reference.js';
import { nonSubgroupG1, nonSubgroupG2, offCurveG1, unreducedG1 } from './bls-test-points.js';
import { goldenFile, golden } from './golden.js';

const { Fp } = bls12_381.fields;

/** Options of {@link describeBlsBackendConformance}. */
export interface BlsConformanceOptions {
  /** Label of the describe block. */
  readonly name: string;
  /** Creates (or returns) the backend under test; awaited once. */
  readonly load: () => BlsBackend | Promise<BlsBackend>;
  /**
   * The backend whose bytes and decisions are authoritative (default: `nobleReferenceBackend` of bls-reference.ts,
   * every curve operation on @noble/curves' own code).
   */
  readonly reference?: BlsBackend;
  /** Seed of the deterministic random cases (default 1). */
  readonly seed?: number;
  /** Number of random keys / messages (default 6). */
  readonly randomCases?: number;
}

/** A small deterministic generator (xorshift32) so that failures reproduce. */
function randomBytes(state: { x: number }, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    let x = state.x;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    state.x = x >>> 0;
    out[i] = state.x & 0xff;
  }
  return out;
}

/** The outcome of a call: `ok` or the Mithril error code it threw (anything else is rethrown). */
function outcome(run: () => unknown): string {
  try {
    run();
    return 'ok';
  } catch (error) {
    if (isMithrilError(error)) return error.code;
    throw error;
  }
}

function withFlags(bytes: Uint8Array, flags: number): Uint8Array {
  const out = bytes.slice();
  out[0] = (out[0]! & 0x1f) | flags;
  return out;
}

/** Malformed or special G1 encodings, each with a label. */
function g1Cases(valid: Uint8Array): [string, Uint8Array][] {
  const infinity = new Uint8Array(48);
  infinity[0] = 0xc0;
  const unreduced = unreducedG1();
  const unreducedPlusX = numberToBytesBE(Fp.ORDER + bytesToNumberBE(withFlags(valid, 0)), 48);
  const flipped = valid.slice();
  flipped[0]! ^= 0x20;
  return [
    ['valid', valid],
    ['valid with the other y', flipped],
    ['infinity', infinity],
    ['infinity with a sign bit', withFlags(infinity, 0xe0)],
    ['infinity with a non-zero byte', concatBytes(infinity.subarray(0, 47), Uint8Array.of(1))],
    ['uncompressed flag', withFlags(valid, 0x00)],
    ['infinity flag on a point', withFlags(valid, 0xc0)],
    ['x = p', unreduced],
    [
      'x + p with the flag bits cleared (another x: on the curve, outside G1)',
      unreducedPlusX.length === 48 ? withFlags(unreducedPlusX, valid[0]! & 0xe0) : unreduced,
    ],
    ['off the curve', offCurveG1()],
    ['outside the subgroup', nonSubgroupG1().bytes],
    ['47 bytes', valid.subarray(0, 47)],
    ['49 bytes', concatBytes(valid, Uint8Array.of(0))],
  ];
}

function g2Cases(valid: Uint8Array): [string, Uint8Array][] {
  const infinity = new Uint8Array(96);
  infinity[0] = 0xc0;
  const c1Unreduced = valid.slice();
  c1Unreduced.set(numberToBytesBE(Fp.ORDER, 48), 0);
  c1Unreduced[0]! |= valid[0]! & 0xe0;
  const c0Unreduced = valid.slice();
  c0Unreduced.set(numberToBytesBE(Fp.ORDER, 48), 48);
  const flipped = valid.slice();
  flipped[0]! ^= 0x20;
  const offCurve = valid.slice();
  offCurve[95]! ^= 1;
  return [
    ['valid', valid],
    ['valid with the other y', flipped],
    ['infinity', infinity],
    ['infinity with a non-zero byte', concatBytes(infinity.subarray(0, 95), Uint8Array.of(1))],
    ['uncompressed flag', withFlags(valid, 0x00)],
    ['c1 = p', c1Unreduced],
    ['c0 = p', c0Unreduced],
    ['x changed (off the curve or not)', offCurve],
    ['outside the subgroup', nonSubgroupG2().bytes],
    ['95 bytes', valid.subarray(0, 95)],
  ];
}

/**
 * Registers a vitest `describe` block checking that a BLS backend agrees with the reference backend byte for byte and
 * decision for decision: generators, the golden keys, proofs of possession and signatures of `stm-golden.json`,
 * `H_G1("")` / `H_G1("PoP")` (stm.md §1.3), random sign / verify / PoP / MSM / aggregate-verify cases, and malformed
 * points (infinity, flags, unreduced coordinates, off-curve and non-subgroup points, wrong lengths).
 *
 * @param options - the backend loader and suite options
 * @example
 * describeBlsBackendConformance({ name: 'mcl', load: () => createMclBackend() });
 */
export function describeBlsBackendConformance(options: BlsConformanceOptions): void {
  const reference = options.reference ?? nobleReferenceBackend;
  const cases = options.randomCases ?? 6;

  describe(`BLS backend conformance: ${options.name}`, async () => {
    const backend = await options.load();
    const derived = goldenFile().derived_values;
    const hex = (name: string): Uint8Array => hexToBytes(derived[name]!, name);
    const sk0 = signingKeyFromBytes(hex('sk0'));
    const twoPartyMessage = concatBytes(new Uint8Array(16), hex('root_two_party_registration'));
    const state = { x: (options.seed ?? 1) * 2654435761 || 1 };
    const randomKeys = Array.from({ length: cases }, () => generateSigningKey(randomBytes(state, 32)));
    const randomMessages = Array.from({ length: cases }, (_, i) => randomBytes(state, i * 17));

    it('has the standard generators and the empty-DST hash of stm.md §1.3', () => {
      expect(bytesToHex(backend.encodeG1(backend.mulBaseG1(1n)))).toBe(bytesToHex(reference.encodeG1(reference.mulBaseG1(1n))));
      expect(bytesToHex(backend.encodeG2(backend.mulBaseG2(1n)))).toBe(bytesToHex(reference.encodeG2(reference.mulBaseG2(1n))));
      expect(bytesToHex(backend.encodeG1(backend.hashToG1(new Uint8Array(0))))).toBe(
        '88c7e388ee58f1db9a24d7098b01d13634298bebf2d159254975bd450cb0d287fcc622eb71edde8b469a8513551baf1f',
      );
      expect(bytesToHex(backend.encodeG1(backend.hashToG1(Uint8Array.of(0x50, 0x6f, 0x50))))).toBe(
        '99d61fe320105e14b9d2e1dfe32980207f916bb2eabffcf745e9033a02265af5235ad6abc4c02c6fc8b47bda3f9ed9ff',
      );
    });

    it('reproduces the golden key, proof of possession and signatures', () => {
      const vkPop = golden('bls.verification_key_pop.json').byte_arrays_as_hex!;
      expect(bytesToHex(verificationKeyFromSigningKey(backend, sk0))).toBe(vkPop['vk']);
      expect(bytesToHex(createProofOfPossession(backend, sk0))).toBe(vkPop['pop']);
      checkProofOfPossession(backend, hex('vk0'), hex('pop0'));
      const sigma = blsSign(backend, sk0, new Uint8Array(32));
      expect(bytesToHex(sigma)).toBe(golden('bls.signature.json').byte_arrays_as_hex!['$']);
      blsVerify(backend, sigma, new Uint8Array(32), hex('vk0'));
      expect(bytesToHex(blsSign(backend, sk0, twoPartyMessage))).toBe(derived['sigma_party0']);
    });

    it('verifies the golden two-party aggregate (aggregate_signature.json) and rejects tampering', () => {
      const sigmaBytes = [hex('sigma_party0'), hex('sigma_party1')];
      const sigmas = sigmaBytes.map((b) => backend.decodeG1(b));
      const vks = [backend.decodeG2(hex('vk0')), backend.decodeG2(hex('vk1'))];
      const goldenSigmas = Object.entries(golden('aggregate_signature.json').byte_arrays_as_hex!)
        .filter(([path]) => path.endsWith('.sigma'))
        .map(([, value]) => value);
      expect(sigmaBytes.map(bytesToHex)).toEqual(goldenSigmas);
      verifyAggregate(backend, vks, sigmas, sigmaBytes, twoPartyMessage);
      expect(outcome(() => verifyAggregate(backend, [vks[1]!, vks[0]!], sigmas, sigmaBytes, twoPartyMessage))).toBe('BLS_SIGNATURE_INVALID');
      expect(outcome(() => verifyAggregate(backend, vks, sigmas, sigmaBytes, twoPartyMessage.subarray(1)))).toBe('BLS_SIGNATURE_INVALID');
    });

    it('signs, derives keys and proofs of possession, and verifies like the reference on random cases', () => {
      randomKeys.forEach((sk, i) => {
        const message = randomMessages[i]!;
        const vk = verificationKeyFromSigningKey(backend, sk);
        expect(bytesToHex(vk)).toBe(bytesToHex(verificationKeyFromSigningKey(reference, sk)));
        const pop = createProofOfPossession(backend, sk);
        expect(bytesToHex(pop)).toBe(bytesToHex(createProofOfPossession(reference, sk)));
        checkProofOfPossession(backend, vk, pop);
        const sigma = blsSign(backend, sk, message);
        expect(bytesToHex(sigma)).toBe(bytesToHex(blsSign(reference, sk, message)));
        blsVerify(backend, sigma, message, vk);
        const otherVk = verificationKeyFromSigningKey(backend, randomKeys[(i + 1) % cases]!);
        expect(outcome(() => blsVerify(backend, sigma, concatBytes(message, Uint8Array.of(i)), vk))).toBe('BLS_SIGNATURE_INVALID');
        expect(outcome(() => blsVerify(backend, sigma, message, otherVk))).toBe('BLS_SIGNATURE_INVALID');
        expect(outcome(() => checkProofOfPossession(backend, otherVk, pop))).toBe('BLS_POP_INVALID');
      });
    });

    it('computes the same multi-scalar multiplications, including zero, r and oversized scalars', () => {
      const points1 = randomKeys.map((sk) => backend.hashToG1(bigintBytes(sk)));
      const points2 = randomKeys.map((sk) => backend.mulBaseG2(sk));
      const refPoints1 = randomKeys.map((sk) => reference.hashToG1(bigintBytes(sk)));
      const refPoints2 = randomKeys.map((sk) => reference.mulBaseG2(sk));
      const scalarSets: bigint[][] = [
        randomKeys.map((_, i) => bytesToNumberBE(randomBytes(state, 16)) + BigInt(i)),
        randomKeys.map((_, i) => (i === 0 ? 0n : i === 1 ? BLS12_381_ORDER : BLS12_381_ORDER + 5n + BigInt(i))),
        randomKeys.map(() => bytesToNumberBE(randomBytes(state, 40))),
      ];
      for (const scalars of scalarSets) {
        expect(bytesToHex(backend.encodeG1(backend.msmG1(points1, scalars)))).toBe(
          bytesToHex(reference.encodeG1(reference.msmG1(refPoints1, scalars))),
        );
        expect(bytesToHex(backend.encodeG2(backend.msmG2(points2, scalars)))).toBe(
          bytesToHex(reference.encodeG2(reference.msmG2(refPoints2, scalars))),
        );
        expect(bytesToHex(backend.encodeG1(backend.mulG1(points1[0]!, scalars[1]!)))).toBe(
          bytesToHex(reference.encodeG1(reference.mulG1(refPoints1[0]!, scalars[1]!))),
        );
      }
      expect(outcome(() => backend.msmG1([], []))).toBe('BLS_AGGREGATE_SIGNATURE_INVALID');
      expect(outcome(() => backend.msmG2(points2, [1n]))).toBe('BLS_AGGREGATE_SIGNATURE_INVALID');
      expect(backend.isInfinityG1(backend.mulG1(points1[0]!, 0n))).toBe(true);
      expect(backend.isInfinityG1(points1[0]!)).toBe(false);
    });

    it('verifies random same-message aggregates and rejects a wrong one', () => {
      const message = randomMessages[cases - 1]!;
      const sigmaBytes = randomKeys.map((sk) => blsSign(backend, sk, message));
      const sigmas = sigmaBytes.map((b, i) => backend.decodeG1(b, `sigma${i}`));
      const vks = randomKeys.map((sk) => backend.decodeG2(verificationKeyFromSigningKey(backend, sk)));
      expect(aggregationScalars(sigmaBytes).length).toBe(cases);
      verifyAggregate(backend, vks, sigmas, sigmaBytes, message);
      const wrong = [sigmas[1]!, sigmas[0]!, ...sigmas.slice(2)];
      expect(outcome(() => verifyAggregate(backend, vks, wrong, sigmaBytes, message))).toBe('BLS_SIGNATURE_INVALID');
      const g1 = backend.mulBaseG1(1n);
      const g2 = backend.mulBaseG2(1n);
      const zero = backend.mulG1(g1, 0n);
      expect(backend.pairingEqual(g1, g2, g1, g2)).toBe(true);
      expect(backend.pairingEqual(backend.mulG1(g1, 2n), g2, g1, backend.mulBaseG2(2n))).toBe(true);
      expect(backend.pairingEqual(backend.mulG1(g1, 2n), g2, g1, g2)).toBe(false);
      expect(backend.pairingEqual(zero, g2, zero, g2)).toBe(false);
    });

    it('accepts and rejects the same G1 encodings as the reference', () => {
      for (const [label, bytes] of g1Cases(hex('sigma_party0'))) {
        const expected = outcome(() => reference.decodeG1(bytes, 'p'));
        expect(
          outcome(() => backend.decodeG1(bytes, 'p')),
          `decodeG1 ${label}`,
        ).toBe(expected);
        const expectedLoose = outcome(() => reference.decodeG1Unchecked(bytes, 'p'));
        expect(
          outcome(() => backend.decodeG1Unchecked(bytes, 'p')),
          `decodeG1Unchecked ${label}`,
        ).toBe(expectedLoose);
        // Only subgroup points (and infinity) have an encoding every backend can produce.
        if (expected === 'ok' || label === 'infinity') {
          expect(bytesToHex(backend.encodeG1(backend.decodeG1Unchecked(bytes)))).toBe(
            bytesToHex(reference.encodeG1(reference.decodeG1Unchecked(bytes))),
          );
        }
      }
    });

    it('accepts and rejects the same G2 encodings as the reference', () => {
      for (const [label, bytes] of g2Cases(hex('vk0'))) {
        const expected = outcome(() => reference.decodeG2(bytes, 'p'));
        expect(
          outcome(() => backend.decodeG2(bytes, 'p')),
          `decodeG2 ${label}`,
        ).toBe(expected);
        if (expected === 'ok') {
          expect(bytesToHex(backend.encodeG2(backend.decodeG2(bytes)))).toBe(bytesToHex(bytes));
        }
      }
    });

    it('reports malformed proofs of possession like the reference', () => {
      const vk0 = hex('vk0');
      const pop0 = hex('pop0');
      const k2Outside = concatBytes(pop0.subarray(0, 48), nonSubgroupG1().bytes);
      const k1Infinity = concatBytes(Uint8Array.of(0xc0), new Uint8Array(47), pop0.subarray(48));
      for (const pop of [k2Outside, k1Infinity, concatBytes(offCurveG1(), pop0.subarray(48)), pop0.subarray(1)]) {
        expect(outcome(() => checkProofOfPossession(backend, vk0, pop))).toBe(outcome(() => checkProofOfPossession(reference, vk0, pop)));
      }
    });
  });
}

function bigintBytes(value: bigint): Uint8Array {
  return numberToBytesBE(value, 32);
}
