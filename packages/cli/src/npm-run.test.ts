import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFixtureJson, startFixtureServer, type FixtureServer } from '@mithril/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userDirectory } from './context.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const DEVNET_KEY = readFixtureJson<{ devnet_genesis_verification_key: { json_hex: string } }>('genesis-keys.json').devnet_genesis_verification_key
  .json_hex;
const newest = readFixtureJson<{ hash: string }[]>('aggregator-fake-2026-05', 'mithril-stake-distributions-list.json')[0]!.hash;

let server: FixtureServer;
let userDir: string;
beforeAll(async () => {
  server = await startFixtureServer();
  userDir = await mkdtemp(join(tmpdir(), 'mithril-npm-run-'));
});
afterAll(async () => {
  await server.close();
  await rm(userDir, { recursive: true, force: true });
});

/** `npm run mithril -- …` of this checkout, typed from the user's folder (npm then runs it from the repository root). */
function npmRunMithril(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      'npm',
      ['--prefix', root, '--silent', 'run', 'mithril', '--', ...args],
      {
        cwd: userDir,
        env: { PATH: process.env.PATH ?? '', HOME: userDir, AGGREGATOR_ENDPOINT: server.url, GENESIS_VERIFICATION_KEY: DEVNET_KEY },
        timeout: 60_000,
      },
      (error, stdout, stderr) => done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
  });
}

describe('npm run mithril', () => {
  it('writes a relative --download-dir (the README ./out) under the user folder, not the repository root', async () => {
    const out = await npmRunMithril(['msd', 'download', 'latest', '--download-dir', './out', '--json']);
    expect(out.code, out.stderr).toBe(0);
    expect((JSON.parse(out.stdout) as { path: string }).path).toBe(join(userDir, 'out', `${newest}.json`));
    expect(readdirSync(join(userDir, 'out'))).toEqual([`${newest}.json`]);
    expect(existsSync(join(root, 'out', `${newest}.json`))).toBe(false);
  }, 120_000);

  it('uses INIT_CWD (the default download directory too) only under the checkout script', () => {
    expect(userDirectory({ npm_lifecycle_event: 'mithril', INIT_CWD: '/home/me' }, '/repo')).toBe('/home/me');
    expect(userDirectory({ npm_lifecycle_event: 'restore', INIT_CWD: '/home/me' }, '/project')).toBe('/project');
    expect(userDirectory({}, '/here')).toBe('/here');
  });
});
