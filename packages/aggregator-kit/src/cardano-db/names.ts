/**
 * Names, locations and the ancillary manifest message of the Cardano database artifacts (nodes.md §5.4, §5.6),
 * as the reference aggregator spells them. Pure: no file system.
 */
import { AggregatorError } from '../errors.js';
import { bytesToHex, sha256 } from '../sdk.js';

/**
 * `zstandard` → `tar.zst`, `gzip` → `tar.gz`.
 *
 * @example
 * const algorithm: CompressionAlgorithm = 'zstandard'; // Cardano database archives; 'gzip' for legacy snapshots
 */
export type CompressionAlgorithm = 'zstandard' | 'gzip';

const EXTENSIONS: Readonly<Record<CompressionAlgorithm, string>> = { zstandard: 'tar.zst', gzip: 'tar.gz' };

/**
 * The manifest file name at the root of an ancillary archive.
 *
 * @example
 * join(unpackedAncillaryDir, ANCILLARY_MANIFEST_FILE_NAME) // …/ancillary_manifest.json
 */
export const ANCILLARY_MANIFEST_FILE_NAME = 'ancillary_manifest.json';

/**
 * The archive extension of a compression algorithm.
 *
 * @param algorithm - `zstandard` or `gzip`
 * @returns `tar.zst` or `tar.gz`
 * @example
 * archiveExtension('gzip'); // 'tar.gz'
 */
function archiveExtension(algorithm: CompressionAlgorithm): string {
  return EXTENSIONS[algorithm];
}

/**
 * A 5-digit immutable file number (`00042`).
 *
 * @param n - the immutable file number
 * @returns the zero-padded number (longer numbers keep their digits)
 * @example
 * immutableNumberName(42n); // '00042'
 */
function immutableNumberName(n: bigint): string {
  return n.toString().padStart(5, '0');
}

/**
 * The three file names of an immutable trio.
 *
 * @param n - the immutable file number
 * @returns `NNNNN.chunk`, `NNNNN.primary`, `NNNNN.secondary`
 * @example
 * immutableTrioNames(1n); // ['00001.chunk', '00001.primary', '00001.secondary']
 */
export function immutableTrioNames(n: bigint): string[] {
  const stem = immutableNumberName(n);
  return [`${stem}.chunk`, `${stem}.primary`, `${stem}.secondary`];
}

/**
 * The per-immutable archive name (`NNNNN.tar.zst`).
 *
 * @param n - the immutable file number
 * @param algorithm - compression (default `zstandard`)
 * @returns the archive file name
 * @example
 * immutableArchiveName(3n); // '00003.tar.zst'
 */
export function immutableArchiveName(n: bigint, algorithm: CompressionAlgorithm = 'zstandard'): string {
  return `${immutableNumberName(n)}.${archiveExtension(algorithm)}`;
}

/**
 * The `{network}-e{epoch}-i{n}` stem shared by the digests, ancillary and legacy archive names.
 *
 * @param network - network name
 * @param epoch - beacon epoch
 * @param n - immutable file number (not padded)
 * @returns the stem
 * @example
 * beaconStem('devnet', 19n, 4n); // 'devnet-e19-i4'
 */
function beaconStem(network: string, epoch: bigint, n: bigint): string {
  return `${network}-e${epoch}-i${n}`;
}

/**
 * The digests archive name and the JSON file name inside it (at the archive root).
 *
 * @param network - network name
 * @param epoch - beacon epoch
 * @param n - immutable file number
 * @param algorithm - compression (default `zstandard`)
 * @returns `{ archive: 'devnet-e19-i4.digests.tar.zst', json: 'devnet-e19-i4.digests.json' }`
 * @example
 * digestsNames('devnet', 19n, 4n).archive; // 'devnet-e19-i4.digests.tar.zst'
 */
export function digestsNames(
  network: string,
  epoch: bigint,
  n: bigint,
  algorithm: CompressionAlgorithm = 'zstandard',
): { archive: string; json: string } {
  const stem = `${beaconStem(network, epoch, n)}.digests`;
  return { archive: `${stem}.${archiveExtension(algorithm)}`, json: `${stem}.json` };
}

/**
 * The v2 ancillary archive name.
 *
 * @param network - network name
 * @param epoch - beacon epoch
 * @param n - immutable file number
 * @param algorithm - compression (default `zstandard`)
 * @returns e.g. `devnet-e19-i4.ancillary.tar.zst`
 * @example
 * ancillaryArchiveName('devnet', 19n, 4n); // 'devnet-e19-i4.ancillary.tar.zst'
 */
