/**
 * Fuzz targets over the STM golden vectors (`stm-golden.json`): every binary encoding (versioned CBOR, legacy bytes)
 * and every serde JSON form, each decoded by the SDK's decoder of its type. Decoders accept whatever is well formed,
 * so only untyped errors count here.
 */
import {
  aggregateSignatureFromJson,
  aggregateVerificationKeyFromJson,
  decodeAggregateSignatureCbor,
  decodeAvkCbor,
  decodeAvkLegacy,
  decodeConcatenationProofCbor,
  decodeInitializerCbor,
  decodeMerkleBatchPathCbor,
  decodeMerkleTreeCommitmentCbor,
  decodeMerkleTreeCommitmentLegacy,
  decodeParametersCbor,
  decodeParametersLegacy,
  decodeRegistrationEntryCbor,
  decodeRegistrationEntryLegacy,
  decodeSignatureWithRegisteredPartyCbor,
  decodeSingleSignatureCbor,
  decodeSingleSignatureLegacy,
  hexToBytes,
  initializerFromJson,
  type JsonValue,
  merkleTreeCommitmentFromJson,
  parametersFromJson,
  parseJson,
  signatureWithRegisteredPartyFromJson,
  singleSignatureFromJson,
  verificationKeyPopFromJson,
} from '@mithril/sdk';
import { goldenFile } from '../golden.js';
import type { FuzzTarget } from './types.js';

const BYTES: Record<string, (bytes: Uint8Array) => unknown> = {
  'parameters.legacy_bytes': decodeParametersLegacy,
  'parameters.cbor': decodeParametersCbor,
  'merkle.batch_commitment_default4.legacy_bytes': decodeMerkleTreeCommitmentLegacy,
  'merkle.batch_commitment_default4.cbor': decodeMerkleTreeCommitmentCbor,
  'merkle.batch_path_default4_indices_0_2.cbor': decodeMerkleBatchPathCbor,
  'closed_registration_entry.legacy_bytes': decodeRegistrationEntryLegacy,
  'closed_registration_entry.cbor': decodeRegistrationEntryCbor,
  'aggregate_verification_key.legacy_bytes': decodeAvkLegacy,
  'aggregate_verification_key.cbor': decodeAvkCbor,
  'single_signature.legacy_bytes': decodeSingleSignatureLegacy,
  'single_signature.cbor': decodeSingleSignatureCbor,
  'single_signature_with_registered_party.cbor': decodeSignatureWithRegisteredPartyCbor,
  'aggregate_signature.cbor': decodeAggregateSignatureCbor,
  'concatenation_proof.cbor': decodeConcatenationProofCbor,
  'initializer.cbor': decodeInitializerCbor,
};

const JSON_FORMS: Record<string, (value: JsonValue) => unknown> = {
  'bls.verification_key_pop.json': verificationKeyPopFromJson,
  'parameters.json': parametersFromJson,
  'merkle.batch_commitment_default4.json': merkleTreeCommitmentFromJson,
  'key_registration.commitment_4_initializers.json': merkleTreeCommitmentFromJson,
  'aggregate_verification_key.json': aggregateVerificationKeyFromJson,
  'single_signature.json': singleSignatureFromJson,
  'single_signature_with_registered_party.json': signatureWithRegisteredPartyFromJson,
  'aggregate_signature.json': aggregateSignatureFromJson,
  'initializer.json': initializerFromJson,
};

/**
 * The two STM targets: binary encodings and JSON forms.
 *
 * @returns the targets
 * @example
 * const [bytes, json] = stmTargets();
 */
export function stmTargets(): FuzzTarget[] {
  const vectors = goldenFile().vectors;
  const binary = vectors.filter((v) => BYTES[v.id] !== undefined);
  const json = vectors.filter((v) => JSON_FORMS[v.id] !== undefined);
  return [
    {
      name: 'stm-bytes',
      kind: 'bytes',
      seeds: binary.map((v) => v.expected_hex!),
      verifies: false,
      weight: 3,
      async check(input, seedIndex) {
        BYTES[binary[seedIndex]!.id]!(hexToBytes(input));
        return '';
      },
    },
    {
      name: 'stm-json',
      kind: 'json',
      seeds: json.map((v) => v.expected_json_compact!),
      verifies: false,
      weight: 2,
      async check(input, seedIndex) {
        JSON_FORMS[json[seedIndex]!.id]!(parseJson(input));
        return '';
      },
    },
  ];
}
