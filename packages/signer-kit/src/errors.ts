/**
 * Signer errors: the signer kit's own code union and code table (nodes.md §3), and its error class.
 */
import { errorCodeTable, MithrilError, type ErrorCodeTable, type MithrilErrorCode } from '@mithril/sdk';

/** Stable error codes of the signer kit. A code never changes meaning once published. */
export type SignerErrorCode =
  | 'SIGNER_INVALID_CONFIGURATION'
  | 'SIGNER_AGGREGATOR_UNAVAILABLE'
  | 'SIGNER_AGGREGATOR_REJECTED'
  | 'SIGNER_STORAGE_FAILED'
  | 'SIGNER_CRITICAL';

const AREA = 'signer kit';

/**
 * Area, meaning and docs path of every signer kit error code.
 *
 * @example
 * SIGNER_ERROR_CODES.SIGNER_STORAGE_FAILED.docsPath // 'sdk.html#signer_storage_failed'
 */
export const SIGNER_ERROR_CODES: ErrorCodeTable<SignerErrorCode> = errorCodeTable<SignerErrorCode>({
  SIGNER_INVALID_CONFIGURATION: [AREA, 'a signer was given invalid options'],
  SIGNER_AGGREGATOR_UNAVAILABLE: [AREA, 'the signer cannot reach its aggregator'],
  SIGNER_AGGREGATOR_REJECTED: [AREA, 'the aggregator refused a registration or a signature'],
  SIGNER_STORAGE_FAILED: [AREA, "the signer's storage failed"],
  SIGNER_CRITICAL: [AREA, 'the signer hit an error it cannot recover from'],
});

/**
 * An error raised by the signer kit, with a code of {@link SignerErrorCode} and its docs path from
 * {@link SIGNER_ERROR_CODES} (or an SDK code, with the SDK's docs path, when it relabels an SDK failure).
 *
 * @example
 * throw new SignerError('SIGNER_INVALID_CONFIGURATION', 'must be a pool id', { field: 'partyId' });
 */
export class SignerError extends MithrilError<SignerErrorCode | MithrilErrorCode> {
  static override readonly errorCodes: ErrorCodeTable<SignerErrorCode> = SIGNER_ERROR_CODES;
  override readonly name: string = 'SignerError';
}
