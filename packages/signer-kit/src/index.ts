/**
 * `@mithril/signer-kit`: an embeddable Mithril signer (nodes.md §3) that registers a fresh STM key every epoch and
 * signs what its aggregator certifies, computing every message from its own chain view.
 *
 * @packageDocumentation
 */
export { createSigner, type Signer, type SignerEvents, type SignerOptions, type SignerState, type RegistrationDeferredReason } from './signer.js';
export {
  createHttpAggregatorClient,
  type FetchFunction,
  type HttpAggregatorClientOptions,
  type SignatureRegistrationStatus,
  type SignerAggregatorClient,
  type SignerRegistrationOutcome,
} from './aggregator-client.js';
// The wire messages (epoch settings, protocol configuration, POST bodies) are the SDK's: import them from @mithril/sdk.
export { certifyRegistration, type RegistrationCertificationFields, type SignerCertificationKeys } from './certification.js';
export { SIGNER_ERROR_CODES, SignerError, type SignerErrorCode } from './errors.js';
export {
  createSignerMetrics,
  PROMETHEUS_CONTENT_TYPE,
  watchCertification,
  type CertificationStall,
  type CertificationWatchOptions,
  type SignerMetrics,
} from './observability.js';
