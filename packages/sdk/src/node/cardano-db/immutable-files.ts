/**
 * The immutable files of a Cardano node database folder, listed and selected with the reference's rules (nodes.md
 * §5.1, trap 43; the reference's `immutable_file.rs` and `cardano_immutable_digester.rs`): the first folder named
 * `immutable` under the database folder; its regular files (not links, not sub-folders) whose extension is `chunk`,
 * `primary` or `secondary`, anything else ignored (`00001.chunk.bak`, `README.md`, `ledger/`, `volatile/`); the stem
 * parsed as a u64 (a failure is an error); sorted by (number, name). The trio with the highest number is still being
 * written, so the newest completed immutable file number is the highest one below it.
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

import { IMMUTABLE_FILE_EXTENSIONS, parseRustU64, splitFileName } from '@mithril/sdk';

import { CardanoDbError } from './errors.js';

/** One immutable file of a database folder. */
export interface ImmutableFile {
  /** Absolute or dbDir-relative path of the file. */
  readonly path: string;
  /** The immutable file number (the file's stem). */
  readonly number: bigint;
  /** The file name, e.g. `00042.chunk`: the `immutable_file_name` of digest lists. */
  readonly fileName: string;
}

const IMMUTABLE_DIR = 'immutable';

function readFailed(path: string, cause: unknown): CardanoDbError {
  return new CardanoDbError('CARDANO_DB_READ_FAILED', `cannot read ${JSON.stringify(path)}`, { field: path, cause });
}

async function entriesOf(dir: string): Promise<Dirent[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  } catch (cause) {
    throw readFailed(dir, cause);
  }
}

