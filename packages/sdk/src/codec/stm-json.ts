/**
 * serde JSON forms of the STM types (stm.md §1.7, §2, §4.5, §5.1, §6.2, §8.2) and their JSON-hex wrappers (§8.1).
 *
 * Encoders produce the exact compact text serde_json writes (keys in declaration order, byte vectors as integer
 * arrays, `"hasher":null` in Merkle structures). Decoders follow serde's derived behaviour: unknown keys are ignored
 * (no type of mithril-stm uses `deny_unknown_fields`), missing keys are errors, structs whose JSON is an array also
 * accept the object form. Byte arrays of fixed size must have that size; Merkle roots and sibling values are plain
 * byte vectors in the reference and may have any length. Decoding never validates curve points (the BLS layer does).
 */
import { EncodingError, isMithrilError } from '../errors.js';
import { hexToBytes } from '../utils/bytes.js';
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
  BLS_SIGNING_KEY_BYTES,
  BLS_VERIFICATION_KEY_BYTES,
  describe,
  fail,
  fieldPath,
  indexPath,
  toBytes,
  toIndex,
  toU64,
} from './fields.js';
import { canonicalJsonHexToText, encodeJsonHex, jsonHexToText } from './json-hex.js';
import { JsonF64, parseJson, stringifyJson, type JsonObject, type JsonValue } from './json.js';
import {
  decodeAggregateSignatureBytes,
  decodeAvkBytes,
  decodeSingleSignatureBytes,
  decodeVerificationKeyPopBytes,
} from './stm-legacy.js';

/**
 * A signer initializer (`mithril-stm` `Initializer`): stake, parameters, BLS signing key and VK+PoP. Only the codec
 * uses it; it holds a secret key, so handle with care.
 */
export interface StmInitializer {
  readonly stake: bigint;
  readonly parameters: StmParameters;
  /** 32-byte big-endian BLS signing key. */
  readonly signingKey: Uint8Array;
  readonly verificationKeyPop: VerificationKeyProofOfPossession;
}

/** How a JSON-hex string is decoded. */
export interface JsonHexDecodeOptions {
  /**
   * `'canonical'` (default): lowercase hex of exactly the compact JSON the reference would emit for the decoded
   * value (trap 28), so the received string can be hashed as-is. `'lenient'`: the reference decoder (trimmed, either
   * hex case, any JSON spacing, unknown keys ignored, and a fallback to the binary `to_bytes` hex when the JSON
   * fails).
   */
  readonly mode?: 'canonical' | 'lenient';
}

const BAD = 'ENCODING_INVALID_JSON';

function object(value: JsonValue | undefined, field: string): JsonObject {
  if (!(value instanceof Map)) fail(BAD, `expected an object, got ${describe(value)}`, field);
  return value;
}

function member(obj: JsonObject, key: string, field: string): JsonValue {
  const v = obj.get(key);
  if (v === undefined) fail(BAD, `missing field "${key}"`, field);
  return v;
}

function array(value: JsonValue | undefined, field: string): JsonValue[] {
  if (!Array.isArray(value)) fail(BAD, `expected an array, got ${describe(value)}`, field);
  return value;
}

function hasherNull(obj: JsonObject, field: string): void {
  const v = member(obj, 'hasher', field);
  if (v !== null) fail(BAD, 'expected null', fieldPath(field, 'hasher'));
}

