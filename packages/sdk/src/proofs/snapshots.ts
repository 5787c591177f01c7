/**
 * Transactions snapshots (`/artifact/cardano-transactions`) and blocks-and-transactions snapshots
 * (`/artifact/cardano-blocks-transactions`): parsing, and the check that a verified certificate signs their root.
 */
import { verifyMessagePartsAgainstCertificate } from '../artifacts/verify.js';
import { ArtifactError } from '../certificate/errors.js';
import type { Certificate } from '../certificate/types.js';
import { parseJson, type JsonValue } from '../codec/json.js';
import { ProofError } from './errors.js';

/** A Cardano transactions snapshot (item and list item share this shape). */
export interface CardanoTransactionsSnapshot {
  readonly hash: string;
  readonly certificateHash: string;
  readonly merkleRoot: string;
  readonly epoch: bigint;
  readonly blockNumber: bigint;
  /** RFC 3339 text, kept as sent (nanoseconds). */
  readonly createdAt: string;
}

/** A Cardano blocks-and-transactions snapshot (item and list item share this shape). */
export interface CardanoBlocksTransactionsSnapshot {
  readonly hash: string;
  readonly certificateHash: string;
  readonly merkleRoot: string;
  readonly epoch: bigint;
  readonly blockNumberSigned: bigint;
  readonly blockNumberTip: bigint;
  readonly createdAt: string;
}

function malformed(message: string, field: string): ProofError {
  return new ProofError('PROOF_MALFORMED', message, { field });
}

function value(input: unknown, field: string): JsonValue {
  return typeof input === 'string' ? parseJson(input, field) : (input as JsonValue);
}

function read(v: JsonValue, key: string, at: string, kind: 'string' | 'u64'): string | bigint {
  if (!(v instanceof Map)) throw malformed('expected an object', at);
  const got = v.get(key);
  const field = at === '' ? key : `${at}.${key}`;
  if (kind === 'string') {
    if (typeof got !== 'string') throw malformed('expected a string', field);
    return got;
  }
  if (typeof got === 'bigint' && got >= 0n) return got;
  if (typeof got === 'number' && Number.isSafeInteger(got) && got >= 0) return BigInt(got);
  throw malformed('expected an unsigned integer', field);
}

function transactionsSnapshot(v: JsonValue, at: string): CardanoTransactionsSnapshot {
  return {
    hash: read(v, 'hash', at, 'string') as string,
    certificateHash: read(v, 'certificate_hash', at, 'string') as string,
    merkleRoot: read(v, 'merkle_root', at, 'string') as string,
    epoch: read(v, 'epoch', at, 'u64') as bigint,
    blockNumber: read(v, 'block_number', at, 'u64') as bigint,
    createdAt: read(v, 'created_at', at, 'string') as string,
  };
}

function blocksSnapshot(v: JsonValue, at: string): CardanoBlocksTransactionsSnapshot {
  return {
    hash: read(v, 'hash', at, 'string') as string,
    certificateHash: read(v, 'certificate_hash', at, 'string') as string,
    merkleRoot: read(v, 'merkle_root', at, 'string') as string,
    epoch: read(v, 'epoch', at, 'u64') as bigint,
    blockNumberSigned: read(v, 'block_number_signed', at, 'u64') as bigint,
    blockNumberTip: read(v, 'block_number_tip', at, 'u64') as bigint,
    createdAt: read(v, 'created_at', at, 'string') as string,
  };
}

function many<T>(input: unknown, field: string, one: (v: JsonValue, at: string) => T): T[] {
  const v = value(input, field);
  if (!Array.isArray(v)) throw malformed('expected an array', field);
  return v.map((e, i) => one(e, `[${i}]`));
}

/**
 * Parses a Cardano transactions snapshot.
 *
 * @param input - JSON text (parsed losslessly) or a parsed value
 * @returns the snapshot
 * @throws {ProofError} `PROOF_MALFORMED`
 * @example
 * parseCardanoTransactionsSnapshot(await http.getText('artifact/cardano-transaction/54b5…'));
 */
