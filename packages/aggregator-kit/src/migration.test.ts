import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { walkCertificateChain } from '@mithril/sdk';
import { createStorage, prefixStorage, type Storage } from 'unstorage';
import fsDriver from 'unstorage/drivers/fs';
import { describe, expect, it } from 'vitest';
import { createAggregator } from './aggregator.js';
import { parseCertificate, parseGenesisVerificationKey } from './sdk.js';
import { AggregatorStore } from './store.js';
import { call, certifiedNetwork, signatureBody, steppingClock } from '@mithril/testing/test-network';

/** Rewrites a store's indexes in the layout of before sequence indexes: one JSON array per order. */
async function downgradeToArrays(storage: Storage, namespace: string): Promise<void> {
  const store = new AggregatorStore(storage, namespace);
  const raw = prefixStorage(storage, namespace);
  const certificates = (await store.certificatePage({ limit: 1000 })).reverse();
  const artifacts = {
    msd: (await store.artifactPage('msd', { limit: 1000 })).reverse(),
    csd: (await store.artifactPage('csd', { limit: 1000 })).reverse(),
  };
  for (const base of ['certificate-seq', 'certificate-count', 'artifact-seq', 'artifact-count', 'artifact-epoch']) {
    for (const key of await raw.getKeys(base)) await raw.removeItem(key);
  }
  await raw.removeItem('certificate-count');
  await raw.setItem('certificate-order', JSON.stringify(certificates));
  for (const [kind, ids] of Object.entries(artifacts)) await raw.setItem(`artifact-order:${kind}`, JSON.stringify(ids));
}

describe('data folders of the older index layout', () => {
  it('are migrated on start and continue the same chain', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mithril-migration-'));
    try {
      const net = await certifiedNetwork({ storage: createStorage({ driver: fsDriver({ base: dir }) }) });
      const before = (await (await call(net.aggregator, 'GET', '/certificates')).json()) as { hash: string; signed_entity_type: unknown }[];
      const csdBefore = await (await call(net.aggregator, 'GET', '/artifact/cardano-stake-distributions')).text();
      await net.aggregator.close();

      const oldLayout = createStorage({ driver: fsDriver({ base: dir }) });
      await downgradeToArrays(oldLayout, 'mithril-aggregator');
      expect(await oldLayout.hasItem('mithril-aggregator:certificate-order')).toBe(true);
      expect(await oldLayout.getKeys('mithril-aggregator:certificate-seq')).toEqual([]);

      const restarted = createAggregator({ ...net.options, storage: oldLayout, clock: steppingClock(2_000_000_000_000_000_000n) });
      expect(await (await call(restarted, 'GET', '/certificates')).json()).toEqual(before);
      expect(await (await call(restarted, 'GET', '/artifact/cardano-stake-distributions')).text()).toBe(csdBefore);
      expect((await call(restarted, 'GET', '/artifact/cardano-stake-distribution/epoch/11')).status).toBe(200);
      expect(await oldLayout.hasItem('mithril-aggregator:certificate-order')).toBe(false);

      await net.registerAll();
      net.chain.advance();
      expect(await restarted.runner.tick()).toBe('signing');
      for (const s of net.signers) {
        const body = await signatureBody(restarted, net.chain, s, { type: 'MithrilStakeDistribution', epoch: 13n });
        if (body !== undefined) expect((await call(restarted, 'POST', '/register-signatures', body)).status).toBe(201);
      }
      await restarted.runner.tick();
      const after = (await (await call(restarted, 'GET', '/certificates')).json()) as { hash: string; epoch: number; previous_hash: string }[];
      expect(after.slice(1)).toEqual(before.slice(0, after.length - 1));
      const msd12 = before.find((c) => JSON.stringify(c.signed_entity_type) === '{"MithrilStakeDistribution":12}')!;
      expect(after[0]!.epoch).toBe(13);
      expect(after[0]!.previous_hash).toBe(msd12.hash);
      const genesisKey = parseGenesisVerificationKey(restarted.config.genesisVerificationKey);
      const getCertificate = async (hash: string) => parseCertificate(await (await call(restarted, 'GET', `/certificate/${hash}`)).text());
      const { hashes } = await walkCertificateChain(after[0]!.hash, { getCertificate, genesisKey });
      expect(hashes).toContain(msd12.hash);
      await restarted.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
