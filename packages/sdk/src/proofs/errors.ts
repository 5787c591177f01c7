import { MithrilError } from '../errors.js';

/**
 * A transaction or block proof failed to decode or to verify (certificates.md §9.5). Callers branch on `code`:
 * `PROOF_MALFORMED`, `PROOF_INVALID`, `PROOF_ROOT_MISMATCH`, `PROOF_NO_CERTIFIED_ITEM` or `PROOF_HASHES_INVALID`.
 *
 * @example
 * try { verifyMkMapProof(proof); } catch (e) { if (e instanceof ProofError && e.code === 'PROOF_INVALID') reject(); }
 */
export class ProofError extends MithrilError {
  override readonly name: string = 'ProofError';
}
