export * from './aggregator-messages.js';
export * from './errors.js';
export * from './genesis.js';
export * from './hash.js';
export * from './schemas.js';
export * from './signed-entity-type.js';
export * from './timestamp.js';
export * from './types.js';
export * from './verify.js';
export * from './multi-signature-verifier.js';
export * from './chain-walk.js';
export { jsonToPlain, parseMessage, protocolParametersSchema, timestampSchema, u64Schema } from './wire.js';
export {
  certificateListItemToJson,
  certificateToJson,
  encodeCertificate,
  encodeCertificateList,
  encodeCertificateListItem,
  encodeCertificateV0,
  protocolMessageToJson,
} from './encode.js';
