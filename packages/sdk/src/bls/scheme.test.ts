import { chacha20 } from '@noble/ciphers/chacha.js';
import { golden, goldenFile } from '@mithril/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { isMithrilError, type MithrilErrorCode } from '../errors.js';
import { bytesToBigIntLE, bytesToHex, concatBytes, hexToBytes } from '../utils/bytes.js';
import { generateSigningKey, signingKeyFromBytes } from './keygen.js';
import { nobleBackend as backend } from './noble-backend.js';
import {
  aggregationScalars,
  blsAggregate,
  blsSign,
  blsVerify,
  checkProofOfPossession,
  createProofOfPossession,
  verificationKeyFromSigningKey,
  verifyAggregate,
} from './scheme.js';
import { nonSubgroupG2 } from '@mithril/testing/bls-test-points';

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

const derived = goldenFile().derived_values;
const hex = (name: string): Uint8Array => hexToBytes(derived[name]!, name);
const sk0 = signingKeyFromBytes(hex('sk0'));
const keystream = chacha20(new Uint8Array(32), new Uint8Array(12), new Uint8Array(64));
const sk1 = generateSigningKey(keystream.subarray(32, 64));
/** The message of the two-party golden aggregate: 16 zero bytes ‖ the registration root (stm.md §10). */
const msgp = concatBytes(new Uint8Array(16), hex('root_two_party_registration'));

describe('golden keys, proofs of possession and signatures', () => {
  it('derives the golden VK + PoP of sk0 (bls.verification_key_pop.json, bls.proof_of_possession.json)', () => {
    const vkPop = golden('bls.verification_key_pop.json').byte_arrays_as_hex!;
    const vk = verificationKeyFromSigningKey(backend, sk0);
    const pop = createProofOfPossession(backend, sk0);
    expect(bytesToHex(vk)).toBe(vkPop['vk']);
    expect(bytesToHex(pop)).toBe(vkPop['pop']);
    expect(bytesToHex(pop)).toBe(golden('bls.proof_of_possession.json').byte_arrays_as_hex!['$']);
    expect(bytesToHex(vk)).toBe(derived['vk0']);
    expect(bytesToHex(pop)).toBe(derived['pop0']);
    expect(JSON.stringify({ vk: Array.from(vk), pop: Array.from(pop) })).toBe(golden('bls.verification_key_pop.json').expected_json_compact);
  });

  it('derives vk1 from the second keystream key', () => {
    expect(bytesToHex(verificationKeyFromSigningKey(backend, sk1))).toBe(derived['vk1']);
  });

  it('signs 32 zero bytes with sk0 as bls.signature.json and verifies it', () => {
    const expected = golden('bls.signature.json').byte_arrays_as_hex!['$'];
    const sigma = blsSign(backend, sk0, new Uint8Array(32));
    expect(bytesToHex(sigma)).toBe(expected);
    blsVerify(backend, sigma, new Uint8Array(32), hex('vk0'));
    expectError(() => blsVerify(backend, sigma, new Uint8Array(31), hex('vk0')), 'BLS_SIGNATURE_INVALID', 'sigma');
    expectError(() => blsVerify(backend, sigma, new Uint8Array(32), hex('vk1')), 'BLS_SIGNATURE_INVALID');
  });

  it('reproduces sigma_party0 / sigma_party1 over msgp', () => {
    expect(bytesToHex(blsSign(backend, sk0, msgp))).toBe(derived['sigma_party0']);
    expect(bytesToHex(blsSign(backend, sk1, msgp))).toBe(derived['sigma_party1']);
    blsVerify(backend, backend.decodeG1(hex('sigma_party1')), msgp, backend.decodeG2(hex('vk1')));
  });

  it('reports undecodable signature and key bytes as BLS_INVALID_POINT with the field', () => {
    const infinitySigma = new Uint8Array(48);
    infinitySigma[0] = 0xc0;
    expectError(() => blsVerify(backend, infinitySigma, msgp, hex('vk0')), 'BLS_INVALID_POINT', 'sigma');
    expectError(() => blsVerify(backend, hex('sigma_party0'), msgp, hex('vk0').subarray(1)), 'BLS_INVALID_POINT', 'verification_key');
  });

  it('refuses out-of-range signing keys', () => {
    expectError(() => blsSign(backend, 0n, msgp), 'BLS_INVALID_SIGNING_KEY');
    expectError(() => verificationKeyFromSigningKey(backend, -1n), 'BLS_INVALID_SIGNING_KEY');
  });
});

