/**
 * A Merkle tree batch commitment `{root, nr_leaves, hasher: null}` (stm.md §4.5), the core of the aggregate
 * verification key, in every form: versioned CBOR, legacy bytes and serde JSON.
 */
import { concatBytes, u64be } from '../../utils/bytes.js';
import type { MerkleTreeCommitment } from '../../stm/types.js';
import { CborMap, type CborValue } from '../cbor-value.js';
import { fieldPath, toIndex } from '../fields.js';
import type { JsonObject, JsonValue } from '../json-value.js';
import { CBOR_BAD, cborByteArray, cborBytes, cborHasherNull, cborMap, cborMember, unversionedCbor, versionedCbor } from './cbor-fields.js';
import { JSON_BAD, bytesFromJson, bytesToJson, jsonHasherNull, jsonMember, jsonObject } from './json-fields.js';
import { LegacyCursor } from './legacy-cursor.js';
import { decodeVersioned } from './versioned.js';

/**
 * The CBOR map of a commitment, also nested inline in the AVK.
 *
 * @param c - the commitment
 * @returns the map `{root, nr_leaves, hasher: null}`
 */
export function merkleTreeCommitmentCborMap(c: MerkleTreeCommitment): CborMap {
  return new CborMap([
    ['root', cborByteArray(c.root)],
    ['nr_leaves', c.nrLeaves],
    ['hasher', null],
  ]);
}

/**
 * A commitment from its decoded CBOR map.
 *
 * @param value - the decoded value
 * @param field - its path
 * @returns the commitment
 * @throws {EncodingError} on a wrong shape or range
 */
export function merkleTreeCommitmentFromCborMap(value: CborValue, field: string): MerkleTreeCommitment {
  const m = cborMap(value, field);
  const root = cborBytes(cborMember(m, 'root', field), fieldPath(field, 'root'));
  const nrLeaves = toIndex(cborMember(m, 'nr_leaves', field), fieldPath(field, 'nr_leaves'), CBOR_BAD);
  cborHasherNull(m, field);
  return { root, nrLeaves };
}

/**
 * `MerkleTreeBatchCommitment::to_bytes`: `0x01 ‖ {root, nr_leaves, hasher: null}` (stm.md §4.5).
 *
 * @param commitment - the commitment
 * @returns the versioned CBOR bytes
 * @example
 * decodeMerkleTreeCommitmentCbor(encodeMerkleTreeCommitmentCbor(c)); // equal to c
 */
export function encodeMerkleTreeCommitmentCbor(commitment: MerkleTreeCommitment): Uint8Array {
  return versionedCbor(merkleTreeCommitmentCborMap(commitment));
}

/**
 * A batch commitment from versioned CBOR.
 *
 * @param bytes - `0x01 ‖ CBOR`
 * @param field - name of the input, for errors
 * @returns the commitment
 * @throws {EncodingError} on malformed input
 * @example
 * decodeMerkleTreeCommitmentCbor(bytes).nrLeaves;
 */
export function decodeMerkleTreeCommitmentCbor(bytes: Uint8Array, field = 'mt_commitment'): MerkleTreeCommitment {
  return merkleTreeCommitmentFromCborMap(unversionedCbor(bytes, field), field);
}

/**
 * Legacy batch commitment: `u64_be(nr_leaves) ‖ root` (the root takes the remaining bytes).
 *
 * @param commitment - the commitment
 * @returns the bytes
 * @example
 * encodeMerkleTreeCommitmentLegacy(c).length; // 8 + root length
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
 * @example
 * decodeMerkleTreeCommitmentLegacy(encodeMerkleTreeCommitmentLegacy(c)); // equal to c
 */
export function decodeMerkleTreeCommitmentLegacy(bytes: Uint8Array, field = 'mt_commitment'): MerkleTreeCommitment {
  const c = new LegacyCursor(bytes, field);
  const nrLeaves = c.size('nr_leaves');
  return { nrLeaves, root: c.rest() };
}

/**
 * `MerkleTreeBatchCommitment::from_bytes`: versioned CBOR or legacy.
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the commitment
 * @throws {EncodingError} on malformed bytes
 * @example
 * decodeMerkleTreeCommitmentBytes(encodeMerkleTreeCommitmentCbor(c)); // equal to c
 */
export function decodeMerkleTreeCommitmentBytes(bytes: Uint8Array, field = 'mt_commitment'): MerkleTreeCommitment {
  return decodeVersioned(bytes, field, decodeMerkleTreeCommitmentCbor, decodeMerkleTreeCommitmentLegacy);
}

/**
 * JSON form of a batch commitment: `{"root":[…],"nr_leaves":n,"hasher":null}` (stm.md §4.5).
 *
 * @param commitment - the commitment
 * @returns the JSON value
 * @example
 * stringifyJson(merkleTreeCommitmentToJson({ root: Uint8Array.of(1), nrLeaves: 1 })); // '{"root":[1],"nr_leaves":1,"hasher":null}'
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
 * @example
 * merkleTreeCommitmentFromJson(merkleTreeCommitmentToJson(c)); // equal to c
 */
export function merkleTreeCommitmentFromJson(value: JsonValue, field = 'mt_commitment'): MerkleTreeCommitment {
  const obj = jsonObject(value, field);
  const root = bytesFromJson(jsonMember(obj, 'root', field), fieldPath(field, 'root'));
  const nrLeaves = toIndex(jsonMember(obj, 'nr_leaves', field), fieldPath(field, 'nr_leaves'), JSON_BAD);
  jsonHasherNull(obj, field);
  return { root, nrLeaves };
}
