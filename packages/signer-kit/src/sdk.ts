/** The one place where this kit reaches into the SDK: everything comes through the `@mithril/sdk` entry. */
export type { ChainObserver, StakeDistribution } from '@mithril/sdk';
export { MithrilError, isMithrilError } from '@mithril/sdk';
export { createHttpTransport, type HttpTransport, type PostBody } from '@mithril/sdk';
export { bytesToHex, equalBytes, hexToBytes } from '@mithril/sdk';
export type { BlsBackend } from '@mithril/sdk';
export { signingKeyFromBytes, signingKeyToBytes } from '@mithril/sdk';
export { generateStmKeyPair, createSingleSignature, nobleLotteryHasher, type LotteryHasher } from '@mithril/sdk';
export { closeRegistration, findSignerIndex } from '@mithril/sdk';
export {
  decodeVerificationKeyPopJsonHex,
  encodeSingleSignatureJsonHex,
  encodeVerificationKeyPopJsonHex,
} from '@mithril/sdk';
export type { SignedEntityType } from '@mithril/sdk';
export {
  encodeOperationalCertificateJsonHex,
  encodeSum6SignatureJsonHex,
  encodeVerificationKeyPopBytes,
  operationalCertificatePartyId,
  signWithOperationalCertificate,
  type OperationalCertificate,
  type Sum6SecretKey,
} from '@mithril/sdk';
export {
  encodeRegisterSignatureMessage,
  encodeRegisterSignerMessage,
  parseEpochSettings,
  parseProtocolConfigurationMessage,
  type EpochSettings,
  type ProtocolConfigurationMessage,
  type RegisterSignatureMessage,
  type RegisterSignerMessage,
  type Signer as EpochSettingsSigner,
} from '@mithril/sdk';
export {
  CARDANO_DB_SIGNED_ENTITY_TYPES,
  computeCardanoDbSignableMessage,
  computeImmutableFilesMerkleRoot,
  computeSnapshotDigest,
  type CardanoDbSignedEntityType,
  type CardanoDbSignedEntityTypeName,
  type ProtocolMessageSeed,
} from '@mithril/sdk';
export {
  computeSignableMessage,
  SIGNABLE_ENTITY_TYPES,
  signedEntityTypeAt,
  signerRecordingEpoch,
  type SignableEntityType,
  type SignableEntityTypeName,
} from '@mithril/sdk';
export {
  cardanoTransactionsBlockNumberToSign,
  computeCardanoTransactionsMerkleMap,
  computeProtocolMessageHash,
  seedMessageParts,
  type SigningConfig,
} from '@mithril/sdk';
