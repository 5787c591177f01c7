/**
 * The SDK's pure entry in every runtime it claims besides Chromium (tested by browser-verify and wallet-web): one
 * esbuild bundle of `cli.ts` run by Node, Bun and Deno, and one of `worker.ts` served by workerd. Each verifies the
 * fixture chain (real certificates, served on loopback) to genesis, and each refuses, with its code, a tip with one
 * signature byte flipped (caught by the hash) and the same tip re-hashed (caught by the pure BLS STM verification).
 * Bun, Deno and workerd are the registry packages of the root's optional dependencies (linux-x64 builds, which is
 * CI's machine); a missing binary fails the test, it never skips it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath, readFixtureJson, sliceTopLevelObject, startFixtureServer, type FixtureServer } from '@mithril/testing';
import { computeCertificateHash, parseCertificate } from '@mithril/sdk';
import { flipSignatureByte } from '../shared/tamper.js';
import type { VerifyOutcome } from './verify.js';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const FIXTURE = 'aggregator-fake-2026-05';
const DEVNET_KEY = readFixtureJson<{ devnet_genesis_verification_key: { json_hex: string } }>('genesis-keys.json').devnet_genesis_verification_key
  .json_hex;

interface RawCertificate {
  hash: string;
  previous_hash: string;
  genesis_signature: string;
}
const certificates = readFixtureJson<Record<string, RawCertificate>>(FIXTURE, 'certificates.json');
const latestHash = readFixtureJson<{ hash: string }[]>(FIXTURE, 'certificates-list.json')[0]!.hash;

/** The fixture chain from `hash` to genesis, following `previous_hash` in the file (independent of the SDK). */
function chainOf(hash: string): string[] {
  const out: string[] = [];
  for (let c = certificates[hash]; c !== undefined; c = c.genesis_signature === '' ? certificates[c.previous_hash] : undefined) out.push(c.hash);
  return out;
}
const expectedChain = chainOf(latestHash);

/** Path of a binary inside an installed package, or a failure naming the package. */
function binary(runtime: string, pkg: string, file: string): string {
  let root: string;
  try {
    root = dirname(require.resolve(`${pkg}/package.json`));
  } catch {
    throw new Error(`${runtime} is not installed: the optional dependency ${pkg} exists for linux-x64 only (CI's machine); run this test there`);
  }
  const path = join(root, file);
  if (!existsSync(path)) throw new Error(`${runtime}: ${path} is missing from ${pkg}`);
  return path;
}

interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion, collecting its output. */
function run(command: string, args: string[], env: Record<string, string> = {}): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: scratch, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

type Reported = VerifyOutcome & { readonly runtime: { readonly name: string; readonly version: string } };

/** Parses the single JSON line a CLI run printed. */
function reported(done: Finished): Reported {
  const line = done.stdout.trim().split('\n').at(-1) ?? '';
  expect(line.startsWith('{'), `no JSON on stdout (exit ${done.code}):\n${done.stdout}\n${done.stderr}`).toBe(true);
  return JSON.parse(line) as Reported;
}

/** A free loopback port (workerd listens on a configured address). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

const scratch = mkdtempSync(join(tmpdir(), 'mithril-runtimes-'));
let aggregator: FixtureServer;
let tampered: FixtureServer;
let cliBundle: string;
/** Hash of the forged tip: the tampered tip with its hash recomputed, so that only the STM verifier can catch it. */
let forgedHash: string;

beforeAll(async () => {
  for (const entry of ['cli', 'worker']) {
    await build({
      entryPoints: [join(here, `${entry}.ts`)],
      outfile: join(scratch, `${entry}.js`),
      bundle: true,
      format: 'esm',
      platform: 'browser', // no Node built-in may reach the bundle: it has to run where none exists
      target: 'es2022',
      conditions: ['source'],
      logLevel: 'silent',
    });
  }
  cliBundle = join(scratch, 'cli.js');
  const texts = sliceTopLevelObject(readFileSync(join(fixturePath(FIXTURE), 'certificates.json'), 'utf8'));
  aggregator = await startFixtureServer();
  const tamperedText = flipSignatureByte(texts.get(latestHash)!);
  forgedHash = computeCertificateHash(parseCertificate(tamperedText));
  const forgedText = tamperedText.replace(new RegExp(`("hash"\\s*:\\s*)"${latestHash}"`), `$1"${forgedHash}"`);
  expect(forgedText).not.toBe(tamperedText);
  tampered = await startFixtureServer({ certificateOverrides: { [latestHash]: tamperedText, [forgedHash]: forgedText } });
});