describe('checkProofOfPossession', () => {
  const vk0 = hex('vk0');
  const pop0 = hex('pop0');

  it('accepts the golden VK + PoP, as bytes and as a decoded key', () => {
    checkProofOfPossession(backend, vk0, pop0);
    checkProofOfPossession(backend, backend.decodeG2(vk0), pop0);
  });

  it('rejects swapped halves, another key and malformed PoP bytes', () => {
    const swapped = concatBytes(pop0.subarray(48), pop0.subarray(0, 48));
    expectError(() => checkProofOfPossession(backend, vk0, swapped), 'BLS_POP_INVALID', 'pop');
    expectError(() => checkProofOfPossession(backend, hex('vk1'), pop0), 'BLS_POP_INVALID', 'pop');
    expectError(() => checkProofOfPossession(backend, vk0, pop0.subarray(0, 95)), 'BLS_POP_INVALID', 'pop');
    expectError(() => checkProofOfPossession(backend, vk0, concatBytes(pop0, Uint8Array.of(0))), 'BLS_POP_INVALID');
    const k1NoFlag = pop0.slice();
    k1NoFlag[0]! &= 0x7f;
    expectError(() => checkProofOfPossession(backend, vk0, k1NoFlag), 'BLS_POP_INVALID', 'pop.k1');
    const k2NoFlag = pop0.slice();
    k2NoFlag[48]! &= 0x7f;
    expectError(() => checkProofOfPossession(backend, vk0, k2NoFlag), 'BLS_POP_INVALID', 'pop.k2');
    const k1Infinity = pop0.slice();
    k1Infinity.fill(0, 0, 48);
    k1Infinity[0] = 0xc0;
    expectError(() => checkProofOfPossession(backend, vk0, k1Infinity), 'BLS_POP_INVALID', 'pop');
  });

  it('rejects invalid keys as BLS_INVALID_POINT: infinity, outside G2, bad length, no compression flag', () => {
    const infinityVk = new Uint8Array(96);
    infinityVk[0] = 0xc0;
    expectError(() => checkProofOfPossession(backend, infinityVk, pop0), 'BLS_INVALID_POINT', 'verification_key');
    expectError(() => checkProofOfPossession(backend, nonSubgroupG2().bytes, pop0), 'BLS_INVALID_POINT');
    expectError(() => checkProofOfPossession(backend, vk0.subarray(0, 95), pop0), 'BLS_INVALID_POINT');
    const noFlag = vk0.slice();
    noFlag[0]! &= 0x7f;
    expectError(() => checkProofOfPossession(backend, noFlag, pop0), 'BLS_INVALID_POINT');
  });
});

describe('aggregation', () => {
  const sigmaBytes = [hex('sigma_party0'), hex('sigma_party1')];
  const sigmas = sigmaBytes.map((b) => backend.decodeG1(b));
  const vks = [backend.decodeG2(hex('vk0')), backend.decodeG2(hex('vk1'))];

  it('derives the golden aggregation scalars r0, r1 (stm.md §10, little-endian)', () => {
    expect(aggregationScalars(sigmaBytes)).toEqual([
      bytesToBigIntLE(hexToBytes('03980843a51154d66ab9500bf405cadf')),
      bytesToBigIntLE(hexToBytes('74ff775b7b7c2a1b26c19b29771db897')),
    ]);
  });

  it('verifies the golden two-party aggregate and detects tampering', () => {
    verifyAggregate(backend, vks, sigmas, sigmaBytes, msgp);
    expectError(() => verifyAggregate(backend, vks, sigmas, sigmaBytes, msgp.subarray(1)), 'BLS_SIGNATURE_INVALID');
    expectError(() => verifyAggregate(backend, [vks[0]!, vks[0]!], sigmas, sigmaBytes, msgp), 'BLS_SIGNATURE_INVALID');
    const otherSigma = backend.decodeG1(blsSign(backend, sk1, new Uint8Array(32)));
    expectError(() => verifyAggregate(backend, vks, [sigmas[0]!, otherSigma], sigmaBytes, msgp), 'BLS_SIGNATURE_INVALID');
  });

  it('uses a single pair unchanged and rejects empty or mismatched lists', () => {
    const single = blsAggregate(backend, [vks[0]!], [sigmas[0]!], [sigmaBytes[0]!]);
    expect(single.vk).toBe(vks[0]);
    expect(single.sigma).toBe(sigmas[0]);
    verifyAggregate(backend, [vks[1]!], [sigmas[1]!], [sigmaBytes[1]!], msgp);
    expectError(() => verifyAggregate(backend, [], [], [], msgp), 'BLS_AGGREGATE_SIGNATURE_INVALID');
    expectError(() => verifyAggregate(backend, vks, [sigmas[0]!], sigmaBytes, msgp), 'BLS_AGGREGATE_SIGNATURE_INVALID');
    expectError(() => blsAggregate(backend, vks, sigmas, [sigmaBytes[0]!]), 'BLS_AGGREGATE_SIGNATURE_INVALID');
    expectError(() => aggregationScalars([sigmaBytes[0]!.subarray(1)]), 'BLS_INVALID_POINT', 'sigmas[0]');
  });

  it('verifies two fresh signers on the same message', () => {
    const message = new TextEncoder().encode('two signers, one message');
    const sks = [sk0, sk1];
    const bytes = sks.map((sk) => blsSign(backend, sk, message));
    const points = bytes.map((b) => backend.decodeG1(b));
    const keys = sks.map((sk) => backend.decodeG2(verificationKeyFromSigningKey(backend, sk)));
    verifyAggregate(backend, keys, points, bytes, message);
    expectError(() => verifyAggregate(backend, [keys[1]!, keys[0]!], points, bytes, message), 'BLS_SIGNATURE_INVALID');
  });
});

describe('sign / verify property', () => {
  it('holds for random keys and fails for another message', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 100 }), (ikm, message) => {
        const sk = generateSigningKey(ikm);
        const vk = backend.decodeG2(verificationKeyFromSigningKey(backend, sk));
        const sigma = blsSign(backend, sk, message);
        blsVerify(backend, sigma, message, vk);
        const other = concatBytes(message, Uint8Array.of(1));
        expectError(() => blsVerify(backend, sigma, other, vk), 'BLS_SIGNATURE_INVALID');
      }),
      { numRuns: 5 },
    );
  });
});
