/**
 * Digests of a Cardano node database folder (nodes.md §5.1–§5.3): the SHA-256 of each immutable file, streamed from
 * disk with node:crypto (no file is ever read whole), the v2 Merkle root over them and the legacy v1 snapshot digest.
 * The arithmetic over the digests is the pure core's (`computeImmutableFilesMerkleRoot`, `computeSnapshotDigest`).
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

import { type CardanoDatabaseDigest, computeImmutableFilesMerkleRoot, computeSnapshotDigest } from '@mithril/sdk';

import { CardanoDbError } from './errors.js';
import { type ImmutableFile, listImmutableFiles, readLastCompletedImmutableFileNumber, selectImmutableFilesUpTo } from './immutable-files.js';

const CHUNK_SIZE = 4 * 1024 * 1024;

/**
 * The lowercase hex SHA-256 of a file, read in 4 MiB chunks with the next read under way while a chunk is hashed.
 *
 * @param path - the file
 * @returns the 64-character hex digest (the `sha256sum` of the file)
 * @throws {CardanoDbError} `CARDANO_DB_READ_FAILED` when the file cannot be read
 * @example
 * await sha256File('db/immutable/00000.chunk'); // '…' (64 hex characters)
 */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const file = handle;
    // Small files (primary, secondary) get small buffers: allocating 8 MiB per file would dominate.
    const size = Math.max(1, Math.min(CHUNK_SIZE, (await file.stat()).size));
    const buffers = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)];
    let current = 0;
    let pending = file.read(buffers[0]!, 0, size, null);
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      const filled = buffers[current]!;
      current ^= 1;
      // Reads are sequential on the handle's position; the next one runs in the thread pool while this chunk hashes.
      pending = file.read(buffers[current]!, 0, size, null);
      hash.update(filled.subarray(0, bytesRead));
    }
    return hash.digest('hex');
  } catch (cause) {
    throw new CardanoDbError('CARDANO_DB_READ_FAILED', `cannot read ${JSON.stringify(path)}`, { field: path, cause });
  } finally {
    await handle?.close();
  }
}

/** Options of {@link computeImmutableFileDigests}. */
export interface ComputeImmutableFileDigestsOptions {
  /** Last immutable file number covered (default: the newest completed one, as a signer would take). */
  readonly upTo?: bigint;
  /**
   * First immutable file number covered; when given, the files `from..upTo` present are hashed and none missing is an
   * error (the reference's `compute_digests_for_range`). Without it, `0..upTo` with the `NotEnoughImmutable` check.
   */
  readonly from?: bigint;
  /** Digests already known, by file name (immutable files never change); new ones are added to it. */
  readonly cache?: Map<string, string>;
}

/** The per-file digests of a database folder up to an immutable file number. */
export interface ImmutableFileDigestsResult {
  /** The last immutable file number covered (the beacon's). */
  readonly immutableFileNumber: bigint;
  /** One entry per file, in the database order (number, then name), as in the digests file. */
  readonly digests: CardanoDatabaseDigest[];
}

/**
 * The SHA-256 of every immutable file of a database folder up to a number (nodes.md §5.1, §5.3), in the reference's
 * order; files with a higher number (the trio being written) and anything not an immutable file are left out.
 *
 * @param dbDir - the node database folder
 * @param options - the range (`upTo`, `from`) and an optional digest cache
 * @returns the number covered and the digests
 * @throws {CardanoDbError} `CARDANO_DB_NOT_ENOUGH_IMMUTABLE` (no completed file, or fewer files than `upTo`),
 *   `CARDANO_DB_IMMUTABLE_FOLDER_MISSING`, `CARDANO_DB_INVALID_IMMUTABLE_FILE_NAME`, `CARDANO_DB_READ_FAILED`
 * @example
 * const { immutableFileNumber, digests } = await computeImmutableFileDigests('/var/cardano/db');
 * computeImmutableFilesMerkleRoot(digests.map((d) => d.digest)); // the cardano_database_merkle_root
 */
