/**
 * STM protocol parameters `{m, k, phi_f}` (stm.md §2) in every form: versioned CBOR, legacy bytes and serde JSON.
 */
import { concatBytes, u64be } from '../../utils/bytes.js';
import type { StmParameters } from '../../stm/types.js';
import { CborFloat, CborMap, type CborValue } from '../cbor-value.js';
import { describe, fail, fieldPath, toU64 } from '../fields.js';
import { JsonF64, type JsonObject, type JsonValue } from '../json-value.js';
import { CBOR_BAD, cborMap, cborMember, unversionedCbor, versionedCbor } from './cbor-fields.js';
import { JSON_BAD, jsonMember, jsonObject, u64Json } from './json-fields.js';
import { LegacyCursor } from './legacy-cursor.js';
import { decodeVersioned } from './versioned.js';

/**
 * The CBOR map of parameters, also nested inline in the initializer.
 *
 * @param p - the parameters
 * @returns the map `{m, k, phi_f}`
 */
export function parametersCborMap(p: StmParameters): CborMap {
  return new CborMap([
    ['m', p.m],
    ['k', p.k],
    ['phi_f', new CborFloat(p.phiF)],
  ]);
}

/**
 * Parameters from their decoded CBOR map.
 *
 * @param value - the decoded value
 * @param field - its path
 * @returns the parameters
 * @throws {EncodingError} on a wrong shape or range
 */
export function parametersFromCborMap(value: CborValue, field: string): StmParameters {
  const m = cborMap(value, field);
  const phi = cborMember(m, 'phi_f', field);
  let phiF: number;
  if (phi instanceof CborFloat) phiF = phi.value;
  else if (typeof phi === 'number') phiF = phi;
  else return fail(CBOR_BAD, `expected a float, got ${describe(phi)}`, fieldPath(field, 'phi_f'));
  return {
    m: toU64(cborMember(m, 'm', field), fieldPath(field, 'm'), CBOR_BAD),
    k: toU64(cborMember(m, 'k', field), fieldPath(field, 'k'), CBOR_BAD),
    phiF,
  };
}

/**
 * `Parameters::to_bytes`: `0x01 ‖ {m, k, phi_f}` (stm.md §2).
 *
 * @param params - the parameters
 * @returns the versioned CBOR bytes
 * @throws {EncodingError} `ENCODING_INTEGER_OUT_OF_RANGE` when m or k exceeds u64
 * @example
 * encodeParametersCbor({ m: 100n, k: 5n, phiF: 0.65 })[0]; // 0x01
 */
export function encodeParametersCbor(params: StmParameters): Uint8Array {
  return versionedCbor(parametersCborMap(params));
}

/**
 * Parameters from versioned CBOR.
 *
 * @param bytes - `0x01 ‖ CBOR`
 * @param field - name of the input, for errors
 * @returns the parameters
 * @throws {EncodingError} `ENCODING_INVALID_CBOR` or `ENCODING_INTEGER_OUT_OF_RANGE`
 * @example
 * decodeParametersCbor(encodeParametersCbor(params)); // equal to params
 */
export function decodeParametersCbor(bytes: Uint8Array, field = 'parameters'): StmParameters {
  return parametersFromCborMap(unversionedCbor(bytes, field), field);
}

/**
 * Legacy parameters: `u64_be(m) ‖ u64_be(k) ‖ f64_be(phi_f)`, 24 bytes (stm.md §2).
 *
 * @param params - the parameters
 * @returns the 24 bytes
 * @throws {EncodingError} `ENCODING_INTEGER_OUT_OF_RANGE` when m or k exceeds u64
 * @example
 * encodeParametersLegacy({ m: 100n, k: 5n, phiF: 0.65 }).length; // 24
 */
export function encodeParametersLegacy(params: StmParameters): Uint8Array {
  const phi = new Uint8Array(8);
  new DataView(phi.buffer).setFloat64(0, params.phiF);
  return concatBytes(u64be(params.m, 'm'), u64be(params.k, 'k'), phi);
}

/**
 * Parameters from the legacy 24-byte layout.
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the parameters
 * @throws {EncodingError} `ENCODING_INVALID_LENGTH` unless exactly 24 bytes
 * @example
 * decodeParametersLegacy(encodeParametersLegacy(params)); // equal to params
 */
export function decodeParametersLegacy(bytes: Uint8Array, field = 'parameters'): StmParameters {
  const c = new LegacyCursor(bytes, field);
  const m = c.u64('m');
  const k = c.u64('k');
  const phiF = new DataView(c.take(8, 'phi_f').buffer).getFloat64(0);
  c.end();
  return { m, k, phiF };
}

/**
 * `Parameters::from_bytes`: versioned CBOR or the legacy 24 bytes.
 *
 * @param bytes - the bytes
 * @param field - name of the input, for errors
 * @returns the parameters
 * @throws {EncodingError} on malformed bytes
 * @example
 * decodeParametersBytes(encodeParametersLegacy(params)); // equal to params
 */
export function decodeParametersBytes(bytes: Uint8Array, field = 'parameters'): StmParameters {
  return decodeVersioned(bytes, field, decodeParametersCbor, decodeParametersLegacy);
}

/**
 * JSON form of STM parameters: `{"m","k","phi_f"}` (stm.md §2).
 *
 * @param params - the parameters
 * @returns the JSON value
 * @example
 * stringifyJson(parametersToJson({ m: 100n, k: 5n, phiF: 1 })); // '{"m":100,"k":5,"phi_f":1.0}'
 */
export function parametersToJson(params: StmParameters): JsonObject {
  return new Map<string, JsonValue>([
    ['m', u64Json(params.m)],
    ['k', u64Json(params.k)],
    ['phi_f', new JsonF64(params.phiF)],
  ]);
}

/**
 * STM parameters from their JSON form.
 *
 * @param value - the JSON value
 * @param field - its path, for errors
 * @returns the parameters (not validated for protocol use)
 * @throws {EncodingError} on a wrong shape or out-of-range integers
 * @example
 * parametersFromJson(parseJson('{"m":100,"k":5,"phi_f":0.65}')); // { m: 100n, k: 5n, phiF: 0.65 }
 */
export function parametersFromJson(value: JsonValue, field = 'parameters'): StmParameters {
  const obj = jsonObject(value, field);
  const raw = jsonMember(obj, 'phi_f', field);
  // An f64 field takes a float literal and, as serde does, an integer one.
  const phi = raw instanceof JsonF64 ? raw.value : raw;
  if (typeof phi !== 'number') fail(JSON_BAD, `expected a number, got ${describe(phi)}`, fieldPath(field, 'phi_f'));
  return {
    m: toU64(jsonMember(obj, 'm', field), fieldPath(field, 'm'), JSON_BAD),
    k: toU64(jsonMember(obj, 'k', field), fieldPath(field, 'k'), JSON_BAD),
    phiF: phi,
  };
}
