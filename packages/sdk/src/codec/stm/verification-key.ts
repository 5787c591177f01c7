/**
 * A BLS verification key with its proof of possession (stm.md §1.7) in every form: the 192-byte `vk ‖ pop` binary,
 * serde JSON `{"vk","pop"}` and the JSON-hex that signer registrations and stake distributions carry.
 */
import { concatBytes } from '../../utils/bytes.js';
import type { VerificationKeyProofOfPossession } from '../../stm/types.js';
import { BLS_PROOF_OF_POSSESSION_BYTES, BLS_VERIFICATION_KEY_BYTES, fieldPath } from '../fields.js';
import { encodeJsonHex } from '../json-hex.js';
import type { JsonObject, JsonValue } from '../json-value.js';
import { bytesFromJson, bytesToJson, jsonMember, jsonObject } from './json-fields.js';
import { decodeJsonHexAs, type JsonHexDecodeOptions } from './json-hex-typed.js';
import { LegacyCursor } from './legacy-cursor.js';

/**
 * `vk ‖ pop` (192 bytes), the binary form of a VK+PoP (stm.md §1.7).
 *
 * @param key - the key with its proof of possession
 * @returns the 192 bytes
 * @example
 * encodeVerificationKeyPopBytes(key).length; // 192
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
 * @example
 * decodeVerificationKeyPopBytes(encodeVerificationKeyPopBytes(key)); // equal to key
 */
export function decodeVerificationKeyPopBytes(bytes: Uint8Array, field = 'verification_key'): VerificationKeyProofOfPossession {
  const c = new LegacyCursor(bytes, field);
  const vk = c.take(BLS_VERIFICATION_KEY_BYTES, 'vk');
  const pop = c.take(BLS_PROOF_OF_POSSESSION_BYTES, 'pop');
  c.end();
  return { vk, pop };
}

/**
 * JSON form of a VK+PoP: `{"vk":[96 ints],"pop":[96 ints]}` (stm.md §1.7).
 *
 * @param key - the key with its proof of possession
 * @returns the JSON value
 * @example
 * stringifyJson(verificationKeyPopToJson(key)); // '{"vk":[…],"pop":[…]}'
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
 * @example
 * verificationKeyPopFromJson(verificationKeyPopToJson(key)); // equal to key
 */
export function verificationKeyPopFromJson(value: JsonValue, field = 'verification_key'): VerificationKeyProofOfPossession {
  const obj = jsonObject(value, field);
  return {
    vk: bytesFromJson(jsonMember(obj, 'vk', field), fieldPath(field, 'vk'), BLS_VERIFICATION_KEY_BYTES),
    pop: bytesFromJson(jsonMember(obj, 'pop', field), fieldPath(field, 'pop'), BLS_PROOF_OF_POSSESSION_BYTES),
  };
}

/**
 * JSON-hex of a VK+PoP, the `verification_key` of signer registrations and stake distributions (stm.md §1.7).
 *
 * @param key - the key with its proof of possession
 * @returns the lowercase JSON-hex string
 * @example
 * encodeVerificationKeyPopJsonHex(key).startsWith('7b22766b223a5b'); // '{"vk":['
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
 * @throws {EncodingError} `ENCODING_NON_CANONICAL_JSON` (canonical mode), `ENCODING_INVALID_HEX`, `ENCODING_INVALID_JSON`,
 *   `ENCODING_INVALID_LENGTH`, `ENCODING_INVALID_BYTES`
 * @example
 * decodeVerificationKeyPopJsonHex(signer.verificationKey).vk.length; // 96
 */
export function decodeVerificationKeyPopJsonHex(
  hex: string,
  field = 'verification_key',
  options?: JsonHexDecodeOptions,
): VerificationKeyProofOfPossession {
  return decodeJsonHexAs(hex, field, options, {
    fromJson: verificationKeyPopFromJson,
    toJson: verificationKeyPopToJson,
    fromBytes: decodeVerificationKeyPopBytes,
  });
}
