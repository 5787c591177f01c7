/**
 * The aggregator's proof messages (mithril-common `messages/cardano_transactions_proof.rs` and `messages/proof_v2/`):
 * v1 transactions proofs, v2 transactions proofs and block proofs, parsed losslessly (u64 values as bigint).
 */
import { parseJson, type JsonValue } from '../codec/json.js';
import { isMithrilError } from '../errors.js';
import { ProofError } from './errors.js';

/** A v1 set of transactions and the JSON-hex Merkle-map proof that certifies them. */
export interface TransactionsSetProofV1 {
  readonly transactionsHashes: readonly string[];
  /** JSON-hex of the `MKMapProof<BlockRange>`. */
  readonly proof: string;
}

/** The answer of `/proof/cardano-transaction` (v1). */
export interface TransactionsProofsV1Message {
  readonly version: 'v1';
  readonly certificateHash: string;
  readonly certifiedTransactions: readonly TransactionsSetProofV1[];
  readonly nonCertifiedTransactions: readonly string[];
  readonly latestBlockNumber: bigint;
}

/** A transaction as a v2 proof names it (its Merkle leaf is `Tx/{hash}/{block_hash}/{block_number}/{slot_number}`). */
export interface ProvenTransaction {
  readonly transactionHash: string;
  readonly blockNumber: bigint;
  readonly slotNumber: bigint;
  readonly blockHash: string;
}

/** A block as a block proof names it (its Merkle leaf is `Block/{hash}/{block_number}/{slot_number}`). */
export interface ProvenBlock {
  readonly blockHash: string;
  readonly blockNumber: bigint;
  readonly slotNumber: bigint;
}

/** Items and the bincode-hex Merkle-map proof that certifies them (v2 messages). */
export interface SetProofV2<T> {
  readonly items: readonly T[];
  /** Hex of the bincode `MKMapProof<BlockRange>`. */
  readonly proof: string;
}

/** The answer of `/proof/v2/cardano-transaction`. */
export interface TransactionsProofsV2Message {
  readonly version: 'v2';
  readonly certificateHash: string;
  readonly certifiedTransactions: SetProofV2<ProvenTransaction> | undefined;
  readonly nonCertifiedTransactions: readonly string[];
  readonly latestBlockNumber: bigint;
  /** The block-number offset (security parameter) the blocks-and-transactions certificate signs. */
  readonly securityParameter: bigint;
}

/** The answer of `/proof/v2/cardano-block`. */
export interface BlocksProofsMessage {
  readonly version: 'blocks';
  readonly certificateHash: string;
  readonly certifiedBlocks: SetProofV2<ProvenBlock> | undefined;
  readonly nonCertifiedBlocks: readonly string[];
  readonly latestBlockNumber: bigint;
  readonly securityParameter: bigint;
}

/** Any proof message. */
export type ProofsMessage = TransactionsProofsV1Message | TransactionsProofsV2Message | BlocksProofsMessage;

function malformed(message: string, field: string): ProofError {
  return new ProofError('PROOF_MALFORMED', message, { field });
}

function root(input: unknown): JsonValue {
  if (typeof input !== 'string') return input as JsonValue;
  try {
    return parseJson(input, 'proof_message');
  } catch (error) {
    throw new ProofError('PROOF_MALFORMED', 'the proof message is not JSON', {
      field: 'proof_message',
      cause: isMithrilError(error) ? error : undefined,
    });
  }
}

function get(value: JsonValue, key: string, field: string): JsonValue | undefined {
  if (!(value instanceof Map)) throw malformed('expected an object', field);
  return value.get(key);
}

function need(value: JsonValue, key: string, field: string): JsonValue {
  const got = get(value, key, field);
  if (got === undefined) throw malformed(`missing ${key}`, field === '' ? key : `${field}.${key}`);
  return got;
}

function str(value: JsonValue, field: string): string {
  if (typeof value !== 'string') throw malformed('expected a string', field);
  return value;
}

function strings(value: JsonValue, field: string): string[] {
  if (!Array.isArray(value)) throw malformed('expected an array', field);
  return value.map((v, i) => str(v, `${field}[${i}]`));
}

function u64(value: JsonValue, field: string): bigint {
  if (typeof value === 'bigint' && value >= 0n && value < 2n ** 64n) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  throw malformed('expected an unsigned 64-bit integer', field);
}

