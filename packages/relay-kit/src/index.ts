/**
 * `@mithril/relay-kit`: the relay a stake pool operator runs between the block producer's signer and the aggregators
 * (nodes.md §6). The signer relay serves the five signer routes, fails over between upstream aggregators and buffers
 * registrations and signatures durably while none answers; the forward proxy (Node only, `@mithril/relay-kit/node`)
 * is the reference's squid model, locked down to the configured aggregators and block producers.
 *
 * @packageDocumentation
 */
export { createSignerRelay, type FlushReport, type SignerRelay, type SignerRelayOptions } from './signer-relay.js';
export { RELAY_ERROR_CODES, RelayError, type RelayErrorCode } from './errors.js';
export { forwardedRequestHeaders, forwardedResponseHeaders, HOP_BY_HOP_HEADERS, REQUEST_HEADER_ALLOW_LIST } from './headers.js';
export type { OutboxKind, RelayCounters, RelayStats } from './outbox.js';
export type { RelayFetch } from './upstreams.js';
export { RELAY_METRIC_NAMES, relayMetricsText } from './metrics.js';
