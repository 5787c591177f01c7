/**
 * Subpath entry `@mithril/sdk/bls-mcl`: the optional mcl-wasm BLS backend (WebAssembly, Node and browsers), kept out of
 * the main entry so that bundles without it never reference mcl-wasm.
 */
export { createMclBackend, type CreateMclBackendOptions, type MclG1, type MclG2 } from './bls/mcl-backend.js';
