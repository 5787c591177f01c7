import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAggregator, type Aggregator } from '@mithril/aggregator-kit';
import {
  formatOperationalCertificateEnvelope,
  formatSum6SecretKeyEnvelope,
  generateSum6Key,
  genesisVerificationKeyFromSecret,
  hexToBytes,
  issueOperationalCertificate,
  operationalCertificatePartyId,
} from '@mithril/sdk';
import { startOgmiosStandin, type OgmiosStandin } from '@mithril/testing/ogmios-standin';
import { call, createTestChain, DEVNET_GENESIS_SEED, steppingClock } from '@mithril/testing/test-network';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/mithril-signer.js', import.meta.url));

// The reference's opcert test vector (mithril-common opcert.rs), as in command.test.ts.
const COLD_SECRET = hexToBytes('76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7');
const kes = generateSum6Key(new Uint8Array(32));
const cert = issueOperationalCertificate({
  kesVerificationKey: kes.verificationKey,
  issueNumber: 0n,
  startKesPeriod: 0n,
  coldSecretKey: COLD_SECRET,
});
const POOL = operationalCertificatePartyId(cert);

let dir: string;
let ogmios: OgmiosStandin;
let aggregator: Aggregator;
let server: Server;
let env: Record<string, string>;
/** Statuses the aggregator answered to `POST /register-signer`. */
const registrations: number[] = [];

/** Serves the aggregator's fetch handler on loopback, recording the registration answers. */
function serve(handler: Aggregator): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
      const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks);
      const response = await handler.fetch(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body }));
      if (req.url?.endsWith('/register-signer')) registrations.push(response.status);
      const out: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        out[name] = value;
      });
      res.writeHead(response.status, out).end(Buffer.from(await response.arrayBuffer()));
    });
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signer-command-certified-'));
  writeFileSync(join(dir, 'opcert.cert'), formatOperationalCertificateEnvelope(cert));
  writeFileSync(join(dir, 'kes.skey'), formatSum6SecretKeyEnvelope(kes.secretKey));
  // Slot 6000 at 1000 slots per KES period: KES period 6 on both sides.
  ogmios = await startOgmiosStandin({
    state: () => ({ epoch: 12n, slot: 6000n, blockHeight: 300n, blockHash: 'ab'.repeat(32), stakes: new Map([[POOL, 5_000_000_000n]]) }),
    slotsPerKesPeriod: 1000,
    networkMagic: 2,
  });
  const chain = Object.assign(createTestChain(12n, new Map([[POOL, 5_000_000_000n]])), { getCurrentKesPeriod: async () => 6 });
  aggregator = createAggregator({
    chain,
    network: 'preview',
    protocolParameters: { k: 5n, m: 50n, phiF: 0.65 },
    genesis: { verificationKey: genesisVerificationKeyFromSecret(DEVNET_GENESIS_SEED), signingKey: DEVNET_GENESIS_SEED },
    clock: steppingClock(),
  });
  await aggregator.runner.tick();
  server = serve(aggregator);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  env = {
    AGGREGATOR_ENDPOINT: `http://127.0.0.1:${(server.address() as AddressInfo).port}/aggregator`,
    NETWORK: 'preview',
    NETWORK_MAGIC: '2',
    KES_SECRET_KEY_PATH: join(dir, 'kes.skey'),
    OPERATIONAL_CERTIFICATE_PATH: join(dir, 'opcert.cert'),
    DATA_STORES_DIRECTORY: join(dir, 'stores'),
    RUN_INTERVAL: '200',
    OGMIOS_HOST: '127.0.0.1',
    OGMIOS_PORT: String(ogmios.port),
  };
});
afterAll(async () => {
  await ogmios.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

function start(extra: Record<string, string>): { child: ChildProcess; stderr: () => string; stdout: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN], { env: { PATH: process.env.PATH ?? '', ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d));
  child.stdout?.on('data', (d: Buffer) => (stdout += d));
  const exit = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  return { child, stderr: () => stderr, stdout: () => stdout, exit };
}

describe('mithril-signer with an operational certificate, against a non-devnet aggregator', () => {
  it('derives PARTY_ID from the opcert and registers with its KES signature', async () => {
    const signer = start({ ENABLE_METRICS_SERVER: 'true', METRICS_SERVER_IP: '127.0.0.1', METRICS_SERVER_PORT: '0' });
    let metrics = '';
    try {
      // Bounded wait for the first registration (the aggregator refuses one without opcert and KES signature on preview).
      for (let i = 0; i < 200 && !registrations.includes(201) && signer.child.exitCode === null; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const url = /metrics on (\S+)/.exec(signer.stderr())?.[1];
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      // The aggregator answers 201 just before the signer counts it: read until it has.
      for (let i = 0; i < 50 && !/registration_success_since_startup 1$/m.test(metrics); i++) {
        const response = await fetch(url!);
        expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
        metrics = await response.text();
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      signer.child.kill('SIGTERM');
    }
    expect(await signer.exit).toBe(0);
    expect(registrations).toContain(201);
    expect(signer.stderr()).toContain(`mithril-signer: signing for ${POOL} with ${env.AGGREGATOR_ENDPOINT}`);
    expect(signer.stderr()).toContain(`mithril-signer: registered ${POOL} for epoch 13`);
    expect(metrics).toMatch(/^mithril_signer_signer_registration_success_since_startup 1$/m);
    expect(metrics).toMatch(/^mithril_signer_signer_registration_success_last_epoch 13$/m);
    expect(metrics).toMatch(/^# TYPE mithril_signer_runtime_cycle_total_since_startup counter$/m);
    const lines = signer
      .stdout()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ level: 30, name: 'mithril-signer', msg: 'Starting', node_version: '0.1.0', party_id: POOL });
    expect(lines.every((l) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(String(l['time'])))).toBe(true);
    expect(lines.find((l) => l['msg'] === 'registered for epoch 13')).toMatchObject({ epoch: '13', party_id: POOL });
    const registered = (await (await call(aggregator, 'GET', '/signers/registered/12')).json()) as { registrations: { party_id: string }[] };
    expect(registered.registrations.map((r) => r.party_id)).toEqual([POOL]);
  }, 30_000);

  it('ends a PARTY_ID that is not the opcert pool id with one line and exit code 1', async () => {
    const signer = start({ PARTY_ID: 'pool1other' });
    expect(await signer.exit).toBe(1);
    const lines = signer.stderr().trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe(`mithril-signer: error: PARTY_ID: is pool1other but the operational certificate is for ${POOL}`);
  }, 30_000);
});
