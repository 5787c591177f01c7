/**
 * Errors of the Cardano database download and verification (nodes.md §5.7): their own code table, so the core's
 * table stays untouched.
 */
import { errorCodeTable, MithrilError, type ErrorCodeTable } from '@mithril/sdk';

/** Stable codes of {@link CardanoDbDownloadError}. */
export type CardanoDbDownloadErrorCode =
  | 'CDB_INVALID_OPTIONS'
  | 'CDB_TARGET_NOT_EMPTY'
  | 'CDB_NOT_ENOUGH_SPACE'
  | 'CDB_DISK_FULL'
  | 'CDB_DOWNLOAD_FAILED'
  | 'CDB_ARCHIVE_INVALID'
  | 'CDB_UNSAFE_ARCHIVE_ENTRY'
  | 'CDB_DIGEST_MISMATCH'
  | 'CDB_DIGESTS_UNCERTIFIED'
  | 'CDB_ANCILLARY_INVALID';

const AREA = 'Cardano database download';

/**
 * Area, meaning and docs path of every Cardano database download error code.
 *
 * @example
 * CARDANO_DB_DOWNLOAD_ERROR_CODES.CDB_DIGEST_MISMATCH.docsPath; // 'sdk.html#cdb_digest_mismatch'
 */
export const CARDANO_DB_DOWNLOAD_ERROR_CODES: ErrorCodeTable<CardanoDbDownloadErrorCode> = errorCodeTable<CardanoDbDownloadErrorCode>({
  CDB_INVALID_OPTIONS: [AREA, 'invalid download options (range outside the snapshot, ancillary without its key)'],
  CDB_TARGET_NOT_EMPTY: [AREA, 'the target folder already holds a database and allowOverride is not set'],
  CDB_NOT_ENOUGH_SPACE: [AREA, 'the target file system has less free space than the download needs'],
  CDB_DISK_FULL: [AREA, 'writing a file failed for lack of space (ENOSPC)'],
  CDB_DOWNLOAD_FAILED: [AREA, 'every location of a file failed (details.failures lists each error)'],
  CDB_ARCHIVE_INVALID: [AREA, 'an archive is corrupt, truncated or lacks the files it should hold'],
  CDB_UNSAFE_ARCHIVE_ENTRY: [AREA, 'an archive entry escapes the target folder or is not a file the archive may hold'],
  CDB_DIGEST_MISMATCH: [AREA, 'restored files are missing or differ from the certified digests (details.files)'],
  CDB_DIGESTS_UNCERTIFIED: [AREA, 'the downloaded digests list does not reproduce the certified Merkle root'],
  CDB_ANCILLARY_INVALID: [AREA, 'the ancillary manifest, a file it lists, or its signature does not verify'],
});

/**
 * A Cardano database download, unpack or verification failure; `details.files` names the files concerned.
 *
 * @example
 * try { await downloadCardanoDatabase(client, snapshot, { targetDir }) }
 * catch (e) { if (e instanceof CardanoDbDownloadError && e.code === 'CDB_DIGEST_MISMATCH') console.log(e.details?.files) }
 */
export class CardanoDbDownloadError extends MithrilError<CardanoDbDownloadErrorCode> {
  static override readonly errorCodes: ErrorCodeTable<CardanoDbDownloadErrorCode> = CARDANO_DB_DOWNLOAD_ERROR_CODES;
  override readonly name: string = 'CardanoDbDownloadError';
}
