/**
 * Encoding side of the aggregator wire messages (nodes.md §1.4): typed values to the lossless JSON model of
 * `codec/json.ts`, in the reference's field order, so that a parsed message encodes back to the same text.
 */
import { JsonF64, type JsonObject, type JsonValue } from '../codec/json.js';
import type { Signer, SigningConfig } from '../certificate/aggregator-messages.js';
import { CertificateError } from '../certificate/errors.js';
import type { ProtocolParameters } from '../certificate/types.js';
import { U64_MAX } from '../utils/bytes.js';

/**
 * The error every message parser and encoder of this module throws for a bad value.
 *
 * @param field - the path of the offending field
 * @param message - what is wrong with it
 * @returns a `MESSAGE_INVALID` error naming the field
 */
export function messageInvalid(field: string, message: string): CertificateError {
  return new CertificateError('MESSAGE_INVALID', message, { field });
}

/**
 * A u64 for the JSON emitter, refusing values the reference could not decode.
 *
 * @param value - the integer
 * @param field - its path, for errors
 * @returns the value
 * @throws {CertificateError} `MESSAGE_INVALID` when negative or above 2^64 − 1
 */
export function u64ToJson(value: bigint, field: string): bigint {
  if (value < 0n || value > U64_MAX) throw messageInvalid(field, 'expected an unsigned 64-bit integer');
  return value;
}

/**
 * A lottery index for the JSON emitter (`number`, as in the STM types).
 *
 * @param value - the index
 * @param field - its path, for errors
 * @returns the value
 * @throws {CertificateError} `MESSAGE_INVALID` unless a non-negative safe integer
 */
export function indexToJson(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw messageInvalid(field, 'expected an unsigned integer');
  return value;
}

/**
 * An object from `[key, value]` entries, leaving out the entries whose value is `undefined` (the reference skips
 * `None` options rather than writing `null`).
 *
 * @param entries - entries in wire order
 * @returns the JSON object
 */
export function objectToJson(entries: readonly (readonly [string, JsonValue | undefined])[]): JsonObject {
  const out: JsonObject = new Map();
  for (const [key, value] of entries) if (value !== undefined) out.set(key, value);
  return out;
}

/**
 * Wire form `{k, m, phi_f}` of protocol parameters; `phi_f` keeps serde's `f64` spelling (`1.0`).
 *
 * @param parameters - the parameters
 * @param field - its path, for errors
 * @returns the JSON object
 * @throws {CertificateError} `MESSAGE_INVALID` on an out-of-range `k` / `m` or a non-finite `phi_f`
 * @example
 * stringifyJson(protocolParametersToJson({ k: 5n, m: 100n, phiF: 0.65 })); // '{"k":5,"m":100,"phi_f":0.65}'
 */
export function protocolParametersToJson(parameters: ProtocolParameters, field = 'protocol_parameters'): JsonObject {
  if (!Number.isFinite(parameters.phiF)) throw messageInvalid(`${field}.phi_f`, 'expected a finite number');
  return objectToJson([
    ['k', u64ToJson(parameters.k, `${field}.k`)],
    ['m', u64ToJson(parameters.m, `${field}.m`)],
    ['phi_f', new JsonF64(parameters.phiF)],
  ]);
}

/**
 * Wire form `{security_parameter, step}` of a transactions signing configuration.
 *
 * @param config - the configuration
 * @param field - its path, for errors
 * @returns the JSON object
 * @throws {CertificateError} `MESSAGE_INVALID` on an out-of-range value
 */
export function signingConfigToJson(config: SigningConfig, field: string): JsonObject {
  return objectToJson([
    ['security_parameter', u64ToJson(config.securityParameter, `${field}.security_parameter`)],
    ['step', u64ToJson(config.step, `${field}.step`)],
  ]);
}

/**
 * Wire form of a `Signer` (nodes.md §1.4); absent optional members are left out.
 *
 * @param signer - the signer
 * @param field - its path, for errors
 * @returns the JSON object
 * @throws {CertificateError} `MESSAGE_INVALID` on an out-of-range `kes_period`
 *
 * @example
 * toJsonText(signerToJson({ partyId: 'pool1…', verificationKey: '7b22…' })) // '{"party_id":"pool1…","verification_key":"7b22…"}'
 */
export function signerToJson(signer: Signer, field = 'signer'): JsonObject {
  return objectToJson([
    ['party_id', signer.partyId],
    ['verification_key', signer.verificationKey],
    ['verification_key_signature', signer.verificationKeySignature],
    ['operational_certificate', signer.operationalCertificate],
    ['kes_period', signer.kesPeriod === undefined ? undefined : u64ToJson(signer.kesPeriod, `${field}.kes_period`)],
  ]);
}
