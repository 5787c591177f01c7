export { BLS12_381_ORDER, type BlsBackend } from './backend.js';
export { expandMessageXmd } from './expand-message-xmd.js';
export { assertSigningKey, generateSigningKey, SIGNING_KEY_BYTES, signingKeyFromBytes, signingKeyToBytes } from './keygen.js';
export { nobleBackend, type NobleG1, type NobleG2, pureBackend } from './noble-backend.js';
export {
  aggregationScalars,
  blsAggregate,
  type BlsAggregate,
  blsSign,
  blsVerify,
  checkProofOfPossession,
  createProofOfPossession,
  POP_MESSAGE,
  PROOF_OF_POSSESSION_BYTES,
  SIGNATURE_BYTES,
  VERIFICATION_KEY_BYTES,
  verificationKeyFromSigningKey,
  verifyAggregate,
} from './scheme.js';
