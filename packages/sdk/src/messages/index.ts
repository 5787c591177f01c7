export { protocolParametersToJson, signerToJson } from './json.js';
export { signedEntityTypeToJson } from './signed-entity-type.js';
export { encodeEpochSettings } from './epoch-settings.js';
export {
  encodeProtocolConfigurationMessage,
  parseProtocolConfigurationMessage,
  type ProtocolConfigurationMessage,
} from './protocol-configuration.js';
export { encodeRegisterSignerMessage, parseRegisterSignerMessage, type RegisterSignerMessage } from './register-signer.js';
export {
  encodeRegisterSignatureMessage,
  parseRegisterSignatureMessage,
  type RegisterSignatureMessage,
} from './register-signature.js';
export { encodeAggregatorCapabilities, encodeAggregatorStatus } from './aggregator-info.js';
