import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@mithril/testing';
import { afterAll, describe, expect, it } from 'vitest';

import { computeCardanoDatabaseMerkleRoot, computeImmutableFilesMerkleRoot } from '../../artifacts/compute.js';
import { isMithrilError } from '../../errors.js';
import { bytesToHex, concatBytes, u64be, utf8 } from '../../utils/bytes.js';
import { sha256 } from '../../utils/hash.js';
import { computeDatabaseMerkleRoot, computeDatabaseSnapshotDigest, computeImmutableFileDigests, sha256File } from './digests.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The reference's DummyCardanoDb: trios `numbers`, each file holding "This is a test file named '<name>'". */
function dummyDb(numbers: readonly number[], extra: readonly string[] = []): string {
  const db = mkdtempSync(join(tmpdir(), 'cdb-digest-'));
  dirs.push(db);
  mkdirSync(join(db, 'immutable'));
  mkdirSync(join(db, 'ledger'));
  writeFileSync(join(db, 'ledger', '1234'), 'ledger state');
  const names = numbers.flatMap((n) => ['chunk', 'primary', 'secondary'].map((ext) => `${String(n).padStart(5, '0')}.${ext}`));
  for (const name of [...names, ...extra]) writeFileSync(join(db, 'immutable', name), `This is a test file named '${name}'`);
  return db;
}

const hundred = Array.from({ length: 101 }, (_, i) => i + 1);

describe('dummy database of 100 trios (nodes.md §5.2, §5.3)', () => {
  const db = dummyDb(hundred, ['00001.chunk.bak', 'README.md']);

  it('hashes each file as the reference does', async () => {
    const { immutableFileNumber, digests } = await computeImmutableFileDigests(db, { upTo: 1n, from: 1n });
    expect(immutableFileNumber).toBe(1n);
    expect(digests).toEqual([
      { immutableFileName: '00001.chunk', digest: 'faebbf47077f68ef57219396ff69edc738978a3eca946ac7df1983dbf11364ec' },
      { immutableFileName: '00001.primary', digest: 'f11bdb991fc7e72970be7d7f666e10333f92c14326d796fed8c2c041675fa826' },
      { immutableFileName: '00001.secondary', digest: 'b139684b968fa12ce324cce464d000de0e2c2ded0fd3e473a666410821d3fde3' },
    ]);
  });

  it('takes the newest completed immutable file by default (the last trio is not signed)', async () => {
    const { immutableFileNumber, digests } = await computeImmutableFileDigests(db);
    expect(immutableFileNumber).toBe(100n);
    expect(digests).toHaveLength(300);
    expect(digests.at(-1)!.immutableFileName).toBe('00100.secondary');
  });

  it('computes the v2 Merkle root of beacon (1, 100)', async () => {
    const expected = '8552f75838176c967a33eb6da1fe5f3c9940b706d75a9c2352c0acd8439f3d84';
    expect(await computeDatabaseMerkleRoot(db, { upTo: 100n })).toEqual({ immutableFileNumber: 100n, merkleRoot: expected });
    const { digests } = await computeImmutableFileDigests(db, { upTo: 101n });
    expect(computeCardanoDatabaseMerkleRoot(digests, 100n)).toBe(expected);
  });

  it('computes the v1 snapshot digest of beacon (devnet, 1, 100)', async () => {
    expect(await computeDatabaseSnapshotDigest(db, { network: 'devnet', epoch: 1n, upTo: 100n })).toEqual({
      immutableFileNumber: 100n,
      snapshotDigest: 'a27fd67e495c2c77e4b6b0af9925b2b0bc39656c56adfad4aaab9f20fae49122',
    });
  });

  it('reproduces the beacon hash vector', () => {
    const beaconHash = bytesToHex(sha256(concatBytes(utf8('testnet'), u64be(10n), u64be(100n))));
    expect(beaconHash).toBe('48cbf709b56204d8315aefd3a416b45398094f6fd51785c5b7dcaf7f35aacbfb');
  });

  it('fails with NotEnoughImmutable beyond the files on disk', async () => {
    let error: unknown;
    try {
      await computeImmutableFileDigests(db, { upTo: 150n });
    } catch (e) {
      error = e;
    }
    expect(isMithrilError<string>(error, 'CARDANO_DB_NOT_ENOUGH_IMMUTABLE') && error.details).toEqual({ expected: 150n, found: 101n });
  });

  it('serves known digests from the cache and fills it', async () => {
    const cache = new Map([['00002.chunk', 'ab'.repeat(32)]]);
    const { digests } = await computeImmutableFileDigests(db, { from: 2n, upTo: 3n, cache });
    expect(digests[0]!.digest).toBe('ab'.repeat(32));
    expect(cache.size).toBe(6);
    expect(cache.get('00003.secondary')).toBe(digests[5]!.digest);
  });
});

describe('a single-file database', () => {
  it('has the leaf itself as its root (128 hex characters)', async () => {
    const db = mkdtempSync(join(tmpdir(), 'cdb-single-'));
    dirs.push(db);
    mkdirSync(join(db, 'immutable'));
    writeFileSync(join(db, 'immutable', '00000.chunk'), 'only chunk');
    writeFileSync(join(db, 'immutable', '00001.chunk'), 'being written');
    const { merkleRoot } = await computeDatabaseMerkleRoot(db);
    const digest = bytesToHex(sha256(utf8('only chunk')));
    expect(merkleRoot).toBe(bytesToHex(utf8(digest)));
    expect(merkleRoot).toHaveLength(128);
    expect(computeImmutableFilesMerkleRoot([digest])).toBe(merkleRoot);
  });
});

describe('the real immutable files of the fixtures', () => {
  const immutableDir = fixturePath('cardano-db', 'immutable');
  const dbDir = fixturePath('cardano-db');

  it('gives every file the digest sha256sum gives it', async () => {
    const names = readdirSync(immutableDir).sort();
    const output = execFileSync('sha256sum', names, { cwd: immutableDir, encoding: 'utf8' });
    const expected = output
      .trim()
      .split('\n')
      .map((line) => {
        const [digest, name] = line.split(/\s+\*?/);
        return { immutableFileName: name!, digest: digest! };
      });
    const { immutableFileNumber, digests } = await computeImmutableFileDigests(dbDir, { upTo: 3n });
    expect(immutableFileNumber).toBe(3n);
    expect(digests).toEqual(expected);
    expect(await sha256File(join(immutableDir, '00001.chunk'))).toBe(expected[3]!.digest);
  });

  it('signs up to the newest completed immutable file (2 of 0..3)', async () => {
    const { immutableFileNumber, digests } = await computeImmutableFileDigests(dbDir);
    expect(immutableFileNumber).toBe(2n);
    expect(digests.map((d) => d.immutableFileName)).toHaveLength(9);
    const { merkleRoot } = await computeDatabaseMerkleRoot(dbDir);
    expect(merkleRoot).toBe(computeCardanoDatabaseMerkleRoot(digests, 2n));
  });

  it('names the file it cannot read', async () => {
    let error: unknown;
    try {
      await sha256File(join(immutableDir, 'missing.chunk'));
    } catch (e) {
      error = e;
    }
    expect(isMithrilError<string>(error, 'CARDANO_DB_READ_FAILED') && error.field).toBe(join(immutableDir, 'missing.chunk'));
  });
});
