export { createAggregator, type Aggregator } from './aggregator.js';
export type { AggregatorConfig } from './config.js';
export { AGGREGATOR_ERROR_CODES, AggregatorError, ERROR_STATUS, errorReply, type AggregatorErrorCode, type ErrorReply } from './errors.js';
export { MITHRIL_API_VERSION, DEFAULT_BODY_LIMIT } from './http.js';
export type { AggregatorRunner, RunnerStartOptions } from './runner.js';
export type { GenesisPayload } from './steps/genesis.js';
export { formatRfc3339Nanos, systemClock, type Clock } from './time.js';
export type { AggregatorEvents, AggregatorOptions, GenesisOptions, RunnerStateName, SignerRegistrationRequest } from './types.js';
export {
  VERIFICATION_DEFAULTS,
  type SignatureCheck,
  type SignatureVerifier,
  type VerificationMode,
  type VerificationOptions,
  type VerificationStats,
} from './verifier.js';
export { createInlineVerifier } from './verifiers/inline.js';
export { createBatchVerifier, type BatchVerifierOptions } from './verifiers/batch.js';
export type { VerifierCryptoOptions } from './verifiers/crypto.js';
