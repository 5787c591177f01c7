/**
 * Decoders of the two wire forms of a Merkle-map proof: v1 (`/proof/cardano-transaction`) is JSON-hex of the serde
 * JSON of `MKMapProof<BlockRange>`; v2 (`/proof/v2/*`) is hex of its bincode 2 "standard" encoding (little-endian
 * varints, length-prefixed vectors).
 */
import { decodeJsonHex } from '../codec/json-hex.js';
import type { JsonValue } from '../codec/json.js';
import { isMithrilError } from '../errors.js';
import { hexToBytes } from '../utils/bytes.js';
import { ProofError } from './errors.js';
import type { MkMapProof } from './map-proof.js';
import type { MkProof } from './mmr-proof.js';

/**
 * Deepest nesting of sub proofs accepted (the reference produces 2 levels).
 *
 * @example
 * MAX_PROOF_DEPTH // 8
 */
export const MAX_PROOF_DEPTH = 8;

function malformed(message: string, field: string, cause?: unknown): ProofError {
  return new ProofError('PROOF_MALFORMED', message, { field, ...(cause !== undefined && { cause }) });
}

function safeNumber(value: bigint, field: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw malformed(`${value} is too large`, field);
  return Number(value);
}

// v1: JSON

function member(value: JsonValue, key: string, field: string): JsonValue {
  if (!(value instanceof Map)) throw malformed('expected an object', field);
  const got = value.get(key);
  if (got === undefined) throw malformed(`missing ${key}`, `${field}.${key}`);
  return got;
}

function array(value: JsonValue, field: string): JsonValue[] {
  if (!Array.isArray(value)) throw malformed('expected an array', field);
  return value;
}

function u64(value: JsonValue, field: string): bigint {
  if (typeof value === 'bigint' && value >= 0n && value < 2n ** 64n) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  throw malformed('expected an unsigned 64-bit integer', field);
}

function node(value: JsonValue, field: string): Uint8Array {
  const bytes = array(member(value, 'hash', field), `${field}.hash`);
  return Uint8Array.from(bytes, (b, i) => {
    if (typeof b !== 'number' || !Number.isInteger(b) || b < 0 || b > 255) throw malformed('expected a byte', `${field}.hash[${i}]`);
    return b;
  });
}

function mkProofFromJson(value: JsonValue, field: string): MkProof {
  return {
    root: node(member(value, 'inner_root', field), `${field}.inner_root`),
    leaves: array(member(value, 'inner_leaves', field), `${field}.inner_leaves`).map((entry, i) => {
      const at = `${field}.inner_leaves[${i}]`;
      const pair = array(entry, at);
      if (pair.length !== 2) throw malformed('expected [position, node]', at);
      return { position: safeNumber(u64(pair[0]!, `${at}[0]`), `${at}[0]`), node: node(pair[1]!, `${at}[1]`) };
    }),
    mmrSize: safeNumber(u64(member(value, 'inner_proof_size', field), `${field}.inner_proof_size`), `${field}.inner_proof_size`),
    items: array(member(value, 'inner_proof_items', field), `${field}.inner_proof_items`).map((v, i) => node(v, `${field}.inner_proof_items[${i}]`)),
  };
}

function mapProofFromJson(value: JsonValue, field: string, depth: number): MkMapProof {
  if (depth > MAX_PROOF_DEPTH) throw malformed('sub proofs are nested too deeply', field);
  return {
    master: mkProofFromJson(member(value, 'master_proof', field), `${field}.master_proof`),
    subProofs: array(member(value, 'sub_proofs', field), `${field}.sub_proofs`).map((entry, i) => {
      const at = `${field}.sub_proofs[${i}]`;
      const pair = array(entry, at);
      if (pair.length !== 2) throw malformed('expected [block range, proof]', at);
      const range = member(pair[0]!, 'inner_range', `${at}[0]`);
      return {
        range: {
          start: u64(member(range, 'start', `${at}[0].inner_range`), `${at}[0].inner_range.start`),
          end: u64(member(range, 'end', `${at}[0].inner_range`), `${at}[0].inner_range.end`),
        },
        proof: mapProofFromJson(pair[1]!, `${at}[1]`, depth + 1),
      };
    }),
  };
}

