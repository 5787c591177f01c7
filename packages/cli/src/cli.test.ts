import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFixtureJson, readFixtureText } from '@mithril/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sliceTopLevelObject, startFixtureServer, type FixtureServer } from '@mithril/testing';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, run } from './cli.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..', '..');
const main = join(here, 'main.ts');
const DIR = 'aggregator-fake-2026-05';

const keys = readFixtureJson<{
  devnet_genesis_verification_key: { json_hex: string };
  genesis_verification_keys: { json_hex: string }[];
}>('genesis-keys.json');
const DEVNET_KEY = keys.devnet_genesis_verification_key.json_hex;
const OTHER_KEY = (keys.genesis_verification_keys[0] as { json_hex: string }).json_hex;
const certificates = readFixtureJson<Record<string, { previous_hash: string; epoch: number; genesis_signature: string }>>(DIR, 'certificates.json');
const certificateList = readFixtureJson<{ hash: string }[]>(DIR, 'certificates-list.json');
const latestHash = (certificateList[0] as { hash: string }).hash;
const genesisHash = Object.keys(certificates).find((h) => certificates[h]?.genesis_signature !== '') as string;

function chainLength(hash: string): number {
  let n = 0;
  for (let h = hash; h !== ''; h = certificates[h]?.previous_hash ?? '') n++;
  return n;
}

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

let server: FixtureServer;
let workDir: string;
beforeAll(async () => {
  server = await startFixtureServer();
  workDir = await mkdtemp(join(tmpdir(), 'mithril-cli-'));
});
afterAll(async () => {
  await server.close();
  await rm(workDir, { recursive: true, force: true });
});

/** Runs the real executable (node + tsx on the sources) as a child process. */
function spawnCli(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolveRun) => {
    execFile(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', main, ...args],
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', AGGREGATOR_ENDPOINT: server.url, ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolveRun({ code, stdout, stderr });
      },
    );
  });
}

/** Runs the command in-process (cheap, for the argument-handling table). */
async function runInProcess(args: string[], env: Record<string, string | undefined> = {}, isTTY = false): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t), isTTY },
    env,
    cwd: workDir,
  });
  return { code, stdout, stderr };
}

