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
} from '@mithril/sdk';
export { JsonF64, parseJson, toJsonText } from '@mithril/sdk';
export { jsonToPlain } from '@mithril/sdk';
export {
  decodeVerificationKeyPopJsonHex,
  decodeSingleSignatureJsonHex,
  encodeSingleSignatureJsonHex,
  encodeAggregateSignatureJsonHex,
  encodeAvkJsonHex,
  encodeVerificationKeyPopJsonHex,
} from '@mithril/sdk';
export { computeCertificateHash } from '@mithril/sdk';
export { parseCertificate } from '@mithril/sdk';
export { verifyCertificate, walkCertificateChain, type MultiSignatureVerifier } from '@mithril/sdk';
export { parseSignedEntityType } from '@mithril/sdk';
export {
  encodeEpochSettings,
  encodeProtocolConfigurationMessage,
  parseRegisterSignatureMessage,
  parseRegisterSignerMessage,
  protocolParametersToJson,
  type Signer,
} from '@mithril/sdk';
export { parseTimestamp } from '@mithril/sdk';
export { parseGenesisVerificationKey, verifyGenesisSignature } from '@mithril/sdk';
export type { Certificate, ProtocolParameters } from '@mithril/sdk';
export type { ChainObserver, TimePoint } from '@mithril/sdk';
export {
  decodeOperationalCertificateJsonHex,
  decodeSum6SignatureJsonHex,
  encodeVerificationKeyPopBytes,
  verifySignerCertification,
} from '@mithril/sdk';
export {
  computeCardanoStakeDistributionMerkleRoot,
  computeSignableMessage,
  genesisVerificationKeyFromSecret,
  signGenesisMessage,
  signedEntityTypeAt,
  SIGNABLE_ENTITY_TYPES,
  type SignableEntityType,
  type SignableEntityTypeName,
} from '@mithril/sdk';
export {
  artifactKindsOf,
  CARDANO_STAKE_DISTRIBUTION_KIND,
  encodeCertificate,
  MITHRIL_STAKE_DISTRIBUTION_KIND,
  signedEntityTypeDescriptor,
  signedEntityTypeKey,
  type ArtifactKind,
  type SignableBehaviour,
  type ProtocolMessageParts,
} from '@mithril/sdk';
export {
  sha256,
  hexToBytes,
  CARDANO_DATABASE_KIND,
  SNAPSHOT_KIND,
  computeCardanoDatabaseId,
  computeCardanoDatabaseMerkleRoot,
  type ArtifactLocation,
  type CardanoDatabaseDigest,
  type ImmutablesLocation,
} from '@mithril/sdk';
export {
  computeCardanoDbSignableMessage,
  type CardanoDbSignedEntityType,
  type ProtocolMessageSeed,
  type SignableMessage,
  type SignedEntityType,
} from '@mithril/sdk';
export {
  cardanoTransactionsBlockNumberToSign,
  type CardanoTransactionsSigningConfig,
  computeCardanoTransactionsMerkleMap,
  computeProtocolMessageHash,
  encodeMkMapProofJsonHex,
  seedMessageParts,
  type CardanoTransactionsMerkleMap,
} from '@mithril/sdk';
