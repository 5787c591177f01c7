/**
 * Local immutable files of a restored database checked against certified digests (nodes.md §5.3 client step 3):
 * each file is hashed as a stream, and every missing, tampered or uncertified file is named.
 */
import { join } from 'node:path';
import { sha256File } from '../cardano-db/digests.js';
import { CardanoDbDownloadError } from './errors.js';

/**
 * The three files of an immutable number, in the reference order (chunk, primary, secondary).
 *
 * @example
 * IMMUTABLE_EXTENSIONS // ['chunk', 'primary', 'secondary']
 */
export const IMMUTABLE_EXTENSIONS = ['chunk', 'primary', 'secondary'] as const;

/**
 * The file names of an immutable number: `00042.chunk`, `00042.primary`, `00042.secondary`.
 *
 * @param immutableFileNumber - the number
 * @returns the three names
 * @example
 * immutableFileNames(42n); // ['00042.chunk', '00042.primary', '00042.secondary']
 */
export function immutableFileNames(immutableFileNumber: bigint): string[] {
  const stem = immutableFileNumber.toString().padStart(5, '0');
  return IMMUTABLE_EXTENSIONS.map((ext) => `${stem}.${ext}`);
}

/** Why a restored file failed verification. */
export type FileProblem = 'missing' | 'tampered' | 'uncertified';

/** A restored file that failed verification. */
export interface FileMismatch {
  /** Path relative to the database folder, e.g. `immutable/00003.chunk`. */
  readonly file: string;
  readonly problem: FileProblem;
}

/**
 * Hashes the immutable files of some numbers under `<dbDir>/immutable/` and compares them with certified digests.
 *
 * @param dbDir - the database folder
 * @param numbers - the immutable numbers to check
 * @param certified - certified digest per file name
 * @returns the files that are missing, differ, or have no certified digest (empty when all match)
 * @example
 * const bad = await findMismatchingFiles(db, [0n, 1n], verified);
 */
export async function findMismatchingFiles(
  dbDir: string,
  numbers: readonly bigint[],
  certified: ReadonlyMap<string, string>,
): Promise<FileMismatch[]> {
  const out: FileMismatch[] = [];
  for (const number of numbers) {
    for (const name of immutableFileNames(number)) {
      const file = `immutable/${name}`;
      const expected = certified.get(name);
      if (expected === undefined) {
        out.push({ file, problem: 'uncertified' });
        continue;
      }
      let actual: string;
      try {
        actual = await sha256File(join(dbDir, file));
      } catch {
        out.push({ file, problem: 'missing' });
        continue;
      }
      if (actual !== expected) out.push({ file, problem: 'tampered' });
    }
  }
  return out;
}

/**
 * Throws when any file failed verification, naming every one of them.
 *
 * @param mismatches - the result of {@link findMismatchingFiles}
 * @throws {CardanoDbDownloadError} `CDB_DIGEST_MISMATCH` with `details.files`
 * @example
 * assertNoMismatch(await findMismatchingFiles(db, numbers, verified));
 */
export function assertNoMismatch(mismatches: readonly FileMismatch[]): void {
  if (mismatches.length === 0) return;
  const list = mismatches.map((m) => `${m.file} (${m.problem})`).join(', ');
  throw new CardanoDbDownloadError('CDB_DIGEST_MISMATCH', `files do not match the certified digests: ${list}`, {
    field: 'immutable',
    details: { files: mismatches.map((m) => ({ ...m })) },
  });
}
