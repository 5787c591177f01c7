/**
 * The protocol steps and read queries, each a function of an {@link AggregatorContext}: what the routes and the
 * runner call.
 */
export type { AggregatorContext, AggregatorMemo, EpochData } from '../context.js';
export { currentEpoch, requireCurrentEpoch, parametersAt, ensureEpochSettings, epochData } from './epoch-data.js';
export { registerSigner } from './register-signer.js';
export { registerSignature, authenticateSignature, storeForOpenMessage, type SignatureSubmission } from './register-signature.js';
export { openMessageKey } from './open-message-key.js';
export { createOpenMessage, nextOpenMessage, signableOpenMessage } from './open-messages.js';
export { masterCertificate, latestCertificateEpoch, tryCertify, verifyLatestChain } from './certify.js';
export { hashWireCertificate, insertWireCertificate, jsonToWire, type WireCertificate } from './certificate-wire.js';
export { buildArtifact, createArtifact, type BuiltArtifact } from './artifacts.js';
export {
  exportGenesisPayload,
  importGenesisSignature,
  bootstrapGenesis,
  bootstrapGenesisWhenReady,
  type GenesisPayload,
} from './genesis.js';
export { recomputeCertificatesHash } from './tools.js';
export { enterEpoch, followEpoch, signingPrecondition, loadRunnerState, saveRunnerState, type BlockedReason } from './epoch.js';
export * from '../queries.js';
