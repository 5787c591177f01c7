/** The one place where this kit reaches into the SDK: everything comes through the `@mithril/sdk` entry. */
export type { ChainObserver, StakeDistribution, TimePoint } from '@mithril/sdk';
export { MithrilError, isMithrilError, type MithrilErrorCode, type MithrilErrorOptions } from '@mithril/sdk';
export { createHttpTransport, type HttpTransport, type PostBody } from '@mithril/sdk';
export { bytesToHex, equalBytes, hexToBytes, U64_MAX } from '@mithril/sdk';
export type { BlsBackend } from '@mithril/sdk';
export { signingKeyFromBytes, signingKeyToBytes } from '@mithril/sdk';
export { generateStmKeyPair, createSingleSignature, nobleLotteryHasher, type LotteryHasher } from '@mithril/sdk';
export { closeRegistration, findSignerIndex } from '@mithril/sdk';
export type { SingleSignature, StmParameters, VerificationKeyProofOfPossession } from '@mithril/sdk';
export {
  decodeVerificationKeyPopJsonHex,
  encodeSingleSignatureJsonHex,
  encodeVerificationKeyPopJsonHex,
} from '@mithril/sdk';
export type { ProtocolParameters, SignedEntityType } from '@mithril/sdk';
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
  computeSignableMessage,
  SIGNABLE_ENTITY_TYPES,
  signedEntityTypeAt,
  signerRecordingEpoch,
  signerRetrievalEpoch,
  type SignableEntityType,
  type SignableEntityTypeName,
} from '@mithril/sdk';
export { MITHRIL_API_VERSION } from '@mithril/sdk';
