import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { toHonoApp } from '@mithril/aggregator-kit/hono';
import { createStorage } from 'unstorage';
import fsDriver from 'unstorage/drivers/fs';
import redisDriver from 'unstorage/drivers/redis';
import { describe, expect, it } from 'vitest';
import { loadOpenApi, startTestRedis } from '@mithril/testing';
import { createLocalNetwork, type EpochReport, type LocalNetwork, type LocalNetworkPool } from '../src/local-network.js';

const GENESIS_SECRET = '11'.repeat(32);

/** Pools: a stake change for bob at epoch 5, and dave joining at epoch 4 (signing from epoch 6, trap 42). */
const POOLS: readonly LocalNetworkPool[] = [
  { name: 'alice', stake: 3_000_000n },
  { name: 'bob', stake: (epoch) => (epoch >= 5n ? 4_000_000n : 2_000_000n) },
  { name: 'carol', stake: 1_000_000n },
  { name: 'dave', stake: 2_500_000n, joinEpoch: 4n },
];

function seeded(): (length: number) => Uint8Array {
  let n = 0;
  return (length) => {
    n++;
    return Uint8Array.from({ length }, (_, i) => (n * 131 + i * 17 + 3) & 0xff);
  };
}

describe('local network (in process)', () => {
  it('certifies MSD and CSD every epoch after genesis, through a stake change and a late signer, and the client verifies all', async () => {
    // Every JSON answer the signers and the client receive is checked against the reference OpenAPI document.
    const openapi = loadOpenApi();
    const violations: string[] = [];
    let validated = 0;
    const checked = async (request: Request): Promise<Response> => {
      const response = await network.aggregator.fetch(request);
      const text = await response.clone().text();
      const path = new URL(request.url).pathname.replace(/^\/aggregator/, '') || '/';
      if (response.status >= 200 && response.status < 300 && text !== '') {
        const errors = openapi.validateResponse(request.method.toLowerCase(), path, response.status, JSON.parse(text));
        validated++;
        if (errors !== undefined) violations.push(`${request.method} ${path}: ${errors.join('; ')}`);
      }
      return response;
    };
    const network: LocalNetwork = createLocalNetwork({
      genesisSecretKey: GENESIS_SECRET,
      pools: POOLS,
      randomBytes: seeded(),
      signerFetch: checked,
      clientFetch: ((input: RequestInfo | URL, init?: RequestInit) => checked(new Request(input, init))) as typeof fetch,
    });
    const reports: EpochReport[] = [];
    for (let epoch = 1n; epoch <= 7n; epoch++) {
      if (epoch > 1n) network.advanceEpoch();
      await network.settleEpoch(6);
      reports.push(await network.verifyEpoch(epoch));
    }
    for (const report of reports) expect(report.failures).toEqual([]);
    const byEpoch = new Map(reports.map((r) => [r.epoch, r]));
    // Genesis at epoch 2 (the first epoch with registered next signers), standard certificates from epoch 3 on.
    expect(byEpoch.get(2n)?.genesis).toBe(true);
    for (let epoch = 3n; epoch <= 7n; epoch++) {
      const report = byEpoch.get(epoch)!;
      expect(report.certificates).toEqual(expect.arrayContaining([`MithrilStakeDistribution-${epoch}`, `CardanoStakeDistribution-${epoch - 1n}`]));
      expect([...report.verifiedArtifacts].sort()).toEqual([`CardanoStakeDistribution-${epoch - 1n}`, `MithrilStakeDistribution-${epoch}`]);
      expect(report.genesisHash).toBe(byEpoch.get(3n)?.genesisHash);
    }
    // Dave joins at 4, registers during 4 for 5, and signs from epoch 6.
    expect(byEpoch.get(5n)?.signers).toEqual(['alice', 'bob', 'carol']);
    expect(byEpoch.get(6n)?.signers).toContain('dave');
    // The chain grows by one master certificate per epoch.
    expect(byEpoch.get(7n)!.chainLength).toBeGreaterThan(byEpoch.get(4n)!.chainLength);
    // Bob's stake change reaches the certificates' signers two epochs after the chain changed (recorded at 5 under 6,
    // registered keys sign at 7).
    const tip = await network.client.listCertificates();
    const latest = tip.find((c) => c.epoch === 7n && c.signedEntityType.type === 'MithrilStakeDistribution')!;
    const full = await network.client.getCertificate(latest.hash);
    const bob = full.metadata.signers.find((s) => s.partyId === network.poolIds.get('bob'));
    expect(bob?.stake).toBe(4_000_000n);
    expect(violations).toEqual([]);
    expect(validated).toBeGreaterThan(50);
    await network.close();
  });

  it('continues the same chain when the aggregator is killed and restarted mid-epoch on file storage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mithril-devnet-fs-'));
    try {
      const storage = createStorage({ driver: fsDriver({ base: dir }) });
      const network = createLocalNetwork({ genesisSecretKey: GENESIS_SECRET, storage, pools: POOLS.slice(0, 3), randomBytes: seeded() });
      for (let epoch = 1n; epoch <= 3n; epoch++) {
        if (epoch > 1n) network.advanceEpoch();
        await network.settleEpoch(6);
      }
      const before = await network.verifyEpoch(3n);
      expect(before.failures).toEqual([]);
      // Mid-epoch 4: the aggregator has opened its messages and received some signatures, then dies.
      network.advanceEpoch();
      await network.aggregator.runner.tick();
      const [first] = network.signers.values();
      await first!.tick();
      network.restartAggregator();
      await network.settleEpoch(6);
      network.advanceEpoch();
      await network.settleEpoch(6);
      for (const epoch of [4n, 5n]) {
        const report = await network.verifyEpoch(epoch);
        expect(report.failures).toEqual([]);
        expect([...report.certificates].sort()).toEqual([`CardanoStakeDistribution-${epoch - 1n}`, `MithrilStakeDistribution-${epoch}`]);
        expect(report.genesisHash).toBe(before.genesisHash);
      }
      await network.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs on Redis storage with one runner and two HTTP replicas', async () => {
    const redis = await startTestRedis();
    const url = redis.url;
    const base = `mithril-devnet-test-${process.pid}-${Date.now()}`;
    const storage = createStorage({ driver: redisDriver({ url, base }) });
    const servers: ServerType[] = [];
    const listen = (fetch: (request: Request) => Promise<Response>): Promise<string> =>
      new Promise((resolve, reject) => {
        const server = serve({ fetch: toHonoApp(fetch).fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
          resolve(`http://127.0.0.1:${info.port}/aggregator`),
        );
        server.once('error', reject);
        servers.push(server);
      });
    try {
      let signerRequests = 0;
      const endpoints: string[] = [];
      const hits = [0, 0];
      // Signers alternate between the replicas; the client reads from the replica whose runner never runs.
      const viaReplica = async (request: Request, pick: number): Promise<Response> => {
        const target = endpoints[pick]!;
        hits[pick]!++;
        const path = new URL(request.url).pathname.replace(/^\/aggregator/, '');
        const body = request.method === 'POST' ? await request.text() : undefined;
        return fetch(`${target}${path}`, { method: request.method, headers: request.headers, ...(body === undefined ? {} : { body }) });
      };
      const network = createLocalNetwork({
        genesisSecretKey: GENESIS_SECRET,
        storage,
        pools: POOLS,
        randomBytes: seeded(),
        aggregatorEndpoint: 'http://replicas.local/aggregator',
        signerFetch: (request) => viaReplica(request, signerRequests++ % 2),
        clientFetch: ((input: RequestInfo | URL, init?: RequestInit) => viaReplica(new Request(input, init), 1)) as typeof fetch,
      });
      const replica = network.createReplica();
      endpoints.push(await listen((request) => network.aggregator.fetch(request)), await listen((request) => replica.fetch(request)));
      const reports: EpochReport[] = [];
      for (let epoch = 1n; epoch <= 6n; epoch++) {
        if (epoch > 1n) network.advanceEpoch();
        await network.settleEpoch(6);
        reports.push(await network.verifyEpoch(epoch));
      }
      for (const report of reports) expect(report.failures).toEqual([]);
      for (const report of reports.filter((r) => r.epoch >= 3n)) {
        expect([...report.certificates].sort()).toEqual([
          `CardanoStakeDistribution-${report.epoch - 1n}`,
          `MithrilStakeDistribution-${report.epoch}`,
        ]);
        expect(report.verifiedArtifacts).toHaveLength(2);
      }
      expect(reports.find((r) => r.epoch === 6n)?.signers).toEqual(['alice', 'bob', 'carol', 'dave']);
      expect(hits[0]).toBeGreaterThan(10);
      expect(hits[1]).toBeGreaterThan(10);
      await network.close();
    } finally {
      for (const server of servers) await new Promise<void>((done) => server.close(() => done()));
      await storage.clear();
      await storage.dispose();
      await redis.stop();
    }
  });
});
