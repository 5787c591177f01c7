/**
 * Legacy binary `to_bytes` layouts of the STM types (before 2026-04, stm.md §8.3; every integer u64 big-endian), and
 * the versioned `from_bytes` entry points that pick CBOR (`0x01` prefix) or legacy like the reference does.
 *
 * One deliberate difference: the reference ignores bytes left over after a complete legacy value; these decoders
 * reject them (`ENCODING_INVALID_LENGTH`), since no reference encoder ever wrote such bytes.
 */
import { isMithrilError } from '../errors.js';
import { concatBytes, u64be } from '../utils/bytes.js';
import type {
  AggregateSignature,
  AggregateVerificationKey,
  MerkleBatchPath,
  MerkleTreeCommitment,
  RegistrationEntry,
  SignatureWithRegisteredParty,
  SingleSignature,
  StmParameters,
  VerificationKeyProofOfPossession,
} from '../stm/types.js';
import {
  BLS_PROOF_OF_POSSESSION_BYTES,
  BLS_SIGNATURE_BYTES,
  BLS_VERIFICATION_KEY_BYTES,
  fail,
  fieldPath,
  indexPath,
} from './fields.js';
import {
  AGGREGATE_SIGNATURE_TYPE_CONCATENATION,
  CBOR_V1_PREFIX,
  decodeAggregateSignatureCbor,
  decodeAvkCbor,
  decodeConcatenationProofCbor,
  decodeMerkleBatchPathCbor,
  decodeMerkleTreeCommitmentCbor,
  decodeParametersCbor,
  decodeRegistrationEntryCbor,
  decodeSignatureWithRegisteredPartyCbor,
  decodeSingleSignatureCbor,
} from './stm-cbor.js';

