/**
 * A minimal CBOR (RFC 8949) reader and writer covering what ciborium emits for mithril-stm's `to_bytes`
 * (stm.md §8.3, trap 16): unsigned / negative integers, text and byte strings, arrays, definite and indefinite maps,
 * simple values and floats. The data model, the reader and the writer live in their own modules.
 */
export { CBOR_MAX_DEPTH, CborFloat, CborMap, type CborValue } from './cbor-value.js';
export { decodeCbor } from './cbor-decode.js';
export { encodeCbor } from './cbor-encode.js';
