/**
 * Cardano blocks of the node's chunk files (Shelley-based eras, Conway included): block and transaction hashes,
 * block numbers and slots, parsed from the CBOR bytes as they appear.
 */
export * from './cbor-spans.js';
export * from './block.js';
