/**
 * Streaming download and unpack of one archive (nodes.md §5.6-§5.7): the HTTP body goes straight through a zstd or
 * gzip decoder into a tar parser whose entries are written one by one; nothing is buffered whole. Locations are tried
 * in order and the next one is used on an HTTP error, a network error or a corrupt archive. Entries are checked
 * against the names the archive may hold, so a path-traversal or unexpected entry never reaches the disk. Each entry
 * is hashed (SHA-256) in the same pass that writes it, over exactly the bytes handed to the file, so a caller checks a
 * fresh file against its certified digest without reading it back from disk.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, type Transform, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { DecompressStream } from 'zstd-napi';
import { throwIfAborted } from '@mithril/sdk';
import { CardanoDbDownloadError } from './errors.js';

/** The file-system writes of an unpack (replaceable to simulate a full disk). */
export interface UnpackFsPort {
  /** Opens a file for writing (truncating it). */
  createWriteStream(path: string): Writable;
}

/** Options of {@link downloadAndUnpack}. */
export interface DownloadAndUnpackOptions {
  /** Locations of the same archive, tried in order. */
  readonly uris: readonly string[];
  /** Folder the archive's relative paths are written under. */
  readonly targetDir: string;
  /** Whether the archive may hold this relative path (anything else is rejected as unsafe). */
  readonly allowEntry: (path: string) => boolean;
  readonly fetch: typeof globalThis.fetch;
  readonly fs: UnpackFsPort;
  readonly signal?: AbortSignal | undefined;
  /** Called with the compressed bytes received so far on the current location. */
  readonly onProgress?: ((downloadedBytes: number) => void) | undefined;
}

/** What {@link downloadAndUnpack} wrote. */
export interface UnpackResult {
  /** The location that served the archive. */
  readonly uri: string;
  /** Relative paths written. */
  readonly files: readonly string[];
  /** SHA-256 (hex) of the bytes written, per relative path. */
  readonly digests: ReadonlyMap<string, string>;
}

/** Write buffer of an unpacked file: fewer, larger writes than the stream default (16 KiB). */
export const UNPACK_WRITE_BUFFER = 1024 * 1024;

const SAFE_PATH = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