function list<T>(value: JsonValue, field: string, read: (v: JsonValue, at: string) => T): T[] {
  if (!Array.isArray(value)) throw malformed('expected an array', field);
  return value.map((v, i) => read(v, `${field}[${i}]`));
}

function setProof<T>(value: JsonValue | undefined, field: string, read: (v: JsonValue, at: string) => T): SetProofV2<T> | undefined {
  if (value === undefined || value === null) return undefined;
  return { items: list(need(value, 'items', field), `${field}.items`, read), proof: str(need(value, 'proof', field), `${field}.proof`) };
}

/**
 * Parses a v1 transactions proof message (`/proof/cardano-transaction?transaction_hashes=…`).
 *
 * @param input - the JSON text (parsed losslessly) or an already parsed value
 * @returns the message
 * @throws {ProofError} `PROOF_MALFORMED`
 * @example
 * const message = parseTransactionsProofsV1(await response.text());
 */
export function parseTransactionsProofsV1(input: unknown): TransactionsProofsV1Message {
  const v = root(input);
  return {
    version: 'v1',
    certificateHash: str(need(v, 'certificate_hash', ''), 'certificate_hash'),
    certifiedTransactions: list(need(v, 'certified_transactions', ''), 'certified_transactions', (e, at) => ({
      transactionsHashes: strings(need(e, 'transactions_hashes', at), `${at}.transactions_hashes`),
      proof: str(need(e, 'proof', at), `${at}.proof`),
    })),
    nonCertifiedTransactions: strings(need(v, 'non_certified_transactions', ''), 'non_certified_transactions'),
    latestBlockNumber: u64(need(v, 'latest_block_number', ''), 'latest_block_number'),
  };
}

/**
 * Parses a v2 transactions proof message (`/proof/v2/cardano-transaction?transaction_hashes=…`).
 *
 * @param input - the JSON text (parsed losslessly) or an already parsed value
 * @returns the message
 * @throws {ProofError} `PROOF_MALFORMED`
 * @example
 * const message = parseTransactionsProofsV2(await response.text());
 */
export function parseTransactionsProofsV2(input: unknown): TransactionsProofsV2Message {
  const v = root(input);
  return {
    version: 'v2',
    certificateHash: str(need(v, 'certificate_hash', ''), 'certificate_hash'),
    certifiedTransactions: setProof(get(v, 'certified_transactions', ''), 'certified_transactions', (e, at) => ({
      transactionHash: str(need(e, 'transaction_hash', at), `${at}.transaction_hash`),
      blockNumber: u64(need(e, 'block_number', at), `${at}.block_number`),
      slotNumber: u64(need(e, 'slot_number', at), `${at}.slot_number`),
      blockHash: str(need(e, 'block_hash', at), `${at}.block_hash`),
    })),
    nonCertifiedTransactions: strings(need(v, 'non_certified_transactions', ''), 'non_certified_transactions'),
    latestBlockNumber: u64(need(v, 'latest_block_number', ''), 'latest_block_number'),
    securityParameter: u64(need(v, 'security_parameter', ''), 'security_parameter'),
  };
}

/**
 * Parses a block proof message (`/proof/v2/cardano-block?block_hashes=…`).
 *
 * @param input - the JSON text (parsed losslessly) or an already parsed value
 * @returns the message
 * @throws {ProofError} `PROOF_MALFORMED`
 * @example
 * const message = parseBlocksProofs(await response.text());
 */
export function parseBlocksProofs(input: unknown): BlocksProofsMessage {
  const v = root(input);
  return {
    version: 'blocks',
    certificateHash: str(need(v, 'certificate_hash', ''), 'certificate_hash'),
    certifiedBlocks: setProof(get(v, 'certified_blocks', ''), 'certified_blocks', (e, at) => ({
      blockHash: str(need(e, 'block_hash', at), `${at}.block_hash`),
      blockNumber: u64(need(e, 'block_number', at), `${at}.block_number`),
      slotNumber: u64(need(e, 'slot_number', at), `${at}.slot_number`),
    })),
    nonCertifiedBlocks: strings(need(v, 'non_certified_blocks', ''), 'non_certified_blocks'),
    latestBlockNumber: u64(need(v, 'latest_block_number', ''), 'latest_block_number'),
    securityParameter: u64(need(v, 'security_parameter', ''), 'security_parameter'),
  };
}
