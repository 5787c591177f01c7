/**
 * Typed JSON-hex decoding shared by the STM type modules (stm.md §8.1, trap 28): canonical mode checks that the
 * received hex is exactly the reference's re-encoding, lenient mode follows the reference decoder.
 */
import { EncodingError, isMithrilError } from '../../errors.js';
import { hexToBytes } from '../../utils/bytes.js';
import { canonicalJsonHexToText, jsonHexToText } from '../json-hex.js';
import { parseJson } from '../json-parse.js';
import type { JsonValue } from '../json-value.js';
import { stringifyJson } from '../json-write.js';

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

/** The JSON, JSON-hex fallback and canonical re-encoding forms of one STM type. */
export interface JsonHexForms<T> {
  /** The serde JSON decoder. */
  readonly fromJson: (value: JsonValue, field: string) => T;
  /** The serde JSON encoder, used to check canonical input. */
  readonly toJson: (value: T) => JsonValue;
  /** The `from_bytes` decoder of the lenient bytes-hex fallback. */
  readonly fromBytes: (bytes: Uint8Array, field: string) => T;
}

/**
 * Decodes a JSON-hex string into a typed STM value.
 *
 * @param hex - the JSON-hex string
 * @param field - its name, for errors
 * @param options - canonical (default) or lenient decoding
 * @param forms - the type's JSON decoder, JSON encoder and bytes decoder
 * @returns the value
 * @throws {EncodingError} `ENCODING_NON_CANONICAL_JSON` (canonical mode), or what the decoders throw
 */
export function decodeJsonHexAs<T>(hex: string, field: string, options: JsonHexDecodeOptions | undefined, forms: JsonHexForms<T>): T {
  if ((options?.mode ?? 'canonical') === 'canonical') {
    const text = canonicalJsonHexToText(hex, field);
    const value = forms.fromJson(parseJson(text, field), field);
    if (stringifyJson(forms.toJson(value)) !== text) {
      throw new EncodingError(
        'ENCODING_NON_CANONICAL_JSON',
        'the JSON differs from its canonical compact serialization (spacing, key order, unknown keys or number spelling)',
        { field },
      );
    }
    return value;
  }
  try {
    return forms.fromJson(parseJson(jsonHexToText(hex, field), field), field);
  } catch (jsonError) {
    if (!isMithrilError(jsonError)) throw jsonError;
    // The reference falls back to the bytes-hex of `to_bytes` when the JSON decoding fails (stm.md §8.1).
    try {
      return forms.fromBytes(hexToBytes(hex.trim(), field), field);
    } catch {
      throw jsonError;
    }
  }
}
