/**
 * The aggregate (multi-)signature, a concatenation proof `{signatures, batch_proof}` (stm.md §6.2, §8.2, §8.3), in
 * every form: versioned CBOR (with its `signature_type` envelope), legacy bytes, serde JSON and the JSON-hex that
 * certificates carry in `multi_signature`. SNARK variants are recognised and refused.
 */
import { concatByteList, concatBytes, u64be } from '../../utils/bytes.js';
import type { AggregateSignature, SignatureWithRegisteredParty } from '../../stm/types.js';
import { CborMap } from '../cbor-value.js';
import { fail, fieldPath, indexPath, toIndex } from '../fields.js';
import { encodeJsonHex } from '../json-hex.js';
import type { JsonObject, JsonValue } from '../json-value.js';
import { stringifyJson } from '../json-write.js';
import { CBOR_BAD, cborArray, cborByteArray, cborBytes, cborMap, cborMember, unversionedCbor, versionedCbor } from './cbor-fields.js';
import { jsonArray, jsonMember, jsonObject } from './json-fields.js';
import { decodeJsonHexAs, type JsonHexDecodeOptions } from './json-hex-typed.js';
import { LegacyCursor } from './legacy-cursor.js';
import {
  decodeMerkleBatchPathBytes,
  encodeMerkleBatchPathCbor,
  encodeMerkleBatchPathLegacy,
  merkleBatchPathFromJson,
  merkleBatchPathToJson,
} from './merkle-batch-path.js';
import {
  decodeSignatureWithRegisteredPartyBytes,
  encodeSignatureWithRegisteredPartyCbor,
  encodeSignatureWithRegisteredPartyLegacy,
  signatureWithRegisteredPartyFromJson,
  signatureWithRegisteredPartyToJson,
} from './signature-with-registered-party.js';
import { decodeCborThenLegacy, decodeVersioned } from './versioned.js';

/**
 * `AggregateSignatureType` byte of the concatenation proof system.
 *
 * @example
 * AGGREGATE_SIGNATURE_TYPE_CONCATENATION // 0: the only proof system a multi-signature may name today
 */
export const AGGREGATE_SIGNATURE_TYPE_CONCATENATION = 0;

function refuseSnarkType(type: number, field: string): void {
  if (type === 1 || type === 2) fail('ENCODING_UNSUPPORTED_VARIANT', `aggregate signature type ${type} (SNARK) is not supported`, field);
}

/**
 * `ConcatenationProof::to_bytes`: `0x01 ‖ {signature_bytes: [[…]…], batch_proof_bytes: […]}` (stm.md §8.3).
 *
 * @param proof - the concatenation proof
 * @returns the versioned CBOR bytes
 * @example
 * decodeConcatenationProofCbor(encodeConcatenationProofCbor(proof)); // equal to proof
 */
export function encodeConcatenationProofCbor(proof: AggregateSignature): Uint8Array {
  return versionedCbor(
    new CborMap([
      ['signature_bytes', proof.signatures.map((s) => cborByteArray(encodeSignatureWithRegisteredPartyCbor(s)))],
      ['batch_proof_bytes', cborByteArray(encodeMerkleBatchPathCbor(proof.batchProof))],
    ]),
  );
}

/**
 * A concatenation proof from versioned CBOR (nested values may be CBOR or legacy bytes).
 *
 * @param bytes - `0x01 ‖ CBOR`
 * @param field - name of the input, for errors
 * @returns the proof
 * @throws {EncodingError} on malformed input
 * @example
 * decodeConcatenationProofCbor(bytes).signatures.length;
 */
export function decodeConcatenationProofCbor(bytes: Uint8Array, field = 'proof'): AggregateSignature {
  const m = cborMap(unversionedCbor(bytes, field), field);
  const sigsField = fieldPath(field, 'signature_bytes');
  const pathField = fieldPath(field, 'batch_proof_bytes');
  const signatures = cborArray(cborMember(m, 'signature_bytes', field), sigsField).map((v, i) => {
    const f = indexPath(sigsField, i);
    return decodeSignatureWithRegisteredPartyBytes(cborBytes(v, f), f);
  });
  const batchProof = decodeMerkleBatchPathBytes(cborBytes(cborMember(m, 'batch_proof_bytes', field), pathField), pathField);
  return { signatures, batchProof };
}

/**
 * Legacy concatenation proof: `u64_be(#sigs) ‖ for each: u64_be(len) ‖ sig_reg ‖ batch path`, inner values legacy.
 *
 * @param proof - the proof
 * @returns the bytes
 * @example
 * decodeConcatenationProofLegacy(encodeConcatenationProofLegacy(proof)); // equal to proof
 */
export function encodeConcatenationProofLegacy(proof: AggregateSignature): Uint8Array {
  const parts: Uint8Array[] = [u64be(proof.signatures.length)];
  for (const s of proof.signatures) {
    const b = encodeSignatureWithRegisteredPartyLegacy(s);
    parts.push(u64be(b.length), b);
  }
  parts.push(encodeMerkleBatchPathLegacy(proof.batchProof));
  return concatByteList(parts);
}

