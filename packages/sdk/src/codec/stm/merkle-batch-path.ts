/**
 * A Merkle batch path `{values, indices, hasher: null}` (stm.md §4.4), the batch proof of a concatenation proof, in
 * every form: versioned CBOR, legacy bytes and serde JSON.
 */
import { concatBytes, u64be } from '../../utils/bytes.js';
import type { MerkleBatchPath } from '../../stm/types.js';
import { CborMap } from '../cbor-value.js';
import { fail, fieldPath, indexPath, toIndex } from '../fields.js';
import type { JsonObject, JsonValue } from '../json-value.js';
import { CBOR_BAD, cborArray, cborByteArray, cborBytes, cborHasherNull, cborMap, cborMember, unversionedCbor, versionedCbor } from './cbor-fields.js';
import { JSON_BAD, bytesFromJson, bytesToJson, jsonArray, jsonHasherNull, jsonMember, jsonObject } from './json-fields.js';
import { LegacyCursor } from './legacy-cursor.js';
import { decodeVersioned } from './versioned.js';

/** Size of a Merkle digest in the legacy batch-path layout (Blake2b-256). */
const DIGEST_BYTES = 32;

/**
 * `MerkleBatchPath::to_bytes`: `0x01 ‖ {values, indices, hasher: null}` (stm.md §4.4).
 *
 * @param path - the batch path
 * @returns the versioned CBOR bytes
 * @example
 * decodeMerkleBatchPathCbor(encodeMerkleBatchPathCbor(path)); // equal to path
 */
export function encodeMerkleBatchPathCbor(path: MerkleBatchPath): Uint8Array {
  return versionedCbor(
    new CborMap([
      ['values', path.values.map(cborByteArray)],
      ['indices', [...path.indices]],
      ['hasher', null],
    ]),
  );
}

/**
 * A Merkle batch path from versioned CBOR.
 *
 * @param bytes - `0x01 ‖ CBOR`
 * @param field - name of the input, for errors
 * @returns the batch path
 * @throws {EncodingError} on malformed input
 * @example
 * decodeMerkleBatchPathCbor(bytes).indices;
 */
export function decodeMerkleBatchPathCbor(bytes: Uint8Array, field = 'batch_proof'): MerkleBatchPath {
  const m = cborMap(unversionedCbor(bytes, field), field);
  const valuesField = fieldPath(field, 'values');
  const indicesField = fieldPath(field, 'indices');
  const values = cborArray(cborMember(m, 'values', field), valuesField).map((v, i) => cborBytes(v, indexPath(valuesField, i)));
  const indices = cborArray(cborMember(m, 'indices', field), indicesField).map((v, i) => toIndex(v, indexPath(indicesField, i), CBOR_BAD));
  cborHasherNull(m, field);
  return { values, indices };
}

/**
 * Legacy Merkle batch path: `u64_be(#values) ‖ u64_be(#indices) ‖ values (32 B each) ‖ indices (u64_be each)`.
 *
 * @param path - the batch path (every value must be 32 bytes)
 * @returns the bytes
 * @throws {EncodingError} `ENCODING_INVALID_LENGTH` when a value is not 32 bytes
 * @example
 * decodeMerkleBatchPathLegacy(encodeMerkleBatchPathLegacy(path)); // equal to path
 */
export function encodeMerkleBatchPathLegacy(path: MerkleBatchPath): Uint8Array {
  path.values.forEach((v, i) => {
    if (v.length !== DIGEST_BYTES) fail('ENCODING_INVALID_LENGTH', `expected ${DIGEST_BYTES} bytes`, indexPath('values', i));
  });
  return concatBytes(u64be(path.values.length), u64be(path.indices.length), ...path.values, ...path.indices.map((i) => u64be(i, 'index')));
}

/**
 * A Merkle batch path from the legacy layout.
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the batch path
 * @throws {EncodingError} on truncated or trailing bytes
 * @example
 * decodeMerkleBatchPathLegacy(bytes).values.length;
 */
export function decodeMerkleBatchPathLegacy(bytes: Uint8Array, field = 'batch_proof'): MerkleBatchPath {
  const c = new LegacyCursor(bytes, field);
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
 * `MerkleBatchPath::from_bytes`: versioned CBOR or legacy.
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the batch path
 * @throws {EncodingError} on malformed bytes
 * @example
 * decodeMerkleBatchPathBytes(encodeMerkleBatchPathLegacy(path)); // equal to path
 */
export function decodeMerkleBatchPathBytes(bytes: Uint8Array, field = 'batch_proof'): MerkleBatchPath {
  return decodeVersioned(bytes, field, decodeMerkleBatchPathCbor, decodeMerkleBatchPathLegacy);
}

/**
 * JSON form of a Merkle batch path: `{"values":[[…]…],"indices":[…],"hasher":null}` (stm.md §4.4).
 *
 * @param path - the batch path
 * @returns the JSON value
 * @example
 * stringifyJson(merkleBatchPathToJson({ values: [], indices: [] })); // '{"values":[],"indices":[],"hasher":null}'
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
 * @example
 * merkleBatchPathFromJson(merkleBatchPathToJson(path)); // equal to path
 */
export function merkleBatchPathFromJson(value: JsonValue, field = 'batch_proof'): MerkleBatchPath {
  const obj = jsonObject(value, field);
  const valuesField = fieldPath(field, 'values');
  const indicesField = fieldPath(field, 'indices');
  const values = jsonArray(jsonMember(obj, 'values', field), valuesField).map((v, i) => bytesFromJson(v, indexPath(valuesField, i)));
  const indices = jsonArray(jsonMember(obj, 'indices', field), indicesField).map((v, i) => toIndex(v, indexPath(indicesField, i), JSON_BAD));
  jsonHasherNull(obj, field);
  return { values, indices };
}
