import { describe, expect, it } from 'vitest';
import { parseCertificate, parseGenesisVerificationKey } from './sdk.js';
import { walkCertificateChain } from '@mithril/sdk';
import { call, createTestNetwork } from '@mithril/testing/test-network';

const parameters = { k: 5n, m: 50n, phiF: 0.65 };

describe('an in-process round', () => {
  it('certifies MSD and CSD with certificates that the SDK verifies down to genesis', async () => {
    const net = createTestNetwork(parameters);
    const { aggregator, chain } = net;
    const events: string[] = [];
    aggregator.events.on('*', (type) => events.push(String(type)));

    expect(await aggregator.runner.tick()).toBe('blocked'); // epoch 10: nobody registered for 10, no genesis
    expect(await net.registerAll()).toEqual([201, 201, 201]); // recorded under 11
    chain.advance();
    expect(await aggregator.runner.tick()).toBe('blocked'); // epoch 11: genesis with signers@11, blocked in its epoch
    expect((await call(aggregator, 'GET', '/certificate/genesis')).status).toBe(200);
    expect(await net.registerAll()).toEqual([201, 201, 201]); // recorded under 12
    chain.advance();
    expect(await aggregator.runner.tick()).toBe('signing'); // epoch 12: MSD(12) open

    const msd = await net.signAll({ type: 'MithrilStakeDistribution', epoch: 12n });
    expect(msd.every((s) => s === 201)).toBe(true);
    const csd = await net.signAll({ type: 'CardanoStakeDistribution', epoch: 11n });
    expect(csd.every((s) => s === 202)).toBe(true); // buffered: its open message does not exist yet
    expect(await aggregator.runner.tick()).toBe('ready');

    const list = (await (await call(aggregator, 'GET', '/certificates')).json()) as { hash: string; signed_entity_type: unknown }[];
    expect(list.map((c) => c.signed_entity_type)).toEqual([
      { CardanoStakeDistribution: 11 },
      { MithrilStakeDistribution: 12 },
      { MithrilStakeDistribution: 11 },
    ]);
    const genesisKey = parseGenesisVerificationKey(aggregator.config.genesisVerificationKey);
    const getCertificate = async (hash: string) => parseCertificate(await (await call(aggregator, 'GET', `/certificate/${hash}`)).text());
    for (const item of list) {
      const { hashes } = await walkCertificateChain(item.hash, { getCertificate, genesisKey });
      expect(hashes[hashes.length - 1]).toBe(list[2]!.hash);
    }
    // The CSD certificate chains to the epoch's master (the MSD certificate), not to the latest one.
    const csdCert = (await (await call(aggregator, 'GET', `/certificate/${list[0]!.hash}`)).json()) as { previous_hash: string };
    expect(csdCert.previous_hash).toBe(list[1]!.hash);

    const msds = (await (await call(aggregator, 'GET', '/artifact/mithril-stake-distributions')).json()) as {
      hash: string;
      certificate_hash: string;
    }[];
    expect(msds).toHaveLength(1);
    expect(msds[0]!.certificate_hash).toBe(list[1]!.hash);
    const csdByEpoch = await call(aggregator, 'GET', '/artifact/cardano-stake-distribution/epoch/latest');
    expect(csdByEpoch.status).toBe(200);
    const csdArtifact = (await csdByEpoch.json()) as { epoch: number; stake_distribution: Record<string, unknown> };
    expect(csdArtifact.epoch).toBe(11);
    expect(Object.keys(csdArtifact.stake_distribution)).toEqual(['pool1alpha', 'pool1beta', 'pool1gamma']);
    expect(events).toContain('certificate');
    expect(events).toContain('artifact');
    expect(events).toContain('genesis');
  }, 60_000);
});
