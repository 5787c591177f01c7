import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { genesisVerificationKeyFromSecret, parseGenesisVerificationKey, verifyGenesisSignature } from '@mithril/sdk';
import { startOgmiosStandin, type OgmiosStandin } from '@mithril/testing/ogmios-standin';
import { DEVNET_GENESIS_SEED } from '@mithril/testing/test-network';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/mithril-aggregator.js', import.meta.url));

function start(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

function finish(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d));
  child.stderr?.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let dir: string;
let ogmios: OgmiosStandin;
let env: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aggregator-command-'));
  ogmios = await startOgmiosStandin({
    state: () => ({ epoch: 12n, slot: 6000n, blockHeight: 300n, blockHash: 'cd'.repeat(32), stakes: new Map([['pool1alpha', 10n]]) }),
  });
  // The network comes from the run-mode file, the rest from the environment (which wins, as in the reference).
  mkdirSync(join(dir, 'config'));
  writeFileSync(join(dir, 'config', 'test.json'), JSON.stringify({ network: 'devnet', protocol_parameters: { k: 5, m: 50, phi_f: 0.65 } }));
  env = {
    GENESIS_VERIFICATION_KEY: genesisVerificationKeyFromSecret(DEVNET_GENESIS_SEED),
    DATA_STORES_DIRECTORY: join(dir, 'stores'),
    OGMIOS_PORT: String(ogmios.port),
    NETWORK_MAGIC: '42',
    SERVER_IP: '127.0.0.1',
    SERVER_PORT: '0',
    RUN_INTERVAL: '200',
  };
});
afterAll(async () => {
  await ogmios.close();
  rmSync(dir, { recursive: true, force: true });
});

const withFile = ['--run-mode', 'test', '--config-directory'];

describe('mithril-aggregator', () => {
  it('logs its version, then ends a missing setting with one line and exit code 1', async () => {
    const out = await finish(start(['serve'], { NETWORK: 'devnet' }));
    expect(out.code).toBe(1);
    const lines = out.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^mithril-aggregator: version \d+\.\d+\.\d+$/);
    expect(lines.slice(1)).toEqual(['mithril-aggregator: error: GENESIS_VERIFICATION_KEY: is required']);
  });

  it('serves the aggregator routes on its port, reading the chain through Ogmios, and stops on SIGTERM', async () => {
    const child = start([...withFile, join(dir, 'config'), 'serve'], env);
    const done = finish(child);
    const url = await new Promise<string>((resolve) => {
      child.stderr?.on('data', (d: Buffer) => {
        const match = /listening on (\S+)/.exec(String(d));
        if (match) resolve(match[1]!);
      });
    });
    expect((await fetch(url)).status).toBe(200);
    // The runner records the epoch it read from Ogmios on its first ticks; /status answers once it has.
    const status = async (): Promise<Response | undefined> => fetch(`${url}/status`).catch(() => undefined);
    let answer = await status();
    for (let i = 0; i < 100 && answer?.status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answer = await status();
    }
    expect(await answer?.json()).toMatchObject({ epoch: 12, cardano_network: 'devnet', cardano_era: 'Conway' });
    const metrics = await fetch(url.replace(/\/aggregator$/, '/metrics'));
    expect(metrics.status).toBe(200);
    const cycles = /^mithril_aggregator_runtime_cycle_total_since_startup (\d+)$/m.exec(await metrics.text());
    expect(Number(cycles?.[1])).toBeGreaterThan(0);
    child.kill('SIGTERM');
    const out = await done;
    expect(out.code).toBe(0);
    const first = JSON.parse(out.stdout.split('\n')[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ name: 'mithril-aggregator', msg: 'Started', node_version: '0.1.0' });
    expect(first['time']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('stops on a critical error (an unsupported Mithril era), HTTP server included, with one line and exit code 1', async () => {
    const markers = JSON.stringify({
      markers: [
        { name: 'pythagoras', epoch: 0 },
        { name: 'thales', epoch: 12 },
      ],
    });
    // Fresh stores: the era is checked when the runner enters an epoch.
    const eraEnv = { ...env, DATA_STORES_DIRECTORY: join(dir, 'era-stores'), ERA_READER_ADAPTER_TYPE: 'dummy', ERA_READER_ADAPTER_PARAMS: markers };
    const child = start([...withFile, join(dir, 'config'), 'serve'], eraEnv);
    const stop = setTimeout(() => child.kill('SIGKILL'), 60_000); // never leave the process behind a failed expectation
    const out = await finish(child);
    clearTimeout(stop);
    expect(out.code).toBe(1);
    const lines = out.stderr.trim().split('\n');
    expect(lines).toHaveLength(3); // version, listening, the critical error
    expect(lines[2]).toBe('mithril-aggregator: critical error, stopping: era check failed: unsupported Mithril era thales, active since epoch 12');
    const fatal = out.stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l['level'] === 60);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toMatchObject({ code: 'AGGREGATOR_CRITICAL', critical: true });
  });

  it('signs a genesis payload file with the genesis secret key file', async () => {
    const payload = join(dir, 'payload.json');
    const signed = join(dir, 'signed.json');
    const key = join(dir, 'genesis.skey');
    writeFileSync(payload, JSON.stringify({ epoch: 12, signed_message: 'ab'.repeat(32) }));
    writeFileSync(key, DEVNET_GENESIS_SEED);
    const out = await finish(
      start(['genesis', 'sign', '--to-sign-payload-path', payload, '--target-signed-payload-path', signed, '--genesis-secret-key-path', key], {}),
    );
    expect(out.code).toBe(0);
    const { genesis_signature: signature } = JSON.parse(readFileSync(signed, 'utf8')) as { genesis_signature: string };
    const vk = parseGenesisVerificationKey(genesisVerificationKeyFromSecret(DEVNET_GENESIS_SEED));
    expect(() => verifyGenesisSignature('ab'.repeat(32), signature, vk)).not.toThrow();
    expect(() => verifyGenesisSignature('cd'.repeat(32), signature, vk)).toThrow();
  });

  it('genesis export reads the epoch through Ogmios and says in one line why there is no genesis yet', async () => {
    const out = await finish(start([...withFile, join(dir, 'config'), 'genesis', 'export', '--target-path', join(dir, 'out.json')], env));
    expect(out.code).toBe(1);
    expect(out.stderr.trim().split('\n').slice(1)).toEqual(['mithril-aggregator: error: no signer registered for epoch 12: genesis impossible']);
  });

  it('tools recompute-certificates-hash runs on the data stores', async () => {
    const out = await finish(start([...withFile, join(dir, 'config'), 'tools', 'recompute-certificates-hash'], env));
    expect(out.stdout.trim()).toBe('0 certificate hashes recomputed');
    expect(out.code).toBe(0);
  });
});
