/**
 * Cardano database client for Node (nodes.md §5.7, §9.1): verified, resumable download of Cardano database snapshots
 * into a node-ready folder, verification of an existing folder, and the legacy full snapshots.
 */
export * from './ancillary.js';
export * from './digests.js';
export * from './download.js';
export * from './errors.js';
export type * from './events.js';
export * from './local-files.js';
export * from './preflight.js';
export * from './unpack.js';
export * from './verify-folder.js';
export * from './legacy-snapshot.js';
