import { createStorage } from 'unstorage';
import { afterAll, describe, expect, it } from 'vitest';
import { AggregatorStore } from './store.js';
import { decodeSingleSignatureJsonHex, encodeSingleSignatureJsonHex } from './sdk.js';
import { call, createTestNetwork, signatureBody, type TestNetwork } from '@mithril/testing/test-network';
import { createWorkerVerifier, type WorkerSignatureVerifier, type WorkerVerifierOptions } from './node.js';
import type { AggregatorOptions } from './types.js';
import type { VerificationOptions } from './verifier.js';

/** In-process modes through `verification`; worker threads through the Node subpath's verifier. */
type Setup = VerificationOptions | (WorkerVerifierOptions & { readonly mode: 'workers' }) | { readonly verifier: WorkerSignatureVerifier };

function overridesFor(setup: Setup): Partial<AggregatorOptions> {
  if ('verifier' in setup) return { verifier: setup.verifier };
  if (setup.mode === 'workers') return { verifier: createWorkerVerifier(setup) };
  return { verification: setup };
}

const parameters = { k: 5n, m: 50n, phiF: 0.65 };
const MSD = { type: 'MithrilStakeDistribution', epoch: 12n } as const;
const CSD = { type: 'CardanoStakeDistribution', epoch: 11n } as const;

/**
 * A network at epoch 12 with MSD(12) open: genesis at 11, every signer registered for 11 and 12. Equal stakes, so
 * that every signer wins lotteries and several signatures can share a batch.
 */
async function signingNetwork(setup: Setup, extra: Partial<AggregatorOptions> = {}): Promise<TestNetwork> {
  const net = createTestNetwork(parameters, { ...overridesFor(setup), ...extra });
  for (const pool of net.chain.stakes.keys()) net.chain.stakes.set(pool, 1_000_000_000n);
  await net.aggregator.runner.tick();
  await net.registerAll();
  net.chain.advance();
  await net.aggregator.runner.tick();
  await net.registerAll();
  net.chain.advance();
  expect(await net.aggregator.runner.tick()).toBe('signing');
  return net;
}

/** Posts bodies all at once (so that they share a batch) and returns the statuses and texts in order. */
async function postTogether(net: TestNetwork, bodies: readonly unknown[]): Promise<{ status: number; text: string }[]> {
  return Promise.all(
    bodies.map(async (body) => {
      const response = await call(net.aggregator, 'POST', '/register-signatures', body);
      return { status: response.status, text: await response.text() };
    }),
  );
}

async function bodiesFor(net: TestNetwork, type: typeof MSD | typeof CSD): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const s of net.signers) {
    const body = await signatureBody(net.aggregator, net.chain, s, type);
    if (body !== undefined) out.push(body);
  }
  return out;
}

/** One full round with concurrent submissions; returns the served certificates (newest first). */
async function roundCertificates(verification: Setup): Promise<{ net: TestNetwork; certificates: string[] }> {
  const net = await signingNetwork(verification);
  const msd = await postTogether(net, await bodiesFor(net, MSD));
  expect(msd.map((r) => r.status).every((s) => s === 201)).toBe(true);
  const csd = await postTogether(net, await bodiesFor(net, CSD));
  expect(csd.map((r) => r.status).every((s) => s === 202)).toBe(true);
  expect(await net.aggregator.runner.tick()).toBe('ready');
  const list = (await (await call(net.aggregator, 'GET', '/certificates')).json()) as { hash: string }[];
  const certificates: string[] = [];
  for (const { hash } of list) certificates.push(await (await call(net.aggregator, 'GET', `/certificate/${hash}`)).text());
  return { net, certificates };
}

/**
 * A signature of `body`'s signer carrying another signer's sigma: decodes fine, fails verification. Without indexes
 * no lottery can fail, so only the (batched) pairing check catches it.
 */
function withForeignSigma(body: Record<string, unknown>, donor: Record<string, unknown>, keepIndexes: boolean): Record<string, unknown> {
  const own = decodeSingleSignatureJsonHex(body['signature'] as string, 'signature', { mode: 'lenient' });
  const other = decodeSingleSignatureJsonHex(donor['signature'] as string, 'signature', { mode: 'lenient' });
  const indexes = keepIndexes ? own.indexes : [];
  return { ...body, indexes: [...indexes], signature: encodeSingleSignatureJsonHex({ ...own, sigma: other.sigma, indexes }) };
}

