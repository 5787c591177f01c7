/**
 * The versioned `from_bytes` dispatch of mithril-stm (`codec::from_versioned_bytes`, stm.md §8.3): bytes starting
 * with the `0x01` CBOR prefix are CBOR, anything else is the legacy layout.
 */
import { isMithrilError } from '../../errors.js';
import { fail } from '../fields.js';
import { CBOR_V1_PREFIX } from './cbor-fields.js';

/** A decoder of one form: bytes and the field name for errors. */
export type BytesDecoder<T> = (bytes: Uint8Array, field: string) => T;

/**
 * `0x01` → CBOR, anything else → legacy, like the reference.
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @param cbor - the CBOR decoder
 * @param legacy - the legacy decoder
 * @returns the decoded value
 * @throws {EncodingError} `ENCODING_INVALID_BYTES` when `bytes` is not a `Uint8Array`; whatever the chosen decoder throws
 */
export function decodeVersioned<T>(bytes: Uint8Array, field: string, cbor: BytesDecoder<T>, legacy: BytesDecoder<T>): T {
  if (!(bytes instanceof Uint8Array)) fail('ENCODING_INVALID_BYTES', 'expected bytes', field);
  return bytes[0] === CBOR_V1_PREFIX ? cbor(bytes, field) : legacy(bytes, field);
}

/**
 * CBOR first, then legacy when CBOR fails (for layouts whose legacy form may also start with `0x01`).
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @param cbor - the CBOR decoder
 * @param legacy - the legacy decoder
 * @returns the decoded value
 * @throws {EncodingError} the CBOR error when it is `ENCODING_UNSUPPORTED_VARIANT`, else the legacy error
 */
export function decodeCborThenLegacy<T>(bytes: Uint8Array, field: string, cbor: BytesDecoder<T>, legacy: BytesDecoder<T>): T {
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
