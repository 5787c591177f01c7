/**
 * Stable error codes of the SDK. A code never changes meaning once published; callers branch on it.
 * Codes mirror the failures the reference distinguishes (mithril-stm errors, mithril-common verifier errors).
 */
export type MithrilErrorCode =
  // encodings
  | 'ENCODING_INVALID_HEX'
  | 'ENCODING_INVALID_LENGTH'
  | 'ENCODING_INVALID_JSON'
  | 'ENCODING_NON_CANONICAL_JSON'
  | 'ENCODING_INVALID_CBOR'
  | 'ENCODING_INVALID_BYTES'
  | 'ENCODING_INTEGER_OUT_OF_RANGE'
  | 'ENCODING_UNSUPPORTED_VARIANT'
  // BLS
  | 'BLS_INVALID_POINT'
  | 'BLS_INVALID_SIGNING_KEY'
  | 'BLS_SIGNATURE_INVALID'
  | 'BLS_AGGREGATE_SIGNATURE_INVALID'
  | 'BLS_POP_INVALID'
  | 'BLS_BACKEND_UNAVAILABLE'
  // STM parameters and registration
  | 'STM_INVALID_PARAMETERS'
  | 'STM_ENTRY_ALREADY_REGISTERED'
  | 'STM_ZERO_TOTAL_STAKE'
  | 'STM_TOTAL_STAKE_OVERFLOW'
  | 'STM_REGISTRATION_CLOSED'
  | 'STM_UNREGISTERED_SIGNER'
  // STM signatures
  | 'STM_INDEX_BOUND_FAILED'
  | 'STM_LOTTERY_LOST'
  | 'STM_INDEX_NOT_UNIQUE'
  | 'STM_NOT_ENOUGH_SIGNATURES'
  | 'STM_BATCH_PATH_INVALID'
  | 'STM_MERKLE_TREE_EMPTY'
  | 'STM_UNKNOWN_SIGNER_INDEX'
  | 'STM_EMPTY_SIGNATURES'
  // wire messages, certificates and chains (certificates.md §6.2)
  | 'MESSAGE_INVALID'
  | 'CERTIFICATE_UNSUPPORTED_FORMAT'
  | 'CERTIFICATE_HASH_MISMATCH'
  | 'CERTIFICATE_PROTOCOL_MESSAGE_MISMATCH'
  | 'CERTIFICATE_CHAIN_INFINITE_LOOP'
  | 'CERTIFICATE_MULTI_SIGNATURE_MISSING'
  | 'CERTIFICATE_MULTI_SIGNATURE_INVALID'
  | 'CERTIFICATE_GENESIS_SIGNATURE_INVALID'
  | 'CERTIFICATE_CURRENT_EPOCH_MISMATCH'
  | 'CERTIFICATE_EPOCH_GAP'
  | 'CERTIFICATE_CHAIN_PREVIOUS_HASH_UNMATCH'
  | 'CERTIFICATE_CHAIN_AVK_UNMATCH'
  | 'CERTIFICATE_CHAIN_PROTOCOL_PARAMETERS_UNMATCH'
  | 'CERTIFICATE_PREVIOUS_MISSING'
  | 'CERTIFICATE_RETRIEVAL_FAILED'
  | 'CERTIFICATE_CHAIN_CYCLE'
  | 'CERTIFICATE_CHAIN_TOO_LONG'
  | 'GENESIS_VERIFICATION_KEY_INVALID'
  // chain observers (nodes.md §4)
  | 'CHAIN_INVALID_CONFIGURATION'
  | 'CHAIN_UNAVAILABLE'
  // signer kit (nodes.md §3)
  | 'SIGNER_INVALID_CONFIGURATION'
  | 'SIGNER_AGGREGATOR_UNAVAILABLE'
  | 'SIGNER_AGGREGATOR_REJECTED'
  | 'SIGNER_STORAGE_FAILED'
  | 'SIGNER_CRITICAL'
  // artifacts (certificates.md §9)
  | 'ARTIFACT_INVALID'
  | 'ARTIFACT_MESSAGE_MISMATCH'
  | 'ARTIFACT_SIGNED_ENTITY_TYPE_MISMATCH'
  // signing: protocol messages computed by aggregators and signers (nodes.md §3.4)
  | 'SIGNED_ENTITY_TYPE_UNSUPPORTED'
  | 'SIGNING_INPUT_MISSING'
  // aggregator kit (nodes.md §1-§2)
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
  | 'AGGREGATOR_EPOCH_SETTINGS_MISSING'
  | 'AGGREGATOR_STORAGE_FAILED'
  | 'AGGREGATOR_CRITICAL'
  // kit core (HTTP boundary of every kit)
  | 'HTTP_REQUEST_REFUSED'
  // aggregator client (HTTP, cache, cancellation)
  | 'CLIENT_HTTP_ERROR'
  | 'CLIENT_NOT_FOUND'
  | 'CLIENT_NETWORK_ERROR'
  | 'CLIENT_TIMEOUT'
  | 'CLIENT_ABORTED'
  | 'CLIENT_INVALID_OPTIONS';

/** Options of a {@link MithrilError}. */
export interface MithrilErrorOptions {
  /** Name of the input field (or path) the error is about, e.g. `multi_signature.signatures[1].sigma`. */
  field?: string;
  /** The lower-level error that caused this one. */
  cause?: unknown;
  /** Machine-readable details (counts, indexes…); values must be JSON-friendly or bigint. */
  details?: Record<string, unknown>;
  /** Path of the docs page that explains this error. */
  docsPath?: string;
}

/**
 * Base class of every error the SDK throws on purpose: a stable `code`, a message naming the field, an optional cause.
 *
 * @example
 * try { verifyAggregateSignature(...) } catch (e) { if (isMithrilError(e) && e.code === 'STM_LOTTERY_LOST') ... }
 */
export class MithrilError extends Error {
  override readonly name: string = 'MithrilError';
  /** Stable machine-readable code. */
  readonly code: MithrilErrorCode;
  /** The input field the error is about, when there is one. */
  readonly field: string | undefined;
  /** Machine-readable details. */
  readonly details: Record<string, unknown> | undefined;
  /** Docs page that explains the error. */
  readonly docsPath: string | undefined;

  constructor(code: MithrilErrorCode, message: string, options: MithrilErrorOptions = {}) {
    super(options.field !== undefined ? `${options.field}: ${message}` : message, { cause: options.cause });
    this.code = code;
    this.field = options.field;
    this.details = options.details;
    this.docsPath = options.docsPath;
  }
}

/** Malformed bytes, hex, JSON or CBOR. */
export class EncodingError extends MithrilError {
  override readonly name: string = 'EncodingError';
}

/** A BLS point, key or signature failed validation or verification. */
export class BlsError extends MithrilError {
  override readonly name: string = 'BlsError';
}

/** An STM parameter, registration, signature or aggregate failed a protocol rule. */
export class StmError extends MithrilError {
  override readonly name: string = 'StmError';
}

/**
 * Whether a value is a {@link MithrilError}, optionally with the given code.
 *
 * @param value - anything caught
 * @param code - when given, the code must match too
 */
export function isMithrilError(value: unknown, code?: MithrilErrorCode): value is MithrilError {
  return value instanceof MithrilError && (code === undefined || value.code === code);
}
