import { startOgmiosStandin, type OgmiosStandin } from '@mithril/testing/ogmios-standin';
import { call, createTestNetwork, type TestChain, type TestNetwork } from '@mithril/testing/test-network';
import { parseCertificate, parseGenesisVerificationKey, walkCertificateChain } from '@mithril/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOgmiosChainObserver, type OgmiosChainObserver } from './observer.js';

let testChain: TestChain | undefined;
let standin: OgmiosStandin;
let observer: OgmiosChainObserver;

beforeAll(async () => {
  // The stand-in serves the test network's own devnet chain over Ogmios JSON-RPC; the aggregator only sees Ogmios.
  standin = await startOgmiosStandin({
    state: () => {
      const point = testChain!.timePoint();
      return {
        epoch: point.epoch,
        slot: point.chainPoint.slotNumber,
        blockHeight: point.chainPoint.blockNumber,
        blockHash: point.chainPoint.blockHash,
        stakes: testChain!.stakesDuring(point.epoch),
      };
    },
  });
  observer = createOgmiosChainObserver({ port: standin.port, network: 'devnet', networkMagic: 42, stakeSource: 'stake-pools' });
});
afterAll(async () => {
  await observer.close();
  await standin.close();
});

describe('a test network whose chain data comes from Ogmios', () => {
  it('certifies MSD and CSD for three epochs, every certificate chain verifies, and all Ogmios traffic matches the schemas', async () => {
    const net: TestNetwork = createTestNetwork({ k: 5n, m: 50n, phiF: 0.65 }, { chain: observer });
    testChain = net.chain;
    const { aggregator, chain } = net;
    expect(await aggregator.runner.tick()).toBe('blocked');
    expect(await net.registerAll()).toEqual([201, 201, 201]);
    chain.advance();
    expect(await aggregator.runner.tick()).toBe('blocked'); // genesis at 11
    for (let epoch = 12n; epoch <= 14n; epoch++) {
      expect(await net.registerAll()).toEqual([201, 201, 201]);
      chain.advance();
      expect(await aggregator.runner.tick()).toBe('signing');
      // Signers that win no lottery index send nothing; the CSD signatures are buffered (202) until its round opens.
      const msd = await net.signAll({ type: 'MithrilStakeDistribution', epoch });
      expect(msd.length > 0 && msd.every((s) => s === 201), String(msd)).toBe(true);
      const csd = await net.signAll({ type: 'CardanoStakeDistribution', epoch: epoch - 1n });
      expect(csd.length > 0 && csd.every((s) => s === 202), String(csd)).toBe(true);
      expect(await aggregator.runner.tick()).toBe('ready');
    }
    const list = (await (await call(aggregator, 'GET', '/certificates')).json()) as { hash: string; epoch: number }[];
    expect(list).toHaveLength(7); // genesis + 3 epochs × (MSD + CSD)
    expect(list[0]!.epoch).toBe(14);
    const genesisKey = parseGenesisVerificationKey(aggregator.config.genesisVerificationKey);
    const getCertificate = async (hash: string) => parseCertificate(await (await call(aggregator, 'GET', `/certificate/${hash}`)).text());
    for (const { hash } of list) await walkCertificateChain(hash, { getCertificate, genesisKey });
    expect(standin.traffic.filter((t) => t.schema === 'QueryLedgerStateStakePoolsResponse').length).toBeGreaterThan(0);
    expect(standin.schemaErrors).toEqual([]);
  });
});
