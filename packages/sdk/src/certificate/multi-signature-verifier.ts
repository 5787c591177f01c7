/**
 * The multi-signature port of certificate verification (stm.md §6.3): what a verifier is asked to check, and this
 * SDK's STM concatenation-proof verifier as its default implementation.
 */
import type { BlsBackend } from '../bls/backend.js';
import type { StmVerificationCache } from '../stm/cache.js';
import type { LotteryHasher } from '../stm/lottery-hash.js';
import type { AggregateSignature, AggregateVerificationKey, StmParameters } from '../stm/types.js';
import { verifyAggregateSignature } from '../stm/verify.js';
import type { Certificate } from './types.js';

/** What a {@link MultiSignatureVerifier} is asked to check. */
export interface MultiSignatureVerificationRequest {
  /** The 64 ASCII bytes of `signed_message` (trap 4, 20). */
  readonly message: Uint8Array;
  /** The decoded `multi_signature`. */
  readonly signature: AggregateSignature;
  /** The certificate's own decoded `aggregate_verification_key`. */
  readonly avk: AggregateVerificationKey;
  /** The certificate's `metadata.parameters`. */
  readonly parameters: StmParameters;
  /** The certificate being verified, for context. */
  readonly certificate: Certificate;
}

/**
 * Port that checks an STM multi-signature (stm.md §6.3). It must throw (any error) when the signature is invalid and
 * return normally when it is valid; it may be asynchronous.
 */
export type MultiSignatureVerifier = (request: MultiSignatureVerificationRequest) => void | Promise<void>;

/** Options of {@link createStmMultiSignatureVerifier}. */
export interface StmMultiSignatureVerifierOptions {
  /** BLS backend (default: the pure JavaScript one). */
  readonly backend?: BlsBackend;
  /**
   * Verification cache shared by the certificates checked (their epochs reuse the same registered keys); a cache
   * never changes a decision.
   */
  readonly cache?: StmVerificationCache;
  /** Lottery hasher (default: pure; `nodeLotteryHasher` from `@mithril/sdk/node` is faster on Node). */
  readonly lotteryHasher?: LotteryHasher;
}

/**
 * The STM concatenation-proof verifier of this SDK as a {@link MultiSignatureVerifier}.
 *
 * @param options - a BLS backend, or options with a backend, a verification cache and a lottery hasher
 * @returns a verifier that throws `StmError` / `BlsError` on an invalid signature
 * @example
 * const verifyMultiSignature = createStmMultiSignatureVerifier({ cache: createStmVerificationCache() });
 * await verifyCertificate(cert, { previous, genesisKey, verifyMultiSignature });
 */
export function createStmMultiSignatureVerifier(options?: BlsBackend | StmMultiSignatureVerifierOptions): MultiSignatureVerifier {
  const { backend, cache, lotteryHasher } = isBackend(options) ? { backend: options, cache: undefined, lotteryHasher: undefined } : (options ?? {});
  return ({ message, signature, avk, parameters }) =>
    verifyAggregateSignature({
      message,
      signature,
      avk,
      parameters,
      ...(backend !== undefined && { backend }),
      ...(cache !== undefined && { cache }),
      ...(lotteryHasher !== undefined && { lotteryHasher }),
    });
}

function isBackend(value: unknown): value is BlsBackend {
  return typeof value === 'object' && value !== null && typeof (value as BlsBackend).decodeG1 === 'function';
}