function u64Json(value: bigint): JsonValue {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/**
 * The JSON form of a byte vector: an array of integers.
 *
 * @param bytes - the bytes
 * @returns the integer array
 */
export function bytesToJson(bytes: Uint8Array): number[] {
  return Array.from(bytes);
}

/**
 * A byte vector from its JSON form (array of integers 0..255).
 *
 * @param value - the JSON value
 * @param field - its path, for errors
 * @param length - the required length when fixed
 * @returns the bytes
 * @throws {EncodingError} `ENCODING_INVALID_LENGTH`, `ENCODING_INVALID_BYTES` or `ENCODING_INVALID_JSON`
 */
export function bytesFromJson(value: JsonValue, field: string, length?: number): Uint8Array {
  return toBytes(value, field, length, BAD);
}

/**
 * JSON form of STM parameters: `{"m","k","phi_f"}` (stm.md §2).
 *
 * @param params - the parameters
 * @returns the JSON value
 */
export function parametersToJson(params: StmParameters): JsonObject {
  return new Map<string, JsonValue>([
    ['m', u64Json(params.m)],
    ['k', u64Json(params.k)],
    ['phi_f', new JsonF64(params.phiF)],
  ]);
}

/**
 * STM parameters from their JSON form.
 *
 * @param value - the JSON value
 * @param field - its path, for errors
 * @returns the parameters (not validated for protocol use)
 * @throws {EncodingError} on a wrong shape or out-of-range integers
 */
export function parametersFromJson(value: JsonValue, field = 'parameters'): StmParameters {
  const obj = object(value, field);
  const phi = member(obj, 'phi_f', field);
  if (typeof phi !== 'number') fail(BAD, `expected a number, got ${describe(phi)}`, fieldPath(field, 'phi_f'));
  return {
    m: toU64(member(obj, 'm', field), fieldPath(field, 'm'), BAD),
    k: toU64(member(obj, 'k', field), fieldPath(field, 'k'), BAD),
    phiF: phi,
  };
}

/**
 * JSON form of a VK+PoP: `{"vk":[96 ints],"pop":[96 ints]}` (stm.md §1.7).
 *
 * @param key - the key with its proof of possession
 * @returns the JSON value
 */
export function verificationKeyPopToJson(key: VerificationKeyProofOfPossession): JsonObject {
  return new Map<string, JsonValue>([
    ['vk', bytesToJson(key.vk)],
    ['pop', bytesToJson(key.pop)],
  ]);
}

/**
 * A VK+PoP from its JSON form (lengths only; points are validated by the BLS layer).
 *
 * @param value - the JSON value
 * @param field - its path, for errors
 * @returns the key and proof bytes
 * @throws {EncodingError} on a wrong shape or length
 */
export function verificationKeyPopFromJson(value: JsonValue, field = 'verification_key'): VerificationKeyProofOfPossession {
  const obj = object(value, field);
  return {
    vk: bytesFromJson(member(obj, 'vk', field), fieldPath(field, 'vk'), BLS_VERIFICATION_KEY_BYTES),
    pop: bytesFromJson(member(obj, 'pop', field), fieldPath(field, 'pop'), BLS_PROOF_OF_POSSESSION_BYTES),
  };
}

/**
 * JSON form of a single signature: `{"sigma":[48],"indexes":[…],"signer_index":n}` (stm.md §5.1).
 *
 * @param sig - the signature
 * @returns the JSON value
 */
export function singleSignatureToJson(sig: SingleSignature): JsonObject {
  return new Map<string, JsonValue>([
    ['sigma', bytesToJson(sig.sigma)],
    ['indexes', [...sig.indexes]],
    ['signer_index', sig.signerIndex],
  ]);
}

/**
 * A single signature from its JSON form. Unknown keys (e.g. a future `snark_signature`) are ignored like serde does.
 *
 * @param value - the JSON value
 * @param field - its path, for errors
 * @returns the signature
 * @throws {EncodingError} on a wrong shape, length or range
 */
export function singleSignatureFromJson(value: JsonValue, field = 'signature'): SingleSignature {
  const obj = object(value, field);
  const indexesField = fieldPath(field, 'indexes');
  const indexes = array(member(obj, 'indexes', field), indexesField).map((v, i) =>
    toIndex(v, indexPath(indexesField, i), BAD),
  );
  return {
    sigma: bytesFromJson(member(obj, 'sigma', field), fieldPath(field, 'sigma'), BLS_SIGNATURE_BYTES),
    indexes,
    signerIndex: toIndex(member(obj, 'signer_index', field), fieldPath(field, 'signer_index'), BAD),
  };
}

/**
 * JSON form of a closed registration entry: the 2-element array `[[96 ints], stake]` (stm.md §8.2).
 *
 * @param entry - the entry
 * @returns the JSON value
 */
export function registrationEntryToJson(entry: RegistrationEntry): JsonValue[] {
  return [bytesToJson(entry.vk), u64Json(entry.stake)];
}

/**
 * A closed registration entry from JSON: the array `[vk, stake]`, or the derived object form
 * `{"verification_key_for_concatenation": vk, "stake": n}`.
 *
 * @param value - the JSON value
 * @param field - its path, for errors
 * @returns the entry
 * @throws {EncodingError} on a wrong shape, length or range
 */
export function registrationEntryFromJson(value: JsonValue, field = 'registration'): RegistrationEntry {
  if (Array.isArray(value)) {
    if (value.length !== 2) fail(BAD, `expected [verification_key, stake], got ${value.length} elements`, field);
    return {
      vk: bytesFromJson(value[0]!, indexPath(field, 0), BLS_VERIFICATION_KEY_BYTES),
      stake: toU64(value[1], indexPath(field, 1), BAD),
    };
  }
  const obj = object(value, field);
  return {
    vk: bytesFromJson(
      member(obj, 'verification_key_for_concatenation', field),
      fieldPath(field, 'verification_key_for_concatenation'),
      BLS_VERIFICATION_KEY_BYTES,
    ),
    stake: toU64(member(obj, 'stake', field), fieldPath(field, 'stake'), BAD),
  };
}

/**
 * JSON form of a signature with its registered party: `[signature, [vk, stake]]` (stm.md §8.2).
 *
 * @param entry - the pair
 * @returns the JSON value
 */
export function signatureWithRegisteredPartyToJson(entry: SignatureWithRegisteredParty): JsonValue[] {
  return [singleSignatureToJson(entry.signature), registrationEntryToJson(entry.registration)];
}

/**
 * A signature with its registered party from JSON: `[sig, reg]` or the object form `{"sig":…,"reg_party":…}`.
 *
 * @param value - the JSON value
 * @param field - its path, for errors
 * @returns the pair
 * @throws {EncodingError} on a wrong shape, length or range
 */
export function signatureWithRegisteredPartyFromJson(value: JsonValue, field = 'signature'): SignatureWithRegisteredParty {
  if (Array.isArray(value)) {
    if (value.length !== 2) fail(BAD, `expected [signature, registration], got ${value.length} elements`, field);
    return {
      signature: singleSignatureFromJson(value[0]!, indexPath(field, 0)),
      registration: registrationEntryFromJson(value[1]!, indexPath(field, 1)),
    };
  }
  const obj = object(value, field);
  return {
    signature: singleSignatureFromJson(member(obj, 'sig', field), fieldPath(field, 'sig')),
    registration: registrationEntryFromJson(member(obj, 'reg_party', field), fieldPath(field, 'reg_party')),
  };
}

/**
 * JSON form of a Merkle batch path: `{"values":[[…]…],"indices":[…],"hasher":null}` (stm.md §4.4).
 *
 * @param path - the batch path
 * @returns the JSON value
 */
export function merkleBatchPathToJson(path: MerkleBatchPath): JsonObject {
  return new Map<string, JsonValue>([
    ['values', path.values.map(bytesToJson)],
    ['indices', [...path.indices]],
    ['hasher', null],
  ]);
}

/**
 * A Merkle batch path from JSON. Sibling values are byte vectors of any length, as in the reference.
 *
 * @param value - the JSON value
 * @param field - its path, for errors
 * @returns the batch path
 * @throws {EncodingError} on a wrong shape or range
 */
export function merkleBatchPathFromJson(value: JsonValue, field = 'batch_proof'): MerkleBatchPath {
  const obj = object(value, field);
  const valuesField = fieldPath(field, 'values');
  const indicesField = fieldPath(field, 'indices');
  const values = array(member(obj, 'values', field), valuesField).map((v, i) =>
    bytesFromJson(v, indexPath(valuesField, i)),
  );
  const indices = array(member(obj, 'indices', field), indicesField).map((v, i) =>
    toIndex(v, indexPath(indicesField, i), BAD),
  );
  hasherNull(obj, field);
  return { values, indices };
}

/**
 * JSON form of a batch commitment: `{"root":[…],"nr_leaves":n,"hasher":null}` (stm.md §4.5).
 *
 * @param commitment - the commitment
 * @returns the JSON value
 */
export function merkleTreeCommitmentToJson(commitment: MerkleTreeCommitment): JsonObject {
  return new Map<string, JsonValue>([
    ['root', bytesToJson(commitment.root)],
    ['nr_leaves', commitment.nrLeaves],
    ['hasher', null],
  ]);
}

/**
 * A batch commitment from JSON (the root length is not checked, as in the reference).
 *
 * @param value - the JSON value
 * @param field - its path, for errors
 * @returns the commitment
 * @throws {EncodingError} on a wrong shape or range
 */
export function merkleTreeCommitmentFromJson(value: JsonValue, field = 'mt_commitment'): MerkleTreeCommitment {
  const obj = object(value, field);
  const root = bytesFromJson(member(obj, 'root', field), fieldPath(field, 'root'));
  const nrLeaves = toIndex(member(obj, 'nr_leaves', field), fieldPath(field, 'nr_leaves'), BAD);
  hasherNull(obj, field);
  return { root, nrLeaves };
}

/**
 * JSON form of an AVK: `{"mt_commitment":{…},"total_stake":T}` (stm.md §4.5).
 *
 * @param avk - the aggregate verification key
 * @returns the JSON value
 */
export function aggregateVerificationKeyToJson(avk: AggregateVerificationKey): JsonObject {
  return new Map<string, JsonValue>([
    ['mt_commitment', merkleTreeCommitmentToJson(avk.mtCommitment)],
    ['total_stake', u64Json(avk.totalStake)],
  ]);
}

/**
 * An AVK from JSON.
 *
 * @param value - the JSON value
 * @param field - its path, for errors
 * @returns the aggregate verification key
 * @throws {EncodingError} on a wrong shape or range
 */
export function aggregateVerificationKeyFromJson(value: JsonValue, field = 'aggregate_verification_key'): AggregateVerificationKey {
  const obj = object(value, field);
  return {
    mtCommitment: merkleTreeCommitmentFromJson(member(obj, 'mt_commitment', field), fieldPath(field, 'mt_commitment')),
    totalStake: toU64(member(obj, 'total_stake', field), fieldPath(field, 'total_stake'), BAD),
  };
}

/**
 * JSON form of an aggregate signature (concatenation proof, serde untagged):
 * `{"signatures":[[sig, reg]…],"batch_proof":{…}}` (stm.md §6.2, §8.2).
 *
 * @param sig - the aggregate signature
 * @returns the JSON value
 */
export function aggregateSignatureToJson(sig: AggregateSignature): JsonObject {
  return new Map<string, JsonValue>([
    ['signatures', sig.signatures.map(signatureWithRegisteredPartyToJson)],
    ['batch_proof', merkleBatchPathToJson(sig.batchProof)],
  ]);
}

/**
 * An aggregate signature from JSON. The externally tagged `{"Snark":…}` / `{"IvcSnark":…}` variants
 * (`future_snark` builds only) are refused.
 *
 * @param value - the JSON value
 * @param field - its path, for errors
 * @returns the concatenation proof
 * @throws {EncodingError} `ENCODING_UNSUPPORTED_VARIANT` for SNARK variants; others on a wrong shape, length or range
 */
export function aggregateSignatureFromJson(value: JsonValue, field = 'multi_signature'): AggregateSignature {
  const obj = object(value, field);
  if (!obj.has('signatures')) {
    for (const tag of ['Snark', 'IvcSnark']) {
      if (obj.has(tag)) fail('ENCODING_UNSUPPORTED_VARIANT', `the ${tag} aggregate signature is not supported`, field);
    }
  }
  const sigsField = fieldPath(field, 'signatures');
  const signatures = array(member(obj, 'signatures', field), sigsField).map((v, i) =>
    signatureWithRegisteredPartyFromJson(v, indexPath(sigsField, i)),
  );
  return { signatures, batchProof: merkleBatchPathFromJson(member(obj, 'batch_proof', field), fieldPath(field, 'batch_proof')) };
}

/**
 * JSON form of a signer initializer: `{"stake","params","sk","pk"}`.
 *
 * @param init - the initializer
 * @returns the JSON value
 */
export function initializerToJson(init: StmInitializer): JsonObject {
  return new Map<string, JsonValue>([
    ['stake', u64Json(init.stake)],
    ['params', parametersToJson(init.parameters)],
    ['sk', bytesToJson(init.signingKey)],
    ['pk', verificationKeyPopToJson(init.verificationKeyPop)],
  ]);
}

/**
 * A signer initializer from JSON.
 *
 * @param value - the JSON value
 * @param field - its path, for errors
 * @returns the initializer
 * @throws {EncodingError} on a wrong shape, length or range
 */
export function initializerFromJson(value: JsonValue, field = 'initializer'): StmInitializer {
  const obj = object(value, field);
  return {
    stake: toU64(member(obj, 'stake', field), fieldPath(field, 'stake'), BAD),
    parameters: parametersFromJson(member(obj, 'params', field), fieldPath(field, 'params')),
    signingKey: bytesFromJson(member(obj, 'sk', field), fieldPath(field, 'sk'), BLS_SIGNING_KEY_BYTES),
    verificationKeyPop: verificationKeyPopFromJson(member(obj, 'pk', field), fieldPath(field, 'pk')),
  };
}

type ToJson<T> = (value: T) => JsonValue;
type FromJson<T> = (value: JsonValue, field: string) => T;

function decodeJsonHexTyped<T>(
  hex: string,
  field: string,
  options: JsonHexDecodeOptions | undefined,
  fromJson: FromJson<T>,
  toJson: ToJson<T>,
  fromBytes: (bytes: Uint8Array, field: string) => T,
): T {
  if ((options?.mode ?? 'canonical') === 'canonical') {
    const text = canonicalJsonHexToText(hex, field);
    const value = fromJson(parseJson(text, field), field);
    if (stringifyJson(toJson(value)) !== text) {
      throw new EncodingError(
        'ENCODING_NON_CANONICAL_JSON',
        'the JSON differs from its canonical compact serialization (spacing, key order, unknown keys or number spelling)',
        { field },
      );
    }
    return value;
  }
  try {
    return fromJson(parseJson(jsonHexToText(hex, field), field), field);
  } catch (jsonError) {
    if (!isMithrilError(jsonError)) throw jsonError;
    // The reference falls back to the bytes-hex of `to_bytes` when the JSON decoding fails (stm.md §8.1).
    try {
      return fromBytes(hexToBytes(hex.trim(), field), field);
    } catch {
      throw jsonError;
    }
  }
}

/**
 * Compact serde JSON text of an aggregate signature.
 *
 * @param sig - the aggregate signature
 * @returns the JSON text
 */
export function encodeAggregateSignatureJson(sig: AggregateSignature): string {
  return stringifyJson(aggregateSignatureToJson(sig));
}

/**
 * JSON-hex of an aggregate signature, as certificates carry it in `multi_signature` (stm.md §8.1).
 *
 * @param sig - the aggregate signature
 * @returns the lowercase JSON-hex string
 * @example
 * encodeAggregateSignatureJsonHex(decodeAggregateSignatureJsonHex(certificate.multi_signature)) === certificate.multi_signature
 */
export function encodeAggregateSignatureJsonHex(sig: AggregateSignature): string {
  return encodeJsonHex(aggregateSignatureToJson(sig));
}

/**
 * Decodes the JSON-hex `multi_signature` of a certificate.
 *
 * @param hex - the JSON-hex string
 * @param field - its name, for errors
 * @param options - canonical (default) or lenient decoding
 * @returns the aggregate signature
 * @throws {EncodingError} `ENCODING_NON_CANONICAL_JSON` (canonical mode), `ENCODING_INVALID_HEX`,
 *   `ENCODING_INVALID_JSON`, `ENCODING_INVALID_LENGTH`, `ENCODING_INVALID_BYTES`, `ENCODING_INTEGER_OUT_OF_RANGE`,
 *   `ENCODING_UNSUPPORTED_VARIANT`
 */
export function decodeAggregateSignatureJsonHex(
  hex: string,
  field = 'multi_signature',
  options?: JsonHexDecodeOptions,
): AggregateSignature {
  return decodeJsonHexTyped(hex, field, options, aggregateSignatureFromJson, aggregateSignatureToJson, decodeAggregateSignatureBytes);
}

/**
 * Compact serde JSON text of an AVK.
 *
 * @param avk - the aggregate verification key
 * @returns the JSON text
 */
export function encodeAvkJson(avk: AggregateVerificationKey): string {
  return stringifyJson(aggregateVerificationKeyToJson(avk));
}

/**
 * JSON-hex of an AVK, as certificates carry it in `aggregate_verification_key` and
 * `next_aggregate_verification_key` (stm.md §4.5, §8.1).
 *
 * @param avk - the aggregate verification key
 * @returns the lowercase JSON-hex string
 */
export function encodeAvkJsonHex(avk: AggregateVerificationKey): string {
  return encodeJsonHex(aggregateVerificationKeyToJson(avk));
}

/**
 * Decodes a JSON-hex AVK.
 *
 * @param hex - the JSON-hex string
 * @param field - its name, for errors
 * @param options - canonical (default) or lenient decoding
 * @returns the aggregate verification key
 * @throws {EncodingError} as {@link decodeAggregateSignatureJsonHex}
 */
export function decodeAvkJsonHex(
  hex: string,
  field = 'aggregate_verification_key',
  options?: JsonHexDecodeOptions,
): AggregateVerificationKey {
  return decodeJsonHexTyped(hex, field, options, aggregateVerificationKeyFromJson, aggregateVerificationKeyToJson, decodeAvkBytes);
}

/**
 * JSON-hex of a VK+PoP, the `verification_key` of signer registrations and stake distributions (stm.md §1.7).
 *
 * @param key - the key with its proof of possession
 * @returns the lowercase JSON-hex string
 */
export function encodeVerificationKeyPopJsonHex(key: VerificationKeyProofOfPossession): string {
  return encodeJsonHex(verificationKeyPopToJson(key));
}

/**
 * Decodes a JSON-hex VK+PoP (lenient mode falls back to the 192-byte `vk ‖ pop` bytes-hex).
 *
 * @param hex - the JSON-hex string
 * @param field - its name, for errors
 * @param options - canonical (default) or lenient decoding
 * @returns the key and proof bytes (not validated as points)
 * @throws {EncodingError} as {@link decodeAggregateSignatureJsonHex}
 */
export function decodeVerificationKeyPopJsonHex(
  hex: string,
  field = 'verification_key',
  options?: JsonHexDecodeOptions,
): VerificationKeyProofOfPossession {
  return decodeJsonHexTyped(hex, field, options, verificationKeyPopFromJson, verificationKeyPopToJson, decodeVerificationKeyPopBytes);
}

/**
 * JSON-hex of a single signature, as signers send it to aggregators (stm.md §5.1).
 *
 * @param sig - the single signature
 * @returns the lowercase JSON-hex string
 */
export function encodeSingleSignatureJsonHex(sig: SingleSignature): string {
  return encodeJsonHex(singleSignatureToJson(sig));
}

/**
 * Decodes a JSON-hex single signature.
 *
 * @param hex - the JSON-hex string
 * @param field - its name, for errors
 * @param options - canonical (default) or lenient decoding
 * @returns the single signature
 * @throws {EncodingError} as {@link decodeAggregateSignatureJsonHex}
 */
export function decodeSingleSignatureJsonHex(hex: string, field = 'signature', options?: JsonHexDecodeOptions): SingleSignature {
  return decodeJsonHexTyped(hex, field, options, singleSignatureFromJson, singleSignatureToJson, decodeSingleSignatureBytes);
}
