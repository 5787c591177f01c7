/**
 * Runs every example for real, as a user would (`node --conditions=source --import tsx main.ts`): against the fixture
 * aggregator, against the mounted aggregator examples with signer examples, and bundles the browser example. Also runs
 * the docs build in check mode, so that every code sample of the docs matches the example code run here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixtureJson, startFixtureServer, type FixtureServer } from '@mithril/testing';
import { verifyLatestChain, type KeyValueStore } from './browser-verify/verify.js';

const examplesDir = dirname(fileURLToPath(import.meta.url));
const FIXTURE = 'aggregator-fake-2026-05';
const genesisKeys = readFixtureJson<{
  devnet_genesis_verification_key: { json_hex: string };
  genesis_verification_keys: { json_hex: string }[];
}>('genesis-keys.json');
const DEVNET_KEY = genesisKeys.devnet_genesis_verification_key.json_hex;
const OTHER_KEY = genesisKeys.genesis_verification_keys[0]!.json_hex;

interface RawCertificate {
  hash: string;
  previous_hash: string;
  epoch: number;
}
const certificates = readFixtureJson<Record<string, RawCertificate>>(FIXTURE, 'certificates.json');
const latestHash = readFixtureJson<{ hash: string }[]>(FIXTURE, 'certificates-list.json')[0]!.hash;
const latestMsdHash = readFixtureJson<{ hash: string }[]>(FIXTURE, 'mithril-stake-distributions-list.json')[0]!.hash;

/** The fixture chain from `hash` to genesis, following `previous_hash` in the file (independent of the SDK). */
function chainOf(hash: string): RawCertificate[] {
  const out: RawCertificate[] = [];
  for (let c = certificates[hash]; c !== undefined; c = certificates[c.previous_hash]) {
    out.push(c);
    if (c.previous_hash === '') break;
  }
  return out;
}

const scratch = mkdtempSync(join(tmpdir(), 'mithril-examples-'));
const running: ChildProcess[] = [];

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `node --conditions=source --import tsx <script>` in an example folder. */
function start(example: string, env: Record<string, string>, script = 'main.ts', args: string[] = []): Started {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', script, ...args], {
    cwd: join(examplesDir, example),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  return new Started(example, child);
}