export async function computeImmutableFileDigests(
  dbDir: string,
  options: ComputeImmutableFileDigestsOptions = {},
): Promise<ImmutableFileDigestsResult> {
  const files = await listImmutableFiles(dbDir);
  const upTo = options.upTo ?? (await readLastCompletedImmutableFileNumber(dbDir));
  const { from } = options;
  const selected: ImmutableFile[] =
    from === undefined ? selectImmutableFilesUpTo(files, upTo, dbDir) : files.filter((f) => f.number >= from && f.number <= upTo);
  const digests: CardanoDatabaseDigest[] = [];
  for (const file of selected) {
    let digest = options.cache?.get(file.fileName);
    if (digest === undefined) {
      digest = await sha256File(file.path);
      options.cache?.set(file.fileName, digest);
    }
    digests.push({ immutableFileName: file.fileName, digest });
  }
  return { immutableFileNumber: upTo, digests };
}

/** Options of {@link computeDatabaseMerkleRoot}. */
export interface ComputeDatabaseMerkleRootOptions {
  /** Last immutable file number covered (default: the newest completed one). */
  readonly upTo?: bigint;
  /** Digests already known, by file name. */
  readonly cache?: Map<string, string>;
}

/**
 * The v2 Cardano database Merkle root (MMR, nodes.md §5.3) of a database folder's immutable files `0..upTo`: the
 * `cardano_database_merkle_root` a signer signs for CardanoDatabase.
 *
 * @param dbDir - the node database folder
 * @param options - `upTo` and an optional digest cache
 * @returns the number covered and the lowercase hex root
 * @throws {CardanoDbError} as {@link computeImmutableFileDigests}
 * @example
 * const { merkleRoot } = await computeDatabaseMerkleRoot(dbDir, { upTo: beacon.immutableFileNumber });
 */
export async function computeDatabaseMerkleRoot(
  dbDir: string,
  options: ComputeDatabaseMerkleRootOptions = {},
): Promise<{ immutableFileNumber: bigint; merkleRoot: string }> {
  const { immutableFileNumber, digests } = await computeImmutableFileDigests(dbDir, options);
  return { immutableFileNumber, merkleRoot: computeImmutableFilesMerkleRoot(digests.map((d) => d.digest)) };
}

/** Options of {@link computeDatabaseSnapshotDigest}. */
export interface ComputeDatabaseSnapshotDigestOptions {
  /** Network name hashed into the beacon: `mainnet`, `preprod`, `preview`, `devnet`, `private`. */
  readonly network: string;
  /** The beacon's epoch. */
  readonly epoch: bigint;
  /** The beacon's immutable file number (default: the newest completed one). */
  readonly upTo?: bigint;
  /** Digests already known, by file name. */
  readonly cache?: Map<string, string>;
}

/**
 * The legacy v1 snapshot digest (CardanoImmutableFilesFull, nodes.md §5.2) of a database folder: the beacon hash then
 * the hex digest of every immutable file `0..upTo`, hashed with SHA-256.
 *
 * @param dbDir - the node database folder
 * @param options - network, epoch, `upTo` and an optional digest cache
 * @returns the number covered and the lowercase hex digest (the `snapshot_digest` part)
 * @throws {CardanoDbError} as {@link computeImmutableFileDigests}
 * @example
 * await computeDatabaseSnapshotDigest(dbDir, { network: 'devnet', epoch: 1n, upTo: 100n }); // { snapshotDigest: 'a27fd67e…' }
 */
export async function computeDatabaseSnapshotDigest(
  dbDir: string,
  options: ComputeDatabaseSnapshotDigestOptions,
): Promise<{ immutableFileNumber: bigint; snapshotDigest: string }> {
  const { immutableFileNumber, digests } = await computeImmutableFileDigests(dbDir, { upTo: options.upTo, cache: options.cache });
  const beacon = { network: options.network, epoch: options.epoch, immutableFileNumber };
  return {
    immutableFileNumber,
    snapshotDigest: computeSnapshotDigest(
      beacon,
      digests.map((d) => d.digest),
    ),
  };
}
