/**
 * Node reader of the node database's chunk files (`immutable/NNNNN.chunk`): the blocks of one file, or of every
 * chunk file of a folder in number order. The parsing itself is the pure `blocks` module of the SDK core.
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseChunkBlocks, type CardanoBlock } from '../blocks/block.js';

/** A block with the chunk file it was read from. */
export interface ChunkFileBlock extends CardanoBlock {
  /** The chunk file number (`2` for `00002.chunk`). */
  readonly chunkNumber: number;
}

const CHUNK = /^(\d+)\.chunk$/;

/**
 * Reads and parses the blocks of one chunk file.
 *
 * @param path - the `.chunk` file
 * @returns its blocks, in file order
 * @throws {EncodingError} `ENCODING_INVALID_CBOR` or `ENCODING_UNSUPPORTED_VARIANT`, naming the file; fs errors as thrown by `readFile`
 * @example
 * const blocks = await readChunkFileBlocks('db/immutable/00002.chunk');
 */
export async function readChunkFileBlocks(path: string): Promise<ChunkFileBlock[]> {
  const name = basename(path);
  const chunkNumber = Number(CHUNK.exec(name)?.[1] ?? Number.NaN);
  const blocks = parseChunkBlocks(new Uint8Array(await readFile(path)), name);
  return blocks.map((b) => ({ ...b, chunkNumber }));
}

/**
 * Reads the blocks of every chunk file of an `immutable` folder, in chunk-number order, optionally only up to a
 * chunk number (the last immutable trio on disk is still being written: trap 43).
 *
 * @param immutableDir - the node's `immutable` folder
 * @param options - `upTo`: the highest chunk number to read
 * @returns the blocks, in chain order
 * @throws {EncodingError} on a malformed chunk; fs errors as thrown by `readdir` / `readFile`
 * @example
 * const blocks = await readImmutableBlocks('db/immutable', { upTo: 3 });
 */
export async function readImmutableBlocks(immutableDir: string, options: { readonly upTo?: number } = {}): Promise<ChunkFileBlock[]> {
  const chunks = (await readdir(immutableDir))
    .map((name) => ({ name, number: Number(CHUNK.exec(name)?.[1] ?? Number.NaN) }))
    .filter((c) => Number.isInteger(c.number) && (options.upTo === undefined || c.number <= options.upTo))
    .sort((a, b) => a.number - b.number);
  const out: ChunkFileBlock[] = [];
  for (const chunk of chunks) for (const block of await readChunkFileBlocks(join(immutableDir, chunk.name))) out.push(block);
  return out;
}
