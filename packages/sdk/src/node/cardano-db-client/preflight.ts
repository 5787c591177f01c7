/**
 * Checks before a Cardano database download (nodes.md §5.7): the immutable range, the target folder, the free disk
 * space, and the resume state file that lets an interrupted download skip the archives it already finished.
 */
import { readFile, rename, rm, stat, statfs, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CardanoDatabaseSnapshot } from '@mithril/sdk';
import { CardanoDbDownloadError } from './errors.js';

/** Free space of the file system holding a path, as `fs.statfs` reports it. */
export type StatfsPort = (path: string) => Promise<{ readonly bavail: number | bigint; readonly bsize: number | bigint }>;

/** An inclusive range of immutable file numbers. */
export interface ImmutableRange {
  readonly start: bigint;
  readonly end: bigint;
}

/**
 * The resume state file written in the target folder while a download runs.
 *
 * @example
 * existsSync(join(targetDir, DOWNLOAD_STATE_FILE)) // an interrupted download to resume
 */
export const DOWNLOAD_STATE_FILE = '.mithril-download-state.json';

/**
 * Resolves a requested range against a snapshot: `0..n` by default; the end may not pass the beacon.
 *
 * @param snapshot - the snapshot (beacon)
 * @param start - first number (default 0)
 * @param end - last number (default the beacon's)
 * @returns the range
 * @throws {CardanoDbDownloadError} `CDB_INVALID_OPTIONS` for an empty range or one beyond the beacon
 * @example
 * resolveRange(snapshot, 2n, undefined); // { start: 2n, end: snapshot.beacon.immutableFileNumber }
 */
export function resolveRange(snapshot: Pick<CardanoDatabaseSnapshot, 'beacon'>, start?: bigint, end?: bigint): ImmutableRange {
  const last = snapshot.beacon.immutableFileNumber;
  const range = { start: start ?? 0n, end: end ?? last };
  if (range.start < 0n || range.end > last || range.start > range.end) {
    throw new CardanoDbDownloadError('CDB_INVALID_OPTIONS', `the range ${range.start}..${range.end} is not within 0..${last}`, { field: 'range' });
  }
  return range;
}

/**
 * The bytes a download needs on disk, as the reference CLI estimates it: the whole database for a full restore,
 * otherwise range length × average size plus the digests and the ancillary, each × 1.1.
 *
 * @param snapshot - the snapshot sizes
 * @param range - the range
 * @param includeAncillary - whether the ancillary files are downloaded
 * @returns the required bytes
 * @example
 * requiredSpace(snapshot, resolveRange(snapshot), true);
 */
export function requiredSpace(snapshot: CardanoDatabaseSnapshot, range: ImmutableRange, includeAncillary: boolean): bigint {
  const full = range.start === 0n && range.end === snapshot.beacon.immutableFileNumber;
  if (full && includeAncillary) return snapshot.totalDbSizeUncompressed;
  const count = range.end - range.start + 1n;
  const raw = count * snapshot.immutables.averageSizeUncompressed + snapshot.digests.sizeUncompressed;
  return ((raw + (includeAncillary ? snapshot.ancillary.sizeUncompressed : 0n)) * 11n) / 10n;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Fails when the file system of the target has less free space than required.
 *
 * @param targetDir - the target folder (it or its nearest existing parent is measured)
 * @param required - bytes needed
 * @param port - `fs.statfs` or a replacement
 * @throws {CardanoDbDownloadError} `CDB_NOT_ENOUGH_SPACE` with the figures in `details`
 * @example
 * await checkFreeSpace(db, requiredSpace(snapshot, range, false), statfs);
 */
export async function checkFreeSpace(targetDir: string, required: bigint, port: StatfsPort = statfs): Promise<void> {
  let dir = targetDir;
  while (!(await exists(dir)) && dirname(dir) !== dir) dir = dirname(dir);
  const fs = await port(dir);
  const available = BigInt(fs.bavail) * BigInt(fs.bsize);
  if (available < required) {
    throw new CardanoDbDownloadError('CDB_NOT_ENOUGH_SPACE', `${required} bytes needed but ${available} available`, {
      field: targetDir,
      details: { required, available },
    });
  }
}

/** What the resume state file records. */
export interface DownloadState {
  readonly snapshotHash: string;
  /** Immutable numbers whose archive was unpacked and verified. */
  readonly done: readonly bigint[];
}

/**
 * Reads the resume state of a previous download of the same snapshot in the target folder.
 *
 * @param targetDir - the target folder
 * @param snapshotHash - the snapshot being downloaded
 * @returns the finished numbers, or `undefined` when there is no state file for that snapshot
 * @example
 * const state = await readDownloadState(db, snapshot.hash);
 */
export async function readDownloadState(targetDir: string, snapshotHash: string): Promise<DownloadState | undefined> {
  let text: string;
  try {
    text = await readFile(join(targetDir, DOWNLOAD_STATE_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value = JSON.parse(text) as { snapshot_hash?: unknown; done?: unknown };
    if (value.snapshot_hash !== snapshotHash || !Array.isArray(value.done)) return undefined;
    const done = value.done.filter((n): n is string => typeof n === 'string' && /^\d{1,19}$/.test(n)).map(BigInt);
    return { snapshotHash, done };
  } catch {
    return undefined;
  }
}

/**
 * Writes the resume state atomically (temporary file, then rename).
 *
 * @param targetDir - the target folder
 * @param state - the state
 * @example
 * await writeDownloadState(db, { snapshotHash, done: [0n, 1n] });
 */
export async function writeDownloadState(targetDir: string, state: DownloadState): Promise<void> {
  const path = join(targetDir, DOWNLOAD_STATE_FILE);
  const body = JSON.stringify({ snapshot_hash: state.snapshotHash, done: state.done.map(String) });
  await writeFile(`${path}.tmp`, body);
  await rename(`${path}.tmp`, path);
}

/**
 * Removes the resume state file (after a verified download).
 *
 * @param targetDir - the target folder
 * @example
 * await clearDownloadState(db);
 */
export async function clearDownloadState(targetDir: string): Promise<void> {
  await rm(join(targetDir, DOWNLOAD_STATE_FILE), { force: true });
}

/**
 * Checks the target folder: refuses one that already holds a database (unless overriding or resuming the same
 * snapshot).
 *
 * @param targetDir - the target folder
 * @param includeAncillary - whether `ledger/` and `volatile/` are checked too
 * @param allowOverride - whether an existing database may be overwritten
 * @param resuming - whether a state file of this snapshot was found
 * @throws {CardanoDbDownloadError} `CDB_TARGET_NOT_EMPTY` naming the folder found
 * @example
 * await prepareTarget(db, false, false, false);
 */
export async function prepareTarget(targetDir: string, includeAncillary: boolean, allowOverride: boolean, resuming: boolean): Promise<void> {
  if (!allowOverride && !resuming) {
    for (const sub of includeAncillary ? ['immutable', 'ledger', 'volatile'] : ['immutable']) {
      if (await exists(join(targetDir, sub))) {
        throw new CardanoDbDownloadError('CDB_TARGET_NOT_EMPTY', 'the folder already exists (pass allowOverride to overwrite)', {
          field: join(targetDir, sub),
        });
      }
    }
  }
}
