import {
  aggregationScalars,
  BlsError,
  type BlsBackend,
  checkConcatenationProof,
  messageWithCommitment,
  type StmVerificationCache,
  validateParameters,
  type VerifyAggregateSignatureOptions,
} from '@mithril/sdk';
import type { LotteryHasher } from '@mithril/sdk';
import type { AggregateShareResult, AggregateShareTask, SerializedError } from './worker-protocol.js';

/** Below this many signatures per slice, the thread hand-off costs more than the slice's work saves. */
const MIN_ENTRIES_PER_SHARE = 24;
const G1_BYTES = 48;
const FLAG_INFINITY = 0x40;

/** What the parallel aggregate verifier needs from its pool. */
export interface AggregateShareRunner {
  /** How many slices may run at once (the number of workers). */
  readonly shares: number;
  /** Runs one slice on a worker. */
  runShare(task: AggregateShareTask): Promise<AggregateShareResult>;
  /** Runs the whole verification on one worker (small aggregates and malformed inputs). */
  runWhole(options: VerifyAggregateSignatureOptions): Promise<void>;
  /** The main thread's backend of the same kind as the workers'. */
  backend(): Promise<BlsBackend>;
  /** Main-thread cache for lottery evaluators, `H_G1(msgp)` and the generator. */
  readonly cache: StmVerificationCache;
  readonly lotteryHasher: LotteryHasher;
  rebuildError(error: SerializedError): Error;
}

/**
 * `verifyAggregateSignature` with the point decoding and the multi-scalar multiplications split across worker
 * threads, while the main thread checks the lotteries and the Merkle batch proof. The decision and the error
 * (code and field) are the in-process ones: point errors first (signatures before keys, lowest index first), then
 * the proof's own checks, then the aggregated pairing.
 *
 * @param runner - the pool side
 * @param options - as for `verifyAggregateSignature` (backend, cache and hasher come from the pool)
 * @throws {BlsError} `BLS_INVALID_POINT`, `BLS_SIGNATURE_INVALID`
 * @throws {StmError} as `verifyAggregateSignature`
 */
export async function verifyAggregateInShares(runner: AggregateShareRunner, options: VerifyAggregateSignatureOptions): Promise<void> {
  const parameters = validateParameters(options.parameters);
  const entries = options.signature.signatures;
  const shares = Math.min(runner.shares, Math.floor(entries.length / MIN_ENTRIES_PER_SHARE));
  const sigmaBytes = entries.map((e) => e.signature.sigma);
  // Anything unusual (a short aggregate, a signature of the wrong shape) goes through the plain path, which owns
  // the exact error of every malformed input.
  if (shares < 2 || !sigmaBytes.every((s) => s instanceof Uint8Array && s.length === G1_BYTES)) {
    return runner.runWhole(options);
  }
  const scalars = aggregationScalars(sigmaBytes);
  const size = Math.ceil(entries.length / shares);
  const pending: Promise<AggregateShareResult>[] = [];
  for (let offset = 0; offset < entries.length; offset += size) {
    const slice = entries.slice(offset, offset + size);
    pending.push(
      runner.runShare({
        offset,
        sigmas: slice.map((e) => e.signature.sigma),
        vks: slice.map((e) => e.registration.vk),
        scalars: scalars.slice(offset, offset + size),
      }),
    );
  }

  // The proof's own checks run here while the workers decode; their error only counts once every point decoded.
  let msgp: Uint8Array | undefined;
  let proofError: unknown;
  try {
    msgp = messageWithCommitment(options.message, options.avk);
    checkConcatenationProof(
      { signature: options.signature, avk: options.avk, cache: runner.cache, lotteryHasher: runner.lotteryHasher },
      parameters,
      msgp,
    );
  } catch (error) {
    proofError = error;
  }
  const [results, backend] = await Promise.all([Promise.all(pending), runner.backend()]);

  const failures = results.filter((r) => !r.ok);
  const first = failures.filter((f) => f.stage === 'sigma').sort((a, b) => a.index - b.index)[0] ?? failures.sort((a, b) => a.index - b.index)[0];
  if (first !== undefined) throw runner.rebuildError(first.error);
  if (proofError !== undefined || msgp === undefined) throw proofError;

  const sums = results.filter((r) => r.ok);
  const sigmas = sums.filter((r) => (r.sigma[0]! & FLAG_INFINITY) === 0).map((r) => backend.decodeG1(r.sigma, 'sigma'));
  const vks = sums.filter((r) => (r.vk[0]! & FLAG_INFINITY) === 0).map((r) => backend.decodeG2(r.vk, 'vk'));
  const sigma =
    sigmas.length === 0
      ? undefined
      : backend.msmG1(
          sigmas,
          sigmas.map(() => 1n),
        );
  const vk =
    vks.length === 0
      ? undefined
      : backend.msmG2(
          vks,
          vks.map(() => 1n),
        );
  const hashed = runner.cache.hashedMessage(backend, msgp);
  if (sigma === undefined || vk === undefined || !backend.pairingEqual(sigma, runner.cache.generatorG2(backend), hashed, vk)) {
    throw new BlsError('BLS_SIGNATURE_INVALID', 'the aggregated BLS signature does not verify', { field: 'signatures' });
  }
}
