import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { createStorage, type Storage } from 'unstorage';
import redisDriver from 'unstorage/drivers/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAggregator } from './aggregator.js';
import { parseCertificate, parseGenesisVerificationKey } from './sdk.js';
import { walkCertificateChain } from '../../sdk/src/certificate/verify.js';
import { call, createTestNetwork, signatureBody } from './test-support.js';

// CI provides REDIS_URL (.ci/run starts a redis-server); otherwise a throwaway redis-server is started here.
const externalUrl = process.env['REDIS_URL'];
const runId = `kit-test-${Date.now()}-${Math.floor(Math.random() * 1e9)}`;
let server: ChildProcess | undefined;
let port: number;

async function waitForPort(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('redis-server did not start');
}

function redisStorage(): Storage {
  const connection = externalUrl !== undefined && externalUrl !== '' ? { url: externalUrl } : { host: '127.0.0.1', port };
  return createStorage({ driver: redisDriver({ ...connection, base: runId, lazyConnect: false }) });
}

beforeAll(async () => {
  if (externalUrl !== undefined && externalUrl !== '') return;
  port = 20_000 + Math.floor(Math.random() * 20_000);
  server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await waitForPort();
}, 30_000);

afterAll(async () => {
  if (server !== undefined) server.kill('SIGTERM');
});

describe('redis storage: one runner, two HTTP replicas', () => {
  it('certifies with registrations and signatures received by the replicas', async () => {
    const writerStorage = redisStorage();
    const net = createTestNetwork({ k: 5n, m: 50n, phiF: 0.65 }, { storage: writerStorage, namespace: 'aggregator' });
    const replicas = [0, 1].map(() => createAggregator({ ...net.aggregator.service.options, storage: redisStorage() }));
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
    const genesisKey = parseGenesisVerificationKey(net.aggregator.service.options.genesis.verificationKey);
    const getCertificate = async (hash: string) => parseCertificate(await (await call(replicas[0]!, 'GET', `/certificate/${hash}`)).text());
    const { hashes } = await walkCertificateChain(list[0]!.hash, { getCertificate, genesisKey });
    expect(hashes).toHaveLength(3);
    const csd = await call(replicas[1]!, 'GET', '/artifact/cardano-stake-distribution/epoch/11');
    expect(csd.status).toBe(200);
    for (const key of await writerStorage.getKeys()) await writerStorage.removeItem(key);
    for (const storage of [writerStorage, ...replicas.map((r) => r.service.store.storage)]) await storage.dispose();
  }, 90_000);
});