/** Size of a Merkle digest in the legacy batch-path layout (Blake2b-256). */
const DIGEST_BYTES = 32;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A bounds-checked cursor over legacy bytes. */
class Cursor {
  pos = 0;
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    readonly field: string,
  ) {
    if (!(bytes instanceof Uint8Array)) fail('ENCODING_INVALID_BYTES', 'expected bytes', field);
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  need(n: number, what: string): void {
    if (n > this.remaining) {
      fail('ENCODING_INVALID_LENGTH', `truncated input: ${what} needs ${n} bytes at offset ${this.pos}, ${this.remaining} left`, this.field);
    }
  }

  u64(what: string): bigint {
    this.need(8, what);
    const v = this.view.getBigUint64(this.pos);
    this.pos += 8;
    return v;
  }

  /** A u64 that is used as a count, length or index: it must be a safe integer. */
  size(what: string): number {
    const v = this.u64(what);
    if (v > MAX_SAFE) fail('ENCODING_INTEGER_OUT_OF_RANGE', `${what} ${v} is too large`, this.field);
    return Number(v);
  }

  take(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  rest(): Uint8Array {
    return this.take(this.remaining, 'rest');
  }

  end(): void {
    if (this.remaining !== 0) {
      fail('ENCODING_INVALID_LENGTH', `${this.remaining} unexpected trailing bytes at offset ${this.pos}`, this.field);
    }
  }
}

/**
 * Legacy parameters: `u64_be(m) ‖ u64_be(k) ‖ f64_be(phi_f)`, 24 bytes (stm.md §2).
 *
 * @param params - the parameters
 * @returns the 24 bytes
 */
export function encodeParametersLegacy(params: StmParameters): Uint8Array {
  const phi = new Uint8Array(8);
  new DataView(phi.buffer).setFloat64(0, params.phiF);
  return concatBytes(u64be(params.m, 'm'), u64be(params.k, 'k'), phi);
}

/**
 * Parameters from the legacy 24-byte layout.
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the parameters
 * @throws {EncodingError} `ENCODING_INVALID_LENGTH` unless exactly 24 bytes
 */
export function decodeParametersLegacy(bytes: Uint8Array, field = 'parameters'): StmParameters {
  const c = new Cursor(bytes, field);
  const m = c.u64('m');
  const k = c.u64('k');
  const phiF = new DataView(c.take(8, 'phi_f').buffer).getFloat64(0);
  c.end();
  return { m, k, phiF };
}

/**
 * Legacy closed registration entry: `vk(96) ‖ u64_be(stake)` (stm.md §8.3).
 *
 * @param entry - the entry
 * @returns the 104 bytes
 */
export function encodeRegistrationEntryLegacy(entry: RegistrationEntry): Uint8Array {
  return concatBytes(entry.vk, u64be(entry.stake, 'stake'));
}

/**
 * A closed registration entry from the legacy layout.
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the entry (the key is not validated as a point)
 * @throws {EncodingError} `ENCODING_INVALID_LENGTH` unless exactly 104 bytes
 */
export function decodeRegistrationEntryLegacy(bytes: Uint8Array, field = 'registration'): RegistrationEntry {
  const c = new Cursor(bytes, field);
  const vk = c.take(BLS_VERIFICATION_KEY_BYTES, 'verification key');
  const stake = c.u64('stake');
  c.end();
  return { vk, stake };
}

/**
 * Legacy single signature: `u64_be(n) ‖ n × u64_be(index) ‖ sigma(48) ‖ u64_be(signer_index)` (stm.md §8.3).
 *
 * @param sig - the single signature
 * @returns the bytes
 */
export function encodeSingleSignatureLegacy(sig: SingleSignature): Uint8Array {
  return concatBytes(
    u64be(sig.indexes.length),
    ...sig.indexes.map((i) => u64be(i, 'index')),
    sig.sigma,
    u64be(sig.signerIndex, 'signer_index'),
  );
}

/**
 * A single signature from the legacy layout.
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the single signature
 * @throws {EncodingError} `ENCODING_INVALID_LENGTH` on truncated or trailing bytes, `ENCODING_INTEGER_OUT_OF_RANGE` on
 *   an index above 2^53 − 1
 */
export function decodeSingleSignatureLegacy(bytes: Uint8Array, field = 'signature'): SingleSignature {
  const c = new Cursor(bytes, field);
  const n = c.size('index count');
  c.need(n * 8, 'indexes');
  const indexes: number[] = [];
  for (let i = 0; i < n; i++) indexes.push(c.size(`index ${i}`));
  const sigma = c.take(BLS_SIGNATURE_BYTES, 'sigma');
  const signerIndex = c.size('signer_index');
  c.end();
  return { sigma, indexes, signerIndex };
}

/**
 * Legacy signature with registered party: `u64_be(len) ‖ reg ‖ u64_be(len) ‖ sig`, with legacy inner values.
 *
 * @param entry - the pair
 * @returns the bytes
 */
export function encodeSignatureWithRegisteredPartyLegacy(entry: SignatureWithRegisteredParty): Uint8Array {
  const reg = encodeRegistrationEntryLegacy(entry.registration);
  const sig = encodeSingleSignatureLegacy(entry.signature);
  return concatBytes(u64be(reg.length), reg, u64be(sig.length), sig);
}

/**
 * A signature with registered party from the legacy layout (inner values are versioned: CBOR or legacy).
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the pair
 * @throws {EncodingError} on truncated, trailing or malformed bytes
 */
export function decodeSignatureWithRegisteredPartyLegacy(bytes: Uint8Array, field = 'signature'): SignatureWithRegisteredParty {
  const c = new Cursor(bytes, field);
  const reg = c.take(c.size('registration length'), 'registration');
  const sig = c.take(c.size('signature length'), 'signature');
  c.end();
  return {
    registration: decodeRegistrationEntryBytes(reg, fieldPath(field, 'reg_party')),
    signature: decodeSingleSignatureBytes(sig, fieldPath(field, 'sig')),
  };
}

/**
 * Legacy Merkle batch path: `u64_be(#values) ‖ u64_be(#indices) ‖ values (32 B each) ‖ indices (u64_be each)`.
 *
 * @param path - the batch path (every value must be 32 bytes)
 * @returns the bytes
 * @throws {EncodingError} `ENCODING_INVALID_LENGTH` when a value is not 32 bytes
 */
export function encodeMerkleBatchPathLegacy(path: MerkleBatchPath): Uint8Array {
  path.values.forEach((v, i) => {
    if (v.length !== DIGEST_BYTES) fail('ENCODING_INVALID_LENGTH', `expected ${DIGEST_BYTES} bytes`, indexPath('values', i));
  });
  return concatBytes(
    u64be(path.values.length),
    u64be(path.indices.length),
    ...path.values,
    ...path.indices.map((i) => u64be(i, 'index')),
  );
}

/**
 * A Merkle batch path from the legacy layout.
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the batch path
 * @throws {EncodingError} on truncated or trailing bytes
 */
export function decodeMerkleBatchPathLegacy(bytes: Uint8Array, field = 'batch_proof'): MerkleBatchPath {
  const c = new Cursor(bytes, field);
  const nv = c.size('value count');
  const ni = c.size('index count');
  c.need(nv * DIGEST_BYTES, 'values');
  const values: Uint8Array[] = [];
  for (let i = 0; i < nv; i++) values.push(c.take(DIGEST_BYTES, `value ${i}`));
  c.need(ni * 8, 'indices');
  const indices: number[] = [];
  for (let i = 0; i < ni; i++) indices.push(c.size(`index ${i}`));
  c.end();
  return { values, indices };
}

/**
 * Legacy batch commitment: `u64_be(nr_leaves) ‖ root` (the root takes the remaining bytes).
 *
 * @param commitment - the commitment
 * @returns the bytes
 */
export function encodeMerkleTreeCommitmentLegacy(commitment: MerkleTreeCommitment): Uint8Array {
  return concatBytes(u64be(commitment.nrLeaves), commitment.root);
}

/**
 * A batch commitment from the legacy layout.
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the commitment
 * @throws {EncodingError} `ENCODING_INVALID_LENGTH` under 8 bytes
 */
export function decodeMerkleTreeCommitmentLegacy(bytes: Uint8Array, field = 'mt_commitment'): MerkleTreeCommitment {
  const c = new Cursor(bytes, field);
  const nrLeaves = c.size('nr_leaves');
  return { nrLeaves, root: c.rest() };
}

/**
 * Legacy AVK: `u64_be(nr_leaves) ‖ root ‖ u64_be(total_stake)` (48 bytes with a 32-byte root; stm.md §4.5).
 *
 * @param avk - the aggregate verification key
 * @returns the bytes
 */
export function encodeAvkLegacy(avk: AggregateVerificationKey): Uint8Array {
  return concatBytes(encodeMerkleTreeCommitmentLegacy(avk.mtCommitment), u64be(avk.totalStake, 'total_stake'));
}

/**
 * An AVK from the legacy layout: the last 8 bytes are the stake, the rest a (versioned) batch commitment.
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the aggregate verification key
 * @throws {EncodingError} on truncated bytes
 */
export function decodeAvkLegacy(bytes: Uint8Array, field = 'aggregate_verification_key'): AggregateVerificationKey {
  const c = new Cursor(bytes, field);
  c.need(8, 'total_stake');
  const split = bytes.length - 8;
  const stake = new Cursor(bytes.subarray(split), field).u64('total_stake');
  return {
    mtCommitment: decodeMerkleTreeCommitmentBytes(bytes.subarray(0, split), fieldPath(field, 'mt_commitment')),
    totalStake: stake,
  };
}

/**
 * Legacy concatenation proof: `u64_be(#sigs) ‖ for each: u64_be(len) ‖ sig_reg ‖ batch path`, inner values legacy.
 *
 * @param proof - the proof
 * @returns the bytes
 */
export function encodeConcatenationProofLegacy(proof: AggregateSignature): Uint8Array {
  const parts: Uint8Array[] = [u64be(proof.signatures.length)];
  for (const s of proof.signatures) {
    const b = encodeSignatureWithRegisteredPartyLegacy(s);
    parts.push(u64be(b.length), b);
  }
  parts.push(encodeMerkleBatchPathLegacy(proof.batchProof));
  return concatBytes(...parts);
}

/**
 * A concatenation proof from the legacy layout (inner values versioned).
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the proof
 * @throws {EncodingError} on truncated or malformed bytes
 */
export function decodeConcatenationProofLegacy(bytes: Uint8Array, field = 'proof'): AggregateSignature {
  const c = new Cursor(bytes, field);
  const n = c.size('signature count');
  // Each entry takes at least its 8-byte length.
  c.need(n * 8, 'signatures');
  const signatures: SignatureWithRegisteredParty[] = [];
  for (let i = 0; i < n; i++) {
    const len = c.size(`signature ${i} length`);
    const f = indexPath(fieldPath(field, 'signatures'), i);
    signatures.push(decodeSignatureWithRegisteredPartyBytes(c.take(len, `signature ${i}`), f));
  }
  return { signatures, batchProof: decodeMerkleBatchPathBytes(c.rest(), fieldPath(field, 'batch_proof')) };
}

/**
 * Legacy aggregate signature: the type byte `0x00` (concatenation) then the legacy concatenation proof.
 *
 * @param sig - the aggregate signature
 * @returns the bytes
 */
export function encodeAggregateSignatureLegacy(sig: AggregateSignature): Uint8Array {
  return concatBytes(Uint8Array.of(AGGREGATE_SIGNATURE_TYPE_CONCATENATION), encodeConcatenationProofLegacy(sig));
}

/**
 * An aggregate signature from the legacy layout.
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the concatenation proof
 * @throws {EncodingError} `ENCODING_UNSUPPORTED_VARIANT` for SNARK type bytes; others on malformed bytes
 */
export function decodeAggregateSignatureLegacy(bytes: Uint8Array, field = 'multi_signature'): AggregateSignature {
  const c = new Cursor(bytes, field);
  c.need(1, 'signature type');
  const type = bytes[0]!;
  if (type === 1 || type === 2) fail('ENCODING_UNSUPPORTED_VARIANT', `aggregate signature type ${type} (SNARK) is not supported`, field);
  if (type !== AGGREGATE_SIGNATURE_TYPE_CONCATENATION) fail('ENCODING_INVALID_BYTES', `unknown aggregate signature type ${type}`, field);
  return decodeConcatenationProofBytes(bytes.subarray(1), field);
}

/** Versioned dispatch: `0x01` → CBOR, anything else → legacy (`codec::from_versioned_bytes`). */
function dispatch<T>(
  bytes: Uint8Array,
  field: string,
  cbor: (b: Uint8Array, f: string) => T,
  legacy: (b: Uint8Array, f: string) => T,
): T {
  if (!(bytes instanceof Uint8Array)) fail('ENCODING_INVALID_BYTES', 'expected bytes', field);
  return bytes[0] === CBOR_V1_PREFIX ? cbor(bytes, field) : legacy(bytes, field);
}

/** CBOR first, then legacy when CBOR fails (for layouts whose legacy form may also start with `0x01`). */
function cborThenLegacy<T>(
  bytes: Uint8Array,
  field: string,
  cbor: (b: Uint8Array, f: string) => T,
  legacy: (b: Uint8Array, f: string) => T,
): T {
  if (!(bytes instanceof Uint8Array)) fail('ENCODING_INVALID_BYTES', 'expected bytes', field);
  if (bytes[0] !== CBOR_V1_PREFIX) return legacy(bytes, field);
  try {
    return cbor(bytes, field);
  } catch (cborError) {
    if (!isMithrilError(cborError)) throw cborError;
    try {
      return legacy(bytes, field);
    } catch (legacyError) {
      // An unsupported variant found by CBOR is the more useful report.
      throw isMithrilError(cborError, 'ENCODING_UNSUPPORTED_VARIANT') ? cborError : legacyError;
    }
  }
}

/**
 * `Parameters::from_bytes`: versioned CBOR or the legacy 24 bytes.
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the parameters
 * @throws {EncodingError} on malformed bytes
 */
export function decodeParametersBytes(bytes: Uint8Array, field = 'parameters'): StmParameters {
  return dispatch(bytes, field, decodeParametersCbor, decodeParametersLegacy);
}

/**
 * `ClosedRegistrationEntry::from_bytes`: versioned CBOR or legacy.
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the entry
 * @throws {EncodingError} on malformed bytes
 */
export function decodeRegistrationEntryBytes(bytes: Uint8Array, field = 'registration'): RegistrationEntry {
  return dispatch(bytes, field, decodeRegistrationEntryCbor, decodeRegistrationEntryLegacy);
}

/**
 * `SingleSignature::from_bytes`: versioned CBOR or legacy.
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the single signature
 * @throws {EncodingError} on malformed bytes
 */
export function decodeSingleSignatureBytes(bytes: Uint8Array, field = 'signature'): SingleSignature {
  return dispatch(bytes, field, decodeSingleSignatureCbor, decodeSingleSignatureLegacy);
}

/**
 * `SingleSignatureWithRegisteredParty::from_bytes`: versioned CBOR or legacy.
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the pair
 * @throws {EncodingError} on malformed bytes
 */
export function decodeSignatureWithRegisteredPartyBytes(bytes: Uint8Array, field = 'signature'): SignatureWithRegisteredParty {
  return dispatch(bytes, field, decodeSignatureWithRegisteredPartyCbor, decodeSignatureWithRegisteredPartyLegacy);
}

/**
 * `MerkleBatchPath::from_bytes`: versioned CBOR or legacy.
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the batch path
 * @throws {EncodingError} on malformed bytes
 */
export function decodeMerkleBatchPathBytes(bytes: Uint8Array, field = 'batch_proof'): MerkleBatchPath {
  return dispatch(bytes, field, decodeMerkleBatchPathCbor, decodeMerkleBatchPathLegacy);
}

/**
 * `MerkleTreeBatchCommitment::from_bytes`: versioned CBOR or legacy.
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the commitment
 * @throws {EncodingError} on malformed bytes
 */
export function decodeMerkleTreeCommitmentBytes(bytes: Uint8Array, field = 'mt_commitment'): MerkleTreeCommitment {
  return dispatch(bytes, field, decodeMerkleTreeCommitmentCbor, decodeMerkleTreeCommitmentLegacy);
}

/**
 * `ConcatenationProof::from_bytes`: versioned CBOR or legacy.
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the proof
 * @throws {EncodingError} on malformed bytes
 */
export function decodeConcatenationProofBytes(bytes: Uint8Array, field = 'proof'): AggregateSignature {
  return dispatch(bytes, field, decodeConcatenationProofCbor, decodeConcatenationProofLegacy);
}

/**
 * `AggregateSignature::from_bytes`: CBOR first, then the legacy layout (whose SNARK type byte is also `0x01`).
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the concatenation proof
 * @throws {EncodingError} `ENCODING_UNSUPPORTED_VARIANT` for SNARK proofs; others on malformed bytes
 */
export function decodeAggregateSignatureBytes(bytes: Uint8Array, field = 'multi_signature'): AggregateSignature {
  return cborThenLegacy(bytes, field, decodeAggregateSignatureCbor, decodeAggregateSignatureLegacy);
}

/**
 * AVK `from_bytes`: CBOR first, then the legacy 48-byte layout. (The reference dispatches on the prefix without a
 * fallback; a legacy AVK starts with `0x01` only when `nr_leaves ≥ 2^56`, so the fallback changes nothing real.)
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the aggregate verification key
 * @throws {EncodingError} on malformed bytes
 */
export function decodeAvkBytes(bytes: Uint8Array, field = 'aggregate_verification_key'): AggregateVerificationKey {
  return cborThenLegacy(bytes, field, decodeAvkCbor, decodeAvkLegacy);
}

/**
 * `vk ‖ pop` (192 bytes), the binary form of a VK+PoP (stm.md §1.7).
 *
 * @param key - the key with its proof of possession
 * @returns the 192 bytes
 */
export function encodeVerificationKeyPopBytes(key: VerificationKeyProofOfPossession): Uint8Array {
  return concatBytes(key.vk, key.pop);
}

/**
 * A VK+PoP from its 192-byte binary form (lengths only; points are validated by the BLS layer).
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the key and proof bytes
 * @throws {EncodingError} `ENCODING_INVALID_LENGTH` unless exactly 192 bytes
 */
export function decodeVerificationKeyPopBytes(bytes: Uint8Array, field = 'verification_key'): VerificationKeyProofOfPossession {
  const c = new Cursor(bytes, field);
  const vk = c.take(BLS_VERIFICATION_KEY_BYTES, 'vk');
  const pop = c.take(BLS_PROOF_OF_POSSESSION_BYTES, 'pop');
  c.end();
  return { vk, pop };
}