/**
 * Decodes a v1 transactions proof: JSON-hex of the reference's `MKMapProof<BlockRange>` JSON.
 *
 * @param hex - the `proof` field of a v1 `certified_transactions` entry
 * @param field - field path for errors
 * @returns the decoded (not yet verified) proof
 * @throws {ProofError} `PROOF_MALFORMED`
 * @example
 * const proof = decodeMkMapProofJsonHex(message.certified_transactions[0].proof);
 */
export function decodeMkMapProofJsonHex(hex: string, field = 'proof'): MkMapProof {
  let value: JsonValue;
  try {
    value = decodeJsonHex(hex, field);
  } catch (error) {
    throw malformed('the proof is not JSON-hex', field, isMithrilError(error) ? error : undefined);
  }
  return mapProofFromJson(value, field, 0);
}

// v2: bincode 2, standard configuration

class Reader {
  pos = 0;
  constructor(
    readonly bytes: Uint8Array,
    readonly field: string,
  ) {}

  fail(message: string): never {
    throw malformed(`${message} at byte ${this.pos}`, this.field);
  }

  take(n: number): Uint8Array {
    if (n > this.bytes.length - this.pos) this.fail('unexpected end of proof');
    const out = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  varint(): bigint {
    const first = this.take(1)[0]!;
    if (first < 251) return BigInt(first);
    const width = first === 251 ? 2 : first === 252 ? 4 : first === 253 ? 8 : this.fail('unsupported varint width');
    let value = 0n;
    this.take(width).forEach((b, i) => {
      value |= BigInt(b) << BigInt(8 * i);
    });
    return value;
  }

  length(): number {
    const n = this.varint();
    if (n > BigInt(this.bytes.length - this.pos)) this.fail('a length exceeds the proof');
    return Number(n);
  }

  node(): Uint8Array {
    return this.take(this.length());
  }

  list<T>(read: () => T): T[] {
    const n = this.length();
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(read());
    return out;
  }

  mkProof(): MkProof {
    const root = this.node();
    const leaves = this.list(() => ({ position: safeNumber(this.varint(), this.field), node: this.node() }));
    const mmrSize = safeNumber(this.varint(), this.field);
    return { root, leaves, mmrSize, items: this.list(() => this.node()) };
  }

  mapProof(depth: number): MkMapProof {
    if (depth > MAX_PROOF_DEPTH) this.fail('sub proofs are nested too deeply');
    const master = this.mkProof();
    const subProofs = this.list(() => ({ range: { start: this.varint(), end: this.varint() }, proof: this.mapProof(depth + 1) }));
    return { master, subProofs };
  }
}

/**
 * Decodes a v2 transactions or blocks proof: hex of the bincode encoding of the reference's `MKMapProof<BlockRange>`.
 * Trailing bytes are rejected.
 *
 * @param hex - the `proof` field of a v2 `certified_transactions` or `certified_blocks` object
 * @param field - field path for errors
 * @returns the decoded (not yet verified) proof
 * @throws {ProofError} `PROOF_MALFORMED`
 * @example
 * const proof = decodeMkMapProofBincodeHex(message.certified_blocks.proof);
 */
export function decodeMkMapProofBincodeHex(hex: string, field = 'proof'): MkMapProof {
  let bytes: Uint8Array;
  try {
    bytes = hexToBytes(hex, field);
  } catch (error) {
    throw malformed('the proof is not hex', field, error);
  }
  const reader = new Reader(bytes, field);
  const proof = reader.mapProof(0);
  if (reader.pos !== bytes.length) reader.fail('trailing bytes after the proof');
  return proof;
}