/**
 * A concatenation proof from the legacy layout (inner values versioned).
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the proof
 * @throws {EncodingError} on truncated or malformed bytes
 * @example
 * decodeConcatenationProofLegacy(bytes).batchProof.indices;
 */
export function decodeConcatenationProofLegacy(bytes: Uint8Array, field = 'proof'): AggregateSignature {
  const c = new LegacyCursor(bytes, field);
  const n = c.size('signature count');
  // Each entry takes at least its 8-byte length.
  c.need(n * 8, 'signatures');
  const signatures: SignatureWithRegisteredParty[] = [];
  for (let i = 0; i < n; i++) {
    const len = c.size(`signature ${i} length`);
    const f = indexPath(fieldPath(field, 'signatures'), i);
    signatures.push(decodeSignatureWithRegisteredPartyBytes(c.take(len, `signature ${i}`), f));
  }
  return { signatures, batchProof: decodeMerkleBatchPathBytes(c.rest(), fieldPath(field, 'batch_proof')) };
}

/**
 * `ConcatenationProof::from_bytes`: versioned CBOR or legacy.
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the proof
 * @throws {EncodingError} on malformed bytes
 * @example
 * decodeConcatenationProofBytes(encodeConcatenationProofLegacy(proof)); // equal to proof
 */
export function decodeConcatenationProofBytes(bytes: Uint8Array, field = 'proof'): AggregateSignature {
  return decodeVersioned(bytes, field, decodeConcatenationProofCbor, decodeConcatenationProofLegacy);
}

/**
 * `AggregateSignature::to_bytes`: `0x01 ‖ {signature_type: 0, proof_bytes: […]}` (stm.md §8.3).
 *
 * @param sig - the aggregate signature
 * @returns the versioned CBOR bytes
 * @example
 * decodeAggregateSignatureCbor(encodeAggregateSignatureCbor(sig)); // equal to sig
 */
export function encodeAggregateSignatureCbor(sig: AggregateSignature): Uint8Array {
  return versionedCbor(
    new CborMap([
      ['signature_type', AGGREGATE_SIGNATURE_TYPE_CONCATENATION],
      ['proof_bytes', cborByteArray(encodeConcatenationProofCbor(sig))],
    ]),
  );
}

/**
 * An aggregate signature from versioned CBOR (no legacy fallback; see `decodeAggregateSignatureBytes`).
 *
 * @param bytes - `0x01 ‖ CBOR`
 * @param field - name of the input, for errors
 * @returns the concatenation proof
 * @throws {EncodingError} `ENCODING_UNSUPPORTED_VARIANT` for SNARK types (1, 2); others on malformed input
 * @example
 * decodeAggregateSignatureCbor(bytes).signatures.length;
 */
export function decodeAggregateSignatureCbor(bytes: Uint8Array, field = 'multi_signature'): AggregateSignature {
  const m = cborMap(unversionedCbor(bytes, field), field);
  const typeField = fieldPath(field, 'signature_type');
  const type = toIndex(cborMember(m, 'signature_type', field), typeField, CBOR_BAD);
  refuseSnarkType(type, typeField);
  if (type !== AGGREGATE_SIGNATURE_TYPE_CONCATENATION) fail(CBOR_BAD, `unknown aggregate signature type ${type}`, typeField);
  const proofField = fieldPath(field, 'proof_bytes');
  return decodeConcatenationProofBytes(cborBytes(cborMember(m, 'proof_bytes', field), proofField), proofField);
}

/**
 * Legacy aggregate signature: the type byte `0x00` (concatenation) then the legacy concatenation proof.
 *
 * @param sig - the aggregate signature
 * @returns the bytes
 * @example
 * encodeAggregateSignatureLegacy(sig)[0]; // 0
 */
export function encodeAggregateSignatureLegacy(sig: AggregateSignature): Uint8Array {
  return concatBytes(Uint8Array.of(AGGREGATE_SIGNATURE_TYPE_CONCATENATION), encodeConcatenationProofLegacy(sig));
}

/**
 * An aggregate signature from the legacy layout.
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the concatenation proof
 * @throws {EncodingError} `ENCODING_UNSUPPORTED_VARIANT` for SNARK type bytes; others on malformed bytes
 * @example
 * decodeAggregateSignatureLegacy(encodeAggregateSignatureLegacy(sig)); // equal to sig
 */
export function decodeAggregateSignatureLegacy(bytes: Uint8Array, field = 'multi_signature'): AggregateSignature {
  const c = new LegacyCursor(bytes, field);
  c.need(1, 'signature type');
  const type = bytes[0]!;
  refuseSnarkType(type, field);
  if (type !== AGGREGATE_SIGNATURE_TYPE_CONCATENATION) fail('ENCODING_INVALID_BYTES', `unknown aggregate signature type ${type}`, field);
  return decodeConcatenationProofBytes(bytes.subarray(1), field);
}

