/**
 * The aggregate verification key `{mt_commitment, total_stake}` (stm.md §4.5) in every form: versioned CBOR, legacy
 * bytes, serde JSON and the JSON-hex that certificates carry.
 */
import { concatBytes, u64be } from '../../utils/bytes.js';
import type { AggregateVerificationKey } from '../../stm/types.js';
import { CborMap } from '../cbor-value.js';
import { fieldPath, toU64 } from '../fields.js';
import { encodeJsonHex } from '../json-hex.js';
import type { JsonObject, JsonValue } from '../json-value.js';
import { stringifyJson } from '../json-write.js';
import { CBOR_BAD, cborMap, cborMember, unversionedCbor, versionedCbor } from './cbor-fields.js';
import { JSON_BAD, jsonMember, jsonObject, u64Json } from './json-fields.js';
import { decodeJsonHexAs, type JsonHexDecodeOptions } from './json-hex-typed.js';
import { LegacyCursor } from './legacy-cursor.js';
import {
  decodeMerkleTreeCommitmentBytes,
  encodeMerkleTreeCommitmentLegacy,
  merkleTreeCommitmentCborMap,
  merkleTreeCommitmentFromCborMap,
  merkleTreeCommitmentFromJson,
  merkleTreeCommitmentToJson,
} from './merkle-tree-commitment.js';
import { decodeCborThenLegacy } from './versioned.js';

/**
 * `AggregateVerificationKeyForConcatenation::to_bytes`: `0x01 ‖ {mt_commitment: {…}, total_stake}`; the commitment
 * is an inline map here, not nested bytes (stm.md §4.5).
 *
 * @param avk - the aggregate verification key
 * @returns the versioned CBOR bytes
 * @throws {EncodingError} `ENCODING_INTEGER_OUT_OF_RANGE` when the total stake exceeds u64
 * @example
 * decodeAvkCbor(encodeAvkCbor(avk)); // equal to avk
 */
export function encodeAvkCbor(avk: AggregateVerificationKey): Uint8Array {
  return versionedCbor(
    new CborMap([
      ['mt_commitment', merkleTreeCommitmentCborMap(avk.mtCommitment)],
      ['total_stake', avk.totalStake],
    ]),
  );
}

/**
 * An AVK from versioned CBOR.
 *
 * @param bytes - `0x01 ‖ CBOR`
 * @param field - name of the input, for errors
 * @returns the aggregate verification key
 * @throws {EncodingError} on malformed input
 * @example
 * decodeAvkCbor(bytes).totalStake;
 */
export function decodeAvkCbor(bytes: Uint8Array, field = 'aggregate_verification_key'): AggregateVerificationKey {
  const m = cborMap(unversionedCbor(bytes, field), field);
  return {
    mtCommitment: merkleTreeCommitmentFromCborMap(cborMember(m, 'mt_commitment', field), fieldPath(field, 'mt_commitment')),
    totalStake: toU64(cborMember(m, 'total_stake', field), fieldPath(field, 'total_stake'), CBOR_BAD),
  };
}

/**
 * Legacy AVK: `u64_be(nr_leaves) ‖ root ‖ u64_be(total_stake)` (48 bytes with a 32-byte root; stm.md §4.5).
 *
 * @param avk - the aggregate verification key
 * @returns the bytes
 * @example
 * encodeAvkLegacy(avk).length; // 48
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
 * @example
 * decodeAvkLegacy(encodeAvkLegacy(avk)); // equal to avk
 */
export function decodeAvkLegacy(bytes: Uint8Array, field = 'aggregate_verification_key'): AggregateVerificationKey {
  const c = new LegacyCursor(bytes, field);
  c.need(8, 'total_stake');
  const split = bytes.length - 8;
  const stake = new LegacyCursor(bytes.subarray(split), field).u64('total_stake');
  return {
    mtCommitment: decodeMerkleTreeCommitmentBytes(bytes.subarray(0, split), fieldPath(field, 'mt_commitment')),
    totalStake: stake,
  };
}

/**
 * AVK `from_bytes`: CBOR first, then the legacy 48-byte layout. (The reference dispatches on the prefix without a
 * fallback; a legacy AVK starts with `0x01` only when `nr_leaves ≥ 2^56`, so the fallback changes nothing real.)
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the aggregate verification key
 * @throws {EncodingError} on malformed bytes
 * @example
 * decodeAvkBytes(encodeAvkLegacy(avk)); // equal to avk
 */
export function decodeAvkBytes(bytes: Uint8Array, field = 'aggregate_verification_key'): AggregateVerificationKey {
  return decodeCborThenLegacy(bytes, field, decodeAvkCbor, decodeAvkLegacy);
}

/**
 * JSON form of an AVK: `{"mt_commitment":{…},"total_stake":T}` (stm.md §4.5).
 *
 * @param avk - the aggregate verification key
 * @returns the JSON value
 * @example
 * aggregateVerificationKeyToJson(avk).get('total_stake');
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
 * @example
 * aggregateVerificationKeyFromJson(aggregateVerificationKeyToJson(avk)); // equal to avk
 */
export function aggregateVerificationKeyFromJson(value: JsonValue, field = 'aggregate_verification_key'): AggregateVerificationKey {
  const obj = jsonObject(value, field);
  return {
    mtCommitment: merkleTreeCommitmentFromJson(jsonMember(obj, 'mt_commitment', field), fieldPath(field, 'mt_commitment')),
    totalStake: toU64(jsonMember(obj, 'total_stake', field), fieldPath(field, 'total_stake'), JSON_BAD),
  };
}

/**
 * Compact serde JSON text of an AVK.
 *
 * @param avk - the aggregate verification key
 * @returns the JSON text
 * @example
 * encodeAvkJson(avk); // '{"mt_commitment":{"root":[…],"nr_leaves":2,"hasher":null},"total_stake":…}'
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
 * @example
 * encodeAvkJsonHex(decodeAvkJsonHex(certificate.aggregateVerificationKey)) === certificate.aggregateVerificationKey;
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
 * @throws {EncodingError} `ENCODING_NON_CANONICAL_JSON` (canonical mode), `ENCODING_INVALID_HEX`,
 *   `ENCODING_INVALID_JSON`, `ENCODING_INVALID_LENGTH`, `ENCODING_INVALID_BYTES`, `ENCODING_INTEGER_OUT_OF_RANGE`
 * @example
 * decodeAvkJsonHex(certificate.aggregateVerificationKey).totalStake;
 */
export function decodeAvkJsonHex(hex: string, field = 'aggregate_verification_key', options?: JsonHexDecodeOptions): AggregateVerificationKey {
  return decodeJsonHexAs(hex, field, options, {
    fromJson: aggregateVerificationKeyFromJson,
    toJson: aggregateVerificationKeyToJson,
    fromBytes: decodeAvkBytes,
  });
}
