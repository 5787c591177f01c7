/**
 * Node-only parts of the aggregator kit (`@mithril/aggregator-kit/node`): the worker-thread signature verifier.
 */
import { availableParallelism } from 'node:os';
import { createVerificationWorkerPool, nodeLotteryHasher, type VerificationWorkerPool } from '@mithril/sdk/node';
import { isMithrilError, type MultiSignatureVerifier } from './sdk.js';
import { VERIFICATION_DEFAULTS, type SignatureCheck, type SignatureVerifier } from './verifier.js';
import { BatchQueue, batchWindow, positiveInteger, type BatchOutcome } from './verifiers/batch-queue.js';
import { checkBatchHere } from './verifiers/batch.js';
import { verifierCrypto, type VerifierCryptoOptions } from './verifiers/crypto.js';
import { localMultiSignatureVerifier } from './verifiers/inline.js';

/** Options of {@link createWorkerVerifier}. */
export interface WorkerVerifierOptions extends Omit<VerifierCryptoOptions, 'blsBackend'> {
  /** Worker threads (default: available parallelism, at most 4, at least 1). */
  readonly workers?: number | undefined;
  /** BLS backend the threads build (default `noble`); also used on this thread unless `backend` is given. */
  readonly blsBackend?: 'noble' | 'mcl' | undefined;
  /** Quiet time that closes a batch, in milliseconds (default 2). */
  readonly batchWindowMs?: number | undefined;
  /** Largest batch (default 64). */
  readonly maxBatch?: number | undefined;
}

/** A verifier whose batches run on worker threads. */
export interface WorkerSignatureVerifier extends SignatureVerifier {
  /** Running threads (0 until the first signature and after {@link SignatureVerifier.close}). */
  readonly workerThreads: number;
}

/**
 * Creates a verifier that checks micro-batches of single signatures and certificate multi-signatures on worker
 * threads, off the event loop. Threads start with the first signature and stop on `close()`; when a thread fails,
 * the check runs in process instead.
 *
 * @param options - threads, batch window and size, backend name
 * @returns the verifier
 * @example
 * import { createWorkerVerifier } from '@mithril/aggregator-kit/node';
 * const aggregator = createAggregator({ ...options, verifier: createWorkerVerifier({ workers: 2 }) });
 */
export function createWorkerVerifier(options: WorkerVerifierOptions = {}): WorkerSignatureVerifier {
  const crypto = verifierCrypto({ ...options, lotteryHasher: options.lotteryHasher ?? nodeLotteryHasher });
  const size = positiveInteger(options.workers, 0) || Math.min(VERIFICATION_DEFAULTS.maxWorkers, Math.max(1, availableParallelism()));
  let pool: VerificationWorkerPool | undefined;
  let failed = false;
  const start = (): VerificationWorkerPool | undefined => {
    if (pool !== undefined || failed) return pool;
    try {
      // A backend object cannot cross threads: the workers build the one `blsBackend` names.
      pool = createVerificationWorkerPool({ size, backend: options.blsBackend ?? 'noble' });
    } catch {
      failed = true;
    }
    return pool;
  };

  const onPool = async (running: VerificationWorkerPool, checks: readonly SignatureCheck[]): Promise<BatchOutcome> => {
    const { message, avk, parameters } = checks[0]!;
    if (checks.length === 1) {
      try {
        await running.verifySingleSignature({ message, avk, parameters, signature: checks[0]!.signature, registration: checks[0]!.registration });
        return { outcomes: [undefined], fellBack: false };
      } catch (error) {
        if (isMithrilError(error)) return { outcomes: [error], fellBack: false };
        throw error;
      }
    }
    const items = checks.map((c) => ({ signature: c.signature, registration: c.registration }));
    const { results, fellBack } = await running.verifySingleSignaturesBatch({ message, items, avk, parameters });
    return { outcomes: results.map((r) => (r.valid ? undefined : r.error)), fellBack };
  };

  const queue = new BatchQueue({
    batchWindowMs: batchWindow(options.batchWindowMs, VERIFICATION_DEFAULTS.batchWindowMs),
    maxBatch: positiveInteger(options.maxBatch, VERIFICATION_DEFAULTS.maxBatch),
    capacity: () => (pool === undefined ? 1 : size),
    // Start the threads with the first signature, so that the window is not spent waiting for them.
    onEnqueue: () => void start(),
    async check(checks) {
      const running = start();
      if (running !== undefined) {
        try {
          return await onPool(running, checks);
        } catch (error) {
          if (isMithrilError(error)) throw error;
          // A thread died or the pool was closed under us: the signatures still deserve an answer.
        }
      }
      return checkBatchHere(crypto, checks);
    },
  });

  return {
    backend: crypto.backend,
    lotteryHasher: crypto.lotteryHasher,
    verify: (check) => queue.enqueue(check),
    async multiSignatureVerifier(cache): Promise<MultiSignatureVerifier> {
      const local = await localMultiSignatureVerifier(crypto, cache);
      return async (request) => {
        // Threads start when a multi-signature is first checked, not for a chain that only holds the genesis.
        const running = start();
        if (running === undefined) return local(request);
        try {
          await running.verifyAggregateSignature(request);
        } catch (error) {
          if (isMithrilError(error)) throw error;
          // The thread failed (not the signature): decide here instead.
          return local(request);
        }
      };
    },
    stats: () => queue.stats(),
    async close() {
      await queue.flush();
      const running = pool;
      pool = undefined;
      await running?.close();
    },
    get workerThreads() {
      return pool === undefined ? 0 : size;
    },
  };
}
export { atomicFsDriver, writeFileAtomic, type AtomicFsDriverOptions } from './storage/atomic-fs.js';
export { createAggregatorMetrics, type AggregatorMetrics, type AggregatorMetricsOptions } from './observability/metrics.js';
export { createJsonLogger, logAggregator, type AggregatorLogger } from './observability/logging.js';
export { createCardanoDbArtifacts, type CardanoDbArtifactsOptions, type NodeCardanoDbArtifacts } from './cardano-db/node/builder.js';
export { createLocalUploader, localFileUrl, type LocalUploader } from './cardano-db/node/local-uploader.js';
export { createEd25519AncillarySigner, decodeEd25519SecretKey } from './cardano-db/node/ancillary.js';
export { withRetries, type RetryPolicy } from './cardano-db/node/files.js';
export { createCardanoDbSource } from './cardano-db/node/source.js';
export { createImmutableTransactionsSource } from './cardano-transactions/node/source.js';
