import { afterAll, describe, expect, it } from 'vitest';
import { nonSubgroupG1, nonSubgroupG2, offCurveG1 } from '@mithril/testing/bls-test-points';

import { nobleBackend } from '../bls/noble-backend.js';
import { verificationKeyFromSigningKey } from '../bls/scheme.js';
import { isMithrilError } from '../errors.js';
import { aggregateSignatures } from '../stm/aggregate.js';
import { closeRegistration } from '../stm/registration.js';
import { createSingleSignature } from '../stm/signer.js';
import type { AggregateSignature, StmParameters } from '../stm/types.js';
import { verifyAggregateSignature } from '../stm/verify.js';
import { nodeLotteryHasher } from './hash.js';
import { createVerificationWorkerPool } from './worker-pool.js';

// 72 signers, most of them needed to reach k: enough for the pool to split the aggregate into two slices.
const parameters: StmParameters = { m: 200n, k: 88n, phiF: 0.5 };
const message = new TextEncoder().encode('split aggregate round');
const keys = Array.from({ length: 72 }, (_, i) => BigInt(i + 11) * 0x9e3779b97f4a7c15n);
const closed = closeRegistration(
  keys.map((sk, i) => ({ vk: verificationKeyFromSigningKey(nobleBackend, sk), stake: BigInt(1000 + (i % 7) * 100) })),
);
const singles = keys.flatMap((sk) => {
  const vk = verificationKeyFromSigningKey(nobleBackend, sk);
  const signerIndex = closed.entries.findIndex((e) => e.vk.every((b, i) => b === vk[i]));
  try {
    return [createSingleSignature({ parameters, signingKey: sk, closedRegistration: closed, signerIndex, message, lotteryHasher: nodeLotteryHasher })];
  } catch {
    return []; // this signer won no lottery
  }
});
const { signature: aggregate } = aggregateSignatures({
  message,
  signatures: singles,
  closedRegistration: closed,
  parameters,
  lotteryHasher: nodeLotteryHasher,
  randomBytes: (n) => Uint8Array.from({ length: n }, (_, i) => (i * 37 + 5) & 0xff),
});

type Mutation = (a: AggregateSignature) => AggregateSignature;

function withEntry(index: number, change: (e: AggregateSignature['signatures'][number]) => AggregateSignature['signatures'][number]): Mutation {
  return (a) => ({ ...a, signatures: a.signatures.map((e, i) => (i === index ? change(e) : e)) });
}
const sigmaAt = (index: number, sigma: Uint8Array): Mutation => withEntry(index, (e) => ({ ...e, signature: { ...e.signature, sigma } }));
const vkAt = (index: number, vk: Uint8Array): Mutation => withEntry(index, (e) => ({ ...e, registration: { ...e.registration, vk } }));
const both = (...mutations: Mutation[]): Mutation => (a) => mutations.reduce((acc, m) => m(acc), a);

function inProcessError(signature: AggregateSignature, msg: Uint8Array = message): { code: string; field: string | undefined } | undefined {
  try {
    verifyAggregateSignature({ message: msg, signature, avk: closed.avk, parameters, lotteryHasher: nodeLotteryHasher });
    return undefined;
  } catch (error) {
    if (!isMithrilError(error)) throw error;
    return { code: error.code, field: error.field };
  }
}

describe('createVerificationWorkerPool().verifyAggregateSignature, split across workers', () => {
  const pool = createVerificationWorkerPool({ size: 2 });
  afterAll(() => pool.close());

  it('accepts a valid aggregate large enough to be split', async () => {
    expect(aggregate.signatures.length, 'signatures in the aggregate').toBeGreaterThanOrEqual(48);
    expect(inProcessError(aggregate)).toBeUndefined();
    await expect(pool.verifyAggregateSignature({ message, signature: aggregate, avk: closed.avk, parameters })).resolves.toBeUndefined();
  });

  const last = (): number => aggregate.signatures.length - 1;
  const cases: [string, Mutation, Uint8Array?][] = [
    ['a signature outside the subgroup in the second slice', sigmaAt(50, nonSubgroupG1().bytes)],
    ['a key outside the subgroup in the first slice', vkAt(3, nonSubgroupG2().bytes)],
    ['a bad key in the first slice and a bad signature in the second (signatures first)', both(vkAt(2, nonSubgroupG2().bytes), sigmaAt(55, offCurveG1()))],
    ['bad signatures in both slices (lowest index first)', both(sigmaAt(52, offCurveG1()), sigmaAt(7, nonSubgroupG1().bytes))],
    ['two signatures swapped (lottery or pairing fails)', (a) => sigmaAt(0, a.signatures[last()]!.signature.sigma)(sigmaAt(last(), a.signatures[0]!.signature.sigma)(a))],
    ['an index beyond m', withEntry(31, (e) => ({ ...e, signature: { ...e.signature, indexes: [...e.signature.indexes, 201] } }))],
    ['a duplicated index', withEntry(40, (e) => ({ ...e, signature: { ...e.signature, indexes: [...e.signature.indexes, e.signature.indexes[0]!] } }))],
    ['a registration with another stake (Merkle proof fails)', withEntry(20, (e) => ({ ...e, registration: { ...e.registration, stake: e.registration.stake + 1n } }))],
    ['a signature of the wrong length', sigmaAt(33, new Uint8Array(47).fill(0x80))],
    ['another message', (a) => a, new TextEncoder().encode('another round')],
  ];

  it.each(cases)('rejects %s with the in-process error', async (_, mutate, otherMessage) => {
    const signature = mutate(aggregate);
    const msg = otherMessage ?? message;
    const expected = inProcessError(signature, msg);
    expect(expected).toBeDefined();
    const outcome = await pool.verifyAggregateSignature({ message: msg, signature, avk: closed.avk, parameters }).then(
      () => undefined,
      (error: unknown) => (isMithrilError(error) ? { code: error.code, field: error.field } : error),
    );
    expect(outcome).toEqual(expected);
  });
});
