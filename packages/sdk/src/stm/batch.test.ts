import { describe, expect, it } from 'vitest';

import { createMclBackend } from '../bls/mcl-backend.js';
import { nobleBackend } from '../bls/noble-backend.js';
import { verificationKeyFromSigningKey } from '../bls/scheme.js';
import { isMithrilError } from '../errors.js';
import { aggregateSignatures } from './aggregate.js';
import { verifySingleSignaturesBatch, type PendingSingleSignature } from './batch.js';
import { createStmVerificationCache } from './cache.js';
import { nobleLotteryHasher } from './lottery-hash.js';
import { lotteryValue } from './lottery.js';
import { closeRegistration } from './registration.js';
import { createSingleSignature } from './signer.js';
import type { StmParameters } from './types.js';
import { verifyAggregateSignature, verifySingleSignature } from './verify.js';

const parameters: StmParameters = { m: 40n, k: 12n, phiF: 0.9 };
const message = new TextEncoder().encode('batch verification of one round');
const signingKeys = [11n, 22n, 33n, 44n, 55n].map((i) => i * 0x1234567890abcdefn);
const closed = closeRegistration(signingKeys.map((sk, i) => ({ vk: verificationKeyFromSigningKey(nobleBackend, sk), stake: BigInt(100 + i) })));
const signerIndexOf = (sk: bigint): number => {
  const vk = verificationKeyFromSigningKey(nobleBackend, sk);
  return closed.entries.findIndex((e) => e.vk.every((b, i) => b === vk[i]));
};
const signatures = signingKeys.map((sk) =>
  createSingleSignature({ parameters, signingKey: sk, closedRegistration: closed, signerIndex: signerIndexOf(sk), message }),
);
const items: PendingSingleSignature[] = signatures.map((signature) => ({
  signature,
  registration: closed.entries[signature.signerIndex]!,
}));
let counter = 7;
const randomBytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => (counter = (counter * 73 + 41) % 251));

describe('lottery hasher', () => {
  it('gives the bytes of lotteryValue for every index, including above 2^32', () => {
    const msgp = new Uint8Array(96).fill(3);
    const sigma = signatures[0]!.sigma;
    const ev = nobleLotteryHasher(msgp, sigma);
    for (const index of [0, 1, 255, 20972, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER]) {
      expect(ev(index)).toEqual(lotteryValue(msgp, index, sigma));
    }
    expect(() => ev(-1)).toThrow(expect.objectContaining({ code: 'ENCODING_INTEGER_OUT_OF_RANGE' }));
    expect(() => nobleLotteryHasher(msgp, sigma.subarray(1))).toThrow(expect.objectContaining({ code: 'ENCODING_INVALID_LENGTH' }));
  });
});

describe('verifySingleSignaturesBatch', () => {
  it('accepts a batch of valid signatures with one check', () => {
    const { results, fellBack } = verifySingleSignaturesBatch({ message, items, avk: closed.avk, parameters, randomBytes });
    expect(fellBack).toBe(false);
    expect(results.every((r) => r.valid)).toBe(true);
  });

  it('names the bad signatures with the codes single verification gives', async () => {
    const mcl = await createMclBackend();
    const swapped: PendingSingleSignature = { signature: { ...signatures[1]!, sigma: signatures[2]!.sigma }, registration: items[1]!.registration };
    const wrongKey: PendingSingleSignature = { signature: signatures[3]!, registration: items[0]!.registration };
    const badIndex: PendingSingleSignature = { signature: { ...signatures[4]!, indexes: [41] }, registration: items[4]!.registration };
    const badPoint: PendingSingleSignature = { signature: { ...signatures[0]!, sigma: new Uint8Array(48) }, registration: items[0]!.registration };
    const batch = [items[0]!, swapped, items[2]!, wrongKey, badIndex, badPoint];
    for (const backend of [nobleBackend, mcl]) {
      const cache = createStmVerificationCache();
      const { results, fellBack } = verifySingleSignaturesBatch({
        message,
        items: batch,
        avk: closed.avk,
        parameters,
        randomBytes,
        backend,
        cache,
        coefficientBits: 128,
      });
      expect(fellBack).toBe(true);
      const expected = batch.map((item) => {
        try {
          verifySingleSignature({ message, ...item, avk: closed.avk, parameters, backend });
          return 'ok';
        } catch (error) {
          return isMithrilError(error) ? error.code : 'other';
        }
      });
      expect(results.map((r) => (r.valid ? 'ok' : r.error.code))).toEqual(expected);
      expect(expected.filter((e) => e === 'ok').length).toBe(2);
    }
  });

  it('checks a single remaining item directly and refuses short randomness', () => {
    const one = verifySingleSignaturesBatch({ message, items: [items[0]!], avk: closed.avk, parameters, randomBytes: () => new Uint8Array(0) });
    expect(one.results).toEqual([{ valid: true }]);
    expect(() => verifySingleSignaturesBatch({ message, items, avk: closed.avk, parameters, randomBytes: () => new Uint8Array(3) })).toThrow(
      expect.objectContaining({ code: 'STM_INVALID_PARAMETERS' }),
    );
    expect(verifySingleSignaturesBatch({ message, items: [], avk: closed.avk, parameters, randomBytes }).results).toEqual([]);
  });
});

