/**
 * Errors of the stress tool: its code table and error class.
 */
import { errorCodeTable, MithrilError, type ErrorCodeTable, type MithrilErrorCode } from '@mithril/sdk';

/**
 * Stable error codes of `mithril-stress`.
 *
 * @example
 * const code: StressErrorCode = 'STRESS_INVALID_OPTION';
 */
export type StressErrorCode = 'STRESS_INVALID_OPTION' | 'STRESS_REMOTE_ENDPOINT' | 'STRESS_TIMEOUT' | 'STRESS_AGGREGATOR_FAILED';

const AREA = 'stress tool';

/**
 * Area, meaning and docs path of every stress tool error code.
 *
 * @example
 * STRESS_ERROR_CODES.STRESS_TIMEOUT.docsPath;
 */
const STRESS_ERROR_CODES: ErrorCodeTable<StressErrorCode> = errorCodeTable<StressErrorCode>({
  STRESS_INVALID_OPTION: [AREA, 'a command-line option is missing, unknown or out of range'],
  STRESS_REMOTE_ENDPOINT: [AREA, 'the aggregator endpoint is not on loopback and --allow-remote was not given'],
  STRESS_TIMEOUT: [AREA, 'a phase did not finish within the time limit'],
  STRESS_AGGREGATOR_FAILED: [AREA, 'the aggregator under test answered something the scenario cannot go on with'],
});

/**
 * An error of the stress tool, with a code of {@link StressErrorCode}.
 *
 * @example
 * throw new StressError('STRESS_INVALID_OPTION', 'expected a positive integer', { field: '--num-signers' });
 */
export class StressError extends MithrilError<StressErrorCode | MithrilErrorCode> {
  static override readonly errorCodes: ErrorCodeTable<StressErrorCode> = STRESS_ERROR_CODES;
  override readonly name: string = 'StressError';
}
