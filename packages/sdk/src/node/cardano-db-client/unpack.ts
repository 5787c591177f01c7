/**
 * Streaming download and unpack of one archive (nodes.md §5.6-§5.7): the HTTP body goes straight through a zstd or
 * gzip decoder into a tar parser whose entries are written one by one; nothing is buffered whole. Locations are tried
 * in order and the next one is used on an HTTP error, a network error or a corrupt archive. Entries are checked
 * against the names the archive may hold, so a path-traversal or unexpected entry never reaches the disk.
 */
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
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
}

const SAFE_PATH = /^(?!.*(?:^|\/)\.\.?(?:\/|$))[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

function decoderFor(uri: string): Transform {
  const path = uri.split(/[?#]/, 1)[0]!;
  if (path.endsWith('.tar.gz') || path.endsWith('.tgz')) return createGunzip();
  return new DecompressStream();
}

function isEnospc(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOSPC';
}

async function unpackStream(body: Readable, uri: string, options: DownloadAndUnpackOptions, files: string[]): Promise<void> {
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
        .then(() => pipeline(entry, options.fs.createWriteStream(target)))
        .then(() => {
          files.push(path);
        })
        .catch(fail),
    );
  });
  parser.on('error', fail);
  const ended = once(parser, 'end');
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      options.onProgress?.(received);
      callback(null, chunk);
    },
  });
  let received = 0;
  try {
    const decoded = body.pipe(counter).pipe(decoderFor(uri));
    body.on('error', (e) => decoded.destroy(e));
    counter.on('error', (e) => decoded.destroy(e));
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
 * @returns the location used and the files written
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
    try {
      await unpackStream(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), uri, options, files);
      return { uri, files };
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
