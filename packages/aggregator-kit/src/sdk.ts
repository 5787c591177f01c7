/**
 * The one place where the kit reaches into the SDK. Modules not yet exported by `@mithril/sdk` are imported from the
 * workspace sources; once the SDK entry exports them, only this file changes.
 */
export {
  MithrilError,
  isMithrilError,
  type MithrilErrorCode,
  bytesToHex,
  hexToBytes,
  nobleBackend,
  type BlsBackend,
  KeyRegistration,
  closeRegistration,
  aggregateSignatures,
  verifySingleSignature,
  findSignerIndex,
  type ClosedKeyRegistration,
  type AggregateVerificationKey,
  type StmParameters,
  type SingleSignature,
  type VerificationKeyProofOfPossession,
} from '@mithril/sdk';
export { sha256 } from '../../sdk/src/utils/hash.js';
export { parseJson, stringifyJson, JsonF64, type JsonValue } from '../../sdk/src/codec/json.js';
export { jsonToPlain } from '../../sdk/src/certificate/wire.js';
export {
  decodeVerificationKeyPopJsonHex,
  decodeSingleSignatureJsonHex,
  encodeSingleSignatureJsonHex,
  encodeAggregateSignatureJsonHex,
  encodeAvkJsonHex,
  encodeVerificationKeyPopJsonHex,
} from '../../sdk/src/codec/stm-json.js';
export {
  computeCertificateHash,
  computeProtocolMessageHash,
  computeProtocolParametersHash,
} from '../../sdk/src/certificate/hash.js';
export { parseCertificate } from '../../sdk/src/certificate/schemas.js';
export { createStmMultiSignatureVerifier, verifyCertificate, walkCertificateChain } from '../../sdk/src/certificate/verify.js';
export { parseSignedEntityType } from '../../sdk/src/certificate/signed-entity-type.js';
export { parseTimestamp, type Timestamp } from '../../sdk/src/certificate/timestamp.js';
export { parseGenesisVerificationKey, verifyGenesisSignature } from '../../sdk/src/certificate/genesis.js';
export type {
  Certificate,
  ProtocolMessage,
  ProtocolParameters,
  SignedEntityType,
  SignedEntityTypeName,
} from '../../sdk/src/certificate/types.js';
export type { ChainObserver, StakeDistribution, TimePoint } from '../../sdk/src/chain/observer.js';
export {
  computeCardanoStakeDistributionMerkleRoot,
  computeSignableMessage,
  genesisVerificationKeyFromSecret,
  signGenesisMessage,
  signedEntityTypeAt,
  signedEntityTypeSigningEpoch,
  SIGNABLE_ENTITY_TYPES,
  type SignableEntityType,
  type SignableEntityTypeName,
} from '../../sdk/src/signing/index.js';
