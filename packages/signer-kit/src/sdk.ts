/**
 * The SDK surface the signer kit uses, in one place. The SDK's package entry does not export these modules yet, so
 * they are reached through the workspace sources; once `@mithril/sdk` exports them this file becomes a plain
 * re-export of the package.
 */
export type { ChainObserver, StakeDistribution, TimePoint } from '../../sdk/src/chain/observer.js';
export { MithrilError, isMithrilError } from '../../sdk/src/errors.js';
export { bytesToHex, equalBytes, hexToBytes, U64_MAX } from '../../sdk/src/utils/bytes.js';
export type { BlsBackend } from '../../sdk/src/bls/backend.js';
export { signingKeyFromBytes, signingKeyToBytes } from '../../sdk/src/bls/keygen.js';
export { generateStmKeyPair, createSingleSignature } from '../../sdk/src/stm/signer.js';
export { closeRegistration, findSignerIndex } from '../../sdk/src/stm/registration.js';
export type { SingleSignature, StmParameters, VerificationKeyProofOfPossession } from '../../sdk/src/stm/types.js';
export {
  decodeVerificationKeyPopJsonHex,
  encodeSingleSignatureJsonHex,
  encodeVerificationKeyPopJsonHex,
} from '../../sdk/src/codec/stm-json.js';
export { parseJson, stringifyJson, type JsonValue } from '../../sdk/src/codec/json.js';
export { jsonToPlain } from '../../sdk/src/certificate/wire.js';
export type { ProtocolParameters, SignedEntityType } from '../../sdk/src/certificate/types.js';
export {
  computeSignableMessage,
  SIGNABLE_ENTITY_TYPES,
  signedEntityTypeAt,
  signerRecordingEpoch,
  signerRetrievalEpoch,
  type SignableEntityType,
  type SignableEntityTypeName,
} from '../../sdk/src/signing/index.js';
export { MITHRIL_API_VERSION } from '../../sdk/src/client/http.js';
