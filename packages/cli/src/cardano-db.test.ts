import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CardanoDbServer, startCardanoDbServer } from '@mithril/testing/cardano-db-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, run } from './cli.js';

let server: CardanoDbServer;
let workDir: string;
beforeAll(async () => {
  server = await startCardanoDbServer();
  workDir = await mkdtemp(join(tmpdir(), 'mithril-cli-cdb-'));
});
afterAll(async () => {
  await server.close();
  await rm(workDir, { recursive: true, force: true });
});

async function mithril(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t), isTTY: false },
    env: { AGGREGATOR_ENDPOINT: server.aggregatorEndpoint, GENESIS_VERIFICATION_KEY: server.genesisVerificationKey, ...env },
    cwd: workDir,
  });
  return { code, stdout, stderr };
}

describe('mithril cardano-db', () => {
  it('snapshot list and show print the snake_case artifact', async () => {
    const list = await mithril(['cardano-db', 'snapshot', 'list', '--json']);
    expect(list.code).toBe(EXIT_OK);
    const items = JSON.parse(list.stdout) as { hash: string; merkle_root: string; beacon: { immutable_file_number: number } }[];
    expect(items.map((i) => i.hash)).toEqual([server.snapshotHash]);
    expect(items[0]?.beacon.immutable_file_number).toBe(2);
    const show = await mithril(['cardano-db', 'snapshot', 'show', 'latest', '--json']);
    expect(JSON.parse(show.stdout)).toMatchObject({ hash: server.snapshotHash, certificate_hash: server.certificate.hash });
    const human = await mithril(['cardano-db', 'snapshot', 'show', server.snapshotHash]);
    expect(human.stdout).toContain(`Certificate hash       ${server.certificate.hash}`);
  });

  it('download restores a verified folder with progress lines; verify accepts it, then names a flipped file', async () => {
    const dir = join(workDir, 'full');
    const out = await mithril(['cardano-db', 'download', 'latest', '--download-dir', dir, '--json']);
    expect(out.code).toBe(EXIT_OK);
    expect(JSON.parse(out.stdout)).toMatchObject({
      snapshot_hash: server.snapshotHash,
      db_dir: join(dir, 'db'),
      immutable_file_range: { start: 0, end: 2 },
      downloaded_immutables: 3,
      verified: true,
    });
    expect(out.stderr).toContain('Downloaded 3/3 immutable archives');
    const verify = await mithril(['cardano-db', 'verify', server.snapshotHash, '--db-dir', join(dir, 'db'), '--json']);
    expect(verify.code).toBe(EXIT_OK);
    expect(JSON.parse(verify.stdout)).toMatchObject({ checked_files: 9, verified: true });

    const file = join(dir, 'db', 'immutable', '00000.chunk');
    const bytes = readFileSync(file);
    bytes[0] = bytes[0]! ^ 0x80;
    writeFileSync(file, bytes);
    const bad = await mithril(['cardano-db', 'verify', 'latest', '--db-dir', join(dir, 'db')]);
    expect(bad.code).toBe(EXIT_FAILURE);
    expect(bad.stderr).toContain('[CDB_DIGEST_MISMATCH]');
    expect(bad.stderr).toContain('immutable/00000.chunk (tampered)');
  });

  it('download of a range, and with the ancillary files', async () => {
    const dir = join(workDir, 'range');
    const out = await mithril(['cardano-db', 'download', server.snapshotHash, '--download-dir', dir, '--start', '1', '--end', '1']);
    expect(out.code).toBe(EXIT_OK);
    expect(out.stdout).toContain('immutables 1-1');
    expect(existsSync(join(dir, 'db', 'immutable', '00001.chunk'))).toBe(true);
    expect(existsSync(join(dir, 'db', 'immutable', '00000.chunk'))).toBe(false);
    const again = await mithril(['cardano-db', 'download', server.snapshotHash, '--download-dir', dir]);
    expect(again.code).toBe(EXIT_FAILURE);
    expect(again.stderr).toContain('[CDB_TARGET_NOT_EMPTY]');

    const usage = await mithril(['cardano-db', 'download', 'latest', '--include-ancillary']);
    expect(usage.code).toBe(EXIT_USAGE);
    const withAncillary = await mithril([
      'cardano-db',
      'download',
      'latest',
      '--download-dir',
      dir,
      '--allow-override',
      '--include-ancillary',
      '--ancillary-verification-key',
      server.ancillaryVerificationKey,
    ]);
    expect(withAncillary.code).toBe(EXIT_OK);
    expect(withAncillary.stderr).toContain('not by Mithril');
    expect(existsSync(join(dir, 'db', 'ledger', '1234', 'state'))).toBe(true);
  });

  it('rejects --start after --end as a usage error before fetching anything, on download and verify', async () => {
    const before = server.requests.length;
    for (const verb of [
      ['download', 'latest'],
      ['verify', 'latest', '--db-dir', workDir],
    ]) {
      const out = await mithril(['cardano-db', ...verb, '--start', '2', '--end', '1']);
      expect(out.code).toBe(EXIT_USAGE);
      expect(out.stderr).toContain('--start 2 is after --end 1');
    }
    expect(server.requests.length).toBe(before);
  });

  it('rejects a range beyond the last certified immutable file with a typed error and no folder', async () => {
    const dir = join(workDir, 'beyond');
    const out = await mithril(['cardano-db', 'download', 'latest', '--download-dir', dir, '--start', '1', '--end', '3']);
    expect(out.code).toBe(EXIT_FAILURE);
    expect(out.stderr).toContain('[CDB_INVALID_OPTIONS]');
    expect(out.stderr).toContain('1..3 is not within 0..2');
    expect(existsSync(join(dir, 'db'))).toBe(false);
    const verify = await mithril(['cardano-db', 'verify', 'latest', '--db-dir', workDir, '--end', '9']);
    expect(verify.code).toBe(EXIT_FAILURE);
    expect(verify.stderr).toContain('[CDB_INVALID_OPTIONS]');
  });

  it('rejects bad arguments as usage errors', async () => {
    expect((await mithril(['cardano-db', 'download', 'nope'])).code).toBe(EXIT_USAGE);
    expect((await mithril(['cardano-db', 'verify', 'latest'])).code).toBe(EXIT_USAGE);
    expect((await mithril(['cardano-db', 'download', 'latest', '--start', 'x'])).code).toBe(EXIT_USAGE);
    expect((await mithril(['cardano-db', 'snapshot', 'frobnicate'])).code).toBe(EXIT_USAGE);
  });
});

describe('mithril snapshot (legacy)', () => {
  it('lists, shows and downloads with the v1 digest check', async () => {
    const list = await mithril(['snapshot', 'list', '--json']);
    expect((JSON.parse(list.stdout) as { digest: string }[]).map((s) => s.digest)).toEqual([server.legacySnapshotDigest]);
    const show = await mithril(['snapshot', 'show', 'latest']);
    expect(show.stdout).toContain(server.legacySnapshotDigest);
    const dir = join(workDir, 'legacy');
    const out = await mithril(['snapshot', 'download', 'latest', '--download-dir', dir, '--json']);
    expect(out.code).toBe(EXIT_OK);
    expect(JSON.parse(out.stdout)).toMatchObject({ digest: server.legacySnapshotDigest, verified: true, db_dir: join(dir, 'db') });
  });
});
