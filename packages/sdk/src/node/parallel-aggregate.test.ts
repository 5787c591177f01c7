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
import { createStmVerificationCache } from '../stm/cache.js';
import { computeAggregateShare } from './aggregate-share.js';
import { nodeLotteryHasher } from './hash.js';
import { type AggregateShareRunner, verifyAggregateInShares } from './parallel-aggregate.js';
import { createVerificationWorkerPool, rebuildError } from './worker-pool.js';

// 72 signers, most of them needed to reach k: enough for the pool to split the aggregate into two slices.
const parameters: StmParameters = { m: 200n, k: 88n, phiF: 0.5 };
const message = new TextEncoder().encode('split aggregate round');
const keys = Array.from({ length: 72 }, (_, i) => BigInt(i + 11) * 0x9e3779b97f4a7c15n);
const closed = closeRegistration(keys.map((sk, i) => ({ vk: verificationKeyFromSigningKey(nobleBackend, sk), stake: BigInt(1000 + (i % 7) * 100) })));
const singles = keys.flatMap((sk) => {
  const vk = verificationKeyFromSigningKey(nobleBackend, sk);
  const signerIndex = closed.entries.findIndex((e) => e.vk.every((b, i) => b === vk[i]));
  try {
    return [
      createSingleSignature({ parameters, signingKey: sk, closedRegistration: closed, signerIndex, message, lotteryHasher: nodeLotteryHasher }),
    ];
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
const both =
  (...mutations: Mutation[]): Mutation =>
  (a) =>
    mutations.reduce((acc, m) => m(acc), a);

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

  it('verifies again after its caches are emptied, and refuses work once closed', async () => {
    await pool.clearCaches();
    await expect(pool.verifyAggregateSignature({ message, signature: aggregate, avk: closed.avk, parameters })).resolves.toBeUndefined();
    const other = createVerificationWorkerPool({ size: 1 });
    await other.close();
    await expect(other.clearCaches()).rejects.toThrow(/closed/);
  });

  const last = (): number => aggregate.signatures.length - 1;
  const cases: [string, Mutation, Uint8Array?][] = [
    ['a signature outside the subgroup in the second slice', sigmaAt(50, nonSubgroupG1().bytes)],
    ['a key outside the subgroup in the first slice', vkAt(3, nonSubgroupG2().bytes)],
    [
      'a bad key in the first slice and a bad signature in the second (signatures first)',
      both(vkAt(2, nonSubgroupG2().bytes), sigmaAt(55, offCurveG1())),
    ],
    ['bad signatures in both slices (lowest index first)', both(sigmaAt(52, offCurveG1()), sigmaAt(7, nonSubgroupG1().bytes))],
    [
      'two signatures swapped (lottery or pairing fails)',
      (a) => sigmaAt(0, a.signatures[last()]!.signature.sigma)(sigmaAt(last(), a.signatures[0]!.signature.sigma)(a)),
    ],
    ['an index beyond m', withEntry(31, (e) => ({ ...e, signature: { ...e.signature, indexes: [...e.signature.indexes, 201] } }))],
    [
      'a duplicated index',
      withEntry(40, (e) => ({ ...e, signature: { ...e.signature, indexes: [...e.signature.indexes, e.signature.indexes[0]!] } })),
    ],
    [
      'a registration with another stake (Merkle proof fails)',
      withEntry(20, (e) => ({ ...e, registration: { ...e.registration, stake: e.registration.stake + 1n } })),
    ],
    ['a signature of the wrong length', sigmaAt(33, new Uint8Array(47).fill(0x80))],
    ['another message', (a) => a, new TextEncoder().encode('another round')],
    ['an empty aggregate', (a) => ({ ...a, signatures: [] })],
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

describe('the split on an mcl-wasm worker pool', () => {
  const pool = createVerificationWorkerPool({ size: 2, backend: 'mcl' });
  afterAll(() => pool.close());

  it('accepts the aggregate and names the same bad point as in-process', async () => {
    await expect(pool.verifyAggregateSignature({ message, signature: aggregate, avk: closed.avk, parameters })).resolves.toBeUndefined();
    const signature = both(vkAt(4, nonSubgroupG2().bytes), sigmaAt(aggregate.signatures.length - 1, nonSubgroupG1().bytes))(aggregate);
    const outcome = await pool.verifyAggregateSignature({ message, signature, avk: closed.avk, parameters }).then(
      () => undefined,
      (error: unknown) => (isMithrilError(error) ? { code: error.code, field: error.field } : error),
    );
    expect(outcome).toEqual(inProcessError(signature));
  });
});

describe('verifyAggregateInShares (the split, with in-thread shares finishing in reverse order)', () => {
  function runner(shares: number) {
    const offsets: number[] = [];
    let whole = 0;
    const workerCache = createStmVerificationCache();
    const r: AggregateShareRunner = {
      shares,
      runShare: async (task) => {
        offsets.push(task.offset);
        // Later slices answer first, so the caller cannot rely on completion order.
        await new Promise((done) => setTimeout(done, 5 * (shares - offsets.length)));
        return computeAggregateShare(nobleBackend, workerCache, task);
      },
      runWhole: async (options) => {
        whole++;
        verifyAggregateSignature({ ...options, lotteryHasher: nodeLotteryHasher });
      },
      backend: async () => nobleBackend,
      cache: createStmVerificationCache(),
      lotteryHasher: nodeLotteryHasher,
      rebuildError,
    };
    return { r, offsets, wholeCalls: () => whole };
  }
  const outcome = (r: AggregateShareRunner, signature: AggregateSignature) =>
    verifyAggregateInShares(r, { message, signature, avk: closed.avk, parameters }).then(
      () => undefined,
      (error: unknown) => (isMithrilError(error) ? { code: error.code, field: error.field } : error),
    );

  it('covers every signature with consecutive slices, one per worker', async () => {
    const { r, offsets, wholeCalls } = runner(2);
    expect(await outcome(r, aggregate)).toBeUndefined();
    expect(offsets).toEqual([0, Math.ceil(aggregate.signatures.length / 2)]);
    expect(wholeCalls()).toBe(0);
  });

  it('keeps the in-process error order when slices fail out of order', async () => {
    const signature = both(vkAt(1, nonSubgroupG2().bytes), sigmaAt(aggregate.signatures.length - 2, offCurveG1()))(aggregate);
    const { r, offsets } = runner(2);
    expect(await outcome(r, signature)).toEqual(inProcessError(signature));
    expect(offsets).toHaveLength(2);
  });

  it('leaves small aggregates and malformed signatures to the whole-aggregate path', async () => {
    const small = { ...aggregate, signatures: aggregate.signatures.slice(0, 30) };
    const first = runner(2);
    expect(await outcome(first.r, small)).toEqual(inProcessError(small));
    expect([first.offsets.length, first.wholeCalls()]).toEqual([0, 1]);
    const short = sigmaAt(40, new Uint8Array(47).fill(0x80))(aggregate);
    const second = runner(2);
    expect(await outcome(second.r, short)).toEqual(inProcessError(short));
    expect([second.offsets.length, second.wholeCalls()]).toEqual([0, 1]);
  });
});
