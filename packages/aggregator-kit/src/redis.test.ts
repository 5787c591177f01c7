import { startTestRedis, type TestRedis } from '@mithril/testing';
import { createStorage, type Storage } from 'unstorage';
import redisDriver from 'unstorage/drivers/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAggregator } from './aggregator.js';
import { parseCertificate, parseGenesisVerificationKey } from './sdk.js';
import { walkCertificateChain } from '@mithril/sdk';
import { call, createTestNetwork, signatureBody } from '@mithril/testing/test-network';

const runId = `kit-test-${Date.now()}-${Math.floor(Math.random() * 1e9)}`;
let redis: TestRedis;

function redisStorage(): Storage {
  return createStorage({ driver: redisDriver({ url: redis.url, base: runId, lazyConnect: false }) });
}

beforeAll(async () => {
  redis = await startTestRedis();
}, 30_000);

afterAll(async () => {
  await redis.stop();
});

describe('redis storage: one runner, two HTTP replicas', () => {
  it('certifies with registrations and signatures received by the replicas', async () => {
    const writerStorage = redisStorage();
    const net = createTestNetwork({ k: 5n, m: 50n, phiF: 0.65 }, { storage: writerStorage, namespace: 'aggregator' });
    const replicaStorages = [redisStorage(), redisStorage()];
    const replicas = replicaStorages.map((storage) => createAggregator({ ...net.options, storage }));
    const { chain } = net;
    const registerThroughReplicas = async (): Promise<void> => {
      for (const [i, s] of net.signers.entries()) {
        const response = await call(replicas[i % 2]!, 'POST', '/register-signer', s.registration(chain.epoch + 1n));
        expect(response.status).toBe(201);
      }
    };
    await net.aggregator.runner.tick();
    await registerThroughReplicas();
    chain.advance();
    await net.aggregator.runner.tick();
    await registerThroughReplicas();
    chain.advance();
    expect(await net.aggregator.runner.tick()).toBe('signing');
    for (const type of [
      { type: 'MithrilStakeDistribution', epoch: 12n },
      { type: 'CardanoStakeDistribution', epoch: 11n },
    ] as const) {
      for (const [i, s] of net.signers.entries()) {
        const body = await signatureBody(replicas[i % 2]!, chain, s, type);
        if (body !== undefined) expect([201, 202]).toContain((await call(replicas[(i + 1) % 2]!, 'POST', '/register-signatures', body)).status);
      }
    }
    await net.aggregator.runner.tick();
    const list = (await (await call(replicas[1]!, 'GET', '/certificates')).json()) as { hash: string }[];
    expect(list).toHaveLength(3);
    expect(await (await call(replicas[0]!, 'GET', '/certificates')).json()).toEqual(list);
    const genesisKey = parseGenesisVerificationKey(net.aggregator.config.genesisVerificationKey);
    const getCertificate = async (hash: string) => parseCertificate(await (await call(replicas[0]!, 'GET', `/certificate/${hash}`)).text());
    const { hashes } = await walkCertificateChain(list[0]!.hash, { getCertificate, genesisKey });
    expect(hashes).toHaveLength(3);
    const csd = await call(replicas[1]!, 'GET', '/artifact/cardano-stake-distribution/epoch/11');
    expect(csd.status).toBe(200);
    for (const key of await writerStorage.getKeys()) await writerStorage.removeItem(key);
    for (const storage of [writerStorage, ...replicaStorages]) await storage.dispose();
  }, 90_000);
});