describe('verification cache', () => {
  it('reuses keys, messages and evaluators without changing decisions', () => {
    const cache = createStmVerificationCache({ maxVerificationKeys: 8 });
    for (let round = 0; round < 2; round++) {
      for (const item of items) verifySingleSignature({ message, ...item, avk: closed.avk, parameters, cache });
    }
    const stats = cache.stats();
    expect(stats.keyMisses).toBe(5);
    expect(stats.keyHits).toBe(5);
    expect(stats.messageMisses).toBe(1);
    expect(stats.messageHits).toBe(9);
    expect(cache.lotteryEvaluator(0.9, 100n, closed.totalStake)).toBe(cache.lotteryEvaluator(0.9, 100n, closed.totalStake));
    const wrong = { signature: signatures[0]!, registration: closed.entries[(signatures[0]!.signerIndex + 1) % 5]! };
    expect(() => verifySingleSignature({ message, ...wrong, avk: closed.avk, parameters, cache })).toThrow(
      expect.objectContaining({ code: 'BLS_SIGNATURE_INVALID' }),
    );
    const infinityKey = new Uint8Array(96);
    infinityKey[0] = 0xc0;
    expect(() => cache.verificationKey(nobleBackend, infinityKey, 'vk')).toThrow(expect.objectContaining({ code: 'BLS_INVALID_POINT', field: 'vk' }));
    cache.clear();
    expect(cache.stats().keyHits).toBe(0);
  });

  it('verifies an aggregate twice with a shared cache and still rejects a tampered one', () => {
    const { signature } = aggregateSignatures({ message, signatures, closedRegistration: closed, parameters });
    const cache = createStmVerificationCache();
    verifyAggregateSignature({ message, signature, avk: closed.avk, parameters, cache });
    verifyAggregateSignature({ message, signature, avk: closed.avk, parameters, cache });
    expect(cache.stats().keyHits).toBe(signature.signatures.length);
    const other = new TextEncoder().encode('another message of the same epoch');
    expect(() => verifyAggregateSignature({ message: other, signature, avk: closed.avk, parameters, cache })).toThrow(MithrilErrorLike);
  });
});

const MithrilErrorLike = expect.objectContaining({ code: expect.stringMatching(/^(STM_LOTTERY_LOST|BLS_SIGNATURE_INVALID)$/) });

describe('aggregateSignatures with batch pre-verification', () => {
  it('selects the same signatures and skips the same bad ones as individual checks', () => {
    const bad = { ...signatures[2]!, sigma: signatures[3]!.sigma };
    const inputs = [signatures[0]!, bad, signatures[1]!, signatures[3]!, signatures[4]!, signatures[2]!];
    const plain = aggregateSignatures({ message, signatures: inputs, closedRegistration: closed, parameters });
    const batched = aggregateSignatures({
      message,
      signatures: inputs,
      closedRegistration: closed,
      parameters,
      randomBytes,
      cache: createStmVerificationCache(),
    });
    expect(batched).toEqual(plain);
    expect(plain.rejected).toEqual([1]);
  });
});
