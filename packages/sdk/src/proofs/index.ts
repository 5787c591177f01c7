/**
 * Transaction and block proofs (certificates.md §9.5): Merkle-mountain-range and Merkle-map proofs, the v1, v2 and
 * block proof messages, their binding to a certificate, and the transactions / blocks-and-transactions snapshots.
 */
export * from './errors.js';
export * from './mmr-proof.js';
export * from './map-proof.js';
export * from './proof-codec.js';
export * from './messages.js';
export * from './verify.js';
export * from './hashes.js';
export * from './snapshots.js';
export * from './build.js';
