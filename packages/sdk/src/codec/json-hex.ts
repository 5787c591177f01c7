/**
 * The "JSON-hex" codec of mithril-common: lowercase hex of the compact JSON text (stm.md §8.1). Certificates carry
 * the AVK and the multi-signature this way, and the certificate hash covers those hex strings (trap 28).
 */
import { EncodingError } from '../errors.js';
import { bytesToHex, hexToBytes, utf8 } from '../utils/bytes.js';
import { parseJson } from './json-parse.js';
import type { JsonValue } from './json-value.js';
import { stringifyJson } from './json-write.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function bytesToText(bytes: Uint8Array, field: string): string {
  try {
    return UTF8.decode(bytes);
  } catch (cause) {
    throw new EncodingError('ENCODING_INVALID_JSON', 'the hex does not decode to UTF-8 text', { field, cause });
  }
}

/**
 * Lowercase hex of the compact JSON text of a value, as the reference `key_encode_hex` writes it.
 *
 * @param value - the JSON value (keys in declaration order)
 * @returns the JSON-hex string
 * @throws {EncodingError} `ENCODING_INVALID_JSON` when the value cannot be emitted
 * @example
 * encodeJsonHex([1, 2]) // '5b312c325d'
 */
export function encodeJsonHex(value: JsonValue): string {
  return bytesToHex(utf8(stringifyJson(value)));
}

/**
 * The JSON text behind a JSON-hex string, decoded leniently like the reference `key_decode_hex`: surrounding
 * whitespace is trimmed and hex digits of either case are accepted.
 *
 * @param hex - the JSON-hex string
 * @param field - name of the input, for error messages
 * @returns the UTF-8 text
 * @throws {EncodingError} `ENCODING_INVALID_HEX` on odd length or a non-hex character; `ENCODING_INVALID_JSON` when the
 *   bytes are not UTF-8
 *
 * @example
 * jsonHexToText('5b315d') // '[1]'
 */
export function jsonHexToText(hex: string, field = 'json_hex'): string {
  if (typeof hex !== 'string') throw new EncodingError('ENCODING_INVALID_HEX', 'expected a hex string', { field });
  return bytesToText(hexToBytes(hex.trim(), field), field);
}

/**
 * The JSON text behind a JSON-hex string that must be in canonical form: lowercase hex digits only, no whitespace.
 * (The text itself is checked by {@link decodeCanonicalJsonHex} or by the typed decoders.)
 *
 * @param hex - the JSON-hex string
 * @param field - name of the input, for error messages
 * @returns the UTF-8 text
 * @throws {EncodingError} `ENCODING_NON_CANONICAL_JSON` on uppercase digits or whitespace; `ENCODING_INVALID_HEX` on odd
 *   length or another non-hex character; `ENCODING_INVALID_JSON` when the bytes are not UTF-8
 *
 * @example
 * canonicalJsonHexToText('5b315d') // '[1]'
 * canonicalJsonHexToText('5B315D') // throws EncodingError ENCODING_NON_CANONICAL_JSON: only lowercase hex is canonical
 */
export function canonicalJsonHexToText(hex: string, field = 'json_hex'): string {
  if (typeof hex !== 'string') throw new EncodingError('ENCODING_INVALID_HEX', 'expected a hex string', { field });
  for (let i = 0; i < hex.length; i++) {
    const c = hex.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 97 && c <= 102)) continue;
    if ((c >= 65 && c <= 70) || c === 32 || c === 9 || c === 10 || c === 13) {
      throw new EncodingError('ENCODING_NON_CANONICAL_JSON', `non-canonical hex character at offset ${i}`, {
        field,
        details: { position: i },
      });
    }
    throw new EncodingError('ENCODING_INVALID_HEX', `invalid hex character at offset ${i}`, {
      field,
      details: { position: i },
    });
  }
  return bytesToText(hexToBytes(hex, field), field);
}

/**
 * Decodes a JSON-hex string leniently (trimmed, either hex case, any JSON whitespace), like the reference.
 *
 * @param hex - the JSON-hex string
 * @param field - name of the input, for error messages
 * @returns the parsed JSON value
 * @throws {EncodingError} `ENCODING_INVALID_HEX` or `ENCODING_INVALID_JSON`
 * @example
 * decodeJsonHex(' 5B312C325D ', 'x') // [1, 2]
 */
export function decodeJsonHex(hex: string, field = 'json_hex'): JsonValue {
  return parseJson(jsonHexToText(hex, field), field);
}

/**
 * Decodes a JSON-hex string that must be canonical (trap 28): lowercase hex, no whitespace, and JSON text identical
 * to its own compact re-emission (so no spaces, no duplicate keys, no `1.0` for `1`, no escapes serde would not
 * write). The received hex string can then be hashed as-is in place of the reference's re-encoding. Key order is
 * not checked here (it is only known per type); the typed decoders of `stm/` check it.
 *
 * @param hex - the JSON-hex string
 * @param field - name of the input, for error messages
 * @returns the parsed JSON value
 * @throws {EncodingError} `ENCODING_NON_CANONICAL_JSON`, `ENCODING_INVALID_HEX` or `ENCODING_INVALID_JSON`
 * @example
 * decodeCanonicalJsonHex('5b312c325d', 'x') // [1, 2]; '5b312c20325d' ("[1, 2]") throws
 */
export function decodeCanonicalJsonHex(hex: string, field = 'json_hex'): JsonValue {
  const text = canonicalJsonHexToText(hex, field);
  const value = parseJson(text, field);
  if (stringifyJson(value) !== text) {
    throw new EncodingError('ENCODING_NON_CANONICAL_JSON', 'the JSON text is not in compact canonical form', { field });
  }
  return value;
}
