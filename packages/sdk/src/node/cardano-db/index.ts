/**
 * Cardano node database folders (nodes.md §5): listing and selection of the immutable files, their digests, the v2
 * Merkle root and the legacy v1 snapshot digest.
 */
export * from './errors.js';
export * from './immutable-files.js';
export * from './digests.js';