describe('mithril (spawned)', () => {
  it('certificate list --json prints the served list', async () => {
    const out = await spawnCli(['certificate', 'list', '--json']);
    expect(out.code).toBe(EXIT_OK);
    expect(out.stderr).toBe('');
    const items = JSON.parse(out.stdout) as { hash: string }[];
    expect(items.map((i) => i.hash)).toEqual(certificateList.map((i) => i.hash));
  });

  it('certificate show --json prints the certificate with exact integers', async () => {
    const out = await spawnCli(['certificate', 'show', latestHash, '--json']);
    expect(out.code).toBe(EXIT_OK);
    const shown = JSON.parse(out.stdout) as { hash: string; epoch: number; metadata: { signers: { stake: number }[] } };
    expect(shown.hash).toBe(latestHash);
    expect(shown.epoch).toBe(certificates[latestHash]?.epoch);
    const stake = readFixtureJson<Record<string, { metadata: { signers: { stake: number }[] } }>>(DIR, 'certificates.json')[latestHash]?.metadata
      .signers[0]?.stake;
    expect(out.stdout).toContain(`"stake": ${stake}`);
  });

  it('certificate verify checks the chain to genesis (env configuration), quietly when stderr is not a TTY', async () => {
    const out = await spawnCli(['certificate', 'verify', latestHash, '--json'], { GENESIS_VERIFICATION_KEY: DEVNET_KEY });
    expect(out.code).toBe(EXIT_OK);
    expect(out.stderr).toBe('');
    const result = JSON.parse(out.stdout) as { verified: boolean; genesis_hash: string; validated: string[] };
    expect(result.verified).toBe(true);
    expect(result.genesis_hash).toBe(genesisHash);
    expect(result.validated).toHaveLength(chainLength(latestHash));
  });

  it('certificate verify fails with one line and exit 1 under a wrong genesis key (flag configuration)', async () => {
    const out = await spawnCli(['certificate', 'verify', genesisHash, '--genesis-verification-key', OTHER_KEY, '--aggregator-endpoint', server.url], {
      AGGREGATOR_ENDPOINT: 'http://127.0.0.1:9/unused',
    });
    expect(out.code).toBe(EXIT_FAILURE);
    expect(out.stdout).toBe('');
    expect(out.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(out.stderr).toContain('CERTIFICATE_GENESIS_SIGNATURE_INVALID');
  });

  it('mithril-stake-distribution download verifies then writes the served artifact JSON', async () => {
    const msds = sliceTopLevelObject(readFixtureText(DIR, 'mithril-stake-distributions.json'));
    const [hash, text] = [...msds][0] as [string, string];
    const dir = join(workDir, 'msd');
    const out = await spawnCli(['mithril-stake-distribution', 'download', hash, '--download-dir', dir, '--json'], {
      GENESIS_VERIFICATION_KEY: DEVNET_KEY,
    });
    expect(out.code).toBe(EXIT_OK);
    const result = JSON.parse(out.stdout) as { hash: string; path: string; verified: boolean };
    expect(result).toMatchObject({ hash, verified: true, path: join(dir, `${hash}.json`) });
    expect(await readFile(result.path, 'utf8')).toBe(text);
  });

  it('cardano-stake-distribution download by epoch writes the artifact; a bad epoch offset fails', async () => {
    const csds = readFixtureJson<Record<string, { epoch: number }>>(DIR, 'cardano-stake-distributions.json');
    const [hash, csd] = Object.entries(csds)[0] as [string, { epoch: number }];
    const dir = join(workDir, 'csd');
    const env = { GENESIS_VERIFICATION_KEY: DEVNET_KEY };
    const out = await spawnCli(['csd', 'download', String(csd.epoch), '--download-dir', dir], env);
    expect(out.code).toBe(EXIT_OK);
    expect(out.stdout).toContain(hash);
    expect(await readdir(dir)).toEqual([`${hash}.json`]);
    expect(JSON.parse(await readFile(join(dir, `${hash}.json`), 'utf8'))).toEqual(csds[hash]);
    const bad = await spawnCli(['csd', 'download', 'latest-6', '--download-dir', dir], env);
    expect(bad.code).toBe(EXIT_FAILURE);
    expect(bad.stderr).toContain('CLIENT_HTTP_ERROR');
    expect(await readdir(dir)).toEqual([`${hash}.json`]);
  });
});

describe('mithril (in process)', () => {
  it.each([
    [[], EXIT_USAGE],
    [['certificate'], EXIT_USAGE],
    [['bogus', 'list'], EXIT_USAGE],
    [['certificate', 'list', '--nope'], EXIT_USAGE],
    [['certificate', 'show'], EXIT_USAGE],
    [['certificate', 'show', 'a', 'b'], EXIT_USAGE],
    [['msd', 'download', 'not-a-hash'], EXIT_USAGE],
    [['csd', 'download', 'yesterday'], EXIT_USAGE],
    [['certificate', 'verify', latestHash], EXIT_USAGE],
    [['certificate', 'verify', genesisHash, '--bls-backend', 'blst'], EXIT_USAGE],
    [['certificate', 'verify', genesisHash, '--workers', 'two'], EXIT_USAGE],
    [['certificate', 'verify', genesisHash, '--workers', '500'], EXIT_USAGE],
  ])('%j exits %i with a reason on stderr', async (args, code) => {
    const out = await runInProcess(args, {
      AGGREGATOR_ENDPOINT: server.url,
      ...(args[2] === latestHash ? {} : { GENESIS_VERIFICATION_KEY: DEVNET_KEY }),
    });
    expect(out.code).toBe(code);
    expect(out.stdout).toBe('');
    expect(out.stderr.split('\n')[0]).toMatch(/^mithril: /);
  });

  it('requires an aggregator endpoint', async () => {
    const out = await runInProcess(['certificate', 'list']);
    expect(out.code).toBe(EXIT_USAGE);
    expect(out.stderr).toContain('AGGREGATOR_ENDPOINT');
  });

  it('reports a missing certificate with exit 1', async () => {
    const out = await runInProcess(['certificate', 'show', 'f'.repeat(64)], { AGGREGATOR_ENDPOINT: server.url });
    expect(out.code).toBe(EXIT_FAILURE);
    expect(out.stderr).toContain('CLIENT_NOT_FOUND');
  });

  it.each([
    [['--bls-backend', 'mcl'], {}],
    [['--workers', '2'], {}],
    [['--workers', '1'], { MITHRIL_BLS_BACKEND: 'mcl' }],
  ])('certificate verify %j checks the chain to genesis', async (extra, env) => {
    const out = await runInProcess(['certificate', 'verify', latestHash, '--json', ...extra], {
      AGGREGATOR_ENDPOINT: server.url,
      GENESIS_VERIFICATION_KEY: DEVNET_KEY,
      ...env,
    });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(EXIT_OK);
    expect((JSON.parse(out.stdout) as { validated: string[] }).validated).toHaveLength(chainLength(latestHash));
  });

  it('--cache-dir keeps verified certificates between runs', async () => {
    const env = { AGGREGATOR_ENDPOINT: server.url, GENESIS_VERIFICATION_KEY: DEVNET_KEY };
    const args = ['certificate', 'verify', latestHash, '--json', '--cache-dir', 'cache'];
    const first = JSON.parse((await runInProcess(args, env)).stdout) as { from_cache: string[] };
    expect(first.from_cache).toEqual([]);
    const second = JSON.parse((await runInProcess(args, env)).stdout) as { from_cache: string[]; validated: string[] };
    expect(second.from_cache.length).toBeGreaterThan(0);
    expect(second.from_cache.length + second.validated.length).toBe(chainLength(latestHash));
    expect((await readdir(join(workDir, 'cache'))).length).toBeGreaterThan(0);
  });

  it('shows progress on stderr only when it is a TTY', async () => {
    const env = { AGGREGATOR_ENDPOINT: server.url, GENESIS_VERIFICATION_KEY: DEVNET_KEY };
    const tty = await runInProcess(['certificate', 'verify', genesisHash], env, true);
    expect(tty.code).toBe(EXIT_OK);
    expect(tty.stderr).toContain('Verifying certificate chain: 1 verified');
    expect(tty.stdout).toContain(`Certificate chain of ${genesisHash} is valid`);
    expect((await runInProcess(['certificate', 'verify', genesisHash], env, false)).stderr).toBe('');
  });

  it('--help and --version exit 0', async () => {
    expect((await runInProcess(['--help'])).code).toBe(EXIT_OK);
    expect((await runInProcess(['--version'])).stdout).toMatch(/^mithril \d+\.\d+\.\d+\n$/);
  });
});