export function ancillaryArchiveName(network: string, epoch: bigint, n: bigint, algorithm: CompressionAlgorithm = 'zstandard'): string {
  return `${beaconStem(network, epoch, n)}.ancillary.${archiveExtension(algorithm)}`;
}

/**
 * The legacy full archive name and its ancillary archive name (nodes.md §2.8).
 *
 * @param network - network name
 * @param epoch - beacon epoch
 * @param n - immutable file number
 * @param digest - the v1 snapshot digest
 * @param algorithm - compression of the full archive (the ancillary one is always zstandard)
 * @returns `{ full: '{stem}.{digest}.tar.gz', ancillary: '{stem}.{digest}.ancillary.tar.zst' }`
 * @example
 * legacySnapshotNames('devnet', 5n, 9n, 'ab', 'gzip').full; // 'devnet-e5-i9.ab.tar.gz'
 */
export function legacySnapshotNames(
  network: string,
  epoch: bigint,
  n: bigint,
  digest: string,
  algorithm: CompressionAlgorithm,
): { full: string; ancillary: string } {
  const stem = `${beaconStem(network, epoch, n)}.${digest}`;
  return { full: `${stem}.${archiveExtension(algorithm)}`, ancillary: `${stem}.ancillary.tar.zst` };
}

/**
 * The immutables URI template from the URL of one uploaded immutable archive: its last 5-digit run becomes
 * `{immutable_file_number}` (the reference's `immutable_file_number_extractor`).
 *
 * @param url - the URL of an uploaded `NNNNN.tar.zst`
 * @returns the template
 * @throws {AggregatorError} `AGGREGATOR_ARTIFACT_FAILED` when the URL holds no 5-digit number
 * @example
 * immutablesTemplate('http://h/a/cardano-database-download/immutable/00003.tar.zst');
 * // 'http://h/a/cardano-database-download/immutable/{immutable_file_number}.tar.zst'
 */
export function immutablesTemplate(url: string): string {
  const match = /^(.*)(\d{5})/.exec(url);
  if (match === null) throw new AggregatorError('AGGREGATOR_ARTIFACT_FAILED', `no immutable file number in the uploaded URL ${url}`);
  return `${match[1]}{immutable_file_number}${url.slice(match[0].length)}`;
}

/**
 * The bytes an ancillary manifest signature covers: `SHA-256(Σ utf8(path) ‖ ascii(hash))` over the entries in path
 * order (`AncillaryFilesManifest::compute_hash`; paths compared component by component).
 *
 * @param data - relative path (with `/`) → lowercase hex SHA-256 of the file
 * @returns the 32-byte message to sign
 * @example
 * const message = ancillaryManifestMessage({ 'immutable/00005.chunk': 'ab…' });
 */
export function ancillaryManifestMessage(data: Readonly<Record<string, string>>): Uint8Array {
  const encoder = new TextEncoder();
  const parts = sortManifestPaths(Object.keys(data)).flatMap((path) => [encoder.encode(path), encoder.encode(data[path]!)]);
  const total = parts.reduce((sum, p) => sum + p.length, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    bytes.set(p, offset);
    offset += p.length;
  }
  return sha256(bytes);
}

/**
 * Sorts manifest paths as the reference's `BTreeMap<PathBuf, _>`: component by component.
 *
 * @param paths - relative paths with `/` separators
 * @returns a sorted copy
 * @example
 * sortManifestPaths(['ledger/1/state', 'immutable/00001.chunk']); // ['immutable/00001.chunk', 'ledger/1/state']
 */
function sortManifestPaths(paths: readonly string[]): string[] {
  const compare = (a: string, b: string): number => {
    const x = a.split('/');
    const y = b.split('/');
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
    }
    return x.length - y.length;
  };
  return [...paths].sort(compare);
}

/**
 * The ancillary manifest JSON (`{"data":{path:hash},"signature":hex}`), paths in manifest order.
 *
 * @param data - relative path → hex SHA-256
 * @param signature - the 64-byte Ed25519 signature
 * @returns compact JSON text
 * @example
 * const json = ancillaryManifestJson(data, signature);
 */
export function ancillaryManifestJson(data: Readonly<Record<string, string>>, signature: Uint8Array): string {
  const ordered = Object.fromEntries(sortManifestPaths(Object.keys(data)).map((p) => [p, data[p]!]));
  return JSON.stringify({ data: ordered, signature: bytesToHex(signature) });
}
