import type { BlsBackend } from '../bls/backend.js';
import { nobleBackend } from '../bls/noble-backend.js';
import { isMithrilError, type MithrilError, StmError } from '../errors.js';
import { bytesToHex, compareBytes } from '../utils/bytes.js';
import { verifySingleSignaturesBatch } from './batch.js';
import type { StmVerificationCache } from './cache.js';
import type { LotteryHasher } from './lottery-hash.js';
import { createBatchPath } from './merkle.js';
import { validateParameters } from './parameters.js';
import { compareRegistrationEntries, type ClosedKeyRegistration } from './registration.js';
import type { AggregateSignature, SignatureWithRegisteredParty, SingleSignature, StmParameters } from './types.js';
import { verifySingleSignature } from './verify.js';

/** Options of {@link aggregateSignatures}. */
export interface AggregateSignaturesOptions {
  /** The message (in Mithril: the ASCII bytes of `signed_message`). */
  readonly message: Uint8Array;
  /** Single signatures in the order they were received (the order influences the selection, as in the reference). */
  readonly signatures: readonly SingleSignature[];
  readonly closedRegistration: ClosedKeyRegistration;
  readonly parameters: StmParameters;
  /** BLS backend (default: pure JavaScript). */
  readonly backend?: BlsBackend;
  /** Per-epoch cache of decoded keys, `H_G1(msgp)` and lottery evaluators (default: none). */
  readonly cache?: StmVerificationCache;
  /** Lottery value hasher (default: pure @noble/hashes). */
  readonly lotteryHasher?: LotteryHasher;
  /**
   * When given, the inputs are checked with one randomized batch pairing check ({@link verifySingleSignaturesBatch})
   * instead of one check each; the same signatures are skipped either way.
   */
  readonly randomBytes?: (length: number) => Uint8Array;
}

/** Result of {@link aggregateSignatures}. */
export interface AggregateSignaturesResult {
  readonly signature: AggregateSignature;
  /** Number of distinct indexes in the aggregate (may exceed `k`: whole signatures are added). */
  readonly indexCount: number;
  /** Input positions of the signatures skipped because they did not verify. */
  readonly rejected: readonly number[];
}

interface Candidate {
  readonly key: string;
  readonly pair: SignatureWithRegisteredParty;
}

/**
 * Aggregates single signatures into a concatenation proof as the reference clerk does (stm.md §6.1-§6.2): identical
 * submissions are de-duplicated first, invalid signatures are skipped, a contested index goes to the signature with the
 * smallest sigma bytes, whole signatures are taken in ascending order of their lowest uncontested index until at least
 * `k` distinct indexes are covered, and the result is ordered by signer index with a batch Merkle proof.
 *
 * @returns the aggregate signature, how many indexes it holds, and which inputs were skipped
 * @throws {StmError} `STM_UNKNOWN_SIGNER_INDEX` (aborts, as the reference), `STM_NOT_ENOUGH_SIGNATURES`,
 *   `STM_INVALID_PARAMETERS`
 * @example
 * const { signature } = aggregateSignatures({ message, signatures, closedRegistration, parameters });
 */
export function aggregateSignatures(options: AggregateSignaturesOptions): AggregateSignaturesResult {
  const { closedRegistration: closed, message } = options;
  const parameters = validateParameters(options.parameters);
  const backend = options.backend ?? nobleBackend;

  const { cache, lotteryHasher, randomBytes } = options;
  const unique: { position: number; key: string; pair: SignatureWithRegisteredParty }[] = [];
  const seenKeys = new Set<string>();
  options.signatures.forEach((signature, i) => {
    const registration = closed.entries[signature.signerIndex];
    if (registration === undefined) {
      throw new StmError('STM_UNKNOWN_SIGNER_INDEX', `signer index ${signature.signerIndex} is not registered`, {
        field: `signatures[${i}].signer_index`,
      });
    }
    // Identity of a submission is (sigma, registration); a duplicate would steal every index of its twin.
    const key = `${bytesToHex(signature.sigma)}:${bytesToHex(registration.vk)}:${registration.stake}`;
    if (seenKeys.has(key)) return;
    seenKeys.add(key);
    unique.push({ position: i, key, pair: { signature, registration } });
  });
  const failures: (MithrilError | undefined)[] = randomBytes
    ? verifySingleSignaturesBatch({
        message,
        items: unique.map((u) => u.pair),
        avk: closed.avk,
        parameters,
        backend,
        cache,
        lotteryHasher,
        randomBytes,
      }).results.map((r) => (r.valid ? undefined : r.error))
    : unique.map(({ pair }) => {
        try {
          verifySingleSignature({ message, ...pair, avk: closed.avk, parameters, backend, cache, lotteryHasher });
          return undefined;
        } catch (error) {
          if (!isMithrilError(error)) throw error;
          return error;
        }
      });
  const candidates: Candidate[] = [];
  const rejected: number[] = [];
  unique.forEach(({ position, key, pair }, j) => {
    if (failures[j] !== undefined) rejected.push(position);
    else candidates.push({ key, pair });
  });

  const best = new Map<number, Candidate>();
  const losses = new Map<string, Set<number>>();
  const lose = (candidate: Candidate, index: number): void => {
    let set = losses.get(candidate.key);
    if (set === undefined) {
      set = new Set();
      losses.set(candidate.key, set);
    }
    set.add(index);
  };
  for (const candidate of candidates) {
    for (const index of candidate.pair.signature.indexes) {
      const previous = best.get(index);
      if (previous === undefined) {
        best.set(index, candidate);
      } else if (compareBytes(candidate.pair.signature.sigma, previous.pair.signature.sigma) < 0) {
        best.set(index, candidate);
        lose(previous, index);
      } else {
        lose(candidate, index);
      }
    }
  }

  const chosen = new Map<string, SignatureWithRegisteredParty>();
  let count = 0;
  for (const index of [...best.keys()].sort((a, b) => a - b)) {
    const candidate = best.get(index)!;
    if (chosen.has(candidate.key)) continue;
    const lost = losses.get(candidate.key);
    const { signature, registration } = candidate.pair;
    const indexes = lost === undefined ? signature.indexes : signature.indexes.filter((i) => !lost.has(i));
    chosen.set(candidate.key, { signature: { ...signature, indexes }, registration });
    count += indexes.length;
    if (BigInt(count) >= parameters.k) {
      const signatures = [...chosen.values()].sort(
        (a, b) => a.signature.signerIndex - b.signature.signerIndex || compareRegistrationEntries(a.registration, b.registration),
      );
      const batchProof = createBatchPath(
        closed.tree,
        signatures.map((s) => s.signature.signerIndex),
      );
      return { signature: { signatures, batchProof }, indexCount: count, rejected };
    }
  }
  throw new StmError('STM_NOT_ENOUGH_SIGNATURES', `${count} indexes where k = ${parameters.k} are needed`, {
    field: 'signatures',
    details: { count, k: parameters.k },
  });
}
