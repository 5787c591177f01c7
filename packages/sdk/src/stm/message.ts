import { concatBytes } from '../utils/bytes.js';
import type { AggregateVerificationKey } from './types.js';

/**
 * The bytes STM actually signs: `msgp = msg ‖ root` (stm.md §4.6). `nr_leaves` and `total_stake` are not included.
 * In certificates, `msg` is the 64 ASCII bytes of the hex `signed_message` (stm.md §9).
 *
 * @param message - the protocol message bytes
 * @param avk - the aggregate verification key whose Merkle root is appended
 *
 * @example
 * const msgp = messageWithCommitment(new TextEncoder().encode(certificate.signedMessage), closedRegistration.avk);
 */
export function messageWithCommitment(message: Uint8Array, avk: AggregateVerificationKey): Uint8Array {
  return concatBytes(message, avk.mtCommitment.root);
}
