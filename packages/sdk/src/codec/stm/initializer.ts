/**
 * A signer initializer (`mithril-stm` `Initializer`: stake, parameters, signing key, VK+PoP) in its versioned CBOR
 * and serde JSON forms.
 */
import type { StmParameters, VerificationKeyProofOfPossession } from '../../stm/types.js';
import { CborMap } from '../cbor-value.js';
import { BLS_PROOF_OF_POSSESSION_BYTES, BLS_SIGNING_KEY_BYTES, BLS_VERIFICATION_KEY_BYTES, fieldPath, toU64 } from '../fields.js';
import type { JsonObject, JsonValue } from '../json-value.js';
import { CBOR_BAD, cborByteArray, cborBytes, cborMap, cborMember, unversionedCbor, versionedCbor } from './cbor-fields.js';
import { JSON_BAD, bytesFromJson, bytesToJson, jsonMember, jsonObject, u64Json } from './json-fields.js';
import { parametersCborMap, parametersFromCborMap, parametersFromJson, parametersToJson } from './parameters.js';
import { verificationKeyPopFromJson, verificationKeyPopToJson } from './verification-key.js';

/**
 * A signer initializer (`mithril-stm` `Initializer`): stake, parameters, BLS signing key and VK+PoP. Only the codec
 * uses it; it holds a secret key, so handle with care.
 */
export interface StmInitializer {
  readonly stake: bigint;
  readonly parameters: StmParameters;
  /** 32-byte big-endian BLS signing key. */
  readonly signingKey: Uint8Array;
  readonly verificationKeyPop: VerificationKeyProofOfPossession;
}

/**
 * `Initializer::to_bytes`: `0x01 ‖ {stake, params: {…}, sk: [32], pk: {vk, pop}}`.
 *
 * @param init - the initializer
 * @returns the versioned CBOR bytes
 * @throws {EncodingError} `ENCODING_INTEGER_OUT_OF_RANGE` when the stake or a parameter exceeds u64
 * @example
 * decodeInitializerCbor(encodeInitializerCbor(init)); // equal to init
 */
export function encodeInitializerCbor(init: StmInitializer): Uint8Array {
  return versionedCbor(
    new CborMap([
      ['stake', init.stake],
      ['params', parametersCborMap(init.parameters)],
      ['sk', cborByteArray(init.signingKey)],
      [
        'pk',
        new CborMap([
          ['vk', cborByteArray(init.verificationKeyPop.vk)],
          ['pop', cborByteArray(init.verificationKeyPop.pop)],
        ]),
      ],
    ]),
  );
}

/**
 * A signer initializer from versioned CBOR.
 *
 * @param bytes - `0x01 ‖ CBOR`
 * @param field - name of the input, for errors
 * @returns the initializer
 * @throws {EncodingError} on malformed input
 * @example
 * decodeInitializerCbor(bytes).stake; // 1000n
 */
export function decodeInitializerCbor(bytes: Uint8Array, field = 'initializer'): StmInitializer {
  const m = cborMap(unversionedCbor(bytes, field), field);
  const pkField = fieldPath(field, 'pk');
  const pk = cborMap(cborMember(m, 'pk', field), pkField);
  return {
    stake: toU64(cborMember(m, 'stake', field), fieldPath(field, 'stake'), CBOR_BAD),
    parameters: parametersFromCborMap(cborMember(m, 'params', field), fieldPath(field, 'params')),
    signingKey: cborBytes(cborMember(m, 'sk', field), fieldPath(field, 'sk'), BLS_SIGNING_KEY_BYTES),
    verificationKeyPop: {
      vk: cborBytes(cborMember(pk, 'vk', pkField), fieldPath(pkField, 'vk'), BLS_VERIFICATION_KEY_BYTES),
      pop: cborBytes(cborMember(pk, 'pop', pkField), fieldPath(pkField, 'pop'), BLS_PROOF_OF_POSSESSION_BYTES),
    },
  };
}

/**
 * JSON form of a signer initializer: `{"stake","params","sk","pk"}`.
 *
 * @param init - the initializer
 * @returns the JSON value
 * @example
 * initializerFromJson(initializerToJson(init)); // equal to init
 */
export function initializerToJson(init: StmInitializer): JsonObject {
  return new Map<string, JsonValue>([
    ['stake', u64Json(init.stake)],
    ['params', parametersToJson(init.parameters)],
    ['sk', bytesToJson(init.signingKey)],
    ['pk', verificationKeyPopToJson(init.verificationKeyPop)],
  ]);
}

/**
 * A signer initializer from JSON.
 *
 * @param value - the JSON value
 * @param field - its path, for errors
 * @returns the initializer
 * @throws {EncodingError} on a wrong shape, length or range
 * @example
 * initializerFromJson(parseJson(text)).signingKey.length; // 32
 */
export function initializerFromJson(value: JsonValue, field = 'initializer'): StmInitializer {
  const obj = jsonObject(value, field);
  return {
    stake: toU64(jsonMember(obj, 'stake', field), fieldPath(field, 'stake'), JSON_BAD),
    parameters: parametersFromJson(jsonMember(obj, 'params', field), fieldPath(field, 'params')),
    signingKey: bytesFromJson(jsonMember(obj, 'sk', field), fieldPath(field, 'sk'), BLS_SIGNING_KEY_BYTES),
    verificationKeyPop: verificationKeyPopFromJson(jsonMember(obj, 'pk', field), fieldPath(field, 'pk')),
  };
}
