/**
 * `@mithril/sdk`: Mithril's STM multi-signatures, certificate chains and artifact verification, byte-compatible with
 * the reference implementation. Everything exported here is pure and runs in browsers, Node and workers.
 *
 * @packageDocumentation
 */
export * from './errors.js';
export {
  bytesToHex,
  hexToBytes,
  concatBytes,
  compareBytes,
  equalBytes,
  u64be,
  u64le,
  U64_MAX,
} from './utils/bytes.js';
export { sha256 } from './utils/hash.js';
export * from './bls/index.js';
export * from './stm/index.js';
export * from './codec/index.js';
export * from './certificate/index.js';
export * from './artifacts/index.js';
export * from './client/index.js';
export * from './chain/index.js';
export * from './kes/index.js';
export * from './opcert/index.js';
export * from './signing/index.js';
export * from './messages/index.js';
export * from './proofs/index.js';
export * from './blocks/index.js';
