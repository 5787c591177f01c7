export { createAggregator, type Aggregator } from './aggregator.js';
export { AGGREGATOR_ERROR_CODES, AggregatorError, ERROR_STATUS, errorReply, type AggregatorErrorCode, type ErrorReply } from './errors.js';
export { MITHRIL_API_VERSION, DEFAULT_BODY_LIMIT } from './http.js';
export type { AggregatorRunner, RunnerStartOptions } from './runner.js';
export { AggregatorService, type EpochData, type GenesisPayload } from './service.js';
export { AggregatorStore } from './store.js';
export { formatRfc3339Nanos, systemClock, type Clock } from './time.js';
export type { AggregatorEvents, AggregatorOptions, GenesisOptions, RunnerStateName, SignerRegistrationRequest } from './types.js';
export { SignatureVerification, VERIFICATION_DEFAULTS, type VerificationMode, type VerificationOptions, type VerificationStats } from './verification.js';
