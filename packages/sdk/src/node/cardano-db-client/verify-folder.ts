/**
 * Verification of an existing database folder against a certified Cardano database snapshot (the reference
 * `cardano-db verify`): certificate chain, digests list bound to the certified root, then every local immutable file of
 * the range hashed and compared.
 */
import { verifyCertificateChain, type CardanoDatabaseSnapshot, type Certificate, type MithrilClientBase } from '@mithril/sdk';
import { downloadCardanoDatabaseDigests, verifyDigestsAgainstCertificate } from './digests.js';
import { assertNoMismatch, findMismatchingFiles } from './local-files.js';
import { type ImmutableRange, resolveRange } from './preflight.js';

/** Options of {@link verifyCardanoDatabaseFolder}. */
export interface VerifyCardanoDatabaseFolderOptions {
  /** First immutable number to check (default 0). */
  readonly start?: bigint | undefined;
  /** Last immutable number to check (default the beacon's). */
  readonly end?: bigint | undefined;
  /** The snapshot's certificate, already chain-verified (default: verified here). */
  readonly certificate?: Certificate | undefined;
  readonly fetch?: typeof globalThis.fetch | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** A verified local folder. */
export interface VerifiedCardanoDatabaseFolder {
  readonly dbDir: string;
  readonly certificate: Certificate;
  readonly range: ImmutableRange;
  /** Files checked, relative to the folder. */
  readonly checkedFiles: number;
}

/**
 * Verifies that the immutable files of a local folder are those of a certified snapshot.
 *
 * @param client - the client (certificate chain verification)
 * @param snapshot - the snapshot
 * @param dbDir - the database folder (holding `immutable/`)
 * @param options - range, pre-verified certificate, fetch
 * @returns what was verified
 * @throws {CardanoDbDownloadError} `CDB_DIGEST_MISMATCH` naming every missing or tampered file, `CDB_DIGESTS_UNCERTIFIED`,
 *   `CDB_DOWNLOAD_FAILED`, `CDB_INVALID_OPTIONS`
 * @throws {CertificateError | ArtifactError | ClientError} from the chain verification
 * @example
 * await verifyCardanoDatabaseFolder(client, snapshot, './db');
 */
export async function verifyCardanoDatabaseFolder(
  client: MithrilClientBase,
  snapshot: CardanoDatabaseSnapshot,
  dbDir: string,
  options: VerifyCardanoDatabaseFolderOptions = {},
): Promise<VerifiedCardanoDatabaseFolder> {
  const range = resolveRange(snapshot, options.start, options.end);
  const certificate =
    options.certificate ?? (await verifyCertificateChain(client, { hash: snapshot.certificateHash, signal: options.signal })).certificate;
  const digests = await downloadCardanoDatabaseDigests(snapshot, options.fetch ?? globalThis.fetch, options.signal);
  const verified = verifyDigestsAgainstCertificate(certificate, snapshot, digests);
  const numbers: bigint[] = [];
  for (let n = range.start; n <= range.end; n++) numbers.push(n);
  assertNoMismatch(await findMismatchingFiles(dbDir, numbers, verified));
  return { dbDir, certificate, range, checkedFiles: numbers.length * 3 };
}
