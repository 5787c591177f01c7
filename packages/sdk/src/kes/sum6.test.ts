import { readFileSync } from 'node:fs';
import { fixturePath } from '@mithril/testing';
import { describe, expect, it } from 'vitest';
import { bytesToHex, utf8 } from '../utils/bytes.js';
import { decodeSum6SignatureJsonHex, encodeSum6SignatureJsonHex, formatSum6SecretKeyEnvelope, parseSum6SecretKeyEnvelope } from './codec.js';
import { kesPeriodAtSlot } from './period.js';
import { generateSum6Key, signSum6, sum6VerificationKey, updateSum6Key, verifySum6, type Sum6SecretKey } from './sum6.js';

const vector = (name: string): Uint8Array => new Uint8Array(readFileSync(fixturePath('kes-sum6', name)));
// The Haskell generator's seed and message (fixtures README, spelling as in the source).
const SEED = utf8('test string of 32 byte of lenght');
const MESSAGE = utf8('test message');

function evolve(key: Sum6SecretKey, times: number): Sum6SecretKey {
  let k = key;
  for (let i = 0; i < times; i++) k = updateSum6Key(k);
  return k;
}

describe('Sum6 KES against the Haskell interop vectors', () => {
  const { secretKey, verificationKey } = generateSum6Key(SEED);

  it('generates the Sum6 key of the seed', () => {
    expect(bytesToHex(secretKey.bytes)).toBe(bytesToHex(vector('key6.bin')));
    // A Sum0 key is the Ed25519 seed itself.
    expect(vector('key0.bin')).toEqual(SEED);
  });

  it('reproduces the keys after 1 and 5 updates', () => {
    expect(bytesToHex(evolve(secretKey, 1).bytes)).toBe(bytesToHex(vector('key6update1.bin')));
    expect(bytesToHex(evolve(secretKey, 5).bytes)).toBe(bytesToHex(vector('key6update5.bin')));
  });

  it('reproduces the signatures at periods 0 and 5 and verifies them only at their period', () => {
    const sig0 = signSum6(secretKey, MESSAGE);
    const sig5 = signSum6(evolve(secretKey, 5), MESSAGE);
    expect(bytesToHex(sig0)).toBe(bytesToHex(vector('key6Sig.bin')));
    expect(bytesToHex(sig5)).toBe(bytesToHex(vector('key6Sig5.bin')));
    expect(verifySum6(verificationKey, 0, MESSAGE, vector('key6Sig.bin'))).toBe(true);
    expect(verifySum6(verificationKey, 5, MESSAGE, vector('key6Sig5.bin'))).toBe(true);
    expect(verifySum6(verificationKey, 4, MESSAGE, vector('key6Sig5.bin'))).toBe(false);
    expect(verifySum6(verificationKey, 5, utf8('test messagf'), vector('key6Sig5.bin'))).toBe(false);
  });

  it('reads the Haskell raw key from a text envelope and keeps its verification key through updates', () => {
    const envelope = formatSum6SecretKeyEnvelope({ bytes: vector('key6.bin'), period: 0 });
    expect(JSON.parse(envelope).cborHex.startsWith('590260')).toBe(true);
    const parsed = parseSum6SecretKeyEnvelope(envelope);
    expect(parsed.period).toBe(0);
    expect(sum6VerificationKey(parsed)).toEqual(verificationKey);
    const at5 = parseSum6SecretKeyEnvelope(formatSum6SecretKeyEnvelope(evolve(parsed, 5)));
    expect(at5.period).toBe(5);
    expect(sum6VerificationKey(at5)).toEqual(verificationKey);
  });
});

describe('Sum6 KES over the whole key life', () => {
  it('signs and verifies at every period 0..63, and refuses a 65th period', () => {
    const { secretKey, verificationKey } = generateSum6Key(new Uint8Array(32).fill(7));
    let key = secretKey;
    for (let period = 0; period < 64; period++) {
      expect(key.period).toBe(period);
      const sig = signSum6(key, MESSAGE);
      expect(verifySum6(verificationKey, period, MESSAGE, sig)).toBe(true);
      expect(verifySum6(verificationKey, (period + 1) % 64, MESSAGE, sig)).toBe(false);
      if (period < 63) key = updateSum6Key(key);
    }
    expect(() => updateSum6Key(key)).toThrow(expect.objectContaining({ code: 'KES_PERIOD_OUT_OF_RANGE' }));
  });

  it('round-trips the JSON-hex signature form and rejects a changed byte', () => {
    const { secretKey, verificationKey } = generateSum6Key(SEED);
    const sig = signSum6(evolve(secretKey, 33), MESSAGE);
    const hex = encodeSum6SignatureJsonHex(sig);
    expect(decodeSum6SignatureJsonHex(hex)).toEqual(sig);
    for (const at of [0, 63, 64, 300, 447]) {
      const forged = sig.slice();
      forged[at] = (forged[at] as number) ^ 1;
      expect(verifySum6(verificationKey, 33, MESSAGE, forged)).toBe(false);
    }
  });
});

describe('KES period of a slot', () => {
  it('divides by the genesis slots per KES period and refuses a zero length', () => {
    expect(kesPeriodAtSlot(0n, 129_600n)).toBe(0n);
    expect(kesPeriodAtSlot(129_599n, 129_600n)).toBe(0n);
    expect(kesPeriodAtSlot(129_600n * 7n + 5n, 129_600n)).toBe(7n);
    expect(() => kesPeriodAtSlot(5n, 0n)).toThrow(expect.objectContaining({ code: 'KES_PERIOD_OUT_OF_RANGE' }));
  });
});
