import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFixtureJson, startFixtureServer, type FixtureServer } from '@mithril/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_OK, EXIT_USAGE, run } from './cli.js';

const DIR = 'aggregator-fake-2026-05';
const DEVNET_KEY = readFixtureJson<{ devnet_genesis_verification_key: { json_hex: string } }>('genesis-keys.json').devnet_genesis_verification_key
  .json_hex;

let server: FixtureServer;
let workDir: string;
beforeAll(async () => {
  server = await startFixtureServer();
  workDir = await mkdtemp(join(tmpdir(), 'mithril-cli-targets-'));
});
afterAll(async () => {
  await server.close();
  await rm(workDir, { recursive: true, force: true });
});

async function mithril(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t), isTTY: false },
    env: { AGGREGATOR_ENDPOINT: server.url, GENESIS_VERIFICATION_KEY: DEVNET_KEY },
    cwd: workDir,
  });
  return { code, stdout, stderr };
}

describe('artifact targets', () => {
  it('mithril-stake-distribution download latest takes the newest listed distribution', async () => {
    const newest = readFixtureJson<{ hash: string }[]>(DIR, 'mithril-stake-distributions-list.json')[0]!.hash;
    const out = await mithril(['mithril-stake-distribution', 'download', 'latest', '--download-dir', 'msd', '--json']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(EXIT_OK);
    const result = JSON.parse(out.stdout) as { hash: string; path: string };
    expect(result.hash).toBe(newest);
    expect(result.path).toBe(join(workDir, 'msd', `${newest}.json`));
    expect((JSON.parse(await readFile(result.path, 'utf8')) as { hash: string }).hash).toBe(newest);
  });

  it.each([
    [['msd', 'download', 'ABC'], 'ABC'],
    [['msd', 'download', 'A'.repeat(64)], 'A'.repeat(64)],
    [['csd', 'download', 'x'.repeat(64)], 'x'.repeat(64)],
    [['cardano-db', 'snapshot', 'show', '1234'], '1234'],
    [['cardano-db', 'download', 'nope'], 'nope'],
    [['cardano-db', 'verify', 'nope', '--db-dir', '.'], 'nope'],
    [['snapshot', 'show', 'nope'], 'nope'],
    [['snapshot', 'download', 'nope'], 'nope'],
    [['certificate', 'show', 'nope'], 'nope'],
    [['certificate', 'verify', 'nope'], 'nope'],
    [['cardano-transaction', 'snapshot', 'show', 'nope'], 'nope'],
    [['cardano-block', 'snapshot', 'show', 'nope'], 'nope'],
  ])('%j: a malformed hash is a usage error (exit 2), named, before any request', async (args, bad) => {
    const before = server.requests.length;
    const out = await mithril(args);
    expect(out.code).toBe(EXIT_USAGE);
    expect(out.stderr).toContain(`got ${bad}`);
    expect(server.requests.length).toBe(before);
  });
});