/** Depth-first, the folder itself first, entries in name order; links are not followed (as walkdir by default). */
async function findImmutableDir(dir: string, isRoot: boolean): Promise<string | undefined> {
  if (basename(dir) === IMMUTABLE_DIR) return dir;
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (cause) {
    // walkdir skips unreadable folders below the root; a missing root is reported as "no immutable folder".
    if (isRoot && (cause as NodeJS.ErrnoException).code !== 'ENOENT' && (cause as NodeJS.ErrnoException).code !== 'ENOTDIR') {
      throw readFailed(dir, cause);
    }
    return undefined;
  }
  entries.sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const found = await findImmutableDir(join(dir, entry.name), false);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Path of the folder holding the immutable files: the first folder named `immutable` under (or at) the database folder.
 *
 * @param dbDir - the node database folder (the one holding `immutable/`, `ledger/`, `volatile/`)
 * @returns the path of the `immutable` folder
 * @throws {CardanoDbError} `CARDANO_DB_IMMUTABLE_FOLDER_MISSING` when there is none, `CARDANO_DB_READ_FAILED`
 * @example
 * await findImmutableFolder('/var/cardano/db'); // '/var/cardano/db/immutable'
 */
export async function findImmutableFolder(dbDir: string): Promise<string> {
  let isDir = false;
  try {
    isDir = (await stat(dbDir)).isDirectory();
  } catch {
    isDir = false;
  }
  const found = isDir ? await findImmutableDir(dbDir, true) : undefined;
  if (found === undefined) {
    throw new CardanoDbError('CARDANO_DB_IMMUTABLE_FOLDER_MISSING', `no 'immutable' folder in ${JSON.stringify(dbDir)}`, { field: dbDir });
  }
  return found;
}

function compareFiles(a: ImmutableFile, b: ImmutableFile): number {
  if (a.number !== b.number) return a.number < b.number ? -1 : 1;
  return Buffer.compare(Buffer.from(a.fileName), Buffer.from(b.fileName));
}

/**
 * Every immutable file of a database folder, the trio still being written included, in the reference's order
 * (number, then name: `chunk` < `primary` < `secondary`).
 *
 * @param dbDir - the node database folder
 * @returns the files, sorted; empty when the `immutable` folder holds none
 * @throws {CardanoDbError} `CARDANO_DB_IMMUTABLE_FOLDER_MISSING`, `CARDANO_DB_INVALID_IMMUTABLE_FILE_NAME` (e.g.
 *   `abc.chunk`), `CARDANO_DB_READ_FAILED`
 * @example
 * (await listImmutableFiles(dbDir)).map((f) => f.fileName); // ['00000.chunk', '00000.primary', …]
 */
export async function listImmutableFiles(dbDir: string): Promise<ImmutableFile[]> {
  const folder = await findImmutableFolder(dbDir);
  const files: ImmutableFile[] = [];
  for (const entry of await entriesOf(folder)) {
    if (!entry.isFile()) continue;
    const { stem, extension } = splitFileName(entry.name);
    if (extension === undefined || !IMMUTABLE_FILE_EXTENSIONS.includes(extension)) continue;
    const number = parseRustU64(stem);
    const path = join(folder, entry.name);
    if (number === undefined) {
      throw new CardanoDbError(
        'CARDANO_DB_INVALID_IMMUTABLE_FILE_NAME',
        `the stem of ${JSON.stringify(entry.name)} is not an immutable file number`,
        {
          field: path,
        },
      );
    }
    files.push({ path, number, fileName: entry.name });
  }
  return files.sort(compareFiles);
}

/**
 * The completed immutable files: every file except those with the highest number (that trio is still being written).
 *
 * @param dbDir - the node database folder
 * @returns the completed files, sorted; empty when there are fewer than two numbers
 * @throws {CardanoDbError} as {@link listImmutableFiles}
 * @example
 * (await listCompletedImmutableFiles(dbDir)).at(-1)?.number; // the newest completed immutable file number
 */
export async function listCompletedImmutableFiles(dbDir: string): Promise<ImmutableFile[]> {
  const files = await listImmutableFiles(dbDir);
  const last = files[files.length - 1];
  return last === undefined ? files : files.filter((f) => f.number < last.number);
}

/**
 * The newest completed immutable file number: the one a signer signs, below the trio still being written.
 *
 * @param dbDir - the node database folder
 * @returns the number
 * @throws {CardanoDbError} `CARDANO_DB_NOT_ENOUGH_IMMUTABLE` when no immutable file is completed yet, or as
 *   {@link listImmutableFiles}
 * @example
 * await readLastCompletedImmutableFileNumber(dbDir); // 3n when 00000…00004 are on disk
 */
export async function readLastCompletedImmutableFileNumber(dbDir: string): Promise<bigint> {
  const last = (await listCompletedImmutableFiles(dbDir)).at(-1);
  if (last === undefined) {
    throw new CardanoDbError('CARDANO_DB_NOT_ENOUGH_IMMUTABLE', `no completed immutable file in ${JSON.stringify(dbDir)}`, {
      field: dbDir,
      details: { expected: null, found: null },
    });
  }
  return last.number;
}

/**
 * The files a digest up to immutable file number `upTo` covers (the reference's `list_immutable_files_to_process`):
 * every file numbered at most `upTo`, the trio still being written included when `upTo` names it; files above are
 * ignored.
 *
 * @param files - the database's files, as {@link listImmutableFiles} returns them
 * @param upTo - the beacon's immutable file number
 * @param dbDir - the database folder, for the error message
 * @returns the selected files, in order
 * @throws {CardanoDbError} `CARDANO_DB_NOT_ENOUGH_IMMUTABLE` when no file is numbered at most `upTo`, or the highest
 *   such number is below `upTo` (`details.expected`, `details.found`)
 * @example
 * selectImmutableFilesUpTo(await listImmutableFiles(dbDir), 100n, dbDir);
 */
export function selectImmutableFilesUpTo(files: readonly ImmutableFile[], upTo: bigint, dbDir: string): ImmutableFile[] {
  const selected = files.filter((f) => f.number <= upTo);
  const found = selected.at(-1)?.number;
  if (found === undefined || found < upTo) {
    const has = found === undefined ? 'no immutable file' : `immutable files up to ${found}`;
    throw new CardanoDbError('CARDANO_DB_NOT_ENOUGH_IMMUTABLE', `${JSON.stringify(dbDir)} has ${has}, ${upTo} asked`, {
      field: dbDir,
      details: { expected: upTo, found: found ?? null },
    });
  }
  return selected;
}
