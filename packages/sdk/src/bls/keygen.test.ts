import { chacha20 } from '@noble/ciphers/chacha.js';
import { goldenFile, golden } from '@mithril/testing';
import { describe, expect, it } from 'vitest';

import { isMithrilError } from '../errors.js';
import { bigIntToBytesBE, bytesToHex, hexToBytes } from '../utils/bytes.js';
import { BLS12_381_ORDER } from './backend.js';
import { generateSigningKey, signingKeyFromBytes, signingKeyToBytes } from './keygen.js';

/** `ChaCha20Rng::from_seed([0; 32])` output: the keystream of the zero key and zero nonce (stm.md §1.2). */
function zeroSeedKeystream(length: number): Uint8Array {
  return chacha20(new Uint8Array(32), new Uint8Array(12), new Uint8Array(length));
}

function expectCode(fn: () => unknown, code: 'BLS_INVALID_SIGNING_KEY'): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(isMithrilError(caught, code)).toBe(true);
}

describe('generateSigningKey (blst keygen v4)', () => {
  const conventions = goldenFile().conventions;

  it('reproduces the zero-seeded ChaCha20 keystream of the fixture', () => {
    expect(bytesToHex(zeroSeedKeystream(128))).toBe(conventions.chacha20_zero_keystream_first_128_bytes_hex);
  });

  it('derives sk0..sk3 from consecutive 32-byte IKMs', () => {
    const stream = zeroSeedKeystream(128);
    const derived = conventions.derived_signing_keys;
    for (let j = 0; j < 4; j++) {
      const sk = generateSigningKey(stream.subarray(32 * j, 32 * j + 32));
      expect(bytesToHex(signingKeyToBytes(sk))).toBe(derived[`sk${j}_hex`]);
    }
  });

  it('gives the golden bls.signing_key.json key, also in its JSON form', () => {
    const vector = golden('bls.signing_key.json');
    const sk = generateSigningKey(zeroSeedKeystream(32));
    expect(bytesToHex(signingKeyToBytes(sk))).toBe(vector.byte_arrays_as_hex!['$']);
    expect(JSON.stringify(Array.from(signingKeyToBytes(sk)))).toBe(vector.expected_json_compact);
    expect(bytesToHex(signingKeyToBytes(sk))).toBe(goldenFile().derived_values['sk0']);
  });

  it('refuses an IKM shorter than 32 bytes', () => {
    expectCode(() => generateSigningKey(new Uint8Array(31)), 'BLS_INVALID_SIGNING_KEY');
  });
});

describe('signingKeyFromBytes / signingKeyToBytes', () => {
  const sk0Hex = goldenFile().derived_values['sk0']!;

  it('round-trips the golden key and reads only the first 32 bytes', () => {
    const bytes = hexToBytes(sk0Hex);
    const sk = signingKeyFromBytes(bytes);
    expect(bytesToHex(signingKeyToBytes(sk))).toBe(sk0Hex);
    const longer = new Uint8Array(40);
    longer.set(bytes);
    longer.fill(0xff, 32);
    expect(signingKeyFromBytes(longer)).toBe(sk);
  });

  it('accepts 1 and r − 1, rejects 0, r, values above r and short input', () => {
    expect(signingKeyFromBytes(bigIntToBytesBE(1n, 32))).toBe(1n);
    expect(signingKeyFromBytes(bigIntToBytesBE(BLS12_381_ORDER - 1n, 32))).toBe(BLS12_381_ORDER - 1n);
    expectCode(() => signingKeyFromBytes(new Uint8Array(32)), 'BLS_INVALID_SIGNING_KEY');
    expectCode(() => signingKeyFromBytes(bigIntToBytesBE(BLS12_381_ORDER, 32)), 'BLS_INVALID_SIGNING_KEY');
    expectCode(() => signingKeyFromBytes(new Uint8Array(32).fill(0xff)), 'BLS_INVALID_SIGNING_KEY');
    expectCode(() => signingKeyFromBytes(new Uint8Array(31).fill(1)), 'BLS_INVALID_SIGNING_KEY');
    expectCode(() => signingKeyToBytes(0n), 'BLS_INVALID_SIGNING_KEY');
    expectCode(() => signingKeyToBytes(BLS12_381_ORDER), 'BLS_INVALID_SIGNING_KEY');
  });
});
