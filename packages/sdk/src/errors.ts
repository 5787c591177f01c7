/**
 * The SDK's error classes. Every error thrown on purpose is a {@link MithrilError}: a stable `code`, a message naming
 * the field, an optional cause, and the docs path of its code, looked up in the code table of the error's class.
 * Other packages subclass it with their own code union and table (the aggregator and signer kits do).
 */
import { MITHRIL_ERROR_CODES, type ErrorCodeEntry, type MithrilErrorCode } from './error-codes.js';

export {
  ERROR_DOCS_PAGE,
  MITHRIL_ERROR_CODES,
  errorCodeTable,
  errorDocsPath,
  type ErrorCodeEntry,
  type ErrorCodeTable,
  type MithrilErrorCode,
} from './error-codes.js';

/** Options of a {@link MithrilError}. */
export interface MithrilErrorOptions {
  /** Name of the input field (or path) the error is about, e.g. `multi_signature.signatures[1].sigma`. */
  field?: string;
  /** The lower-level error that caused this one. */
  cause?: unknown;
  /** Machine-readable details (counts, indexes…); values must be JSON-friendly or bigint. */
  details?: Record<string, unknown>;
  /** Path of the docs page that explains this error (default: the entry of the code in the class's code table). */
  docsPath?: string;
}

/** A class of {@link MithrilError} with the code table it (or a parent) declares. */
interface ErrorClass {
  readonly errorCodes?: Readonly<Record<string, ErrorCodeEntry | undefined>>;
}

/** The docs path of a code in the nearest table of the class chain (own table first, then the parents'). */
function docsPathOf(errorClass: unknown, code: string): string | undefined {
  for (let c = errorClass; typeof c === 'function'; c = Object.getPrototypeOf(c)) {
    if (Object.hasOwn(c, 'errorCodes')) {
      const entry = (c as ErrorClass).errorCodes?.[code];
      if (entry !== undefined) return entry.docsPath;
    }
  }
  return undefined;
}

/**
 * Base class of every error the SDK and the kits throw on purpose: a stable `code`, a message naming the field, an
 * optional cause, and the docs path of the code. A package with its own codes subclasses it with its code union as
 * `Code` and its table as the static `errorCodes`; the constructor fills `docsPath` from the nearest table.
 *
 * @typeParam Code - the code union the class carries (default: the SDK's)
 * @example
 * try { verifyAggregateSignature(...) } catch (e) { if (isMithrilError(e, 'STM_LOTTERY_LOST')) console.log(e.docsPath) }
 * // A package's own codes:
 * class MyError extends MithrilError<'MY_FAILED'> {
 *   static override readonly errorCodes = errorCodeTable<'MY_FAILED'>({ MY_FAILED: ['my kit', 'it failed'] });
 * }
 */
export class MithrilError<Code extends string = MithrilErrorCode> extends Error {
  /** Code table of the class: area, meaning and docs path per code. Subclasses of other packages set their own. */
  static readonly errorCodes: Readonly<Record<string, ErrorCodeEntry | undefined>> = MITHRIL_ERROR_CODES;
  override readonly name: string = 'MithrilError';
  /** Stable machine-readable code. */
  readonly code: Code;
  /** The input field the error is about, when there is one. */
  readonly field: string | undefined;
  /** Machine-readable details. */
  readonly details: Record<string, unknown> | undefined;
  /** Docs page that explains the error. */
  readonly docsPath: string | undefined;

  /**
   * @param code - the stable code
   * @param message - what failed (the field name is prefixed when `options.field` is given)
   * @param options - field, cause, details and an explicit docs path
   */
  constructor(code: Code, message: string, options: MithrilErrorOptions = {}) {
    super(options.field !== undefined ? `${options.field}: ${message}` : message, { cause: options.cause });
    this.code = code;
    this.field = options.field;
    this.details = options.details;
    this.docsPath = options.docsPath ?? docsPathOf(new.target, code);
  }
}

/**
 * Malformed bytes, hex, JSON or CBOR.
 *
 * @example
 * try {
 *   hexToBytes('5b0');
 * } catch (error) {
 *   if (error instanceof EncodingError) console.error(error.code, error.field); // ENCODING_INVALID_HEX hex
 * }
 */
export class EncodingError extends MithrilError {
  override readonly name: string = 'EncodingError';
}

/**
 * A BLS point, key or signature failed validation or verification.
 *
 * @example
 * try {
 *   verifyAggregateSignature({ message, signature, avk, parameters });
 * } catch (error) {
 *   if (error instanceof BlsError) console.error(error.code); // e.g. BLS_SIGNATURE_INVALID
 * }
 */
export class BlsError extends MithrilError {
  override readonly name: string = 'BlsError';
}

/**
 * An STM parameter, registration, signature or aggregate failed a protocol rule.
 *
 * @example
 * try {
 *   createSingleSignature({ parameters, signingKey, closedRegistration, signerIndex, message });
 * } catch (error) {
 *   if (error instanceof StmError && error.code === 'STM_LOTTERY_LOST') console.log('no lottery won');
 * }
 */
export class StmError extends MithrilError {
  override readonly name: string = 'StmError';
}

/**
 * Whether a value is a {@link MithrilError} (of any package), optionally with the given code.
 *
 * @param value - anything caught
 * @param code - when given, the code must match too; the error is then typed with that code
 * @returns whether the value is such an error (without a code, typed with the SDK's codes unless `Code` is given)
 * @example
 * if (isMithrilError(error, 'CLIENT_NOT_FOUND')) return undefined;
 * if (isMithrilError<AggregatorErrorCode | MithrilErrorCode>(error)) console.log(error.code, error.docsPath);
 */
export function isMithrilError<Code extends string = MithrilErrorCode>(value: unknown): value is MithrilError<Code>;
export function isMithrilError<Code extends string>(value: unknown, code: Code): value is MithrilError<Code>;
export function isMithrilError(value: unknown, code?: string): value is MithrilError<string> {
  return value instanceof MithrilError && (code === undefined || value.code === code);
}
