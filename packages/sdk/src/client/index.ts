/**
 * The aggregator client: HTTP actions over ky, certificate-chain verification with prefetching, progress events and
 * a verified-chain cache, and artifact verification. Works in browsers, Node and workers (needs `fetch`).
 */
export * from './artifacts.js';
export * from './cache.js';
export * from './certificates.js';
export * from './client.js';
export * from './errors.js';
export * from './events.js';
export * from './http.js';
export * from './stake-distributions.js';
export * from './cardano-transactions.js';
export type * from './types.js';
