/**
 * Tar archives compressed with zstd (`zstd-napi`) or gzip (`node:zlib`), written by `tar` (nodes.md §5.6): entries
 * are paths relative to the folder they are read from (`immutable/00042.chunk`, `ledger/…`), without directory
 * entries, as the reference's appenders write them.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { create } from 'tar';
import { CompressStream } from 'zstd-napi';
import { AggregatorError } from '../../errors.js';
import type { CompressionAlgorithm } from '../names.js';

/** Options of {@link writeArchive}. */
export interface ArchiveOptions {
  /** Folder the entries are read from. */
  readonly cwd: string;
  /** Relative paths of the files to archive, in archive order. */
  readonly entries: readonly string[];
  /** The archive file to write. */
  readonly target: string;
  readonly algorithm: CompressionAlgorithm;
  /** zstd level (default 3) or gzip level (default 6). */
  readonly level?: number | undefined;
}

/**
 * Writes a compressed tar archive of files.
 *
 * @param options - source folder, entries, target, compression
 * @returns when the archive is on disk
 * @throws {AggregatorError} `AGGREGATOR_ARTIFACT_FAILED` naming the target when a file cannot be read or written
 * @example
 * await writeArchive({ cwd: db, entries: ['immutable/00000.chunk'], target: 'out/00000.tar.zst', algorithm: 'zstandard' });
 */
export async function writeArchive(options: ArchiveOptions): Promise<void> {
  const pack = create({ cwd: options.cwd, portable: true, noDirRecurse: true }, [...options.entries]);
  const compressor =
    options.algorithm === 'zstandard' ? new CompressStream({ compressionLevel: options.level ?? 3 }) : createGzip({ level: options.level ?? 6 });
  try {
    await pipeline(Readable.from(pack), compressor, createWriteStream(options.target));
  } catch (error) {
    throw new AggregatorError('AGGREGATOR_ARTIFACT_FAILED', `cannot write archive ${options.target}`, { cause: error });
  }
}
