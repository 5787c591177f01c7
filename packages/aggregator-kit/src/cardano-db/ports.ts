/**
 * Ports of the Cardano database artifacts (nodes.md §2.8, §5.6): what the host-agnostic aggregator core asks of the
 * code that reads a node database, writes archives and uploads them. The Node implementation is
 * `createCardanoDbArtifacts` in `@mithril/aggregator-kit/node`; another host (object storage only, a worker) implements
 * the same interfaces.
 */
import type { ArtifactLocation, CardanoDatabaseDigest, ImmutablesLocation } from '../sdk.js';
import type { CardanoDbSource } from './source.js';

/** The beacon an artifact is built for. */
export interface CardanoDbBuildRequest {
  /** Cardano network name (`devnet`, `preprod`, …), used in archive names. */
  readonly network: string;
  /** Beacon epoch. */
  readonly epoch: bigint;
  /** Last certified immutable file number `n` (files `00000..n`). */
  readonly immutableFileNumber: bigint;
}

/** What building a Cardano database (v2) artifact produced: the parts of its message the core does not compute. */
export interface CardanoDbBuild {
  /** Digest of every immutable file `0..n`, in file-name order (the digests file content). */
  readonly digests: readonly CardanoDatabaseDigest[];
  readonly digestsSizeUncompressed: bigint;
  /** Digests locations; the core appends the aggregator route as the last one. */
  readonly digestsLocations: readonly ArtifactLocation[];
  /** Uncompressed size of the immutable files `1..n`, as the reference counts it. */
  readonly immutablesTotalSize: bigint;
  readonly immutablesLocations: readonly ImmutablesLocation[];
  readonly ancillarySizeUncompressed: bigint;
  readonly ancillaryLocations: readonly ArtifactLocation[];
}

/** What building a legacy full snapshot (v1) produced. */
export interface LegacySnapshotBuild {
  /** Compressed size of the full archive. */
  readonly size: bigint;
  readonly locations: readonly string[];
  readonly ancillarySize: bigint;
  readonly ancillaryLocations: readonly string[];
  /** `gzip` or `zstandard`. */
  readonly compressionAlgorithm: string;
}

/** A stored file the aggregator serves itself (local uploader). */
export interface ServedFile {
  readonly body: ReadableStream<Uint8Array>;
  readonly size: number;
  readonly contentType: string;
}

/**
 * Builds and uploads the Cardano database artifacts of a node database; the aggregator calls it after a
 * CardanoDatabase (or CardanoImmutableFilesFull) certificate.
 */
export interface CardanoDbArtifacts {
  /** Cardano node version written in the artifacts. */
  readonly cardanoNodeVersion: string;
  /** Public URL of the aggregator root (base path included), e.g. `http://localhost:8080/aggregator`. */
  readonly aggregatorUrl: string;
  /** The database the aggregator signs CardanoDatabase from; without it no CardanoDatabase message opens. */
  readonly source?: CardanoDbSource | undefined;
  /**
   * Builds the per-immutable archives, the digests file and the ancillary archive and uploads them.
   *
   * @throws {AggregatorError} `AGGREGATOR_ARTIFACT_FAILED` when a file cannot be read, archived or uploaded
   */
  buildCardanoDatabase(request: CardanoDbBuildRequest): Promise<CardanoDbBuild>;
  /**
   * Builds the legacy full archive `{network}-e{epoch}-i{n}.{digest}.tar.{gz|zst}` and its ancillary archive.
   *
   * @throws {AggregatorError} `AGGREGATOR_ARTIFACT_FAILED` when a file cannot be read, archived or uploaded
   */
  buildSnapshot?(request: CardanoDbBuildRequest & { readonly digest: string }): Promise<LegacySnapshotBuild>;
  /** The digest list of the newest artifact (served by `/artifact/cardano-database/digests`), empty before any. */
  latestDigests(): Promise<readonly CardanoDatabaseDigest[]>;
  /**
   * A file uploaded by a local uploader: `path` is relative to the served root, e.g. `immutable/00003.tar.zst`,
   * `digests/devnet-e19-i4.digests.tar.zst`, `snapshot/<digest>`.
   *
   * @returns the file, or `undefined` when there is none (or the path is not a served one)
   */
  openFile?(path: string): Promise<ServedFile | undefined>;
}

/**
 * Where an archive goes. Each uploader adds one location to the artifact (nodes.md §5.6). The local uploader copies
 * files into a folder the aggregator serves; an object-storage uploader (S3, GCS) puts the file with the SDK of its
 * cloud and returns its public URL:
 *
 * - S3: `new PutObjectCommand({ Bucket, Key: \`${kind}/${name}\`, Body: createReadStream(path) })` through
 *   `@aws-sdk/lib-storage`'s `Upload` for multi-part files, then return
 *   `https://${Bucket}.s3.${region}.amazonaws.com/${kind}/${name}` (or the CDN domain in front of the bucket);
 * - GCS: `storage.bucket(name).upload(path, { destination: \`${kind}/${name}\` })`, then return
 *   `https://storage.googleapis.com/${bucket}/${kind}/${name}`.
 *
 * Keep the file name as the last path segment: the immutables location template is derived from the URL of the
 * immutable archive (its 5-digit number becomes `{immutable_file_number}`).
 */
export interface ArtifactUploader {
  /** Location type of the URLs it returns (`cloud_storage` for both the local and object-storage uploaders). */
  readonly locationType: 'cloud_storage';
  /**
   * Uploads one file.
   *
   * @param localPath - the file on this host
   * @param kind - `immutable`, `ancillary`, `digests` or `snapshot`
   * @param name - the file name to publish
   * @returns the public URL of the uploaded file
   */
  upload(localPath: string, kind: UploadKind, name: string): Promise<string>;
}

/**
 * The folders of uploaded files.
 *
 * @example
 * const kind: UploadKind = 'immutable'; // served under /cardano-database-download/immutable/
 */
export type UploadKind = 'immutable' | 'ancillary' | 'digests' | 'snapshot';

/**
 * Signs ancillary manifests (nodes.md §5.4). The Node entry gives a signer over a secret key
 * (`createEd25519AncillarySigner`); a KMS-backed signer implements the same method with its cloud SDK.
 */
export interface AncillarySigner {
  /**
   * Signs the 32-byte manifest message with Ed25519.
   *
   * @param message - the output of `ancillaryManifestMessage`
   * @returns the 64-byte signature
   */
  sign(message: Uint8Array): Promise<Uint8Array>;
}
