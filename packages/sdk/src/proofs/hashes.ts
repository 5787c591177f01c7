import { ProofError } from './errors.js';

/**
 * Most hashes one proof request may carry (the reference aggregator's `cardano_prover_max_hashes_allowed_by_request`).
 *
 * @example
 * hashes.length <= MAX_PROOF_HASHES // at most 100 hashes per proof request
 */
export const MAX_PROOF_HASHES = 100;

const HASH = /^[0-9a-f]{64}$/;

/**
 * Checks a list of transaction or block hashes before asking for their proofs, as the reference aggregator does:
 * not empty, at most {@link MAX_PROOF_HASHES}, each 64 hex characters. Hashes are lowercased and de-duplicated.
 *
 * @param hashes - the hashes
 * @param field - field name for errors (`transaction_hashes`, `block_hashes`)
 * @returns the normalized hashes, in first-seen order
 * @throws {ProofError} `PROOF_HASHES_INVALID`
 * @example
 * normalizeProofHashes(['CE2872…'], 'transaction_hashes'); // ['ce2872…']
 */
export function normalizeProofHashes(hashes: readonly string[], field: string): string[] {
  if (!Array.isArray(hashes) || hashes.length === 0) throw new ProofError('PROOF_HASHES_INVALID', 'the hash list is empty', { field });
  const out = [
    ...new Set(
      hashes.map((h, i) => {
        const hash = typeof h === 'string' ? h.toLowerCase() : '';
        if (!HASH.test(hash))
          throw new ProofError('PROOF_HASHES_INVALID', `hash ${JSON.stringify(h)} is not 64 hex characters`, { field: `${field}[${i}]` });
        return hash;
      }),
    ),
  ];
  if (out.length > MAX_PROOF_HASHES) {
    throw new ProofError('PROOF_HASHES_INVALID', `more than ${MAX_PROOF_HASHES} hashes (${out.length})`, { field, details: { count: out.length } });
  }
  return out;
}
