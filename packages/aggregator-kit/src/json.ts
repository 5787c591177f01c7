/**
 * Lossless JSON for response bodies and stored records: u64 values are `bigint` in memory and exact integers on the
 * wire (trap 13); `phi_f` keeps serde's float spelling. The writer is the SDK's `toJsonText` (compact by default).
 */
export { toJsonText } from './sdk.js';
