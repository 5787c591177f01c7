/**
 * The SDK's stable error codes and their table: area, meaning and docs anchor of each code. Other packages declare
 * their own codes and tables with {@link errorCodeTable}; the docs build renders every package's table.
 */

/**
 * Stable error codes of the SDK. A code never changes meaning once published; callers branch on it.
 * Codes mirror the failures the reference distinguishes (mithril-stm errors, mithril-common verifier errors).
 * The kits own their codes (`AggregatorErrorCode`, `SignerErrorCode`).
 *
 * @example
 * function explain(code: MithrilErrorCode): string {
 *   return MITHRIL_ERROR_CODES[code].meaning;
 * }
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
  // KES and operational certificates (nodes.md §2.3.1)
  | 'KES_INVALID_KEY'
  | 'KES_PERIOD_OUT_OF_RANGE'
  | 'KES_SIGNATURE_INVALID'
  | 'OPCERT_INVALID'
  | 'OPCERT_KES_PERIOD_OUT_OF_WINDOW'
  // artifacts (certificates.md §9)
  | 'ARTIFACT_INVALID'
  | 'ARTIFACT_MESSAGE_MISMATCH'
  | 'ARTIFACT_SIGNED_ENTITY_TYPE_MISMATCH'
  // transaction and block proofs (certificates.md §9.5)
  | 'PROOF_MALFORMED'
  | 'PROOF_INVALID'
  | 'PROOF_ROOT_MISMATCH'
  | 'PROOF_NO_CERTIFIED_ITEM'
  | 'PROOF_HASHES_INVALID'
  // signing: protocol messages computed by aggregators and signers (nodes.md §3.4)
  | 'SIGNED_ENTITY_TYPE_UNSUPPORTED'
  | 'SIGNING_INPUT_MISSING'
  // aggregator client (HTTP, cache, cancellation)
  | 'CLIENT_HTTP_ERROR'
  | 'CLIENT_NOT_FOUND'
  | 'CLIENT_NETWORK_ERROR'
  | 'CLIENT_TIMEOUT'
  | 'CLIENT_ABORTED'
  | 'CLIENT_INVALID_OPTIONS'
  | 'CLIENT_RESPONSE_TOO_LARGE';

/**
 * What the docs say about one error code.
 *
 * @example
 * const { area, meaning, docsPath } = MITHRIL_ERROR_CODES.STM_LOTTERY_LOST;
 */
export interface ErrorCodeEntry {
  /** The area the code belongs to, e.g. `encodings`. */
  readonly area: string;
  /** What the code means to a caller. */
  readonly meaning: string;
  /** Path of the docs page and anchor that explain the code, relative to the docs site, e.g. `sdk.html#stm_lottery_lost`. */
  readonly docsPath: string;
}

/**
 * One entry per code of a code union: typed as a complete record, so a code without an entry fails the typecheck.
 *
 * @example
 * type MyCode = 'MY_FAILED';
 * const MY_CODES: ErrorCodeTable<MyCode> = errorCodeTable<MyCode>({ MY_FAILED: ['my kit', 'it failed'] });
 */
export type ErrorCodeTable<Code extends string> = { readonly [C in Code]: ErrorCodeEntry };

/**
 * The docs page that holds the table of every package's error codes.
 *
 * @example
 * new URL(ERROR_DOCS_PAGE, 'https://docs.example/') // the page of the errors table
 */
export const ERROR_DOCS_PAGE = 'sdk.html';

/**
 * The docs path of an error code: the errors table of the SDK guide, at the code's own anchor.
 *
 * @param code - an error code of any package
 * @returns the page and anchor, e.g. `sdk.html#stm_lottery_lost`
 * @example
 * errorDocsPath('STM_LOTTERY_LOST') // 'sdk.html#stm_lottery_lost'
 */
export function errorDocsPath(code: string): string {
  return `${ERROR_DOCS_PAGE}#${code.toLowerCase()}`;
}

/**
 * Builds the table of a code union from its area and meaning per code, adding each code's docs path.
 *
 * @param entries - `[area, meaning]` for every code of the union
 * @returns the frozen table
 * @example
 * type MyCode = 'MY_FAILED';
 * const MY_CODES = errorCodeTable<MyCode>({ MY_FAILED: ['my kit', 'it failed'] });
 * MY_CODES.MY_FAILED.docsPath // 'sdk.html#my_failed'
 */
export function errorCodeTable<Code extends string>(
  entries: {
    readonly [C in Code]: readonly [area: string, meaning: string];
  },
): ErrorCodeTable<Code> {
  const table: Record<string, ErrorCodeEntry> = {};
  for (const [code, [area, meaning]] of Object.entries(entries) as [string, readonly [string, string]][]) {
    table[code] = Object.freeze({ area, meaning, docsPath: errorDocsPath(code) });
  }
  return Object.freeze(table) as ErrorCodeTable<Code>;
}