function decoderFor(uri: string): Transform {
  const path = uri.split(/[?#]/, 1)[0]!;
  if (path.endsWith('.tar.gz') || path.endsWith('.tgz')) return createGunzip();
  return new DecompressStream();
}

function isEnospc(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOSPC';
}

/**
 * Writes one tar entry to a file, hashing each chunk as it is handed to the file; resolves with the hex digest once
 * the file is finished. On a write error the rest of the entry is drained, so the tar parser never stalls.
 */
async function writeEntry(entry: ReadEntry, out: Writable): Promise<string> {
  const hash = createHash('sha256');
  const onData = (chunk: Buffer): void => {
    hash.update(chunk);
    if (!out.write(chunk)) {
      entry.pause();
      out.once('drain', () => entry.resume());
    }
  };
  const onEnd = (): void => {
    out.end();
  };
  entry.on('data', onData);
  entry.once('end', onEnd);
  entry.resume();
  try {
    await finished(out);
  } catch (error) {
    entry.off('data', onData);
    entry.off('end', onEnd);
    entry.resume();
    throw error;
  }
  return hash.digest('hex');
}

async function unpackStream(
  body: Readable,
  uri: string,
  options: DownloadAndUnpackOptions,
  files: string[],
  digests: Map<string, string>,
): Promise<void> {
  const parser = new Parser({ strict: true });
  const writes: Promise<void>[] = [];
  let failure: unknown;
  const fail = (error: unknown): void => {
    failure ??= error;
    body.destroy();
  };
  parser.on('entry', (entry: ReadEntry) => {
    const path = entry.path.replace(/\/$/, '');
    if (entry.type === 'Directory' && SAFE_PATH.test(path)) return entry.resume();
    if (entry.type !== 'File' || !SAFE_PATH.test(path) || !options.allowEntry(path)) {
      entry.resume();
      return fail(
        new CardanoDbDownloadError('CDB_UNSAFE_ARCHIVE_ENTRY', `the archive holds an entry it may not hold: ${JSON.stringify(entry.path)}`, {
          field: uri,
          details: { entry: entry.path, type: entry.type },
        }),
      );
    }
    const target = join(options.targetDir, path);
    entry.pause();
    writes.push(
      mkdir(dirname(target), { recursive: true })
        .then(() => writeEntry(entry, options.fs.createWriteStream(target)))
        .then((digest) => {
          files.push(path);
          digests.set(path, digest);
        })
        .catch(fail),
    );
  });
  parser.on('error', fail);
  const ended = once(parser, 'end');
  // Progress is counted on the body itself: no extra stream stage per chunk.
  let received = 0;
  const { onProgress } = options;
  if (onProgress !== undefined) {
    body.on('data', (chunk: Buffer) => {
      received += chunk.length;
      onProgress(received);
    });
  }
  try {
    const decoded = body.pipe(decoderFor(uri));
    body.on('error', (e) => decoded.destroy(e));
    for await (const chunk of decoded) {
      if (failure !== undefined) break;
      if (!parser.write(chunk as Buffer)) await Promise.race([once(parser, 'drain'), ended]);
    }
    if (failure === undefined) {
      parser.end();
      await ended;
    }
  } catch (error) {
    fail(error);
  }
  await Promise.all(writes);
  if (failure !== undefined) throw failure;
}

/**
 * Downloads an archive from the first location that serves it whole and unpacks it under a folder, streaming.
 *
 * @param options - locations, target folder, allowed entries, fetch and file-system ports
 * @returns the location used, the files written and the SHA-256 of each as written
 * @throws {CardanoDbDownloadError} `CDB_UNSAFE_ARCHIVE_ENTRY` (at once), `CDB_DISK_FULL` (at once), `CDB_ARCHIVE_INVALID` when
 *   the last location served a corrupt archive, `CDB_DOWNLOAD_FAILED` when every location failed otherwise
 * @example
 * await downloadAndUnpack({ uris: ['https://…/00042.tar.zst'], targetDir: db, allowEntry: (p) => p.startsWith('immutable/'),
 *   fetch, fs: { createWriteStream } });
 */
export async function downloadAndUnpack(options: DownloadAndUnpackOptions): Promise<UnpackResult> {
  const failures: { uri: string; error: string }[] = [];
  let corrupt = false;
  for (const uri of options.uris) {
    throwIfAborted(options.signal);
    let response: Response;
    try {
      response = await options.fetch(uri, options.signal !== undefined ? { signal: options.signal } : {});
    } catch (error) {
      throwIfAborted(options.signal);
      failures.push({ uri, error: String(error) });
      corrupt = false;
      continue;
    }
    if (response.status !== 200 || response.body === null) {
      await response.body?.cancel();
      failures.push({ uri, error: `HTTP ${response.status}` });
      corrupt = false;
      continue;
    }
    const files: string[] = [];
    const digests = new Map<string, string>();
    try {
      await unpackStream(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), uri, options, files, digests);
      return { uri, files, digests };
    } catch (error) {
      throwIfAborted(options.signal);
      if (error instanceof CardanoDbDownloadError) throw error;
      if (isEnospc(error)) {
        throw new CardanoDbDownloadError('CDB_DISK_FULL', `no space left while unpacking ${uri}`, { field: options.targetDir, cause: error });
      }
      failures.push({ uri, error: String(error) });
      corrupt = true;
    }
  }
  const last = failures.at(-1);
  throw new CardanoDbDownloadError(
    corrupt ? 'CDB_ARCHIVE_INVALID' : 'CDB_DOWNLOAD_FAILED',
    `no location served a valid archive (last: ${last?.uri ?? 'none'}: ${last?.error ?? 'no location'})`,
    { field: 'locations', details: { failures } },
  );
}
