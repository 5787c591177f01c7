/**
 * The batch verifier: signatures arriving within a short window are checked in process with one randomized pairing
 * check, and one by one when that check fails.
 */
import { verifySingleSignaturesBatch } from '../sdk.js';
import { VERIFICATION_DEFAULTS, type SignatureCheck, type SignatureVerifier } from '../verifier.js';
import { BatchQueue, batchWindow, positiveInteger, type BatchOutcome } from './batch-queue.js';
import { verifierCrypto, type VerifierCrypto, type VerifierCryptoOptions } from './crypto.js';
import { checkInline, localMultiSignatureVerifier } from './inline.js';

/** Options of {@link createBatchVerifier}. */
export interface BatchVerifierOptions extends VerifierCryptoOptions {
  /** Quiet time that closes a batch, in milliseconds (default 2). */
  readonly batchWindowMs?: number | undefined;
  /** Largest batch (default 64). */
  readonly maxBatch?: number | undefined;
}

function randomBytes(length: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

/**
 * Checks a batch of signatures of one round in process.
 *
 * @param crypto - backend and hasher
 * @param checks - signatures sharing message, AVK and parameters
 * @returns one outcome per check and whether the combined check failed
 */
export async function checkBatchHere(crypto: VerifierCrypto, checks: readonly SignatureCheck[]): Promise<BatchOutcome> {
  if (checks.length === 1) return { outcomes: [await checkInline(crypto, checks[0]!)], fellBack: false };
  const backend = await crypto.backend();
  const lotteryHasher = await crypto.lotteryHasher();
  const { message, avk, parameters, cache } = checks[0]!;
  const { results, fellBack } = verifySingleSignaturesBatch({
    message,
    items: checks.map((c) => ({ signature: c.signature, registration: c.registration })),
    avk,
    parameters,
    backend,
    cache,
    lotteryHasher,
    randomBytes,
  });
  return { outcomes: results.map((r) => (r.valid ? undefined : r.error)), fellBack };
}

/**
 * Creates the batch verifier.
 *
 * @param options - window, batch size, backend and hasher
 * @returns the verifier
 * @example
 * createAggregator({ ...options, verifier: createBatchVerifier({ batchWindowMs: 5 }) });
 */
export function createBatchVerifier(options: BatchVerifierOptions = {}): SignatureVerifier {
  const crypto = verifierCrypto(options);
  const queue = new BatchQueue({
    batchWindowMs: batchWindow(options.batchWindowMs, VERIFICATION_DEFAULTS.batchWindowMs),
    maxBatch: positiveInteger(options.maxBatch, VERIFICATION_DEFAULTS.maxBatch),
    capacity: () => 1,
    check: (checks) => checkBatchHere(crypto, checks),
  });
  return {
    backend: crypto.backend,
    lotteryHasher: crypto.lotteryHasher,
    verify: (check) => queue.enqueue(check),
    multiSignatureVerifier: (cache) => localMultiSignatureVerifier(crypto, cache),
    stats: () => queue.stats(),
    close: () => queue.flush(),
  };
}
