import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  formatOperationalCertificateEnvelope,
  formatSum6SecretKeyEnvelope,
  generateSum6Key,
  hexToBytes,
  issueOperationalCertificate,
  operationalCertificatePartyId,
} from '@mithril/sdk';
import { startOgmiosStandin, type OgmiosStandin } from '@mithril/testing/ogmios-standin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/mithril-signer.js', import.meta.url));

// The reference's opcert test vector (mithril-common opcert.rs): cold key from a zero-seeded ChaCha20Rng, KES key from
// a zero seed, issue 0, start period 0.
const COLD_SECRET = hexToBytes('76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7');
const kes = generateSum6Key(new Uint8Array(32));
const cert = issueOperationalCertificate({
  kesVerificationKey: kes.verificationKey,
  issueNumber: 0n,
  startKesPeriod: 0n,
  coldSecretKey: COLD_SECRET,
});
const POOL = operationalCertificatePartyId(cert);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runSigner(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let dir: string;
let ogmios: OgmiosStandin;
let aggregator: Server;
let env: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'signer-command-'));
  writeFileSync(join(dir, 'opcert.cert'), formatOperationalCertificateEnvelope(cert));
  writeFileSync(join(dir, 'kes.skey'), formatSum6SecretKeyEnvelope(kes.secretKey));
  const other = generateSum6Key(new Uint8Array(32).fill(7));
  writeFileSync(join(dir, 'other-kes.skey'), formatSum6SecretKeyEnvelope(other.secretKey));
  const changed = { ...cert, issueNumber: 1n };
  writeFileSync(join(dir, 'changed.cert'), formatOperationalCertificateEnvelope(changed));
  ogmios = await startOgmiosStandin({
    state: () => ({ epoch: 12n, slot: 6000n, blockHeight: 300n, blockHash: 'ab'.repeat(32), stakes: new Map([[POOL, 5_000_000_000n]]) }),
    slotsPerKesPeriod: 1000,
  });
  aggregator = createServer((req, res) => {
    if (req.url === '/aggregator/epoch-settings') res.writeHead(200, { 'content-type': 'application/json' }).end('{"epoch":12}');
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => aggregator.listen(0, '127.0.0.1', resolve));
  env = {
    AGGREGATOR_ENDPOINT: `http://127.0.0.1:${(aggregator.address() as AddressInfo).port}/aggregator`,
    NETWORK: 'devnet',
    NETWORK_MAGIC: '42',
    KES_SECRET_KEY_PATH: join(dir, 'kes.skey'),
    OPERATIONAL_CERTIFICATE_PATH: join(dir, 'opcert.cert'),
    DATA_STORES_DIRECTORY: join(dir, 'stores'),
    OGMIOS_HOST: '127.0.0.1',
    OGMIOS_PORT: String(ogmios.port),
  };
});
afterAll(async () => {
  await ogmios.close();
  await new Promise<void>((resolve) => aggregator.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const failing = (out: Run): string[] =>
  (JSON.parse(out.stdout) as { checks: { name: string; ok: boolean }[] }).checks.filter((c) => !c.ok).map((c) => c.name);

describe('mithril-signer', () => {
  it('logs its version, then ends a missing setting with one line and exit code 1', async () => {
    const out = await runSigner([], { NETWORK: 'devnet' });
    expect(out.code).toBe(1);
    const lines = out.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^mithril-signer: version \d+\.\d+\.\d+$/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('mithril-signer: error: AGGREGATOR_ENDPOINT: is required');
  });

  it('doctor --json passes with the reference opcert test vector and its KES key', async () => {
    const out = await runSigner(['doctor', '--json'], env);
    const report = JSON.parse(out.stdout);
    expect(report.pool_id).toBe('pool1mxyec46067n3querj9cxkk0g0zlag93pf3ya9vuyr3wgkq2e6t7');
    expect(report.checks.map((c: { name: string }) => c.name)).toEqual(['opcert', 'kes-key', 'kes-period', 'ogmios', 'aggregator', 'data-dir']);
    expect(failing(out)).toEqual([]);
    expect(report.chain).toEqual({ network_magic: 42, epoch: 12, kes_period: 6, stake: 5000000000 });
    expect(out.code).toBe(0);
  });

  it('doctor names the failing check: a changed opcert, a KES key that does not match, an unreachable Ogmios', async () => {
    const changed = await runSigner(['doctor', '--json'], { ...env, OPERATIONAL_CERTIFICATE_PATH: join(dir, 'changed.cert') });
    expect(failing(changed)).toEqual(['opcert', 'kes-key', 'kes-period']);
    expect(changed.code).toBe(1);
    const otherKey = await runSigner(['doctor', '--json'], { ...env, KES_SECRET_KEY_PATH: join(dir, 'other-kes.skey') });
    expect(failing(otherKey)).toEqual(['kes-key']);
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const port = (dead.address() as AddressInfo).port;
    await new Promise<void>((resolve) => dead.close(() => resolve()));
    const unreachable = await runSigner(['doctor', '--json'], { ...env, OGMIOS_PORT: String(port) });
    expect(failing(unreachable)).toEqual(['kes-period', 'ogmios']);
    const report = JSON.parse(unreachable.stdout);
    expect(report.checks.find((c: { name: string }) => c.name === 'ogmios').detail).toContain(`127.0.0.1:${port}`);
    expect(report.chain).toEqual({ network_magic: null, epoch: null, kes_period: null, stake: null });
  });
});
