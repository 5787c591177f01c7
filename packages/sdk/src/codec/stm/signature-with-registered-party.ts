/**
 * A single signature with its registered party (stm.md §6.2, §8.3), the element of a concatenation proof, in every
 * form: versioned CBOR (nested versioned values), legacy bytes and serde JSON `[sig, [vk, stake]]`.
 */
import { concatBytes, u64be } from '../../utils/bytes.js';
import type { SignatureWithRegisteredParty } from '../../stm/types.js';
import { CborMap } from '../cbor-value.js';
import { fail, fieldPath, indexPath } from '../fields.js';
import type { JsonValue } from '../json-value.js';
import { cborByteArray, cborBytes, cborMap, cborMember, unversionedCbor, versionedCbor } from './cbor-fields.js';
import { JSON_BAD, jsonMember, jsonObject } from './json-fields.js';
import { LegacyCursor } from './legacy-cursor.js';
import {
  decodeRegistrationEntryBytes,
  encodeRegistrationEntryCbor,
  encodeRegistrationEntryLegacy,
  registrationEntryFromJson,
  registrationEntryToJson,
} from './registration-entry.js';
import {
  decodeSingleSignatureBytes,
  encodeSingleSignatureCbor,
  encodeSingleSignatureLegacy,
  singleSignatureFromJson,
  singleSignatureToJson,
} from './single-signature.js';
import { decodeVersioned } from './versioned.js';

/**
 * `SingleSignatureWithRegisteredParty::to_bytes`: `0x01 ‖ {signature_bytes, registration_entry_bytes}`, each a
 * nested versioned encoding (stm.md §8.3).
 *
 * @param entry - the pair
 * @returns the versioned CBOR bytes
 * @example
 * decodeSignatureWithRegisteredPartyCbor(encodeSignatureWithRegisteredPartyCbor(entry)); // equal to entry
 */
export function encodeSignatureWithRegisteredPartyCbor(entry: SignatureWithRegisteredParty): Uint8Array {
  return versionedCbor(
    new CborMap([
      ['signature_bytes', cborByteArray(encodeSingleSignatureCbor(entry.signature))],
      ['registration_entry_bytes', cborByteArray(encodeRegistrationEntryCbor(entry.registration))],
    ]),
  );
}

/**
 * A signature with its registered party from versioned CBOR (nested values may be CBOR or legacy bytes).
 *
 * @param bytes - `0x01 ‖ CBOR`
 * @param field - name of the input, for errors
 * @returns the pair
 * @throws {EncodingError} on malformed input
 * @example
 * decodeSignatureWithRegisteredPartyCbor(bytes).registration.stake;
 */
export function decodeSignatureWithRegisteredPartyCbor(bytes: Uint8Array, field = 'signature'): SignatureWithRegisteredParty {
  const m = cborMap(unversionedCbor(bytes, field), field);
  const sigField = fieldPath(field, 'signature_bytes');
  const regField = fieldPath(field, 'registration_entry_bytes');
  return {
    signature: decodeSingleSignatureBytes(cborBytes(cborMember(m, 'signature_bytes', field), sigField), sigField),
    registration: decodeRegistrationEntryBytes(cborBytes(cborMember(m, 'registration_entry_bytes', field), regField), regField),
  };
}

/**
 * Legacy signature with registered party: `u64_be(len) ‖ reg ‖ u64_be(len) ‖ sig`, with legacy inner values.
 *
 * @param entry - the pair
 * @returns the bytes
 * @example
 * decodeSignatureWithRegisteredPartyLegacy(encodeSignatureWithRegisteredPartyLegacy(entry)); // equal to entry
 */
export function encodeSignatureWithRegisteredPartyLegacy(entry: SignatureWithRegisteredParty): Uint8Array {
  const reg = encodeRegistrationEntryLegacy(entry.registration);
  const sig = encodeSingleSignatureLegacy(entry.signature);
  return concatBytes(u64be(reg.length), reg, u64be(sig.length), sig);
}

/**
 * A signature with registered party from the legacy layout (inner values are versioned: CBOR or legacy).
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the pair
 * @throws {EncodingError} on truncated, trailing or malformed bytes
 * @example
 * decodeSignatureWithRegisteredPartyLegacy(bytes).signature.indexes;
 */
export function decodeSignatureWithRegisteredPartyLegacy(bytes: Uint8Array, field = 'signature'): SignatureWithRegisteredParty {
  const c = new LegacyCursor(bytes, field);
  const reg = c.take(c.size('registration length'), 'registration');
  const sig = c.take(c.size('signature length'), 'signature');
  c.end();
  return {
    registration: decodeRegistrationEntryBytes(reg, fieldPath(field, 'reg_party')),
    signature: decodeSingleSignatureBytes(sig, fieldPath(field, 'sig')),
  };
}

/**
 * `SingleSignatureWithRegisteredParty::from_bytes`: versioned CBOR or legacy.
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the pair
 * @throws {EncodingError} on malformed bytes
 * @example
 * decodeSignatureWithRegisteredPartyBytes(encodeSignatureWithRegisteredPartyCbor(entry)); // equal to entry
 */
export function decodeSignatureWithRegisteredPartyBytes(bytes: Uint8Array, field = 'signature'): SignatureWithRegisteredParty {
  return decodeVersioned(bytes, field, decodeSignatureWithRegisteredPartyCbor, decodeSignatureWithRegisteredPartyLegacy);
}

/**
 * JSON form of a signature with its registered party: `[signature, [vk, stake]]` (stm.md §8.2).
 *
 * @param entry - the pair
 * @returns the JSON value
 * @example
 * signatureWithRegisteredPartyToJson(entry).length; // 2
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
 * @example
 * signatureWithRegisteredPartyFromJson(signatureWithRegisteredPartyToJson(entry)); // equal to entry
 */
export function signatureWithRegisteredPartyFromJson(value: JsonValue, field = 'signature'): SignatureWithRegisteredParty {
  if (Array.isArray(value)) {
    if (value.length !== 2) fail(JSON_BAD, `expected [signature, registration], got ${value.length} elements`, field);
    return {
      signature: singleSignatureFromJson(value[0]!, indexPath(field, 0)),
      registration: registrationEntryFromJson(value[1]!, indexPath(field, 1)),
    };
  }
  const obj = jsonObject(value, field);
  return {
    signature: singleSignatureFromJson(jsonMember(obj, 'sig', field), fieldPath(field, 'sig')),
    registration: registrationEntryFromJson(jsonMember(obj, 'reg_party', field), fieldPath(field, 'reg_party')),
  };
}
