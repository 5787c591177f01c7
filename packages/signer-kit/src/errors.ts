/**
 * The signer kit's error class: every error it raises on purpose carries one of the `SIGNER_*` codes.
 */
import { MithrilError, type MithrilErrorCode, type MithrilErrorOptions } from './sdk.js';

/**
 * Codes of the signer kit: bad options, an aggregator that cannot be reached (or fails on its side, worth
 * retrying), an aggregator that refused a request (4xx), a storage failure, and a critical stop.
 *
 * @example
 * const code: SignerErrorCode = 'SIGNER_AGGREGATOR_REJECTED';
 */
export type SignerErrorCode = Extract<MithrilErrorCode, `SIGNER_${string}`>;

/**
 * An error raised by the signer kit.
 *
 * @example
 * signer.events.on('signature-rejected', ({ error }) => {
 *   if (error instanceof SignerError) console.log(error.code, error.details);
 * });
 */
export class SignerError extends MithrilError {
  override readonly name: string = 'SignerError';
  override readonly code: SignerErrorCode;

  /**
   * @param code - the signer code
   * @param message - what went wrong, naming the field
   * @param options - field, cause, details
   */
  constructor(code: SignerErrorCode, message: string, options: MithrilErrorOptions = {}) {
    super(code, message, options);
    this.code = code;
  }
}
