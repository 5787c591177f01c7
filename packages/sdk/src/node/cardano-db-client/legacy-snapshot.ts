/**
 * Legacy full snapshots (v1, CardanoImmutableFilesFull, served up to release 2617.x; nodes.md §5.7 "v1 client
 * flow"): one archive of the whole database from the first working location, streamed and unpacked, then the v1
 * snapshot digest of the restored immutable files recomputed and matched against the certificate.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  isMithrilError,
  verifyArtifactAgainstCertificate,
  verifyCertificateChain,
  type Certificate,
  type MithrilClientBase,
  type Snapshot,
} from '@mithril/sdk';
import { CardanoDbDownloadError } from './errors.js';
import { computeImmutableFileDigests } from '../cardano-db/digests.js';
import { checkFreeSpace, prepareTarget, type StatfsPort } from './preflight.js';
import { downloadAndUnpack, UNPACK_WRITE_BUFFER, type UnpackFsPort } from './unpack.js';

const IMMUTABLE_FILE = /^immutable\/\d{5,}\.(?:chunk|primary|secondary)$/;
const DB_FILE = /^(?:ledger|volatile)\/./;

/** Options of {@link downloadSnapshot}. */
export interface DownloadSnapshotOptions {
  /** The folder that becomes the node database. */
  readonly targetDir: string;
  readonly allowOverride?: boolean | undefined;
  /** The snapshot's certificate, already chain-verified (default: verified here). */
  readonly certificate?: Certificate | undefined;
  readonly fetch?: typeof globalThis.fetch | undefined;
  readonly statfs?: StatfsPort | undefined;
  readonly fs?: UnpackFsPort | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** A restored, verified legacy snapshot. */
export interface DownloadSnapshotResult {
  readonly dbDir: string;
  readonly certificate: Certificate;
  /** The location that served the archive. */
  readonly uri: string;
}

/**
 * Downloads, unpacks and verifies a legacy full snapshot with the v1 snapshot digest.
 *
 * @param client - the client (certificate chain verification)
 * @param snapshot - the snapshot, from `getArtifact(client, ARTIFACT_KINDS.snapshot, digest)`
 * @param options - target folder, ports
 * @returns the verified folder
 * @throws {CardanoDbDownloadError} `CDB_TARGET_NOT_EMPTY`, `CDB_NOT_ENOUGH_SPACE`, `CDB_DISK_FULL`, `CDB_DOWNLOAD_FAILED`,
 *   `CDB_ARCHIVE_INVALID`, `CDB_UNSAFE_ARCHIVE_ENTRY`, `CDB_DIGEST_MISMATCH`
 * @throws {CertificateError | ArtifactError | ClientError} from the chain verification and the binding
 * @example
 * const snapshot = await getArtifact(client, ARTIFACT_KINDS.snapshot, digest);
 * await downloadSnapshot(client, snapshot, { targetDir: './db' });
 */
export async function downloadSnapshot(
  client: MithrilClientBase,
  snapshot: Snapshot,
  options: DownloadSnapshotOptions,
): Promise<DownloadSnapshotResult> {
  const { targetDir, signal } = options;
  await prepareTarget(targetDir, false, options.allowOverride === true, false);
  await checkFreeSpace(targetDir, (snapshot.size * 11n) / 10n, options.statfs);
  const certificate = options.certificate ?? (await verifyCertificateChain(client, { hash: snapshot.certificateHash, signal })).certificate;
  await mkdir(targetDir, { recursive: true });
  const { uri } = await downloadAndUnpack({
    uris: snapshot.locations.filter((l) => /^https?:\/\//.test(l)),
    targetDir,
    allowEntry: (path) => IMMUTABLE_FILE.test(path) || DB_FILE.test(path),
    fetch: options.fetch ?? globalThis.fetch,
    fs: options.fs ?? { createWriteStream: (path: string) => createWriteStream(path, { highWaterMark: UNPACK_WRITE_BUFFER }) },
    signal,
  });
  let fileDigests: string[];
  try {
    const computed = await computeImmutableFileDigests(targetDir, { upTo: snapshot.beacon.immutableFileNumber });
    fileDigests = computed.digests.map((d) => d.digest);
  } catch (error) {
    throw new CardanoDbDownloadError('CDB_DIGEST_MISMATCH', 'the restored immutable files cannot be digested', { field: 'immutable', cause: error });
  }
  try {
    verifyArtifactAgainstCertificate(certificate, { type: 'CardanoImmutableFilesFull', artifact: snapshot, fileDigests });
  } catch (error) {
    if (isMithrilError(error, 'ARTIFACT_MESSAGE_MISMATCH')) {
      throw new CardanoDbDownloadError('CDB_DIGEST_MISMATCH', 'the restored immutable files do not reproduce the certified snapshot_digest', {
        field: 'immutable',
        cause: error,
      });
    }
    throw error;
  }
  await writeFile(join(targetDir, 'clean'), '');
  return { dbDir: targetDir, certificate, uri };
}
