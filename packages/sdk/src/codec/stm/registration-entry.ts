/**
 * A closed registration entry (verification key and stake, stm.md §3, §8.3) in every form: versioned CBOR, legacy
 * bytes and serde JSON.
 */
import { concatBytes, u64be } from '../../utils/bytes.js';
import type { RegistrationEntry } from '../../stm/types.js';
import { CborMap } from '../cbor-value.js';
import { BLS_VERIFICATION_KEY_BYTES, fail, fieldPath, indexPath, toU64 } from '../fields.js';
import type { JsonValue } from '../json-value.js';
import { CBOR_BAD, cborByteArray, cborBytes, cborMap, cborMember, unversionedCbor, versionedCbor } from './cbor-fields.js';
import { JSON_BAD, bytesFromJson, bytesToJson, jsonMember, jsonObject, u64Json } from './json-fields.js';
import { LegacyCursor } from './legacy-cursor.js';
import { decodeVersioned } from './versioned.js';

/**
 * `ClosedRegistrationEntry::to_bytes`: `0x01 ‖ {verification_key_bytes, stake}` (stm.md §8.3).
 *
 * @param entry - the entry
 * @returns the versioned CBOR bytes
 * @throws {EncodingError} `ENCODING_INTEGER_OUT_OF_RANGE` when the stake exceeds u64
 * @example
 * decodeRegistrationEntryCbor(encodeRegistrationEntryCbor(entry)); // equal to entry
 */
export function encodeRegistrationEntryCbor(entry: RegistrationEntry): Uint8Array {
  return versionedCbor(
    new CborMap([
      ['verification_key_bytes', cborByteArray(entry.vk)],
      ['stake', entry.stake],
    ]),
  );
}

/**
 * A closed registration entry from versioned CBOR.
 *
 * @param bytes - `0x01 ‖ CBOR`
 * @param field - name of the input, for errors
 * @returns the entry (the key is not validated as a point)
 * @throws {EncodingError} on malformed input
 * @example
 * decodeRegistrationEntryCbor(bytes).stake; // 20000000001n
 */
export function decodeRegistrationEntryCbor(bytes: Uint8Array, field = 'registration'): RegistrationEntry {
  const m = cborMap(unversionedCbor(bytes, field), field);
  return {
    vk: cborBytes(cborMember(m, 'verification_key_bytes', field), fieldPath(field, 'verification_key_bytes'), BLS_VERIFICATION_KEY_BYTES),
    stake: toU64(cborMember(m, 'stake', field), fieldPath(field, 'stake'), CBOR_BAD),
  };
}

/**
 * Legacy closed registration entry: `vk(96) ‖ u64_be(stake)` (stm.md §8.3).
 *
 * @param entry - the entry
 * @returns the 104 bytes
 * @throws {EncodingError} `ENCODING_INTEGER_OUT_OF_RANGE` when the stake exceeds u64
 * @example
 * encodeRegistrationEntryLegacy(entry).length; // 104
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
 * @example
 * decodeRegistrationEntryLegacy(encodeRegistrationEntryLegacy(entry)); // equal to entry
 */
export function decodeRegistrationEntryLegacy(bytes: Uint8Array, field = 'registration'): RegistrationEntry {
  const c = new LegacyCursor(bytes, field);
  const vk = c.take(BLS_VERIFICATION_KEY_BYTES, 'verification key');
  const stake = c.u64('stake');
  c.end();
  return { vk, stake };
}

/**
 * `ClosedRegistrationEntry::from_bytes`: versioned CBOR or legacy.
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the entry
 * @throws {EncodingError} on malformed bytes
 * @example
 * decodeRegistrationEntryBytes(encodeRegistrationEntryLegacy(entry)); // equal to entry
 */
export function decodeRegistrationEntryBytes(bytes: Uint8Array, field = 'registration'): RegistrationEntry {
  return decodeVersioned(bytes, field, decodeRegistrationEntryCbor, decodeRegistrationEntryLegacy);
}

/**
 * JSON form of a closed registration entry: the 2-element array `[[96 ints], stake]` (stm.md §8.2).
 *
 * @param entry - the entry
 * @returns the JSON value
 * @example
 * registrationEntryToJson(entry)[1]; // the stake
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
 * @example
 * registrationEntryFromJson(registrationEntryToJson(entry)); // equal to entry
 */
export function registrationEntryFromJson(value: JsonValue, field = 'registration'): RegistrationEntry {
  if (Array.isArray(value)) {
    if (value.length !== 2) fail(JSON_BAD, `expected [verification_key, stake], got ${value.length} elements`, field);
    return {
      vk: bytesFromJson(value[0]!, indexPath(field, 0), BLS_VERIFICATION_KEY_BYTES),
      stake: toU64(value[1], indexPath(field, 1), JSON_BAD),
    };
  }
  const obj = jsonObject(value, field);
  return {
    vk: bytesFromJson(
      jsonMember(obj, 'verification_key_for_concatenation', field),
      fieldPath(field, 'verification_key_for_concatenation'),
      BLS_VERIFICATION_KEY_BYTES,
    ),
    stake: toU64(jsonMember(obj, 'stake', field), fieldPath(field, 'stake'), JSON_BAD),
  };
}
