/**
 * Test helpers of the Cardano database artifacts: a temporary node database copied from the fixture immutable
 * files, and archive unpacking with `tar` and zstd / gzip.
 */
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { fixturePath } from '@mithril/testing';
import { extract } from 'tar';
import { DecompressStream } from 'zstd-napi';

/**
 * A fresh temporary folder.
 *
 * @param label - a name prefix
 * @returns its path
 * @example
 * const dir = await tempDir('cdb');
 */
export async function tempDir(label: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `mithril-${label}-`));
  created.push(dir);
  return dir;
}

const created: string[] = [];

/**
 * Removes every folder {@link tempDir} created.
 *
 * @returns when they are gone
 * @example
 * afterAll(removeTempDirs);
 */
export async function removeTempDirs(): Promise<void> {
  for (const dir of created.splice(0)) await rm(dir, { recursive: true, force: true });
}

/**
 * A node database in a temporary folder: the fixture's four real immutable trios, an older and a newer UTxO-HD
 * ledger snapshot, and a volatile file.
 *
 * @returns the database folder
 * @example
 * const db = await fixtureDatabase();
 */
export async function fixtureDatabase(): Promise<string> {
  const db = join(await tempDir('cdb-db'), 'db');
  const source = fixturePath('cardano-db', 'immutable');
  await mkdir(join(db, 'immutable'), { recursive: true });
  for (const name of await readdir(source)) await copyFile(join(source, name), join(db, 'immutable', name));
  for (const slot of ['1000', '2400']) {
    await mkdir(join(db, 'ledger', slot, 'tables'), { recursive: true });
    await writeFile(join(db, 'ledger', slot, 'state'), `ledger state at slot ${slot}`);
    await writeFile(join(db, 'ledger', slot, 'meta'), `{"backend":"utxohd-mem","slot":${slot}}`);
    await writeFile(join(db, 'ledger', slot, 'tables', 'tvar'), `tables at slot ${slot}`);
  }
  await mkdir(join(db, 'volatile'), { recursive: true });
  await writeFile(join(db, 'volatile', 'blocks-0.dat'), 'volatile');
  return db;
}

/**
 * Unpacks a `.tar.zst` or `.tar.gz` archive.
 *
 * @param archive - the archive file
 * @param target - the folder to unpack into (created)
 * @returns the relative paths of the unpacked entries, in archive order
 * @example
 * await unpack('served/immutable/00000.tar.zst', out);
 */
export async function unpack(archive: string, target: string): Promise<string[]> {
  await mkdir(target, { recursive: true });
  const entries: string[] = [];
  const decoder = archive.endsWith('.gz') ? createGunzip() : new DecompressStream();
  await pipeline(createReadStream(archive), decoder, extract({ cwd: target, onReadEntry: (entry) => void entries.push(entry.path) }));
  return entries;
}
