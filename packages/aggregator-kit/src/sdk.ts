/** The one place where this kit reaches into the SDK: everything comes through the `@mithril/sdk` entry. */
export {
  MithrilError,
  isMithrilError,
  type MithrilErrorCode,
  errorCodeTable,
  type ErrorCodeTable,
  bytesToHex,
  compareBytes,
  computeCardanoStakeDistributionId,
  computeMithrilStakeDistributionId,
  hexToBytes,
  nobleBackend,
  type BlsBackend,
  KeyRegistration,
  closeRegistration,
  aggregateSignatures,
  type AggregateSignaturesResult,
  verifySingleSignature,
  verifySingleSignaturesBatch,
  verifyAggregateSignature,
  createStmVerificationCache,
  nobleLotteryHasher,
  findSignerIndex,
  type LotteryHasher,
  type RegistrationEntry,
  type StmVerificationCache,
  type ClosedKeyRegistration,
  type AggregateVerificationKey,
  type StmParameters,
  type SingleSignature,
  type VerificationKeyProofOfPossession,
} from '@mithril/sdk';
export { sha256 } from '@mithril/sdk';
export { parseJson, stringifyJson, toJsonText, JsonF64, type JsonValue } from '@mithril/sdk';
export { jsonToPlain } from '@mithril/sdk';
export {
  decodeVerificationKeyPopJsonHex,
  decodeSingleSignatureJsonHex,
  encodeSingleSignatureJsonHex,
  encodeAggregateSignatureJsonHex,
  encodeAvkJsonHex,
  encodeVerificationKeyPopJsonHex,
} from '@mithril/sdk';
export {
  computeCertificateHash,
  computeProtocolMessageHash,
  computeProtocolParametersHash,
} from '@mithril/sdk';
export { parseCertificate } from '@mithril/sdk';
export { createStmMultiSignatureVerifier, verifyCertificate, walkCertificateChain, type MultiSignatureVerifier } from '@mithril/sdk';
export { parseSignedEntityType } from '@mithril/sdk';
export {
  encodeEpochSettings,
  encodeProtocolConfigurationMessage,
  parseRegisterSignatureMessage,
  parseRegisterSignerMessage,
  protocolParametersToJson,
  signedEntityTypeToJson,
  type Signer,
} from '@mithril/sdk';
export { parseTimestamp, type Timestamp } from '@mithril/sdk';
export { parseGenesisVerificationKey, verifyGenesisSignature } from '@mithril/sdk';
export type {
  Certificate,
  ProtocolMessage,
  ProtocolParameters,
  SignedEntityType,
  SignedEntityTypeName,
} from '@mithril/sdk';
export type { ChainObserver, StakeDistribution, TimePoint } from '@mithril/sdk';
export {
  computeCardanoStakeDistributionMerkleRoot,
  computeSignableMessage,
  genesisVerificationKeyFromSecret,
  signGenesisMessage,
  signedEntityTypeAt,
  signedEntityTypeSigningEpoch,
  CARDANO_STAKE_DISTRIBUTION_SNAPSHOT_OFFSET,
  SIGNABLE_ENTITY_TYPES,
  type SignableEntityType,
  type SignableEntityTypeName,
} from '@mithril/sdk';
export {
  artifactKindDescriptor,
  artifactKindsOf,
  CARDANO_STAKE_DISTRIBUTION_KIND,
  encodeCertificate,
  MITHRIL_STAKE_DISTRIBUTION_KIND,
  signedEntityTypeDescriptor,
  signedEntityTypeKey,
  type ArtifactKind,
  type SignableBehaviour,
  type ProtocolMessageParts,
  type CardanoStakeDistribution,
  type MithrilStakeDistribution,
} from '@mithril/sdk';
