/**
 * The HTTP answer of a thrown value: one request-error type for refusals decided at the boundary, and one
 * error-code → `{status, label}` table, passed by each kit, for the errors of its core.
 */
import { errorCodeTable, isMithrilError, MithrilError, type ErrorCodeTable, type MithrilErrorOptions } from '@mithril/sdk';

/**
 * Stable error codes of kit-core. A code never changes meaning once published.
 *
 * @example
 * const code: KitCoreErrorCode = 'HTTP_REQUEST_REFUSED';
 */
export type KitCoreErrorCode = 'HTTP_REQUEST_REFUSED';

/**
 * Area, meaning and docs path of every kit-core error code.
 *
 * @example
 * KIT_CORE_ERROR_CODES.HTTP_REQUEST_REFUSED.docsPath; // 'sdk.html#http_request_refused'
 */
export const KIT_CORE_ERROR_CODES: ErrorCodeTable<KitCoreErrorCode> = errorCodeTable<KitCoreErrorCode>({
  HTTP_REQUEST_REFUSED: ['kit core', 'a kit refused a request at its HTTP boundary (malformed body, bad parameter, body too large)'],
});

/**
 * How an error code is answered: status and, for client errors, the reference label.
 *
 * @example
 * const reply: ErrorReply = { status: 410, label: 'expired' };
 */
export interface ErrorReply {
  readonly status: number;
  /** Sent as `label` for 4xx answers; server errors carry only `message`, like the reference. */
  readonly label?: string;
}

/**
 * A kit's error code → HTTP answer table; codes not listed are answered 500.
 *
 * @example
 * const table: ErrorTable = { AGGREGATOR_NOT_FOUND: { status: 404 } };
 */
export type ErrorTable = Readonly<Partial<Record<string, ErrorReply>>>;

/**
 * A request refused at the HTTP boundary (malformed body, bad path parameter, body too large), with the status and
 * reference label to answer. Code `HTTP_REQUEST_REFUSED`.
 *
 * @example
 * throw new RequestError(400, 'invalid_epoch', "invalid epoch parameter 'x'");
 */
export class RequestError extends MithrilError<KitCoreErrorCode> {
  static override readonly errorCodes: ErrorCodeTable<KitCoreErrorCode> = KIT_CORE_ERROR_CODES;
  override readonly name: string = 'RequestError';
  /** The HTTP status to answer. */
  readonly status: number;
  /** The reference label (sent for 4xx only). */
  readonly label: string | undefined;

  /**
   * @param status - the HTTP status to answer
   * @param label - the reference label, or `undefined` for a `{message}`-only (or empty) body
   * @param message - the message sent to the client
   * @param options - cause and details
   */
  constructor(status: number, label: string | undefined, message: string, options: Omit<MithrilErrorOptions, 'field'> = {}) {
    super('HTTP_REQUEST_REFUSED', message, options);
    this.status = status;
    this.label = label;
  }
}

/**
 * Throws a 400 {@link RequestError} with the given label.
 *
 * @param label - the reference label
 * @param message - what is wrong, naming the field
 * @throws {RequestError} always
 * @example
 * if (typeof body !== 'object') badRequest('Bad Request', 'expected a JSON object');
 */
export function badRequest(label: string, message: string): never {
  throw new RequestError(400, label, message);
}

/**
 * What {@link errorReply} decides for a thrown value.
 *
 * @example
 * const reply: ResolvedErrorReply = { status: 400, label: 'Bad Request', message: 'epoch: expected an integer', expected: true };
 */
export interface ResolvedErrorReply {
  readonly status: number;
  /** Present for 4xx answers that have a label. */
  readonly label?: string;
  /** A message safe to send: the error's own for Mithril errors, `internal error` otherwise. */
  readonly message: string;
  /** `false` for anything that is not a Mithril error: a bug or a failing dependency, worth logging. */
  readonly expected: boolean;
}

/**
 * The HTTP answer for any thrown value: a {@link RequestError} carries its own; a Mithril error gets its code's entry
 * in `table` (500 when absent); anything else is 500 `internal error` without internals.
 *
 * @param error - what was thrown
 * @param table - the kit's error-code table
 * @returns status, label (4xx only), a message safe to send, and whether the error was expected
 * @example
 * const reply = errorReply(new MithrilError('AGGREGATOR_NOT_FOUND', 'no such certificate'), { AGGREGATOR_NOT_FOUND: { status: 404 } });
 * reply.status; // 404
 */
export function errorReply(error: unknown, table: ErrorTable): ResolvedErrorReply {
  if (error instanceof RequestError) return withLabel(error.status, error.label, error.message, true);
  if (isMithrilError<string>(error)) {
    const entry = table[error.code];
    return entry === undefined ? { status: 500, message: error.message, expected: true } : withLabel(entry.status, entry.label, error.message, true);
  }
  return { status: 500, message: 'internal error', expected: false };
}

function withLabel(status: number, label: string | undefined, message: string, expected: boolean): ResolvedErrorReply {
  return label === undefined || status >= 500 ? { status, message, expected } : { status, label, message, expected };
}