const ENCODINGS = 'encodings';
const BLS = 'BLS';
const STM_REGISTRATION = 'STM parameters and registration';
const STM_SIGNATURES = 'STM signatures';
const CERTIFICATES = 'wire messages, certificates and chains';
const CHAIN = 'chain observers';
const KES = 'KES and operational certificates';
const ARTIFACTS = 'artifacts';
const SIGNING = 'signing: protocol messages computed by aggregators and signers';
const CLIENT = 'aggregator client';
const PROOFS = 'transaction and block proofs';

/**
 * Area, meaning and docs path of every SDK error code.
 *
 * @example
 * MITHRIL_ERROR_CODES.STM_LOTTERY_LOST.meaning // 'a claimed lottery index was not won (…)'
 */
export const MITHRIL_ERROR_CODES: ErrorCodeTable<MithrilErrorCode> = errorCodeTable<MithrilErrorCode>({
  ENCODING_INVALID_HEX: [ENCODINGS, 'a hex string has an odd length, a non-hex or an uppercase character'],
  ENCODING_INVALID_LENGTH: [ENCODINGS, 'a byte string (key, signature, hash) has the wrong length'],
  ENCODING_INVALID_JSON: [ENCODINGS, 'a text is not valid JSON, or not the expected JSON shape'],
  ENCODING_NON_CANONICAL_JSON: [ENCODINGS, 'a JSON-hex value is not the canonical compact form the reference hashes'],
  ENCODING_INVALID_CBOR: [ENCODINGS, 'a CBOR byte string is malformed'],
  ENCODING_INVALID_BYTES: [ENCODINGS, 'a byte string cannot be decoded (bad prefix, trailing bytes)'],
  ENCODING_INTEGER_OUT_OF_RANGE: [ENCODINGS, 'an integer does not fit its type (u64, u32, safe integer)'],
  ENCODING_UNSUPPORTED_VARIANT: [ENCODINGS, 'a known format in a variant this SDK does not support (e.g. a SNARK proof)'],
  BLS_INVALID_POINT: [BLS, 'a BLS key or signature is not a valid, non-infinity point of the right subgroup'],
  BLS_INVALID_SIGNING_KEY: [BLS, 'a BLS signing key is zero or not below the group order'],
  BLS_SIGNATURE_INVALID: [BLS, 'a BLS signature does not verify'],
  BLS_AGGREGATE_SIGNATURE_INVALID: [BLS, 'an aggregated BLS signature does not verify'],
  BLS_POP_INVALID: [BLS, "a key's proof of possession does not verify"],
  BLS_BACKEND_UNAVAILABLE: [BLS, 'the chosen BLS backend (e.g. mcl-wasm) cannot be loaded'],
  STM_INVALID_PARAMETERS: [STM_REGISTRATION, 'STM parameters out of range (k or m zero or above u64, phi_f outside [0, 1])'],
  STM_ENTRY_ALREADY_REGISTERED: [STM_REGISTRATION, 'the same verification key was registered twice'],
  STM_ZERO_TOTAL_STAKE: [STM_REGISTRATION, 'a registration closed with no stake at all'],
  STM_TOTAL_STAKE_OVERFLOW: [STM_REGISTRATION, 'a stake, or the total stake, does not fit in a u64'],
  STM_REGISTRATION_CLOSED: [STM_REGISTRATION, 'a key was registered after the registration was closed'],
  STM_UNREGISTERED_SIGNER: [STM_REGISTRATION, 'a signer index or key is not in the closed registration'],
  STM_INDEX_BOUND_FAILED: [STM_SIGNATURES, 'a lottery index is above m'],
  STM_LOTTERY_LOST: [STM_SIGNATURES, 'a claimed lottery index was not won (signing: no index won at all)'],
  STM_INDEX_NOT_UNIQUE: [STM_SIGNATURES, 'an aggregate uses a lottery index twice'],
  STM_NOT_ENOUGH_SIGNATURES: [STM_SIGNATURES, 'fewer than k distinct indexes (aggregation or verification)'],
  STM_BATCH_PATH_INVALID: [STM_SIGNATURES, "the Merkle batch proof does not prove the signers' registrations"],
  STM_MERKLE_TREE_EMPTY: [STM_SIGNATURES, 'a Merkle tree or proof over no leaves'],
  STM_UNKNOWN_SIGNER_INDEX: [STM_SIGNATURES, 'a single signature names a signer index outside the registration'],
  STM_EMPTY_SIGNATURES: [STM_SIGNATURES, 'an aggregate or batch with no signatures'],
  MESSAGE_INVALID: [CERTIFICATES, 'a wire message (certificate, artifact, list) does not match its schema'],
  CERTIFICATE_UNSUPPORTED_FORMAT: [CERTIFICATES, 'a certificate uses a format or era field this SDK does not verify'],
  CERTIFICATE_HASH_MISMATCH: [CERTIFICATES, 'the recomputed certificate hash differs from its hash field, or from the hash asked for'],
  CERTIFICATE_PROTOCOL_MESSAGE_MISMATCH: [CERTIFICATES, "signed_message is not the hash of the certificate's protocol message"],
  CERTIFICATE_CHAIN_INFINITE_LOOP: [CERTIFICATES, 'a certificate names itself as its previous certificate'],
  CERTIFICATE_MULTI_SIGNATURE_MISSING: [CERTIFICATES, 'a standard certificate has no multi-signature'],
  CERTIFICATE_MULTI_SIGNATURE_INVALID: [CERTIFICATES, 'the STM multi-signature does not verify against the AVK and parameters'],
  CERTIFICATE_GENESIS_SIGNATURE_INVALID: [CERTIFICATES, 'the genesis signature does not verify with the trusted genesis key'],
  CERTIFICATE_CURRENT_EPOCH_MISMATCH: [CERTIFICATES, "the protocol message's current_epoch differs from the certificate's epoch"],
  CERTIFICATE_EPOCH_GAP: [CERTIFICATES, 'a certificate and its previous one are more than one epoch apart'],
  CERTIFICATE_CHAIN_PREVIOUS_HASH_UNMATCH: [CERTIFICATES, 'previous_hash does not name the certificate it links to'],
  CERTIFICATE_CHAIN_AVK_UNMATCH: [CERTIFICATES, 'the AVK is not the one the previous certificate announced'],
  CERTIFICATE_CHAIN_PROTOCOL_PARAMETERS_UNMATCH: [CERTIFICATES, 'the protocol parameters are not the ones the previous certificate announced'],
  CERTIFICATE_PREVIOUS_MISSING: [CERTIFICATES, 'the previous certificate of a link is missing'],
  CERTIFICATE_RETRIEVAL_FAILED: [CERTIFICATES, 'a certificate of the chain could not be retrieved'],
  CERTIFICATE_CHAIN_CYCLE: [CERTIFICATES, 'the chain leads back to a certificate already visited'],
  CERTIFICATE_CHAIN_TOO_LONG: [CERTIFICATES, 'the chain is longer than maxChainLength'],
  GENESIS_VERIFICATION_KEY_INVALID: [CERTIFICATES, 'the genesis verification key (or secret) does not decode'],
  CHAIN_INVALID_CONFIGURATION: [CHAIN, 'a chain observer (e.g. the devnet chain) was given invalid options'],
  CHAIN_UNAVAILABLE: [CHAIN, 'the chain observer cannot answer (node or provider unreachable)'],
  KES_INVALID_KEY: [KES, 'a KES secret or verification key has the wrong size or does not match its period'],
  KES_PERIOD_OUT_OF_RANGE: [KES, 'a KES period is outside 0..63, or the key cannot evolve further'],
  KES_SIGNATURE_INVALID: [KES, 'a Sum6 KES signature does not verify for the key, period and message'],
  OPCERT_INVALID: [KES, 'the cold-key signature of an operational certificate does not verify'],
  OPCERT_KES_PERIOD_OUT_OF_WINDOW: [KES, 'the current KES period is before the opcert start or past its 64 evolutions'],
  ARTIFACT_INVALID: [ARTIFACTS, 'an artifact is malformed or inconsistent (e.g. duplicate signers)'],
  ARTIFACT_MESSAGE_MISMATCH: [ARTIFACTS, 'the verified certificate does not sign this artifact'],
  ARTIFACT_SIGNED_ENTITY_TYPE_MISMATCH: [ARTIFACTS, 'the certificate signs another kind of artifact, or another epoch'],
  PROOF_MALFORMED: [PROOFS, 'a transaction or block proof does not decode (JSON-hex v1, bincode v2, message shape)'],
  PROOF_INVALID: [PROOFS, 'a Merkle proof does not recompute its root, or does not contain a claimed hash'],
  PROOF_ROOT_MISMATCH: [PROOFS, 'the proofs of one message certify different Merkle roots'],
  PROOF_NO_CERTIFIED_ITEM: [PROOFS, 'a proof message certifies no transaction or block'],
  PROOF_HASHES_INVALID: [PROOFS, 'a hash list to certify is empty, too long, or holds a malformed hash'],
  SIGNED_ENTITY_TYPE_UNSUPPORTED: [SIGNING, 'a protocol message was asked for a signed entity type that cannot be computed'],
  SIGNING_INPUT_MISSING: [SIGNING, 'a protocol message lacks an input (next AVK, stake distribution, …)'],
  CLIENT_HTTP_ERROR: [CLIENT, 'the aggregator answered a non-2xx status other than 404 (details.status, details.label)'],
  CLIENT_NOT_FOUND: [CLIENT, 'the aggregator answered 404'],
  CLIENT_NETWORK_ERROR: [CLIENT, 'the aggregator could not be reached (DNS, TLS, connection, CORS in browsers)'],
  CLIENT_TIMEOUT: [CLIENT, 'a request took longer than the timeout'],
  CLIENT_ABORTED: [CLIENT, "the caller's AbortSignal fired"],
  CLIENT_INVALID_OPTIONS: [CLIENT, 'invalid client options or arguments (endpoint, hash, missing genesis key)'],
  CLIENT_RESPONSE_TOO_LARGE: [CLIENT, 'a response body is larger than the transport limit (maxResponseBytes; details.limit)'],
});