/**
 * `AggregateSignature::from_bytes`: CBOR first, then the legacy layout (whose SNARK type byte is also `0x01`).
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the concatenation proof
 * @throws {EncodingError} `ENCODING_UNSUPPORTED_VARIANT` for SNARK proofs; others on malformed bytes
 * @example
 * decodeAggregateSignatureBytes(encodeAggregateSignatureCbor(sig)); // equal to sig
 */
export function decodeAggregateSignatureBytes(bytes: Uint8Array, field = 'multi_signature'): AggregateSignature {
  return decodeCborThenLegacy(bytes, field, decodeAggregateSignatureCbor, decodeAggregateSignatureLegacy);
}

/**
 * JSON form of an aggregate signature (concatenation proof, serde untagged):
 * `{"signatures":[[sig, reg]…],"batch_proof":{…}}` (stm.md §6.2, §8.2).
 *
 * @param sig - the aggregate signature
 * @returns the JSON value
 * @example
 * aggregateSignatureFromJson(aggregateSignatureToJson(sig)); // equal to sig
 */
export function aggregateSignatureToJson(sig: AggregateSignature): JsonObject {
  return new Map<string, JsonValue>([
    ['signatures', sig.signatures.map(signatureWithRegisteredPartyToJson)],
    ['batch_proof', merkleBatchPathToJson(sig.batchProof)],
  ]);
}

/**
 * An aggregate signature from JSON. The externally tagged `{"Snark":…}` / `{"IvcSnark":…}` variants
 * (`future_snark` builds only) are refused.
 *
 * @param value - the JSON value
 * @param field - its path, for errors
 * @returns the concatenation proof
 * @throws {EncodingError} `ENCODING_UNSUPPORTED_VARIANT` for SNARK variants; others on a wrong shape, length or range
 * @example
 * aggregateSignatureFromJson(parseJson(text)).signatures.length;
 */
export function aggregateSignatureFromJson(value: JsonValue, field = 'multi_signature'): AggregateSignature {
  const obj = jsonObject(value, field);
  if (!obj.has('signatures')) {
    for (const tag of ['Snark', 'IvcSnark']) {
      if (obj.has(tag)) fail('ENCODING_UNSUPPORTED_VARIANT', `the ${tag} aggregate signature is not supported`, field);
    }
  }
  const sigsField = fieldPath(field, 'signatures');
  const signatures = jsonArray(jsonMember(obj, 'signatures', field), sigsField).map((v, i) =>
    signatureWithRegisteredPartyFromJson(v, indexPath(sigsField, i)),
  );
  return { signatures, batchProof: merkleBatchPathFromJson(jsonMember(obj, 'batch_proof', field), fieldPath(field, 'batch_proof')) };
}

/**
 * Compact serde JSON text of an aggregate signature.
 *
 * @param sig - the aggregate signature
 * @returns the JSON text
 * @example
 * encodeAggregateSignatureJson(sig); // '{"signatures":[…],"batch_proof":{…}}'
 */
export function encodeAggregateSignatureJson(sig: AggregateSignature): string {
  return stringifyJson(aggregateSignatureToJson(sig));
}

/**
 * JSON-hex of an aggregate signature, as certificates carry it in `multi_signature` (stm.md §8.1).
 *
 * @param sig - the aggregate signature
 * @returns the lowercase JSON-hex string
 * @example
 * encodeAggregateSignatureJsonHex(decodeAggregateSignatureJsonHex(certificate.multi_signature)) === certificate.multi_signature
 */
export function encodeAggregateSignatureJsonHex(sig: AggregateSignature): string {
  return encodeJsonHex(aggregateSignatureToJson(sig));
}

/**
 * Decodes the JSON-hex `multi_signature` of a certificate.
 *
 * @param hex - the JSON-hex string
 * @param field - its name, for errors
 * @param options - canonical (default) or lenient decoding
 * @returns the aggregate signature
 * @throws {EncodingError} `ENCODING_NON_CANONICAL_JSON` (canonical mode), `ENCODING_INVALID_HEX`,
 *   `ENCODING_INVALID_JSON`, `ENCODING_INVALID_LENGTH`, `ENCODING_INVALID_BYTES`, `ENCODING_INTEGER_OUT_OF_RANGE`,
 *   `ENCODING_UNSUPPORTED_VARIANT`
 * @example
 * decodeAggregateSignatureJsonHex(certificate.multiSignature).signatures.length;
 */
export function decodeAggregateSignatureJsonHex(hex: string, field = 'multi_signature', options?: JsonHexDecodeOptions): AggregateSignature {
  return decodeJsonHexAs(hex, field, options, {
    fromJson: aggregateSignatureFromJson,
    toJson: aggregateSignatureToJson,
    fromBytes: decodeAggregateSignatureBytes,
  });
}
