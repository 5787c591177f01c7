/**
 * An STM single signature `{sigma, indexes, signer_index}` (stm.md §5.1) in every form: versioned CBOR (an
 * indefinite map), legacy bytes, serde JSON and the JSON-hex signers send to aggregators.
 */
import { concatBytes, u64be } from '../../utils/bytes.js';
import type { SingleSignature } from '../../stm/types.js';
import { CborMap } from '../cbor-value.js';
import { BLS_SIGNATURE_BYTES, fieldPath, indexPath, toIndex } from '../fields.js';
import { encodeJsonHex } from '../json-hex.js';
import type { JsonObject, JsonValue } from '../json-value.js';
import { CBOR_BAD, cborArray, cborByteArray, cborBytes, cborMap, cborMember, unversionedCbor, versionedCbor } from './cbor-fields.js';
import { JSON_BAD, bytesFromJson, bytesToJson, jsonArray, jsonMember, jsonObject } from './json-fields.js';
import { decodeJsonHexAs, type JsonHexDecodeOptions } from './json-hex-typed.js';
import { LegacyCursor } from './legacy-cursor.js';
import { decodeVersioned } from './versioned.js';

/**
 * `SingleSignature::to_bytes`: `0x01 ‖ indefinite map {sigma, indexes, signer_index}` (stm.md §8.3).
 *
 * @param sig - the single signature
 * @returns the versioned CBOR bytes
 * @example
 * encodeSingleSignatureCbor(sig)[1]; // 0xbf (indefinite map)
 */
export function encodeSingleSignatureCbor(sig: SingleSignature): Uint8Array {
  return versionedCbor(
    new CborMap(
      [
        ['sigma', cborByteArray(sig.sigma)],
        ['indexes', [...sig.indexes]],
        ['signer_index', sig.signerIndex],
      ],
      true,
    ),
  );
}

/**
 * A single signature from versioned CBOR.
 *
 * @param bytes - `0x01 ‖ CBOR`
 * @param field - name of the input, for errors
 * @returns the single signature
 * @throws {EncodingError} on malformed input
 * @example
 * decodeSingleSignatureCbor(encodeSingleSignatureCbor(sig)); // equal to sig
 */
export function decodeSingleSignatureCbor(bytes: Uint8Array, field = 'signature'): SingleSignature {
  const m = cborMap(unversionedCbor(bytes, field), field);
  const indexesField = fieldPath(field, 'indexes');
  return {
    sigma: cborBytes(cborMember(m, 'sigma', field), fieldPath(field, 'sigma'), BLS_SIGNATURE_BYTES),
    indexes: cborArray(cborMember(m, 'indexes', field), indexesField).map((v, i) => toIndex(v, indexPath(indexesField, i), CBOR_BAD)),
    signerIndex: toIndex(cborMember(m, 'signer_index', field), fieldPath(field, 'signer_index'), CBOR_BAD),
  };
}

/**
 * Legacy single signature: `u64_be(n) ‖ n × u64_be(index) ‖ sigma(48) ‖ u64_be(signer_index)` (stm.md §8.3).
 *
 * @param sig - the single signature
 * @returns the bytes
 * @example
 * encodeSingleSignatureLegacy({ sigma, indexes: [3], signerIndex: 0 }).length; // 8 + 8 + 48 + 8
 */
export function encodeSingleSignatureLegacy(sig: SingleSignature): Uint8Array {
  return concatBytes(u64be(sig.indexes.length), ...sig.indexes.map((i) => u64be(i, 'index')), sig.sigma, u64be(sig.signerIndex, 'signer_index'));
}

/**
 * A single signature from the legacy layout.
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the single signature
 * @throws {EncodingError} `ENCODING_INVALID_LENGTH` on truncated or trailing bytes, `ENCODING_INTEGER_OUT_OF_RANGE` on
 *   an index above 2^53 − 1
 * @example
 * decodeSingleSignatureLegacy(encodeSingleSignatureLegacy(sig)); // equal to sig
 */
export function decodeSingleSignatureLegacy(bytes: Uint8Array, field = 'signature'): SingleSignature {
  const c = new LegacyCursor(bytes, field);
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
 * `SingleSignature::from_bytes`: versioned CBOR or legacy.
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the single signature
 * @throws {EncodingError} on malformed bytes
 * @example
 * decodeSingleSignatureBytes(encodeSingleSignatureCbor(sig)); // equal to sig
 */
export function decodeSingleSignatureBytes(bytes: Uint8Array, field = 'signature'): SingleSignature {
  return decodeVersioned(bytes, field, decodeSingleSignatureCbor, decodeSingleSignatureLegacy);
}

/**
 * JSON form of a single signature: `{"sigma":[48],"indexes":[…],"signer_index":n}` (stm.md §5.1).
 *
 * @param sig - the signature
 * @returns the JSON value
 * @example
 * stringifyJson(singleSignatureToJson(sig)); // '{"sigma":[…],"indexes":[…],"signer_index":0}'
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
 * @example
 * singleSignatureFromJson(singleSignatureToJson(sig)); // equal to sig
 */
export function singleSignatureFromJson(value: JsonValue, field = 'signature'): SingleSignature {
  const obj = jsonObject(value, field);
  const indexesField = fieldPath(field, 'indexes');
  const indexes = jsonArray(jsonMember(obj, 'indexes', field), indexesField).map((v, i) => toIndex(v, indexPath(indexesField, i), JSON_BAD));
  return {
    sigma: bytesFromJson(jsonMember(obj, 'sigma', field), fieldPath(field, 'sigma'), BLS_SIGNATURE_BYTES),
    indexes,
    signerIndex: toIndex(jsonMember(obj, 'signer_index', field), fieldPath(field, 'signer_index'), JSON_BAD),
  };
}

/**
 * JSON-hex of a single signature, as signers send it to aggregators (stm.md §5.1).
 *
 * @param sig - the single signature
 * @returns the lowercase JSON-hex string
 * @example
 * decodeSingleSignatureJsonHex(encodeSingleSignatureJsonHex(sig)); // equal to sig
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
 * @throws {EncodingError} `ENCODING_NON_CANONICAL_JSON` (canonical mode), `ENCODING_INVALID_HEX`,
 *   `ENCODING_INVALID_JSON`, `ENCODING_INVALID_LENGTH`, `ENCODING_INVALID_BYTES`, `ENCODING_INTEGER_OUT_OF_RANGE`
 * @example
 * decodeSingleSignatureJsonHex(message.signature, 'signature', { mode: 'lenient' }).indexes;
 */
export function decodeSingleSignatureJsonHex(hex: string, field = 'signature', options?: JsonHexDecodeOptions): SingleSignature {
  return decodeJsonHexAs(hex, field, options, {
    fromJson: singleSignatureFromJson,
    toJson: singleSignatureToJson,
    fromBytes: decodeSingleSignatureBytes,
  });
}
