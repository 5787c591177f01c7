/**
 * `createCardanoDbArtifacts`: the Node implementation of the {@link CardanoDbArtifacts} port over a node database
 * folder (nodes.md §2.8, §5.4, §5.6). Per-immutable archives are built once into a cache and reused; the digests
 * file, the ancillary archive and the legacy archives are built in a pending work folder that is emptied on creation
 * and after each artifact. Every upload is retried.
 */
import { rename, stat, writeFile, readFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { computeImmutableFileDigests } from '@mithril/sdk/node';
import { AggregatorError } from '../../errors.js';
import type { ImmutablesLocation } from '../../sdk.js';
import {
  ancillaryArchiveName,
  digestsNames,
  immutableArchiveName,
  immutablesTemplate,
  legacySnapshotNames,
  type CompressionAlgorithm,
} from '../names.js';
import type { AncillarySigner, ArtifactUploader, CardanoDbArtifacts, CardanoDbBuildRequest, UploadKind } from '../ports.js';
import { prepareAncillary } from './ancillary.js';
import { writeArchive } from './archive.js';
import { cleanDirectory, freshSubdirectory, immutablePaths, totalSize, withRetries, type RetryPolicy } from './files.js';
import { createLocalUploader, type LocalUploader } from './local-uploader.js';

/** Options of {@link createCardanoDbArtifacts}. */
export interface CardanoDbArtifactsOptions {
  /** The node database folder (holding `immutable/`, `ledger/`). */
  readonly dbDirectory: string;
  /** A folder owned by the aggregator: `pending_snapshot/`, the immutable archive cache, the served files. */
  readonly workDirectory: string;
  /** Public URL of the aggregator root, base path included (e.g. `http://localhost:8080/aggregator`). */
  readonly aggregatorUrl: string;
  /** Signs the ancillary manifests. */
  readonly ancillarySigner: AncillarySigner;
  /** Uploaders (default: one local uploader serving `{workDirectory}/served`). */
  readonly uploaders?: readonly ArtifactUploader[] | undefined;
  /** Cardano node version (default `10.5.1`): nodes before 10.4.1 ship 2 ledger snapshots in the ancillary archive. */
  readonly cardanoNodeVersion?: string | undefined;
  /** zstd level of the archives (default 3). */
  readonly zstdLevel?: number | undefined;
  /** Compression of the legacy full archive (default `gzip`). */
  readonly legacyCompression?: CompressionAlgorithm | undefined;
  /** Upload and archive retries (default 3 attempts, 1 s apart). */
  readonly retry?: RetryPolicy | undefined;
}

/** The port, with its local uploader and pending-folder control. */
export interface NodeCardanoDbArtifacts extends CardanoDbArtifacts {
  /** The default local uploader, when no uploaders were given. */
  readonly localUploader: LocalUploader | undefined;
  /** The pending work folder. */
  readonly pendingDirectory: string;
  /** Empties the pending folder (done on creation and after each artifact). */
  cleanPending(): Promise<void>;
}

function ledgerSnapshotCount(version: string): number {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map((p) => Number.parseInt(p, 10) || 0);
  return major * 1e6 + minor * 1e3 + patch < 10_004_001 ? 2 : 1;
}

/**
 * Creates the Cardano database artifact builder of a node database folder.
 *
 * @param options - folders, public URL, signer, uploaders, compression and retries
 * @returns the port to pass as `cardanoDatabase` to `createAggregator`, after its pending folder was emptied
 * @example
 * import { createCardanoDbArtifacts, createEd25519AncillarySigner } from '@mithril/aggregator-kit/node';
 * const cardanoDatabase = await createCardanoDbArtifacts({
 *   dbDirectory: 'node/db', workDirectory: 'aggregator/cdb', aggregatorUrl: 'http://localhost:8080/aggregator',
 *   ancillarySigner: createEd25519AncillarySigner(secretKeyHex),
 * });
 * createAggregator({ ...options, signedEntityTypes: ['CardanoDatabase'], cardanoDatabase });
 */
export async function createCardanoDbArtifacts(options: CardanoDbArtifactsOptions): Promise<NodeCardanoDbArtifacts> {
  const { dbDirectory, workDirectory } = options;
  const pending = join(workDirectory, 'pending_snapshot');
  const cache = join(workDirectory, 'immutable-archives');
  const latestDigestsFile = join(workDirectory, 'latest-digests.json');
  const localUploader =
    options.uploaders === undefined
      ? createLocalUploader({ directory: join(workDirectory, 'served'), aggregatorUrl: options.aggregatorUrl })
      : undefined;
  const uploaders: readonly ArtifactUploader[] = options.uploaders ?? [localUploader!];
  const retry = options.retry ?? {};
  const cardanoNodeVersion = options.cardanoNodeVersion ?? '10.5.1';
  const level = options.zstdLevel;
  const digestMemo = new Map<string, string>();
  await cleanDirectory(pending);
  await mkdir(cache, { recursive: true });

  const uploadEverywhere = async (path: string, kind: UploadKind, name: string): Promise<string[]> => {
    const urls: string[] = [];
    const failures: unknown[] = [];
    for (const uploader of uploaders) {
      try {
        urls.push(await withRetries(retry, () => uploader.upload(path, kind, name)));
      } catch (error) {
        failures.push(error);
      }
    }
    if (urls.length === 0) throw new AggregatorError('AGGREGATOR_ARTIFACT_FAILED', `every uploader failed for ${name}`, { cause: failures[0] });
    return urls;
  };

  const immutableArchive = async (n: bigint): Promise<string> => {
    const path = join(cache, immutableArchiveName(n));
    if (await stat(path).catch(() => undefined)) return path;
    const building = join(pending, immutableArchiveName(n));
    await withRetries(retry, () =>
      writeArchive({ cwd: dbDirectory, entries: immutablePaths(n, n), target: building, algorithm: 'zstandard', level }),
    );
    await rename(building, path);
    return path;
  };

  const archiveAndUpload = async (
    kind: UploadKind,
    cwd: string,
    entries: string[],
    name: string,
    algorithm: CompressionAlgorithm,
  ): Promise<string[]> => {
    const target = join(pending, name);
    await withRetries(retry, () => writeArchive({ cwd, entries, target, algorithm, level }));
    return uploadEverywhere(target, kind, name);
  };

  const ancillary = async (request: CardanoDbBuildRequest, name: string, kind: UploadKind): Promise<{ urls: string[]; size: bigint }> => {
    const dir = await freshSubdirectory(pending, `temp-ancillary-${name}`);
    const { entries, size } = await prepareAncillary({
      dbDirectory,
      target: dir,
      immutableFileNumber: request.immutableFileNumber,
      ledgerSnapshots: ledgerSnapshotCount(cardanoNodeVersion),
      signer: options.ancillarySigner,
    });
    return { urls: await archiveAndUpload(kind, dir, entries, name, 'zstandard'), size };
  };

  const inPending = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } finally {
      await cleanDirectory(pending);
    }
  };

  return {
    cardanoNodeVersion,
    aggregatorUrl: options.aggregatorUrl,
    localUploader,
    pendingDirectory: pending,
    cleanPending: () => cleanDirectory(pending),
    buildCardanoDatabase: (request) =>
      inPending(async () => {
        const { network, epoch, immutableFileNumber: n } = request;
        // The reference's selection: files 0..n present on disk, an error when the database stops before n.
        const { digests } = await computeImmutableFileDigests(dbDirectory, { upTo: n, cache: digestMemo }).catch((cause: unknown) => {
          throw new AggregatorError('AGGREGATOR_ARTIFACT_FAILED', `cannot compute the digests of ${dbDirectory} up to ${n}`, { cause });
        });
        // Per-immutable archives, each uploader giving one template location; an uploader that fails is left out.
        const archives: string[] = [];
        for (let i = 0n; i <= n; i++) archives.push(await immutableArchive(i));
        const immutablesLocations: ImmutablesLocation[] = [];
        let failure: unknown;
        for (const uploader of uploaders) {
          try {
            let last = '';
            for (const [i, path] of archives.entries()) {
              last = await withRetries(retry, () => uploader.upload(path, 'immutable', immutableArchiveName(BigInt(i))));
            }
            immutablesLocations.push({ type: 'cloud_storage', uriTemplate: immutablesTemplate(last), compressionAlgorithm: 'zstandard' });
          } catch (error) {
            failure = error;
          }
        }
        if (immutablesLocations.length === 0) {
          throw new AggregatorError('AGGREGATOR_ARTIFACT_FAILED', 'every uploader failed for the immutable archives', { cause: failure });
        }
        // The digests file.
        const names = digestsNames(network, epoch, n);
        const digestsJson = JSON.stringify(digests.map((d) => ({ immutable_file_name: d.immutableFileName, digest: d.digest })));
        await writeFile(join(pending, names.json), digestsJson);
        const digestUrls = await archiveAndUpload('digests', pending, [names.json], names.archive, 'zstandard');
        const anc = await ancillary(request, ancillaryArchiveName(network, epoch, n), 'ancillary');
        await writeFile(`${latestDigestsFile}.part`, digestsJson);
        await rename(`${latestDigestsFile}.part`, latestDigestsFile);
        return {
          digests,
          digestsSizeUncompressed: BigInt(Buffer.byteLength(digestsJson)),
          digestsLocations: digestUrls.map((uri) => ({ type: 'cloud_storage', uri, compressionAlgorithm: 'zstandard' })),
          immutablesTotalSize: n === 0n ? 0n : await totalSize(immutablePaths(1n, n).map((p) => join(dbDirectory, p))),
          immutablesLocations,
          ancillarySizeUncompressed: anc.size,
          ancillaryLocations: anc.urls.map((uri) => ({ type: 'cloud_storage', uri, compressionAlgorithm: 'zstandard' })),
        };
      }),
    buildSnapshot: (request) =>
      inPending(async () => {
        const algorithm = options.legacyCompression ?? 'gzip';
        const names = legacySnapshotNames(request.network, request.epoch, request.immutableFileNumber, request.digest, algorithm);
        const locations = await archiveAndUpload('snapshot', dbDirectory, immutablePaths(0n, request.immutableFileNumber), names.full, algorithm);
        const size = BigInt((await stat(join(pending, names.full))).size);
        const anc = await ancillary(request, names.ancillary, 'snapshot');
        const ancillarySize = BigInt((await stat(join(pending, names.ancillary))).size);
        return { size, locations, ancillarySize, ancillaryLocations: anc.urls, compressionAlgorithm: algorithm };
      }),
    async latestDigests() {
      const text = await readFile(latestDigestsFile, 'utf8').catch(() => '[]');
      return (JSON.parse(text) as { immutable_file_name: string; digest: string }[]).map((d) => ({
        immutableFileName: d.immutable_file_name,
        digest: d.digest,
      }));
    },
    ...(localUploader !== undefined && { openFile: (path: string) => localUploader.open(path) }),
  };
}
