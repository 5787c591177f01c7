import type { MultiSignatureVerifier } from '@mithril/sdk';
import type { VerificationWorkerPool } from './worker-pool.js';

/**
 * A certificate multi-signature verifier running on a worker pool: large aggregates are split across the workers
 * (see {@link VerificationWorkerPool.verifyAggregateSignature}), and the workers keep the decoded keys of recent
 * epochs. Pass it to `createMithrilClient({ verifyMultiSignature })` or `walkCertificateChain`.
 *
 * @param pool - a pool from {@link createVerificationWorkerPool}; the caller closes it
 * @returns the verifier; it rejects with the in-process error when a multi-signature is invalid
 * @example
 * const pool = createVerificationWorkerPool({ backend: 'mcl' });
 * const client = createMithrilClient({ aggregatorEndpoint, genesisVerificationKey, verifyMultiSignature: createWorkerMultiSignatureVerifier(pool) });
 */
export function createWorkerMultiSignatureVerifier(pool: Pick<VerificationWorkerPool, 'verifyAggregateSignature'>): MultiSignatureVerifier {
  return ({ message, signature, avk, parameters }) => pool.verifyAggregateSignature({ message, signature, avk, parameters });
}
