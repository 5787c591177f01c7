/**
 * Relay errors: the relay kit's code union and table, and its error class.
 */
import { errorCodeTable, MithrilError, type ErrorCodeTable, type MithrilErrorCode } from '@mithril/sdk';

/**
 * Stable error codes of the relay kit. A code never changes meaning once published.
 *
 * @example
 * const code: RelayErrorCode = 'RELAY_UPSTREAM_UNAVAILABLE';
 */
export type RelayErrorCode = 'RELAY_INVALID_CONFIGURATION' | 'RELAY_UPSTREAM_UNAVAILABLE' | 'RELAY_STORAGE_FAILED';

const AREA = 'relay kit';

/**
 * Area, meaning and docs path of every relay kit error code.
 *
 * @example
 * RELAY_ERROR_CODES.RELAY_UPSTREAM_UNAVAILABLE.docsPath; // 'sdk.html#relay_upstream_unavailable'
 */
export const RELAY_ERROR_CODES: ErrorCodeTable<RelayErrorCode> = errorCodeTable<RelayErrorCode>({
  RELAY_INVALID_CONFIGURATION: [AREA, 'a relay was given invalid options'],
  RELAY_UPSTREAM_UNAVAILABLE: [AREA, 'no upstream aggregator of the relay could be reached'],
  RELAY_STORAGE_FAILED: [AREA, "the relay's storage failed"],
});

/**
 * An error raised by the relay kit, with a code of {@link RelayErrorCode}.
 *
 * @example
 * throw new RelayError('RELAY_INVALID_CONFIGURATION', 'expected at least one aggregator endpoint', { field: 'upstreams' });
 */
export class RelayError extends MithrilError<RelayErrorCode | MithrilErrorCode> {
  static override readonly errorCodes: ErrorCodeTable<RelayErrorCode> = RELAY_ERROR_CODES;
  override readonly name: string = 'RelayError';
}

/**
 * How the relay's HTTP boundary answers each of its codes (kit-core error table).
 *
 * @example
 * RELAY_ERROR_STATUS.RELAY_UPSTREAM_UNAVAILABLE; // { status: 502 }
 */
export const RELAY_ERROR_STATUS = {
  RELAY_UPSTREAM_UNAVAILABLE: { status: 502 },
  RELAY_STORAGE_FAILED: { status: 503 },
} as const;