afterAll(async () => {
  await aggregator?.close();
  await tampered?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** The checks every runtime passes: the fixture chain, tip first, down to its genesis certificate. */
function expectVerifiedChain(outcome: Reported, runtime: string): void {
  expect(outcome.runtime.name).toBe(runtime);
  expect(outcome).toMatchObject({ ok: true, tip: latestHash, genesis: expectedChain.at(-1) });
  if (outcome.ok) expect(outcome.validated).toEqual(expectedChain);
}

/**
 * The tampered tip: one flipped byte of its multi-signature. The certificate hash covers that signature, so the first
 * check to fail is the hash recomputation; what matters is a typed code, never a pass.
 */
function expectTamperedRejected(outcome: Reported, runtime: string): void {
  expect(outcome.runtime.name).toBe(runtime);
  expect(outcome).toMatchObject({ ok: false, code: TAMPERED_CODE });
  if (!outcome.ok) expect(outcome.message).toContain(latestHash);
}
const TAMPERED_CODE = 'CERTIFICATE_HASH_MISMATCH';

/** The forged tip (tampered, then re-hashed): the pure BLS verification of the runtime must refuse it. */
function expectForgedRejected(outcome: Reported, runtime: string): void {
  expect(outcome.runtime.name).toBe(runtime);
  expect(outcome).toMatchObject({ ok: false, code: FORGED_CODE });
  if (!outcome.ok) expect(outcome.message).toContain(forgedHash);
}
const FORGED_CODE = 'CERTIFICATE_MULTI_SIGNATURE_INVALID';

const cliRuntimes: Record<string, () => { command: string; args: string[]; env: Record<string, string> }> = {
  node: () => ({ command: process.execPath, args: [cliBundle], env: {} }),
  bun: () => ({
    command: binary('Bun', '@oven/bun-linux-x64', 'bin/bun'),
    args: ['--no-install', 'run', cliBundle],
    env: { BUN_RUNTIME_TRANSPILER_CACHE_PATH: '0', HOME: scratch },
  }),
  deno: () => ({
    command: binary('Deno', '@deno/linux-x64-glibc', 'deno'),
    // Loopback only: the fixture aggregator is all the script may reach.
    args: ['run', '--no-config', '--no-prompt', '--allow-net=127.0.0.1', cliBundle],
    env: { DENO_DIR: join(scratch, 'deno-dir'), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1', HOME: scratch },
  }),
};

describe.each(Object.keys(cliRuntimes))('the SDK in %s', (runtime) => {
  it('verifies the fixture chain to genesis', async () => {
    const { command, args, env } = cliRuntimes[runtime]!();
    const done = await run(command, [...args, aggregator.url, DEVNET_KEY], env);
    expectVerifiedChain(reported(done), runtime);
    expect(done.code).toBe(0);
  });

  it('rejects a tampered tip with its code', async () => {
    const { command, args, env } = cliRuntimes[runtime]!();
    const done = await run(command, [...args, tampered.url, DEVNET_KEY], env);
    expectTamperedRejected(reported(done), runtime);
    expect(done.code).toBe(1);
  });

  it('rejects a forged multi-signature under a recomputed hash with its code', async () => {
    const { command, args, env } = cliRuntimes[runtime]!();
    const done = await run(command, [...args, tampered.url, DEVNET_KEY, forgedHash], env);
    expectForgedRejected(reported(done), runtime);
    expect(done.code).toBe(1);
  });
});

describe('the SDK in workerd', () => {
  let base: string;
  let stop: () => Promise<void>;
  let stderr = '';

  beforeAll(async () => {
    const workerd = binary('workerd', '@cloudflare/workerd-linux-64', 'bin/workerd');
    const port = await freePort();
    // The worker may reach loopback only (workerd's default outbound network refuses local addresses).
    writeFileSync(
      join(scratch, 'config.capnp'),
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .verifier),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const verifier :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2026-11-01",
  globalOutbound = "loopback",
);
`,
    );
    const child = spawn(workerd, ['serve', join(scratch, 'config.capnp')], { cwd: scratch, stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    stop = async () => {
      child.kill();
      await exited;
    };
    base = `http://127.0.0.1:${port}`;
    for (let attempt = 0; ; attempt++) {
      const up = await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (attempt > 200 || child.exitCode !== null) throw new Error(`workerd did not start:\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  afterAll(async () => {
    await stop?.();
  });

  const verify = async (aggregatorEndpoint: string, hash?: string): Promise<{ status: number; outcome: Reported }> => {
    const answer = await fetch(`${base}/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ aggregatorEndpoint, genesisVerificationKey: DEVNET_KEY, ...(hash !== undefined && { hash }) }),
    });
    const text = await answer.text();
    expect(text.startsWith('{'), `${answer.status} ${text}\n${stderr}`).toBe(true);
    return { status: answer.status, outcome: JSON.parse(text) as Reported };
  };

  it('verifies the fixture chain to genesis in a worker', async () => {
    const { status, outcome } = await verify(aggregator.url);
    expectVerifiedChain(outcome, 'workerd');
    expect(outcome.runtime.version).toBe('Cloudflare-Workers');
    expect(status).toBe(200);
  });

  it('rejects a tampered tip with its code in a worker', async () => {
    const { status, outcome } = await verify(tampered.url);
    expectTamperedRejected(outcome, 'workerd');
    expect(status).toBe(422);
  });

  it('rejects a forged multi-signature under a recomputed hash with its code in a worker', async () => {
    const { status, outcome } = await verify(tampered.url, forgedHash);
    expectForgedRejected(outcome, 'workerd');
    expect(status).toBe(422);
  });
});
