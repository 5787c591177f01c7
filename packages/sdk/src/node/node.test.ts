import { afterAll, describe, expect, it } from 'vitest';

import { nobleBackend } from '../bls/noble-backend.js';
import { verificationKeyFromSigningKey } from '../bls/scheme.js';
import { isMithrilError } from '../errors.js';
import { nobleLotteryHasher } from '../stm/lottery-hash.js';
import { closeRegistration } from '../stm/registration.js';
import { createSingleSignature } from '../stm/signer.js';
import type { StmParameters } from '../stm/types.js';
import { nodeLotteryHasher } from './hash.js';
import { createVerificationWorkerPool } from './worker-pool.js';

const parameters: StmParameters = { m: 30n, k: 5n, phiF: 0.9 };
const message = new TextEncoder().encode('worker pool round');
const keys = [3n, 5n, 7n].map((i) => i * 0xfedcba9876543210n);
const closed = closeRegistration(keys.map((sk, i) => ({ vk: verificationKeyFromSigningKey(nobleBackend, sk), stake: BigInt(10 + i) })));
const indexOf = (sk: bigint): number => {
  const vk = verificationKeyFromSigningKey(nobleBackend, sk);
  return closed.entries.findIndex((e) => e.vk.every((b, i) => b === vk[i]));
};

describe('nodeLotteryHasher', () => {
  it('gives the same lottery values as the pure hasher', () => {
    const msgp = Uint8Array.from({ length: 96 }, (_, i) => i);
    const sigma = Uint8Array.from({ length: 48 }, (_, i) => 255 - i);
    const a = nodeLotteryHasher(msgp, sigma);
    const b = nobleLotteryHasher(msgp, sigma);
    for (const index of [0, 1, 2, 1000, 20972, 2 ** 40]) expect(a(index)).toEqual(b(index));
  });

  it('signs exactly as with the pure hasher', () => {
    const options = { parameters, signingKey: keys[0]!, closedRegistration: closed, signerIndex: indexOf(keys[0]!), message };
    expect(createSingleSignature({ ...options, lotteryHasher: nodeLotteryHasher })).toEqual(createSingleSignature(options));
  });
});

describe('createVerificationWorkerPool', () => {
  const pool = createVerificationWorkerPool({ size: 1 });
  afterAll(() => pool.close());
  const signatures = keys.map((sk) =>
    createSingleSignature({
      parameters,
      signingKey: sk,
      closedRegistration: closed,
      signerIndex: indexOf(sk),
      message,
      lotteryHasher: nodeLotteryHasher,
    }),
  );

  it('verifies single signatures off the main thread and rebuilds errors', async () => {
    const s = signatures[0]!;
    await pool.verifySingleSignature({ message, signature: s, registration: closed.entries[s.signerIndex]!, avk: closed.avk, parameters });
    const wrong = pool.verifySingleSignature({
      message,
      signature: s,
      registration: closed.entries[(s.signerIndex + 1) % 3]!,
      avk: closed.avk,
      parameters,
    });
    await expect(wrong).rejects.toSatisfy((e: unknown) => isMithrilError(e, 'BLS_SIGNATURE_INVALID') && e.field === 'sigma');
  });

  it('batch-verifies and names a bad signature', async () => {
    const items = signatures.map((signature) => ({ signature, registration: closed.entries[signature.signerIndex]! }));
    const ok = await pool.verifySingleSignaturesBatch({ message, items, avk: closed.avk, parameters });
    expect(ok.results.every((r) => r.valid)).toBe(true);
    const bad = [...items, { ...items[0]!, signature: { ...items[0]!.signature, indexes: [31] } }];
    const result = await pool.verifySingleSignaturesBatch({ message, items: bad, avk: closed.avk, parameters });
    expect(result.results.map((r) => (r.valid ? 'ok' : r.error.code))).toEqual(['ok', 'ok', 'ok', 'STM_INDEX_BOUND_FAILED']);
  });
});
