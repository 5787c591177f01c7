/**
 * JSON-hex encoding of the concatenation aggregate verification key, the value of the
 * `next_aggregate_verification_key` protocol-message part and of a certificate's `aggregate_verification_key`
 * (stm.md §4.5, §8.1; certificates.md §3).
 */
import { encodeJsonHex } from '../codec/json-hex.js';
import type { JsonValue } from '../codec/json.js';
import type { AggregateVerificationKey } from '../stm/types.js';

/**
 * Canonical JSON-hex of an AVK: hex of `{"mt_commitment":{"root":[…],"nr_leaves":n,"hasher":null},"total_stake":T}`
 * in compact serde form (stm.md §4.5), which is what the reference hashes and signs.
 *
 * @param avk - the aggregate verification key
 * @returns lowercase JSON-hex
 * @throws {EncodingError} `ENCODING_INVALID_JSON` when a value cannot be emitted
 * @example
 * encodeAggregateVerificationKeyJsonHex(closeRegistration(entries).avk); // '7b226d745f636f6d6d69746d656e74…'
 */
export function encodeAggregateVerificationKeyJsonHex(avk: AggregateVerificationKey): string {
  const commitment: JsonValue = new Map<string, JsonValue>([
    ['root', Array.from(avk.mtCommitment.root)],
    ['nr_leaves', avk.mtCommitment.nrLeaves],
    ['hasher', null],
  ]);
  return encodeJsonHex(
    new Map<string, JsonValue>([
      ['mt_commitment', commitment],
      ['total_stake', avk.totalStake],
    ]),
  );
}
