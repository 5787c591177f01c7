/**
 * The codec entry: lossless JSON, JSON-hex, CBOR, and the STM types in every form (one module per STM type under
 * `stm/`, each holding its CBOR, legacy-bytes, JSON and JSON-hex forms).
 */
export * from './json.js';
export * from './json-hex.js';
export * from './cbor.js';
export {
  BLS_PROOF_OF_POSSESSION_BYTES,
  BLS_SIGNATURE_BYTES,
  BLS_SIGNING_KEY_BYTES,
  BLS_VERIFICATION_KEY_BYTES,
} from './fields.js';
export {
  decodeParametersBytes,
  decodeParametersCbor,
  decodeParametersLegacy,
  encodeParametersCbor,
  encodeParametersLegacy,
  parametersFromJson,
  parametersToJson,
} from './stm/parameters.js';
export {
  decodeVerificationKeyPopBytes,
  decodeVerificationKeyPopJsonHex,
  encodeVerificationKeyPopBytes,
  encodeVerificationKeyPopJsonHex,
  verificationKeyPopFromJson,
  verificationKeyPopToJson,
} from './stm/verification-key.js';
export {
  decodeInitializerCbor,
  encodeInitializerCbor,
  initializerFromJson,
  initializerToJson,
  type StmInitializer,
} from './stm/initializer.js';
export {
  decodeRegistrationEntryBytes,
  decodeRegistrationEntryCbor,
  decodeRegistrationEntryLegacy,
  encodeRegistrationEntryCbor,
  encodeRegistrationEntryLegacy,
  registrationEntryFromJson,
  registrationEntryToJson,
} from './stm/registration-entry.js';
export {
  decodeSingleSignatureBytes,
  decodeSingleSignatureCbor,
  decodeSingleSignatureJsonHex,
  decodeSingleSignatureLegacy,
  encodeSingleSignatureCbor,
  encodeSingleSignatureJsonHex,
  encodeSingleSignatureLegacy,
  singleSignatureFromJson,
  singleSignatureToJson,
} from './stm/single-signature.js';
export {
  decodeSignatureWithRegisteredPartyBytes,
  decodeSignatureWithRegisteredPartyCbor,
  decodeSignatureWithRegisteredPartyLegacy,
  encodeSignatureWithRegisteredPartyCbor,
  encodeSignatureWithRegisteredPartyLegacy,
  signatureWithRegisteredPartyFromJson,
  signatureWithRegisteredPartyToJson,
} from './stm/signature-with-registered-party.js';
export {
  decodeMerkleBatchPathBytes,
  decodeMerkleBatchPathCbor,
  decodeMerkleBatchPathLegacy,
  encodeMerkleBatchPathCbor,
  encodeMerkleBatchPathLegacy,
  merkleBatchPathFromJson,
  merkleBatchPathToJson,
} from './stm/merkle-batch-path.js';
export {
  decodeMerkleTreeCommitmentBytes,
  decodeMerkleTreeCommitmentCbor,
  decodeMerkleTreeCommitmentLegacy,
  encodeMerkleTreeCommitmentCbor,
  encodeMerkleTreeCommitmentLegacy,
  merkleTreeCommitmentFromJson,
  merkleTreeCommitmentToJson,
} from './stm/merkle-tree-commitment.js';
export {
  aggregateVerificationKeyFromJson,
  aggregateVerificationKeyToJson,
  decodeAvkBytes,
  decodeAvkCbor,
  decodeAvkJsonHex,
  decodeAvkLegacy,
  encodeAvkCbor,
  encodeAvkJson,
  encodeAvkJsonHex,
  encodeAvkLegacy,
} from './stm/aggregate-verification-key.js';
export {
  AGGREGATE_SIGNATURE_TYPE_CONCATENATION,
  aggregateSignatureFromJson,
  aggregateSignatureToJson,
  decodeAggregateSignatureBytes,
  decodeAggregateSignatureCbor,
  decodeAggregateSignatureJsonHex,
  decodeAggregateSignatureLegacy,
  decodeConcatenationProofBytes,
  decodeConcatenationProofCbor,
  decodeConcatenationProofLegacy,
  encodeAggregateSignatureCbor,
  encodeAggregateSignatureJson,
  encodeAggregateSignatureJsonHex,
  encodeAggregateSignatureLegacy,
  encodeConcatenationProofCbor,
  encodeConcatenationProofLegacy,
} from './stm/aggregate-signature.js';
export { CBOR_V1_PREFIX } from './stm/cbor-fields.js';
export {
  bytesFromJson,
  bytesToJson,
} from './stm/json-fields.js';
export type { JsonHexDecodeOptions } from './stm/json-hex-typed.js';
