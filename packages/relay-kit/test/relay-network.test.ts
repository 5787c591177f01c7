import { createLocalNetwork, type LocalNetwork } from '@mithril/devnet';
import { afterEach, describe, expect, it } from 'vitest';
import { createSignerRelay, type SignerRelay } from '../src/index.js';
import { hitsOf, startLoopbackServer, type LoopbackServer } from './servers.js';

const GENESIS_SECRET = '22'.repeat(32);
const POOLS = [
  { name: 'alice', stake: 3_000_000n },
  { name: 'bob', stake: 2_000_000n },
  { name: 'carol', stake: 1_000_000n },
];

function seeded(): (length: number) => Uint8Array {
  let n = 0;
  return (length) => {
    n++;
    return Uint8Array.from({ length }, (_, i) => (n * 97 + i * 13 + 5) & 0xff);
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** An aggregator on a loopback port and signers that reach it only through a signer relay on another one. */
async function relayedNetwork(): Promise<{ network: LocalNetwork; relay: SignerRelay; aggregator: LoopbackServer; relayServer: LoopbackServer }> {
  let network: LocalNetwork | undefined;
  const aggregator = await startLoopbackServer(() => (request) => network!.aggregator.fetch(request));
  const relay = createSignerRelay({ upstreams: [`${aggregator.origin}/aggregator`] });
  const relayServer = await startLoopbackServer(() => relay.fetch);
  network = createLocalNetwork({
    genesisSecretKey: GENESIS_SECRET,
    pools: POOLS,
    randomBytes: seeded(),
    aggregatorEndpoint: `${aggregator.origin}/aggregator`,
    signerEndpoint: relayServer.origin,
  });
  cleanups.push(
    () => network!.close(),
    () => relayServer.close(),
    () => aggregator.close(),
  );
  return { network, relay, aggregator, relayServer };
}

describe('signer relay in a network', () => {
  it('certifies every epoch after genesis when the signers reach the aggregator only through the relay', async () => {
    const { network, relay, aggregator, relayServer } = await relayedNetwork();
    for (let epoch = 1n; epoch <= 6n; epoch++) {
      if (epoch > 1n) network.advanceEpoch();
      await network.settleEpoch(6);
      const report = await network.verifyEpoch(epoch);
      expect(report.failures).toEqual([]);
      if (epoch === 2n) expect(report.genesis).toBe(true);
      if (epoch >= 3n) {
        expect([...report.certificates].sort()).toEqual([`CardanoStakeDistribution-${epoch - 1n}`, `MithrilStakeDistribution-${epoch}`]);
        expect(report.signers).toEqual(['alice', 'bob', 'carol']);
      }
    }
    // Every signer POST the aggregator received came from the relay, and the relay forwarded each one.
    const stats = await relay.stats();
    expect(stats.registrations.forwarded).toBe(hitsOf(aggregator, 'POST /aggregator/register-signer'));
    expect(stats.signatures.forwarded).toBe(hitsOf(aggregator, 'POST /aggregator/register-signatures'));
    expect(stats.signatures.forwarded).toBeGreaterThan(0);
    expect(hitsOf(relayServer, 'POST /register-signatures')).toBe(stats.signatures.received);
    expect(stats.signatures.buffered).toBe(0);
  });
});
