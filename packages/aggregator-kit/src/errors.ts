/**
 * Aggregator errors: the kit's own code union and code table, its error class, and the table that maps codes to HTTP
 * statuses and reference labels (nodes.md §1.1, §1.3).
 */
import type { ErrorReply } from '@mithril/kit-core';
import { errorCodeTable, MithrilError, type ErrorCodeTable, type MithrilErrorCode } from './sdk.js';

/** Stable error codes of the aggregator kit (nodes.md §1-§2). A code never changes meaning once published. */
export type AggregatorErrorCode =
  | 'AGGREGATOR_INVALID_REQUEST'
  | 'AGGREGATOR_NOT_FOUND'
  | 'AGGREGATOR_REGISTRATION_ROUND_NOT_OPEN'
  | 'AGGREGATOR_REGISTRATION_EPOCH_MISMATCH'
  | 'AGGREGATOR_SIGNER_REGISTRATION_FAILED'
  | 'AGGREGATOR_SIGNATURE_NOT_AUTHENTIC'
  | 'AGGREGATOR_SIGNATURE_MESSAGE_MISMATCH'
  | 'AGGREGATOR_ALREADY_CERTIFIED'
  | 'AGGREGATOR_OPEN_MESSAGE_EXPIRED'
  | 'AGGREGATOR_DISCONTINUED_ENTITY_TYPE'
  | 'AGGREGATOR_UNKNOWN_ENTITY_TYPE'
  | 'AGGREGATOR_GENESIS_MISSING'
  | 'AGGREGATOR_INVALID_CONFIGURATION'
  | 'AGGREGATOR_EPOCH_SETTINGS_MISSING'
  | 'AGGREGATOR_STORAGE_FAILED'
  | 'AGGREGATOR_CRITICAL'
  | 'AGGREGATOR_ARTIFACT_FAILED';

const AREA = 'aggregator kit';

/**
 * Area, meaning and docs path of every aggregator kit error code.
 *
 * @example
 * AGGREGATOR_ERROR_CODES.AGGREGATOR_NOT_FOUND.docsPath // 'sdk.html#aggregator_not_found'
 */
export const AGGREGATOR_ERROR_CODES: ErrorCodeTable<AggregatorErrorCode> = errorCodeTable<AggregatorErrorCode>({
  AGGREGATOR_INVALID_REQUEST: [AREA, 'HTTP 400: a malformed request to the aggregator'],
  AGGREGATOR_NOT_FOUND: [AREA, 'HTTP 404: no such resource'],
  AGGREGATOR_REGISTRATION_ROUND_NOT_OPEN: [AREA, 'HTTP 550: registrations are not open yet, retry on a later tick'],
  AGGREGATOR_REGISTRATION_EPOCH_MISMATCH: [AREA, 'a registration for another epoch than the open round'],
  AGGREGATOR_SIGNER_REGISTRATION_FAILED: [AREA, 'a registration was refused (unknown pool, zero stake, bad key or opcert)'],
  AGGREGATOR_SIGNATURE_NOT_AUTHENTIC: [AREA, 'a single signature does not verify for its signer'],
  AGGREGATOR_SIGNATURE_MESSAGE_MISMATCH: [AREA, 'a valid single signature over another message than the open one'],
  AGGREGATOR_ALREADY_CERTIFIED: [AREA, 'HTTP 410: the message is already certified'],
  AGGREGATOR_OPEN_MESSAGE_EXPIRED: [AREA, 'HTTP 410: the open message expired'],
  AGGREGATOR_DISCONTINUED_ENTITY_TYPE: [AREA, 'HTTP 410: a discontinued signed entity type'],
  AGGREGATOR_UNKNOWN_ENTITY_TYPE: [AREA, 'a signed entity type this aggregator does not certify'],
  AGGREGATOR_GENESIS_MISSING: [AREA, 'no genesis certificate (or no genesis signing key for a bootstrap)'],
  AGGREGATOR_INVALID_CONFIGURATION: [AREA, 'the mithril-aggregator command was given a missing or bad setting'],
  AGGREGATOR_EPOCH_SETTINGS_MISSING: [AREA, 'the epoch settings of an epoch are not recorded yet'],
  AGGREGATOR_STORAGE_FAILED: [AREA, "the aggregator's storage failed"],
  AGGREGATOR_CRITICAL: [AREA, 'the runner hit an error it cannot recover from and stopped'],
  AGGREGATOR_ARTIFACT_FAILED: [AREA, 'a Cardano database archive could not be read, built or uploaded'],
});

/**
 * An error raised by the aggregator kit; its `code` selects the HTTP answer in {@link ERROR_STATUS}, its `docsPath`
 * comes from {@link AGGREGATOR_ERROR_CODES} (or from the SDK's table when it relabels an SDK failure).
 *
 * @example
 * throw new AggregatorError('AGGREGATOR_NOT_FOUND', `certificate ${hash} is missing`);
 */
export class AggregatorError extends MithrilError<AggregatorErrorCode | MithrilErrorCode> {
  static override readonly errorCodes: ErrorCodeTable<AggregatorErrorCode> = AGGREGATOR_ERROR_CODES;
  override readonly name: string = 'AggregatorError';
}

/**
 * Error code → HTTP answer. Codes not listed are answered 500. Labels follow the reference routes
 * (`signer_routes.rs`, `signatures_routes.rs`, nodes.md §1.3).
 */
export const ERROR_STATUS: Readonly<Partial<Record<AggregatorErrorCode | MithrilErrorCode, ErrorReply>>> = {
  AGGREGATOR_INVALID_REQUEST: { status: 400, label: 'Bad Request' },
  AGGREGATOR_NOT_FOUND: { status: 404 },
  AGGREGATOR_UNKNOWN_ENTITY_TYPE: { status: 400, label: 'Unknown signed entity type' },
  AGGREGATOR_DISCONTINUED_ENTITY_TYPE: { status: 410, label: 'Discontinued signed entity type' },
  AGGREGATOR_SIGNATURE_NOT_AUTHENTIC: { status: 400, label: 'Could not authenticate signature' },
  AGGREGATOR_ALREADY_CERTIFIED: { status: 410, label: 'already_certified' },
  AGGREGATOR_OPEN_MESSAGE_EXPIRED: { status: 410, label: 'expired' },
  AGGREGATOR_SIGNATURE_MESSAGE_MISMATCH: { status: 500 },
  AGGREGATOR_SIGNER_REGISTRATION_FAILED: { status: 400, label: 'failed_signer_registration' },
  AGGREGATOR_REGISTRATION_ROUND_NOT_OPEN: { status: 550 },
  AGGREGATOR_REGISTRATION_EPOCH_MISMATCH: { status: 500 },
};

/** Label used when a request body cannot be decoded into a signer registration (reference wording). */
export const SIGNER_PAYLOAD_LABEL = 'Could not decode signer payload';
/** Label used when a single-signature payload cannot be decoded (reference wording). */
export const SIGNATURE_PAYLOAD_LABEL = 'Could not decode signature payload';
