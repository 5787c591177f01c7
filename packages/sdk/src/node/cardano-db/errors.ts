/**
 * Errors of the Cardano database digests (nodes.md §5.1): their own code table, so the failures of a node database
 * folder (missing folder, unreadable name, too few immutable files) have stable codes callers branch on.
 */
import { errorCodeTable, MithrilError, type ErrorCodeTable } from '@mithril/sdk';

/** Stable error codes of the Cardano database digests. A code never changes meaning once published. */
export type CardanoDbErrorCode =
  | 'CARDANO_DB_IMMUTABLE_FOLDER_MISSING'
  | 'CARDANO_DB_INVALID_IMMUTABLE_FILE_NAME'
  | 'CARDANO_DB_NOT_ENOUGH_IMMUTABLE'
  | 'CARDANO_DB_READ_FAILED';

const AREA = 'Cardano database digests';

/**
 * Area, meaning and docs path of every Cardano database digest error code.
 *
 * @example
 * CARDANO_DB_ERROR_CODES.CARDANO_DB_NOT_ENOUGH_IMMUTABLE.docsPath; // 'sdk.html#cardano_db_not_enough_immutable'
 */
export const CARDANO_DB_ERROR_CODES: ErrorCodeTable<CardanoDbErrorCode> = errorCodeTable<CardanoDbErrorCode>({
  CARDANO_DB_IMMUTABLE_FOLDER_MISSING: [AREA, "no folder named 'immutable' under the database folder"],
  CARDANO_DB_INVALID_IMMUTABLE_FILE_NAME: [AREA, 'a .chunk, .primary or .secondary file whose stem is not a u64 (e.g. abc.chunk)'],
  CARDANO_DB_NOT_ENOUGH_IMMUTABLE: [AREA, 'the database has no immutable file, or none up to the asked number (details.expected, details.found)'],
  CARDANO_DB_READ_FAILED: [AREA, 'a file or folder of the database cannot be read'],
});

/**
 * An error about a Cardano node database folder, with a code of {@link CardanoDbErrorCode}; `field` names the file or
 * folder.
 *
 * @example
 * try { await computeImmutableFileDigests(dbDir, { upTo: 10n }); }
 * catch (e) { if (e instanceof CardanoDbError && e.code === 'CARDANO_DB_NOT_ENOUGH_IMMUTABLE') console.log(e.details); }
 */
export class CardanoDbError extends MithrilError<CardanoDbErrorCode> {
  static override readonly errorCodes: ErrorCodeTable<CardanoDbErrorCode> = CARDANO_DB_ERROR_CODES;
  override readonly name: string = 'CardanoDbError';
}
