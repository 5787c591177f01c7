export * from './json.js';
export * from './json-hex.js';
export * from './cbor.js';
export {
  BLS_PROOF_OF_POSSESSION_BYTES,
  BLS_SIGNATURE_BYTES,
  BLS_SIGNING_KEY_BYTES,
  BLS_VERIFICATION_KEY_BYTES,
} from './fields.js';
export * from './stm-json.js';
export * from './stm-cbor.js';
export * from './stm-legacy.js';