describe('verification modes', () => {
  const started: TestNetwork[] = [];
  afterAll(async () => {
    for (const net of started) await net.aggregator.close();
  });

  it('certifies the same certificates inline, in batches and on worker threads', async () => {
    const inline = await roundCertificates({ mode: 'inline' });
    const batch = await roundCertificates({ mode: 'batch', batchWindowMs: 5 });
    const workers = await roundCertificates({ mode: 'workers', workers: 1, batchWindowMs: 5 });
    started.push(inline.net, batch.net, workers.net);
    expect(inline.certificates).toHaveLength(3);
    expect(batch.certificates).toEqual(inline.certificates);
    expect(workers.certificates).toEqual(inline.certificates);
    // Concurrent submissions did share checks: 6 signatures (3 MSD, 3 CSD) in fewer checks.
    for (const { net } of [batch, workers]) {
      const stats = net.aggregator.verifier.stats();
      expect(stats.signatures).toBe(6);
      expect(stats.checks).toBeLessThan(6);
    }
    expect(inline.net.aggregator.verifier.stats().checks).toBe(0);
  }, 120_000);

  it.each([
    ['batch mode', { mode: 'batch', batchWindowMs: 20 }],
    ['workers mode', { mode: 'workers', workers: 1, batchWindowMs: 20 }],
  ] as const)(
    'answers a bad signature inside a batch (%s) exactly as inline, and accepts the good ones',
    async (_name, verification) => {
      const inline = await signingNetwork({ mode: 'inline' });
      const batchedStorage = createStorage();
      const batched = await signingNetwork(verification, { storage: batchedStorage });
      started.push(inline, batched);
      const bodies = await bodiesFor(batched, MSD);
      expect(bodies).toHaveLength(3);
      // The same signer keys on both networks (deterministic seeds), so the same bodies apply to both.
      expect(await bodiesFor(inline, MSD)).toEqual(bodies);
      const bad = [withForeignSigma(bodies[0]!, bodies[1]!, false), withForeignSigma(bodies[0]!, bodies[1]!, true)];
      const expected = await postTogether(inline, bad);
      for (const answer of expected) {
        expect(answer.status).toBe(400);
        expect(JSON.parse(answer.text)).toMatchObject({ label: 'Could not authenticate signature' });
      }

      const answers = await postTogether(batched, [...bad, ...bodies.slice(1)]);
      expect(answers.slice(0, 2)).toEqual(expected);
      expect(answers.slice(2).map((a) => a.status)).toEqual(bodies.slice(1).map(() => 201));
      // One check for the four against the current keys, which failed and fell back to individual checks; then, as
      // inline, the two refused ones are tried against the next-epoch keys (one more check).
      const stats = batched.aggregator.verifier.stats();
      expect({ checks: stats.checks, signatures: stats.signatures }).toEqual({ checks: 2, signatures: 6 });
      expect(stats.fallbacks).toBeGreaterThanOrEqual(1);
      const stored = await new AggregatorStore(batchedStorage, 'mithril-aggregator').listSignatures('MithrilStakeDistribution-12');
      expect(stored.map((r) => r.partyId).sort()).toEqual(
        bodies
          .slice(1)
          .map((b) => b['party_id'])
          .sort(),
      );
    },
    120_000,
  );

  it('closes the worker threads when the runner stops, and starts them again on demand', async () => {
    const verification = createWorkerVerifier({ workers: 2 });
    const net = await signingNetwork({ verifier: verification });
    started.push(net);
    expect(verification.workerThreads).toBe(0); // nothing verified yet: no thread started
    const bodies = await bodiesFor(net, MSD);
    expect(bodies).toHaveLength(3);
    expect((await postTogether(net, bodies.slice(0, 1))).map((a) => a.status)).toEqual([201]);
    expect(verification.workerThreads).toBe(2);
    await net.aggregator.runner.stop();
    expect(verification.workerThreads).toBe(0);
    expect((await postTogether(net, bodies.slice(1))).map((a) => a.status)).toEqual(bodies.slice(1).map(() => 201));
    expect(verification.workerThreads).toBe(2);
    await net.aggregator.close();
    expect(verification.workerThreads).toBe(0);
  }, 120_000);
});
