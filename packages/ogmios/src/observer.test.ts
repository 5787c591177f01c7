import { describeChainObserverConformance } from '@mithril/testing/chain-observer-conformance';
import { startOgmiosStandin, type OgmiosChainState, type OgmiosStandin } from '@mithril/testing/ogmios-standin';
import { bytesToHex, u64be } from '@mithril/sdk';
import { createDevnetChain, devnetPoolId, type DevnetChain } from '@mithril/sdk/devnet';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOgmiosChainObserver, type OgmiosChainObserver } from './observer.js';
import { OgmiosError } from './errors.js';

const pools = ['alice', 'bob', 'carol'].map((name) => devnetPoolId(`ogmios-${name}`));
const schedule = (epoch: bigint): Map<string, bigint> =>
  new Map(pools.map((pool, i) => [pool, i === 2 && epoch % 2n === 1n ? 0n : 2n ** 60n * BigInt(i + 1) + epoch]));

/** The stand-in mirrors a devnet chain: what the devnet reports is what Ogmios serves. */
function stateOf(chain: DevnetChain): () => OgmiosChainState {
  return () => {
    const point = chain.timePoint();
    return {
      epoch: point.epoch,
      slot: point.chainPoint.slotNumber,
      blockHeight: point.chainPoint.blockNumber,
      blockHash: point.chainPoint.blockHash,
      stakes: chain.stakeDistributionAt(point.epoch),
    };
  };
}

let chain: DevnetChain;
let standin: OgmiosStandin;
const observers: OgmiosChainObserver[] = [];

const observe = (extra: Partial<Parameters<typeof createOgmiosChainObserver>[0]> = {}): OgmiosChainObserver => {
  const observer = createOgmiosChainObserver({
    host: standin.host,
    port: standin.port,
    network: 'devnet',
    networkMagic: 42,
    stakeSource: 'stake-pools',
    backoff: { initialDelayMs: 1, maxDelayMs: 5, maxAttempts: 3 },
    ...extra,
  });
  observers.push(observer);
  return observer;
};

beforeAll(async () => {
  chain = createDevnetChain({ stakes: schedule, startEpoch: 3n, slotsPerKesPeriod: 700 });
  standin = await startOgmiosStandin({ state: stateOf(chain), networkMagic: 42, slotsPerKesPeriod: 700 });
});
afterEach(async () => {
  for (const o of observers.splice(0)) await o.close();
});
afterAll(async () => {
  await standin.close();
  expect(standin.schemaErrors).toEqual([]);
});

describeChainObserverConformance({
  name: 'Ogmios observer over the stand-in',
  network: 'devnet',
  create: () => observe(),
  between: () => void chain.addImmutableFile(),
  nextEpoch: () => void chain.advance(),
});

describe('Ogmios observer readings', () => {
  it('reads what the node reports: magic, epoch, era, tip, stake (zero-stake pools left out) and KES period', async () => {
    chain.advance();
    const observer = observe();
    const point = chain.timePoint();
    expect(await observer.getNetworkMagic()).toBe(42);
    expect(await observer.getCurrentEpoch()).toBe(point.epoch);
    expect(await observer.getCurrentEra()).toBe('Conway');
    expect(await observer.getChainPoint()).toEqual(point.chainPoint);
    const expected = [...chain.stakeDistributionAt(point.epoch)].filter(([, s]) => s > 0n);
    expect([...(await observer.getCurrentStakeDistribution())].sort()).toEqual(expected.sort());
    expect(await observer.getCurrentKesPeriod()).toBe(Number(point.chainPoint.slotNumber / 700n));
  });

  it('keeps stakes above 2^53 exact', async () => {
    const distribution = await observe().getCurrentStakeDistribution();
    expect(distribution.get(pools[1]!)! > 2n ** 60n).toBe(true);
    expect(distribution.get(pools[1]!)! % 2n ** 60n).toBe(chain.timePoint().epoch);
  });

  it('every message of the stand-in matched the Ogmios v6.14.0 schemas, requests and replies', () => {
    expect(standin.traffic.length).toBeGreaterThan(10);
    const schemas = new Set(standin.traffic.map((t) => t.schema));
    for (const name of [
      'QueryNetworkGenesisConfiguration',
      'QueryLedgerStateEpochResponse',
      'QueryLedgerStateStakePoolsResponse',
      'QueryNetworkTipResponse',
    ]) {
      expect(schemas.has(name), name).toBe(true);
    }
    expect(standin.schemaErrors).toEqual([]);
  });
});

describe('Ogmios observer errors', () => {
  it('turns a JSON-RPC error reply into a typed error (the client alone would resolve undefined)', async () => {
    const observer = observe();
    await observer.getNetworkMagic();
    standin.failNext('queryLedgerState/epoch', { code: 2003, message: 'Acquired ledger state expired', data: 'the point is too old' });
    const error = await observer.getCurrentEpoch().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OgmiosError);
    expect((error as OgmiosError).code).toBe('OGMIOS_RPC_ERROR');
    expect((error as OgmiosError).rpcCode).toBe(2003);
    expect((error as OgmiosError).message).toContain('queryLedgerState/epoch');
    // The next reading works again on the same connection.
    expect(await observer.getCurrentEpoch()).toBe(chain.timePoint().epoch);
  });

  it('the bare client resolves the same error reply to undefined (the quirk the observer guards against)', async () => {
    const client = await import('@cardano-ogmios/client');
    const context = await client.createInteractionContext(
      () => {},
      () => {},
      { connection: { host: standin.host, port: standin.port } },
    );
    const query = await client.createLedgerStateQueryClient(context);
    standin.failNext('queryLedgerState/epoch', { code: 2003, message: 'Acquired ledger state expired', data: 'the point is too old' });
    expect(await query.epoch()).toBeUndefined();
    await query.shutdown();
  });

  it('names an unknown method with -32601', async () => {
    const observer = observe();
    await expect(observer.connection.request('queryLedgerState/nothing')).rejects.toMatchObject({ code: 'OGMIOS_RPC_ERROR', rpcCode: -32601 });
  });

  it('refuses a node on another network', async () => {
    await expect(observe({ networkMagic: 764824073 }).getCurrentEpoch()).rejects.toMatchObject({ code: 'OGMIOS_NETWORK_MISMATCH' });
  });

  it('reconnects after the socket closes', async () => {
    const observer = observe();
    await observer.getCurrentEpoch();
    const before = observer.connection.connects;
    standin.dropConnections();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await observer.getCurrentEpoch()).toBe(chain.timePoint().epoch);
    expect(observer.connection.connects).toBe(before + 1);
  });

  it('gives up with OGMIOS_UNREACHABLE after the backoff attempts when nothing listens', async () => {
    const dead = await startOgmiosStandin({ state: stateOf(chain) });
    const port = dead.port;
    await dead.close();
    const delays: number[] = [];
    const observer = observe({
      port,
      backoff: { initialDelayMs: 10, maxDelayMs: 25, maxAttempts: 4 },
      sleep: async (ms) => void delays.push(ms),
    });
    await expect(observer.getCurrentEpoch()).rejects.toMatchObject({ code: 'OGMIOS_UNREACHABLE' });
    expect(delays).toEqual([10, 20, 25]);
  });

  it('refuses a configuration without an explicit stake source', () => {
    expect(() => observe({ stakeSource: 'live' as 'stake-pools' })).toThrow(/stakeSource/);
    expect(bytesToHex(u64be(1n))).toBe('0000000000000001');
  });
});
