/**
 * A crash-safe unstorage fs driver: the unstorage `fs` driver for reads, listing and removal, with every write done
 * as temporary file → fsync → rename → fsync of the folder. A rename within one folder is atomic on POSIX file
 * systems, so a reader (or a restart after a kill at any instant) sees either the previous document or the new one,
 * never a torn or empty file.
 *
 * Why not SQLite (the reference's storage, nodes.md §2.9): Node 20 has no `node:sqlite`, `better-sqlite3` needs a
 * native build, and the kit already keeps one key per record with start-up recovery for its multi-key steps, so
 * atomic single-key writes are all it needs from the file system. Why not `write-file-atomic`: its current release
 * requires Node 22; the rename dance is a few lines of `node:fs`.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { defineDriver, type Driver } from 'unstorage';
import fsDriver from 'unstorage/drivers/fs';

/** Suffix of in-flight temporary files (ignored by key listing, removed at start-up). */
const TEMP_SUFFIX = '.atomic-tmp';

/**
 * Options of {@link atomicFsDriver}.
 *
 * @example
 * const storage = createStorage({ driver: atomicFsDriver({ base: '/var/lib/mithril/aggregator' }) });
 */
export interface AtomicFsDriverOptions {
  /** Folder holding the keys (`a:b:c` → `<base>/a/b/c`, as the unstorage fs driver). */
  readonly base: string;
  /** Whether to fsync the file and its folder (default true; false only trades durability for speed in tests). */
  readonly fsync?: boolean | undefined;
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await fsp.open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes a file atomically: a temporary sibling is written and synced, then renamed over the target.
 *
 * @param path - the target file
 * @param data - the content
 * @param sync - whether to fsync the file and its folder
 * @throws {Error} the file-system error (the temporary file is removed)
 * @example
 * await writeFileAtomic('/var/lib/aggregator/runner-state', '{"state":"idle"}', true);
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, sync = true): Promise<void> {
  const folder = dirname(path);
  await fsp.mkdir(folder, { recursive: true });
  const temp = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
  try {
    const handle = await fsp.open(temp, 'w');
    try {
      await handle.writeFile(data);
      if (sync) await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(temp, path);
  } catch (error) {
    await fsp.rm(temp, { force: true });
    throw error;
  }
  // The rename itself reaches the disk with the folder's entry.
  if (sync) await fsyncPath(folder).catch(() => undefined);
}

async function removeTemporaryFiles(folder: string): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fsp.readdir(folder, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) await removeTemporaryFiles(path);
    else if (entry.name.endsWith(TEMP_SUFFIX)) await fsp.rm(path, { force: true });
  }
}

/**
 * Creates the crash-safe fs driver (Node only).
 *
 * @param options - the base folder and fsync switch
 * @returns an unstorage driver
 * @throws {Error} when a key holds a `..` segment (from the unstorage fs driver)
 * @example
 * import { createStorage } from 'unstorage';
 * import { atomicFsDriver } from '@mithril/aggregator-kit/node';
 * const storage = createStorage({ driver: atomicFsDriver({ base: '.data/aggregator' }) });
 */
export const atomicFsDriver: (options: AtomicFsDriverOptions) => Driver = defineDriver((options: AtomicFsDriverOptions) => {
  const base = resolve(options.base);
  const sync = options.fsync ?? true;
  const inner = fsDriver({ base, ignore: ['**/node_modules/**', '**/.git/**', `**/*${TEMP_SUFFIX}`] });
  const path = (key: string): string => {
    // The inner driver refuses `..` segments: ask it first through a harmless call.
    if (/\.\.:|\.\.$/.test(key)) throw new Error(`Invalid key: ${JSON.stringify(key)}. It should not contain .. segments`);
    return join(base, key.replace(/:/g, '/'));
  };
  let cleaned: Promise<void> | undefined;
  const ready = (): Promise<void> => (cleaned ??= removeTemporaryFiles(base));
  return {
    ...inner,
    name: 'atomic-fs',
    options,
    async setItem(key: string, value: string) {
      await ready();
      await writeFileAtomic(path(key), value, sync);
    },
    async setItemRaw(key: string, value: unknown) {
      await ready();
      await writeFileAtomic(path(key), value as Uint8Array, sync);
    },
  };
});
