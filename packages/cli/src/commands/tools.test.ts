import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@mithril/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, run } from '../cli.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function mithril(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, env: {} });
  return { code, stdout, stderr };
}

/** The reference's dummy database: trios 1..101 holding "This is a test file named '<name>'". */
function dummyDb(): string {
  const db = mkdtempSync(join(tmpdir(), 'cli-tools-'));
  dirs.push(db);
  mkdirSync(join(db, 'immutable'));
  for (let n = 1; n <= 101; n++) {
    for (const ext of ['chunk', 'primary', 'secondary']) {
      const name = `${String(n).padStart(5, '0')}.${ext}`;
      writeFileSync(join(db, 'immutable', name), `This is a test file named '${name}'`);
    }
  }
  return db;
}

interface DigestOutput {
  immutable_file_number: number;
  digests: { immutable_file_name: string; digest: string }[];
  merkle_root: string;
  snapshot_digest?: string;
}

describe('mithril tools cardano-db digest', () => {
  const db = dummyDb();

  it('prints the reference vectors of the dummy database, taking the newest completed immutable file', async () => {
    const out = await mithril(['tools', 'cardano-db', 'digest', db, '--network', 'devnet', '--epoch', '1', '--json']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(EXIT_OK);
    const parsed = JSON.parse(out.stdout) as DigestOutput;
    expect(Object.keys(parsed)).toEqual(['immutable_file_number', 'digests', 'merkle_root', 'snapshot_digest']);
    expect(parsed.immutable_file_number).toBe(100);
    expect(parsed.digests).toHaveLength(300);
    expect(parsed.digests[0]).toEqual({
      immutable_file_name: '00001.chunk',
      digest: 'faebbf47077f68ef57219396ff69edc738978a3eca946ac7df1983dbf11364ec',
    });
    expect(parsed.merkle_root).toBe('8552f75838176c967a33eb6da1fe5f3c9940b706d75a9c2352c0acd8439f3d84');
    expect(parsed.snapshot_digest).toBe('a27fd67e495c2c77e4b6b0af9925b2b0bc39656c56adfad4aaab9f20fae49122');
  });

  it('prints the sha256sum of every real fixture file up to --immutable, without a snapshot digest by default', async () => {
    const immutableDir = fixturePath('cardano-db', 'immutable');
    const names = readdirSync(immutableDir).sort();
    const expected = execFileSync('sha256sum', names, { cwd: immutableDir, encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((line) => {
        const [digest, name] = line.split(/\s+\*?/);
        return { immutable_file_name: name, digest };
      });
    const out = await mithril(['tools', 'cardano-db', 'digest', fixturePath('cardano-db'), '--immutable', '3', '--json']);
    expect(out.code).toBe(EXIT_OK);
    const parsed = JSON.parse(out.stdout) as DigestOutput;
    expect(parsed.immutable_file_number).toBe(3);
    expect(parsed.digests).toEqual(expected);
    expect(parsed.merkle_root).toMatch(/^[0-9a-f]{64}$/);
    expect(parsed.snapshot_digest).toBeUndefined();
  });

  it('prints a readable summary without --json', async () => {
    const out = await mithril(['tools', 'cardano-db', 'digest', db, '--immutable', '1']);
    expect(out.code).toBe(EXIT_OK);
    expect(out.stdout).toContain('Immutable file number: 1 (3 files)');
    expect(out.stdout).toContain('faebbf47077f68ef57219396ff69edc738978a3eca946ac7df1983dbf11364ec  00001.chunk');
  });

  it.each([
    [['tools'], EXIT_USAGE],
    [['tools', 'cardano-db'], EXIT_USAGE],
    [['tools', 'cardano-db', 'digest'], EXIT_USAGE],
    [['tools', 'cardano-db', 'digest', '.', 'extra'], EXIT_USAGE],
    [['tools', 'nope', 'digest', '.'], EXIT_USAGE],
    [['tools', 'cardano-db', 'digest', '.', '--immutable', 'ten'], EXIT_USAGE],
    [['tools', 'cardano-db', 'digest', '.', '--immutable', '18446744073709551616'], EXIT_USAGE],
    [['tools', 'cardano-db', 'digest', '.', '--network', 'devnet'], EXIT_USAGE],
    [['tools', 'cardano-db', 'digest', '.', '--epoch', '3'], EXIT_USAGE],
  ])('%j exits %i', async (args, code) => {
    const out = await mithril(args);
    expect(out.code).toBe(code);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^mithril: /);
  });

  it('fails with a typed error on too few immutable files or no immutable folder', async () => {
    const tooFew = await mithril(['tools', 'cardano-db', 'digest', db, '--immutable', '200']);
    expect(tooFew.code).toBe(EXIT_FAILURE);
    expect(tooFew.stderr).toContain('[CARDANO_DB_NOT_ENOUGH_IMMUTABLE]');
    const empty = mkdtempSync(join(tmpdir(), 'cli-tools-empty-'));
    dirs.push(empty);
    const missing = await mithril(['tools', 'cardano-db', 'digest', empty]);
    expect(missing.code).toBe(EXIT_FAILURE);
    expect(missing.stderr).toContain('[CARDANO_DB_IMMUTABLE_FOLDER_MISSING]');
  });
});