export function parseCardanoTransactionsSnapshot(input: unknown): CardanoTransactionsSnapshot {
  return transactionsSnapshot(value(input, 'cardano_transactions_snapshot'), '');
}

/**
 * Parses the list of Cardano transactions snapshots.
 *
 * @param input - JSON text (parsed losslessly) or a parsed value
 * @returns the snapshots, in server order (latest first)
 * @throws {ProofError} `PROOF_MALFORMED`
 * @example
 * parseCardanoTransactionsSnapshotList(await http.getText('artifact/cardano-transactions'));
 */
export function parseCardanoTransactionsSnapshotList(input: unknown): CardanoTransactionsSnapshot[] {
  return many(input, 'cardano_transactions_snapshots', transactionsSnapshot);
}

/**
 * Parses a Cardano blocks-and-transactions snapshot.
 *
 * @param input - JSON text (parsed losslessly) or a parsed value
 * @returns the snapshot
 * @throws {ProofError} `PROOF_MALFORMED`
 * @example
 * parseCardanoBlocksTransactionsSnapshot(await http.getText('artifact/cardano-blocks-transactions/39e1…'));
 */
export function parseCardanoBlocksTransactionsSnapshot(input: unknown): CardanoBlocksTransactionsSnapshot {
  return blocksSnapshot(value(input, 'cardano_blocks_transactions_snapshot'), '');
}

/**
 * Parses the list of Cardano blocks-and-transactions snapshots.
 *
 * @param input - JSON text (parsed losslessly) or a parsed value
 * @returns the snapshots, in server order (latest first)
 * @throws {ProofError} `PROOF_MALFORMED`
 * @example
 * parseCardanoBlocksTransactionsSnapshotList(await http.getText('artifact/cardano-blocks-transactions'));
 */
export function parseCardanoBlocksTransactionsSnapshotList(input: unknown): CardanoBlocksTransactionsSnapshot[] {
  return many(input, 'cardano_blocks_transactions_snapshots', blocksSnapshot);
}

/**
 * Checks that a verified certificate signs a snapshot's Merkle root and block number.
 *
 * @param certificate - the verified certificate named by the snapshot
 * @param snapshot - a transactions or blocks-and-transactions snapshot
 * @throws {ArtifactError} `ARTIFACT_INVALID` (another certificate) or `ARTIFACT_MESSAGE_MISMATCH`
 * @example
 * verifySnapshotAgainstCertificate(chain.certificate, snapshot);
 */
export function verifySnapshotAgainstCertificate(
  certificate: Certificate,
  snapshot: CardanoTransactionsSnapshot | CardanoBlocksTransactionsSnapshot,
): void {
  if (snapshot.certificateHash !== certificate.hash) {
    throw new ArtifactError('ARTIFACT_INVALID', `the snapshot is certified by ${snapshot.certificateHash}, not ${certificate.hash}`, {
      field: 'certificate_hash',
    });
  }
  const parts =
    'blockNumber' in snapshot
      ? { cardano_transactions_merkle_root: snapshot.merkleRoot, latest_block_number: snapshot.blockNumber.toString() }
      : { cardano_blocks_transactions_merkle_root: snapshot.merkleRoot, latest_block_number: snapshot.blockNumberSigned.toString() };
  const expected = 'blockNumber' in snapshot ? 'CardanoTransactions' : 'CardanoBlocksTransactions';
  if (certificate.signedEntityType.type !== expected) {
    throw new ArtifactError('ARTIFACT_SIGNED_ENTITY_TYPE_MISMATCH', `the certificate signs ${certificate.signedEntityType.type}, not ${expected}`, {
      field: 'signed_entity_type',
    });
  }
  verifyMessagePartsAgainstCertificate(certificate, parts);
}
