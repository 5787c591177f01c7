/**
 * The local uploader: copies archives into a folder the aggregator serves itself under its base path
 * (`/cardano-database-download/{immutable|ancillary|digests}/{file}`, legacy `/snapshot_download/{file}`).
 */
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ArtifactUploader, ServedFile, UploadKind } from '../ports.js';

/** A local uploader, and the reader the aggregator routes serve its files with. */
export interface LocalUploader extends ArtifactUploader {
  /** The folder files are copied into (`{kind}/{name}`). */
  readonly directory: string;
  /**
   * Opens a served file.
   *
   * @param path - `{kind}/{name}`
   * @returns the file, or `undefined` when the path is not a served file
   */
  open(path: string): Promise<ServedFile | undefined>;
}

const KINDS: readonly UploadKind[] = ['immutable', 'ancillary', 'digests', 'snapshot'];
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The public URL of a file the local uploader serves.
 *
 * @param aggregatorUrl - public URL of the aggregator root (base path included)
 * @param kind - the upload folder
 * @param name - the file name
 * @returns e.g. `http://h/aggregator/cardano-database-download/immutable/00003.tar.zst`
 * @example
 * localFileUrl('http://h/aggregator', 'snapshot', 'x.tar.gz'); // 'http://h/aggregator/snapshot_download/x.tar.gz'
 */
export function localFileUrl(aggregatorUrl: string, kind: UploadKind, name: string): string {
  const root = aggregatorUrl.replace(/\/+$/, '');
  return kind === 'snapshot' ? `${root}/snapshot_download/${name}` : `${root}/cardano-database-download/${kind}/${name}`;
}

/**
 * Creates a local uploader. Immutable archives already present with the same size are not copied again (they never
 * change); other files are replaced atomically.
 *
 * @param options - the served folder and the aggregator's public URL
 * @returns the uploader
 * @example
 * const local = createLocalUploader({ directory: 'work/served', aggregatorUrl: 'http://localhost:8080/aggregator' });
 */
export function createLocalUploader(options: { readonly directory: string; readonly aggregatorUrl: string }): LocalUploader {
  const { directory, aggregatorUrl } = options;
  return {
    locationType: 'cloud_storage',
    directory,
    async upload(localPath, kind, name) {
      const folder = join(directory, kind);
      await mkdir(folder, { recursive: true });
      const target = join(folder, name);
      const existing = await stat(target).catch(() => undefined);
      if (kind !== 'immutable' || existing === undefined || existing.size !== (await stat(localPath)).size) {
        const temporary = `${target}.part`;
        await copyFile(localPath, temporary);
        await rename(temporary, target);
      }
      return localFileUrl(aggregatorUrl, kind, name);
    },
    async open(path) {
      const [kind, name, ...rest] = path.split('/');
      if (rest.length > 0 || !KINDS.includes(kind as UploadKind) || name === undefined || !SAFE_NAME.test(name) || name.endsWith('.part')) {
        return undefined;
      }
      const file = join(directory, kind!, name);
      const info = await stat(file).catch(() => undefined);
      if (info === undefined || !info.isFile()) return undefined;
      const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
      const contentType = name.endsWith('.gz') ? 'application/gzip' : name.endsWith('.zst') ? 'application/zstd' : 'application/octet-stream';
      return { body, size: info.size, contentType };
    },
  };
}