class Started {
  stdout = '';
  stderr = '';
  readonly exited: Promise<Finished>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout: this.stdout, stderr: this.stderr })));
  }

  /** Resolves with the first match of `pattern` in stdout, waiting for it up to `timeoutMs`. */
  async waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.stdout.match(pattern);
      if (match !== null) return match;
      if (this.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`${this.name}: no ${pattern} in output\n--- stdout\n${this.stdout}\n--- stderr\n${this.stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Sends SIGTERM and waits for the exit. */
  async stop(): Promise<Finished> {
    this.child.kill('SIGTERM');
    return this.exited;
  }
}

/** Runs an example to completion. */
function run(example: string, env: Record<string, string>, script?: string, args?: string[]): Promise<Finished> {
  return start(example, env, script, args).exited;
}

/** One `key=value` field of a summary line. */
function field(line: string | undefined, name: string): string | undefined {
  return line?.match(new RegExp(`\\b${name}=(\\S+)`))?.[1];
}

let fixtureServer: FixtureServer;
beforeAll(async () => {
  fixtureServer = await startFixtureServer();
});
afterAll(async () => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await fixtureServer.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('verify-certificate-chain', () => {
  const chain = chainOf(latestHash);
  const genesis = chain[chain.length - 1]!;

  it('verifies the latest chain to genesis, then again from its persistent cache, then the latest MSD', async () => {
    const env = { AGGREGATOR_ENDPOINT: fixtureServer.url, GENESIS_VERIFICATION_KEY: DEVNET_KEY, CACHE_DIR: join(scratch, 'cache') };
    const cold = await run('verify-certificate-chain', env);
    expect(cold.code, cold.stderr).toBe(0);
    const coldLine = cold.stdout.split('\n').find((l) => l.startsWith('certificate chain verified'));
    expect(field(coldLine, 'tip')).toBe(latestHash);
    expect(field(coldLine, 'genesis')).toBe(genesis.hash);
    expect(Number(field(coldLine, 'validated')) + Number(field(coldLine, 'fromCache'))).toBe(chain.length);
    expect(cold.stdout).toContain(`chain: verified ${genesis.hash}`);
    const msdLine = cold.stdout.split('\n').find((l) => l.startsWith('mithril stake distribution verified'));
    expect(field(msdLine, 'hash')).toBe(latestMsdHash);

    // Same cache folder, new process: only the tip's epoch (and the genesis signature) is verified again.
    const warm = await run('verify-certificate-chain', env);
    expect(warm.code, warm.stderr).toBe(0);
    const warmLine = warm.stdout.split('\n').find((l) => l.startsWith('certificate chain verified'));
    expect(field(warmLine, 'tip')).toBe(latestHash);
    expect(Number(field(warmLine, 'fromCache'))).toBeGreaterThan(0);
    expect(Number(field(warmLine, 'validated')) + Number(field(warmLine, 'fromCache'))).toBe(chain.length);
  });

  it('verifies with the mcl-wasm backend on two worker threads too', async () => {
    const env = { AGGREGATOR_ENDPOINT: fixtureServer.url, GENESIS_VERIFICATION_KEY: DEVNET_KEY, CACHE_DIR: join(scratch, 'cache-mcl') };
    const result = await run('verify-certificate-chain', env, 'main.ts', ['--backend', 'mcl', '--workers', '2']);
    expect(result.code, result.stderr).toBe(0);
    const line = result.stdout.split('\n').find((l) => l.startsWith('certificate chain verified'));
    expect(field(line, 'validated')).toBe(String(chain.length));
  });

  it('quickstart.ts verifies the latest certificate to genesis', async () => {
    const result = await run(
      'verify-certificate-chain',
      { AGGREGATOR_ENDPOINT: fixtureServer.url, GENESIS_VERIFICATION_KEY: DEVNET_KEY },
      'quickstart.ts',
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(`certificate ${latestHash} (epoch ${chain[0]!.epoch}) is certified back to genesis ${genesis.hash}`);
  });

  it('fails with a stable code under another network genesis key', async () => {
    const result = await run('verify-certificate-chain', {
      AGGREGATOR_ENDPOINT: fixtureServer.url,
      GENESIS_VERIFICATION_KEY: OTHER_KEY,
      CACHE_DIR: join(scratch, 'cache-other-key'),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('verification failed: CERTIFICATE_GENESIS_SIGNATURE_INVALID');
  });
});

describe('browser-verify', () => {
  it('bundles for the browser with no Node built-in', async () => {
    const result = await run('browser-verify', {}, 'build.ts');
    expect(result.code, result.stderr).toBe(0);
    const meta = JSON.parse(readFileSync(join(examplesDir, 'browser-verify', 'dist', 'meta.json'), 'utf8')) as {
      inputs: Record<string, { imports: { path: string }[] }>;
    };
    const inputs = Object.keys(meta.inputs);
    expect(inputs.some((p) => p.includes('packages/sdk/src/client/'))).toBe(true);
    expect(inputs.filter((p) => p.startsWith('node:'))).toEqual([]);
    expect(
      Object.values(meta.inputs)
        .flatMap((i) => i.imports.map((x) => x.path))
        .filter((p) => p.startsWith('node:')),
    ).toEqual([]);
    const bundle = readFileSync(join(examplesDir, 'browser-verify', 'dist', 'bundle.js'), 'utf8');
    expect(bundle).not.toMatch(/(?:from|import|require)\s*\(?\s*["']node:/);
  });

  /** A `localStorage` stand-in over a Map. */
  function memoryStore(): KeyValueStore {
    const map = new Map<string, string>();
    return {
      get length() {
        return map.size;
      },
      key: (i) => [...map.keys()][i] ?? null,
      getItem: (k) => map.get(k) ?? null,
      setItem: (k, v) => void map.set(k, v),
      removeItem: (k) => void map.delete(k),
    };
  }

  it('verifies the fixture chain with its localStorage-shaped cache', async () => {
    const store = memoryStore();
    const progress: string[] = [];
    const first = await verifyLatestChain(fixtureServer.url, DEVNET_KEY, store, (l) => progress.push(l));
    const chain = chainOf(latestHash);
    expect(first).toEqual({ ok: true, tip: latestHash, genesis: chain[chain.length - 1]!.hash, validated: chain.length, fromCache: 0 });
    expect(progress).toEqual(chain.map((c) => `verified ${c.hash}`));
    const second = await verifyLatestChain(fixtureServer.url, DEVNET_KEY, store, () => undefined);
    expect(second.ok && second.fromCache).toBeGreaterThan(0);
    const wrongKey = await verifyLatestChain(fixtureServer.url, OTHER_KEY, memoryStore(), () => undefined);
    expect(wrongKey).toMatchObject({ ok: false, code: 'CERTIFICATE_GENESIS_SIGNATURE_INVALID' });
  });
});

describe('stm-low-level', () => {
  it('signs, aggregates, verifies, and reports each failure by its code', async () => {
    const result = await run('stm-low-level', {});
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^aggregate of \d+ signatures \(\d+ indexes, k = 8\) verified$/m);
    expect(result.stdout).toMatch(/^aggregate over another message rejected: (STM_LOTTERY_LOST|BLS_SIGNATURE_INVALID) /m);
    expect(result.stdout).toContain('aggregate verified again with the node:crypto lottery hasher and on a worker thread');
    expect(result.stdout).toMatch(/^aggregate with a higher quorum rejected: STM_NOT_ENOUGH_SIGNATURES /m);
    expect(result.stdout).toMatch(/^second registration of a key rejected: STM_ENTRY_ALREADY_REGISTERED /m);
  });
});

/** Starts a mount example on a free port and checks the aggregator route and the app's own route. */
async function startMounted(
  framework: 'express' | 'fastify' | 'hono',
  env: Record<string, string> = {},
): Promise<{ app: Started; endpoint: string }> {
  const app = start(`mount-aggregator-${framework}`, { PORT: '0', DATA_DIR: join(scratch, framework), ...env });
  const endpoint = (await app.waitFor(/^aggregator: (\S+)$/m, 20_000))[1]!;
  const status = await fetch(`${endpoint}/status`);
  expect(status.status).toBe(200);
  expect(status.headers.get('mithril-api-version')).toMatch(/^\d+\.\d+\.\d+$/);
  expect(await status.json()).toMatchObject({ cardano_network: 'devnet', total_cardano_spo: 3, protocol: { k: 5, m: 50, phi_f: 0.65 } });
  const own = await fetch(new URL('/hello', endpoint));
  expect(await own.json()).toEqual({ app: framework, message: 'my own route' });
  return { app, endpoint };
}

describe('mount-aggregator examples', () => {
  it.each(['express', 'fastify'] as const)('%s serves GET /aggregator/status next to its own route, and stops on SIGTERM', async (framework) => {
    const { app } = await startMounted(framework);
    expect((await app.stop()).code).toBe(0);
  });

  it('hono, with three run-signer processes, certifies a chain that verify-certificate-chain verifies', async () => {
    const epochMs = '3000';
    const { app, endpoint } = await startMounted('hono', { EPOCH_MS: epochMs });
    const signers = ['alice', 'bob', 'carol'].map((pool) =>
      start('run-signer', {
        AGGREGATOR_ENDPOINT: endpoint,
        SIGNER_POOL: pool,
        EPOCH_MS: epochMs,
        RUN_INTERVAL_MS: '300',
        DATA_DIR: join(scratch, `signer-${pool}`),
      }),
    );
    await signers[0]!.waitFor(/^registered for epoch \d+/m, 20_000);
    const genesisHash = (await app.waitFor(/^genesis certificate at epoch \d+: ([0-9a-f]{64})$/m, 30_000))[1];
    await app.waitFor(/^certificate MithrilStakeDistribution\(\d+\)/m, 30_000);
    const genesisKey = (await app.waitFor(/^genesis verification key: (5b[0-9a-f]+)$/m, 1000))[1]!;

    const verified = await run('verify-certificate-chain', {
      AGGREGATOR_ENDPOINT: endpoint,
      GENESIS_VERIFICATION_KEY: genesisKey,
      CACHE_DIR: join(scratch, 'cache-hono'),
    });
    expect(verified.code, verified.stderr).toBe(0);
    const line = verified.stdout.split('\n').find((l) => l.startsWith('certificate chain verified'));
    // A machine starved for a whole epoch makes the aggregator sign a new genesis (it says so): the chain ends at one of
    // the genesis certificates it printed, the first one unless that happened.
    const printed = [...app.stdout.matchAll(/^genesis certificate at epoch \d+: ([0-9a-f]{64})$/gm)].map((m) => m[1]);
    expect(printed).toContain(genesisHash);
    expect(printed).toContain(field(line, 'genesis'));
    expect(verified.stdout).toMatch(/^mithril stake distribution verified: .* signers=[1-3] /m);

    for (const signer of signers) expect((await signer.stop()).code).toBe(0);
    expect((await app.stop()).code).toBe(0);
  });
});

describe('docs', () => {
  it('every TypeScript sample of the docs matches the example code above (docs/build.ts --check)', async () => {
    const result = await run('../docs', {}, 'build.ts', ['--check']);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
  });
});
