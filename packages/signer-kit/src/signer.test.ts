import { describe, expect, it } from 'vitest';
import { createStorage } from 'unstorage';
import memoryDriver from 'unstorage/drivers/memory';
import { createDevnetChain, devnetPoolId, type DevnetChain } from '@mithril/sdk/devnet';
import { aggregateSignatures } from '@mithril/sdk';
import type { StmParameters } from '@mithril/sdk';
import { createRouteContractAggregator, type RouteContractAggregator } from '../test/route-contract-aggregator.js';
import { createSigner, type Signer, type SignerEvents } from './signer.js';

const parameters: StmParameters = { k: 5n, m: 50n, phiF: 0.65 };
const pools = ['a', 'b', 'c'].map((seed) => devnetPoolId(`signer-kit-test-${seed}`));
const [poolA, poolB, poolC] = pools as [string, string, string];

function seededRandom(seed: number): (length: number) => Uint8Array {
  let counter = 0;
  return (length) => {
    counter++;
    return Uint8Array.from({ length }, (_, i) => (seed * 31 + counter * 7 + i * 13) & 0xff);
  };
}

interface Harness {
  chain: DevnetChain;
  aggregator: RouteContractAggregator;
  signers: Signer[];
  events: { party: string; name: keyof SignerEvents; data: unknown }[];
  /** Number of upcoming `/register-signatures` requests that fail with a network error. */
  failSignatures: number;
  /** Moves the chain one epoch, lets the aggregator follow, then ticks every signer. */
  nextEpoch(): Promise<void>;
  tickAll(): Promise<void>;
}

function harness(options: { stakes?: Map<string, bigint>; storage?: ReturnType<typeof createStorage> } = {}): Harness {
  const chain = createDevnetChain({
    stakes: new Map([
      [
        0n,
        options.stakes ??
          new Map([
            [poolA, 1000n],
            [poolB, 2000n],
            [poolC, 3000n],
          ]),
      ],
    ]),
  });
  const aggregator = createRouteContractAggregator(chain, parameters);
  const events: Harness['events'] = [];
  const signers = pools.map((partyId, i) => {
    const signer = createSigner({
      partyId,
      chainObserver: chain,
      fetch: async (request) => {
        if (request.url.endsWith('/register-signatures') && h.failSignatures > 0) {
          h.failSignatures--;
          throw new TypeError('connection refused');
        }
        return aggregator.fetch(request);
      },
      randomBytes: seededRandom(i + 1),
      publishRetry: { attempts: 3, delayMs: 1 },
      ...(options.storage === undefined ? {} : { storage: options.storage }),
    });
    signer.events.on('*', (name, data) => events.push({ party: partyId, name, data }));
    return signer;
  });
  const tickAll = async (): Promise<void> => {
    for (const signer of signers) await signer.tick();
  };
  const h: Harness = {
    chain,
    aggregator,
    signers,
    events,
    failSignatures: 0,
    tickAll,
    async nextEpoch() {
      chain.advance();
      await aggregator.sync();
      await tickAll();
    },
  };
  return h;
}

