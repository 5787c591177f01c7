/**
 * The certified digest list of a Cardano database snapshot (nodes.md §5.3 client steps 1-2): downloaded from its
 * locations (cloud storage first, then the aggregator route), then bound to the certificate through the Merkle root.
 */
import { Readable } from 'node:stream';
import { Parser, type ReadEntry } from 'tar';
import { DecompressStream } from 'zstd-napi';
import {
  isMithrilError,
  throwIfAborted,
  parseCardanoDatabaseDigestList,
  verifyArtifactAgainstCertificate,
  type ArtifactLocation,
  type CardanoDatabaseDigest,
  type CardanoDatabaseSnapshot,
  type Certificate,
} from '@mithril/sdk';
import { CardanoDbDownloadError } from './errors.js';

/** The largest digests list accepted (a list of a million files is about 150 MB less than this). */
const MAX_DIGESTS_BYTES = 256 * 1024 * 1024;

/**
 * Orders file locations as the reference client tries them: cloud storage first, then the aggregator route.
 *
 * @param locations - the artifact's locations (unknown types were already dropped by the parser)
 * @returns a sorted copy
 * @example
 * sortLocations(snapshot.digests.locations)[0]?.type; // 'cloud_storage'
 */
export function sortLocations(locations: readonly ArtifactLocation[]): ArtifactLocation[] {
  const rank = (l: ArtifactLocation): number => (l.type === 'cloud_storage' ? 0 : 1);
  return [...locations].sort((a, b) => rank(a) - rank(b));
}

async function readDigestsArchive(body: Readable): Promise<string> {
  const parser = new Parser({ strict: true });
  const chunks: Buffer[] = [];
  let size = 0;
  let failure: unknown;
  parser.on('entry', (entry: ReadEntry) => {
    if (entry.type !== 'File' || !/^[^/]+\.digests\.json$/.test(entry.path)) return entry.resume();
    entry.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DIGESTS_BYTES) failure ??= new Error('digests file too large');
      else chunks.push(chunk);
    });
  });
  parser.on('error', (e) => {
    failure ??= e;
  });
  const ended = new Promise<void>((resolve) => parser.on('end', () => resolve()));
  for await (const chunk of body.pipe(new DecompressStream())) {
    if (failure !== undefined) break;
    parser.write(chunk as Buffer);
  }
  if (failure === undefined) {
    parser.end();
    await ended;
  }
  if (failure !== undefined) throw failure;
  if (chunks.length === 0) throw new Error('the archive holds no *.digests.json file');
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Downloads and parses a snapshot's digest list from the first location that serves a valid one. The list is not
 * trusted yet: pass it to {@link verifyDigestsAgainstCertificate}.
 *
 * @param snapshot - the Cardano database snapshot
 * @param fetch - the fetch implementation
 * @param signal - aborts the download
 * @returns the entries, in the received order
 * @throws {CardanoDbDownloadError} `CDB_DOWNLOAD_FAILED` when no location serves a valid list
 * @example
 * const digests = await downloadCardanoDatabaseDigests(snapshot, fetch);
 */
export async function downloadCardanoDatabaseDigests(
  snapshot: Pick<CardanoDatabaseSnapshot, 'digests'>,
  fetch: typeof globalThis.fetch,
  signal?: AbortSignal,
): Promise<CardanoDatabaseDigest[]> {
  const failures: { uri: string; error: string }[] = [];
  for (const location of sortLocations(snapshot.digests.locations)) {
    throwIfAborted(signal);
    try {
      const response = await fetch(location.uri, signal !== undefined ? { signal } : {});
      if (response.status !== 200 || response.body === null) {
        await response.body?.cancel();
        throw new Error(`HTTP ${response.status}`);
      }
      const archived = location.type === 'cloud_storage' && /\.tar\.zst$/.test(location.uri.split(/[?#]/, 1)[0]!);
      const text = archived
        ? await readDigestsArchive(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream))
        : await response.text();
      return parseCardanoDatabaseDigestList(text);
    } catch (error) {
      throwIfAborted(signal);
      failures.push({ uri: location.uri, error: String(error) });
    }
  }
  throw new CardanoDbDownloadError('CDB_DOWNLOAD_FAILED', `no location served the digests list (${JSON.stringify(failures)})`, {
    field: 'digests.locations',
    details: { failures },
  });
}

/**
 * Binds a downloaded digest list to a chain-verified certificate: the Merkle root of the entries up to the beacon
 * must reproduce the certificate's signed message (nodes.md §5.3, trap 44).
 *
 * @param certificate - the snapshot's certificate, verified with `verifyCertificateChain`
 * @param snapshot - the snapshot (certificate hash and beacon)
 * @param digests - the downloaded entries
 * @returns the certified digest of each immutable file name up to the beacon
 * @throws {CardanoDbDownloadError} `CDB_DIGESTS_UNCERTIFIED` when the list does not reproduce the certified root
 * @throws {ArtifactError} `ARTIFACT_INVALID`, `ARTIFACT_SIGNED_ENTITY_TYPE_MISMATCH` when the snapshot does not belong to
 *   the certificate
 * @example
 * const verified = verifyDigestsAgainstCertificate(certificate, snapshot, digests);
 * verified.get('00042.chunk');
 */
export function verifyDigestsAgainstCertificate(
  certificate: Certificate,
  snapshot: Pick<CardanoDatabaseSnapshot, 'certificateHash' | 'beacon'>,
  digests: readonly CardanoDatabaseDigest[],
): ReadonlyMap<string, string> {
  try {
    verifyArtifactAgainstCertificate(certificate, { type: 'CardanoDatabase', artifact: snapshot, digests });
  } catch (error) {
    if (isMithrilError(error, 'ARTIFACT_MESSAGE_MISMATCH')) {
      throw new CardanoDbDownloadError('CDB_DIGESTS_UNCERTIFIED', 'the digests list does not reproduce the certified cardano_database_merkle_root', {
        field: 'digests',
        cause: error,
        details: { certificateHash: certificate.hash },
      });
    }
    throw error;
  }
  const verified = new Map<string, string>();
  for (const entry of digests) {
    const number = /^(\d+)\./.exec(entry.immutableFileName);
    if (number !== null && BigInt(number[1]!) <= snapshot.beacon.immutableFileNumber) verified.set(entry.immutableFileName, entry.digest);
  }
  return verified;
}
