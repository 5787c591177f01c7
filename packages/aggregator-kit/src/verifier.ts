/**
 * The `SignatureVerifier` port: how the aggregator checks incoming single signatures and certificate
 * multi-signatures, and which BLS backend and lottery hasher it aggregates with. Every implementation gives each
 * signature the outcome a lone `verifySingleSignature` call would give (stm.md §5.3), so HTTP answers never depend on
 * the implementation. In-process ones are in `verifiers/`; the worker-thread one is in the Node subpath.
 */
import type {
  AggregateVerificationKey,
  BlsBackend,
  LotteryHasher,
  MithrilError,
  MultiSignatureVerifier,
  RegistrationEntry,
  SingleSignature,
  StmParameters,
  StmVerificationCache,
} from './sdk.js';

/** One single signature to check against the registration it claims. */
export interface SignatureCheck {
  readonly message: Uint8Array;
  readonly signature: SingleSignature;
  readonly registration: RegistrationEntry;
  readonly avk: AggregateVerificationKey;
  readonly parameters: StmParameters;
  /** The per-epoch cache of the registration (decoded keys, `H(msgp)`, lottery evaluators). */
  readonly cache: StmVerificationCache;
}

/**
 * Counters of a {@link SignatureVerifier}, for tuning and tests.
 *
 * @example
 * const { checks, signatures, fallbacks } = aggregator.verifier.stats();
 */
export interface VerificationStats {
  /** Checks run: one per batch (of one or more signatures); 0 for the inline verifier. */
  readonly checks: number;
  /** Signatures checked in batches. */
  readonly signatures: number;
  /** Batches whose combined pairing check failed, so that each signature was checked on its own. */
  readonly fallbacks: number;
}

/** The port through which the aggregator verifies signatures. */
export interface SignatureVerifier {
  /** The BLS backend used on this thread (aggregation, certificate checks). */
  backend(): Promise<BlsBackend>;
  /** The lottery hasher used on this thread. */
  lotteryHasher(): Promise<LotteryHasher>;
  /**
   * Checks one single signature.
   *
   * @returns `undefined` when it verifies, else the error `verifySingleSignature` gives
   * @throws whatever is not a `MithrilError` (a bug, never bad input)
   */
  verify(check: SignatureCheck): Promise<MithrilError | undefined>;
  /** A multi-signature verifier for certificate checks, sharing `cache` across certificates. */
  multiSignatureVerifier(cache: StmVerificationCache): Promise<MultiSignatureVerifier>;
  /** Current counters. */
  stats(): VerificationStats;
  /** Checks what is queued and releases resources (threads); a later call starts them again. */
  close(): Promise<void>;
}

/**
 * How incoming single signatures are verified by the in-process verifiers.
 *
 * @example
 * createAggregator({ ...options, verification: { mode: 'batch' } }); // default 'inline'
 */
export type VerificationMode = 'inline' | 'batch';

/**
 * Options of the in-process verification (`AggregatorOptions.verification`).
 *
 * @example
 * createAggregator({ ...options, verification: { mode: 'batch', batchWindowMs: 2, maxBatch: 64 } });
 */
export interface VerificationOptions {
  /**
   * `inline` (default): each request is verified on its own, on the event loop. `batch`: requests arriving within
   * `batchWindowMs` are verified together with one randomized pairing check, with individual checks when it fails.
   * For worker threads, pass `verifier: createWorkerVerifier(…)` from `@mithril/aggregator-kit/node` instead.
   */
  readonly mode?: VerificationMode | undefined;
  /**
   * Quiet time that closes a batch, in milliseconds (default 2): a batch is checked once no signature joined it for
   * this long, when it holds `maxBatch` signatures, or at the latest 10 windows after its first signature.
   */
  readonly batchWindowMs?: number | undefined;
  /** Largest batch (default 64): a full batch is checked at once. */
  readonly maxBatch?: number | undefined;
}

/**
 * Defaults of {@link VerificationOptions} and of the worker verifier.
 *
 * @example
 * VERIFICATION_DEFAULTS.maxBatch; // 64
 */
export const VERIFICATION_DEFAULTS = Object.freeze({ mode: 'inline', batchWindowMs: 2, maxBatch: 64, maxWorkers: 4 } as const);
