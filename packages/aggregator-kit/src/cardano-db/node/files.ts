/**
 * File helpers of the Cardano database artifacts: the immutable files of a database folder, streamed SHA-256,
 * sizes, retries and the pending work folder.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { AggregatorError } from '../../errors.js';
import { immutableTrioNames } from '../names.js';

/**
 * The relative paths of the immutable trios `from..to` (`immutable/NNNNN.chunk|primary|secondary`).
 *
 * @param from - first number
 * @param to - last number (included)
 * @returns the paths, in (number, extension) order
 * @example
 * immutablePaths(0n, 1n); // ['immutable/00000.chunk', …, 'immutable/00001.secondary']
 */
export function immutablePaths(from: bigint, to: bigint): string[] {
  const paths: string[] = [];
  for (let n = from; n <= to; n++) paths.push(...immutableTrioNames(n).map((name) => `immutable/${name}`));
  return paths;
}

/**
 * The lowercase hex SHA-256 of a file, streamed (the file is never read whole).
 *
 * @param path - the file
 * @returns 64 hex characters
 * @throws {AggregatorError} `AGGREGATOR_ARTIFACT_FAILED` naming the file when it cannot be read
 * @example
 * await fileSha256('db/immutable/00000.chunk');
 */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    await pipeline(createReadStream(path), hash);
  } catch (error) {
    throw new AggregatorError('AGGREGATOR_ARTIFACT_FAILED', `cannot read ${path}`, { cause: error });
  }
  return hash.digest('hex');
}

/**
 * The total size of files.
 *
 * @param paths - absolute paths
 * @returns the sum of their sizes in bytes
 * @throws {AggregatorError} `AGGREGATOR_ARTIFACT_FAILED` naming a missing file
 * @example
 * await totalSize(['db/immutable/00001.chunk']);
 */
export async function totalSize(paths: readonly string[]): Promise<bigint> {
  let total = 0n;
  for (const path of paths) {
    try {
      total += BigInt((await stat(path)).size);
    } catch (error) {
      throw new AggregatorError('AGGREGATOR_ARTIFACT_FAILED', `cannot read ${path}`, { cause: error });
    }
  }
  return total;
}

/** How often and how far apart an operation is tried. */
export interface RetryPolicy {
  /** Attempts in all (default 3). */
  readonly attempts?: number | undefined;
  /** Pause between attempts in milliseconds (default 1000). */
  readonly delayMs?: number | undefined;
}

/**
 * Runs an operation until it succeeds or the attempts run out.
 *
 * @param policy - attempts and delay
 * @param operation - the operation
 * @returns its result
 * @throws the last error when every attempt failed
 * @example
 * await withRetries({ attempts: 3, delayMs: 100 }, () => uploader.upload(path, 'immutable', name));
 */
export async function withRetries<T>(policy: RetryPolicy, operation: () => Promise<T>): Promise<T> {
  const attempts = Math.max(1, policy.attempts ?? 3);
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await operation();
    } catch (error) {
      lastError = error;
      if (attempt < attempts) await sleep(policy.delayMs ?? 1000);
    }
  }
  throw lastError;
}

/**
 * Empties a work folder (creating it when missing).
 *
 * @param directory - the folder
 * @returns when it exists and is empty
 * @example
 * await cleanDirectory('work/pending_snapshot');
 */
export async function cleanDirectory(directory: string): Promise<void> {
  await rm(directory, { recursive: true, force: true });
  await mkdir(directory, { recursive: true });
}

/**
 * A fresh sub-folder of the pending folder.
 *
 * @param pending - the pending folder
 * @param name - the sub-folder name
 * @returns its path (created empty)
 * @example
 * const dir = await freshSubdirectory(pending, 'ancillary-devnet-e1-i2');
 */
export async function freshSubdirectory(pending: string, name: string): Promise<string> {
  const dir = join(pending, name);
  await cleanDirectory(dir);
  return dir;
}
