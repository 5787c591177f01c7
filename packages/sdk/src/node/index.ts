/**
 * Subpath entry `@mithril/sdk/node`: Node-only helpers (node:crypto hashing, worker threads). Never imported by the
 * pure core.
 */
export { nodeLotteryHasher } from './hash.js';
export {
  createVerificationWorkerPool,
  type VerificationWorkerPool,
  type VerificationWorkerPoolOptions,
} from './worker-pool.js';
export { createWorkerMultiSignatureVerifier } from './worker-verifier.js';
export { readChunkFileBlocks, readImmutableBlocks, type ChunkFileBlock } from './chunk-blocks.js';
export * from './cardano-db/index.js';