describe('createSigner against the route contract', () => {
  it('registers every epoch for epoch + 1 and signs from its third epoch with messages the aggregator agrees with', async () => {
    const h = harness();
    await h.aggregator.sync();
    await h.tickAll();
    // Epoch 1: registered for 2, nothing to sign yet (trap 42).
    expect([...(h.aggregator.registrations.get(2n)?.keys() ?? [])].sort()).toEqual([...pools].sort());
    expect(h.signers.map((s) => s.state)).toEqual(pools.map(() => ({ name: 'registered-not-able-to-sign', epoch: 1n })));
    await h.nextEpoch();
    expect(h.aggregator.registrations.get(3n)?.size).toBe(3);
    expect(h.signers.every((s) => s.state.name === 'registered-not-able-to-sign')).toBe(true);
    await h.nextEpoch();
    // Epoch 3: the keys registered for 2 sign MSD(3) and CSD(2).
    expect(h.signers.map((s) => s.state)).toEqual(pools.map(() => ({ name: 'ready-to-sign', epoch: 3n })));
    const msd = h.aggregator.collected.filter((c) => c.beacon === 'MithrilStakeDistribution-3');
    const csd = h.aggregator.collected.filter((c) => c.beacon === 'CardanoStakeDistribution-2');
    expect(msd.length + csd.length).toBeGreaterThan(0);
    for (const c of msd) expect(c.signedMessage).toBe(h.aggregator.expectedMessage('MithrilStakeDistribution'));
    for (const c of csd) expect(c.signedMessage).toBe(h.aggregator.expectedMessage('CardanoStakeDistribution'));
    // The collected signatures reach a quorum (k = 5 of m = 50 with phi_f = 0.65 and three signers).
    const closed = h.aggregator.currentRegistration();
    const aggregate = aggregateSignatures({
      message: new TextEncoder().encode(h.aggregator.expectedMessage('MithrilStakeDistribution')),
      signatures: msd.map((c) => c.signature),
      closedRegistration: closed,
      parameters,
    });
    expect(aggregate.indexCount).toBeGreaterThanOrEqual(5);
    // Each beacon is handled once: another tick publishes nothing new.
    const before = h.aggregator.log.filter((l) => l.startsWith('POST /register-signatures')).length;
    await h.tickAll();
    expect(h.aggregator.log.filter((l) => l.startsWith('POST /register-signatures')).length).toBe(before);
    // Registrations are once per epoch: the recording epoch is always aggregator epoch + 1.
    const registered = h.events.filter((e) => e.name === 'registered').map((e) => (e.data as { epoch: bigint }).epoch);
    expect(registered.sort()).toEqual([2n, 2n, 2n, 3n, 3n, 3n, 4n, 4n, 4n]);
  });

  it('retries registration on the next tick after a 550', async () => {
    const h = harness();
    await h.aggregator.sync();
    h.aggregator.roundOpen = false;
    await h.tickAll();
    expect(h.signers.every((s) => s.state.name === 'unregistered')).toBe(true);
    const deferred = h.events.filter((e) => e.name === 'registration-deferred').map((e) => e.data);
    expect(deferred).toEqual(pools.map(() => ({ epoch: 2n, reason: 'round-not-open' })));
    h.aggregator.roundOpen = true;
    await h.tickAll();
    expect(h.aggregator.registrations.get(2n)?.size).toBe(3);
    // The retried registration re-sent the key generated on the first attempt: one key per epoch.
    const posted = h.aggregator.log.filter((l) => l.startsWith('POST /register-signer'));
    expect(posted).toEqual([...pools.map(() => 'POST /register-signer 550'), ...pools.map(() => 'POST /register-signer 201')]);
  });

  it('keeps its keys through a restart on the same storage and never signs a beacon twice', async () => {
    const storage = createStorage({ driver: memoryDriver() });
    const h = harness({ storage });
    await h.aggregator.sync();
    await h.tickAll();
    await h.nextEpoch();
    await h.nextEpoch();
    const signaturesBefore = h.aggregator.collected.length;
    const keysBefore = [...(h.aggregator.registrations.get(4n)?.values() ?? [])].map((r) => r.verificationKey);
    // New processes over the same storage, with different randomness: they must reuse the stored keys.
    const restarted = pools.map((partyId, i) =>
      createSigner({ partyId, chainObserver: h.chain, fetch: (r) => h.aggregator.fetch(r), storage, randomBytes: seededRandom(100 + i) }),
    );
    for (const s of restarted) await s.tick();
    expect(restarted.every((s) => s.state.name === 'ready-to-sign')).toBe(true);
    expect(h.aggregator.collected.length).toBe(signaturesBefore);
    expect([...(h.aggregator.registrations.get(4n)?.values() ?? [])].map((r) => r.verificationKey)).toEqual(keysBefore);
    h.chain.advance();
    await h.aggregator.sync();
    for (const s of restarted) await s.tick();
    expect(restarted.every((s) => s.state.name === 'ready-to-sign')).toBe(true);
    expect(h.aggregator.collected.some((c) => c.beacon === 'MithrilStakeDistribution-4')).toBe(true);
  });

  it('derives its keys from the injected randomness only', async () => {
    const keys: string[] = [];
    for (let run = 0; run < 2; run++) {
      const h = harness();
      await h.aggregator.sync();
      await h.tickAll();
      keys.push(JSON.stringify([...(h.aggregator.registrations.get(2n)?.values() ?? [])]));
    }
    expect(keys[0]).toBe(keys[1]);
  });

  it('publishes with retries, treats 410 as success, and retries a beacon next tick when the aggregator stays down', async () => {
    const h = harness();
    await h.aggregator.sync();
    await h.tickAll();
    await h.nextEpoch();
    h.chain.advance();
    await h.aggregator.sync();
    h.aggregator.certified.add('MithrilStakeDistribution-3');
    const [first, second] = h.signers as [Signer, Signer];

    // Two network failures, then success on the third attempt.
    h.failSignatures = 2;
    const statuses: unknown[] = [];
    first.events.on('signature-published', (e) => statuses.push([e.signedEntityType.type, e.status]));
    await first.tick();
    expect(statuses).toEqual([
      ['MithrilStakeDistribution', 410],
      ['CardanoStakeDistribution', 201],
    ]);
    expect(h.events.filter((e) => e.party === first.partyId && e.name === 'error')).toEqual([]);

    // The aggregator stays down: the failure is reported and the beacons are retried on the next tick.
    h.failSignatures = 1000;
    await second.tick();
    const errors = h.events.filter((e) => e.party === second.partyId && e.name === 'error').map((e) => e.data as { phase: string });
    expect(errors.map((e) => e.phase)).toEqual(['publish', 'publish']);
    h.failSignatures = 0;
    await second.tick();
    expect(h.aggregator.collected.filter((c) => c.partyId === second.partyId).map((c) => c.beacon)).toEqual(['CardanoStakeDistribution-2']);
  });

  it('ticks on its own between start() and stop()', async () => {
    const h = harness();
    await h.aggregator.sync();
    const signer = createSigner({
      partyId: poolA,
      chainObserver: h.chain,
      fetch: (request) => h.aggregator.fetch(request),
      runIntervalMs: 5,
    });
    const reached = new Promise<void>((resolve) =>
      signer.events.on('state-changed', ({ to }) => {
        if (to.name === 'registered-not-able-to-sign') resolve();
      }),
    );
    signer.start();
    signer.start();
    await reached;
    await signer.stop();
    const requests = h.aggregator.log.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(h.aggregator.log.length).toBe(requests);
    expect(h.aggregator.registrations.get(2n)?.has(poolA)).toBe(true);
  });

  it('refuses incomplete options with a typed error', () => {
    const chain = createDevnetChain({ stakes: new Map([[0n, new Map([[poolA, 1n]])]]) });
    expect(() => createSigner({ partyId: '', chainObserver: chain, fetch: async () => new Response() })).toThrow(/partyId/);
    expect(() => createSigner({ partyId: poolA, chainObserver: chain })).toThrow(/aggregatorEndpoint/);
    expect(() => createSigner({ partyId: poolA, chainObserver: chain, aggregatorEndpoint: 'not a url' })).toThrow(/aggregatorEndpoint/);
  });
});
