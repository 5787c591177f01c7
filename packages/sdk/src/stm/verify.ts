import type { BlsBackend } from '../bls/backend.js';
import { nobleBackend } from '../bls/noble-backend.js';
import { blsAggregate, blsVerify, verifyAggregate } from '../bls/scheme.js';
import { BlsError, StmError } from '../errors.js';
import type { StmVerificationCache } from './cache.js';
import { createLotteryEvaluator, type LotteryEvaluator } from './lottery.js';
import { type LotteryHasher, nobleLotteryHasher } from './lottery-hash.js';
import { merkleLeafBytes, verifyBatchPath } from './merkle.js';
import { messageWithCommitment } from './message.js';
import { validateParameters } from './parameters.js';
import type { AggregateSignature, AggregateVerificationKey, RegistrationEntry, SingleSignature, StmParameters } from './types.js';

/** Options of {@link verifySingleSignature}. */
export interface VerifySingleSignatureOptions {
  /** The message (in Mithril: the ASCII bytes of `signed_message`). */
  readonly message: Uint8Array;
  readonly signature: SingleSignature;
  /** The signer's registered key and stake (looked up by the caller from `signature.signerIndex`). */
  readonly registration: RegistrationEntry;
  readonly avk: AggregateVerificationKey;
  readonly parameters: StmParameters;
  /** BLS backend (default: pure JavaScript). */
  readonly backend?: BlsBackend;
  /** Per-epoch cache of decoded keys, `H_G1(msgp)` and lottery evaluators (default: none). */
  readonly cache?: StmVerificationCache;
  /** Lottery value hasher (default: pure @noble/hashes; `@mithril/sdk/node` has a faster one). */
  readonly lotteryHasher?: LotteryHasher;
}

/**
 * Verifies one STM single signature as the reference does (stm.md §5.3): the BLS signature over `msg ‖ root`, then
 * every index against the bound `index ≤ m` and the lottery. Duplicate indexes are not rejected here.
 *
 * @throws {BlsError} `BLS_INVALID_POINT` for a malformed key or signature, `BLS_SIGNATURE_INVALID`
 * @throws {StmError} `STM_INDEX_BOUND_FAILED`, `STM_LOTTERY_LOST`, `STM_INVALID_PARAMETERS`
 * @example
 * verifySingleSignature({ message, signature, registration: closed.entries[signature.signerIndex], avk, parameters });
 */
export function verifySingleSignature(options: VerifySingleSignatureOptions): void {
  const { signature, registration, avk } = options;
  const parameters = validateParameters(options.parameters);
  const backend = options.backend ?? nobleBackend;
  const { cache } = options;
  const msgp = messageWithCommitment(options.message, avk);
  const sigma = backend.decodeG1(signature.sigma, 'signature.sigma');
  const vk = cache ? cache.verificationKey(backend, registration.vk, 'registration.vk') : backend.decodeG2(registration.vk, 'registration.vk');
  if (cache) {
    // Same check as blsVerify, with the message hash and the generator reused across signatures.
    if (!backend.pairingEqual(sigma, cache.generatorG2(backend), cache.hashedMessage(backend, msgp), vk)) {
      throw new BlsError('BLS_SIGNATURE_INVALID', 'the BLS signature does not verify for this message and key', {
        field: 'sigma',
      });
    }
  } else {
    blsVerify(backend, sigma, msgp, vk);
  }
  checkLotteries(options, parameters, msgp);
}

/**
 * The lottery part of single-signature verification (stm.md §5.3 step 3): bound `index ≤ m`, then the lottery of
 * every index. Shared with batch verification.
 *
 * @internal
 */
export function checkLotteries(
  options: Pick<VerifySingleSignatureOptions, 'signature' | 'registration' | 'avk' | 'cache' | 'lotteryHasher'>,
  parameters: StmParameters,
  msgp: Uint8Array,
): void {
  const { signature, registration, avk, cache } = options;
  const wins = evaluatorFor(cache, parameters.phiF, registration.stake, avk.totalStake);
  const ev = (options.lotteryHasher ?? nobleLotteryHasher)(msgp, signature.sigma);
  signature.indexes.forEach((index, i) => {
    checkIndex(index, parameters.m, `signature.indexes[${i}]`);
    if (!wins(ev(index))) {
      throw new StmError('STM_LOTTERY_LOST', `lottery ${index} is not won`, { field: `signature.indexes[${i}]` });
    }
  });
}

function evaluatorFor(cache: StmVerificationCache | undefined, phiF: number, stake: bigint, totalStake: bigint): LotteryEvaluator {
  return cache ? cache.lotteryEvaluator(phiF, stake, totalStake) : createLotteryEvaluator(phiF, stake, totalStake);
}

function checkIndex(index: number, m: bigint, field: string): void {
  if (!Number.isSafeInteger(index) || index < 0) {
    throw new StmError('STM_INDEX_BOUND_FAILED', `index ${index} is not a valid lottery index`, { field });
  }
  // The reference rejects `index > m` (not `>=`): index m itself is accepted (stm.md §5.3).
  if (BigInt(index) > m) {
    throw new StmError('STM_INDEX_BOUND_FAILED', `index ${index} exceeds m = ${m}`, { field, details: { index, m } });
  }
}

/** Options of {@link verifyAggregateSignature}. */
export interface VerifyAggregateSignatureOptions {
  /** The message (in Mithril: the ASCII bytes of `signed_message`). */
  readonly message: Uint8Array;
  readonly signature: AggregateSignature;
  readonly avk: AggregateVerificationKey;
  readonly parameters: StmParameters;
  /** BLS backend (default: pure JavaScript). */
  readonly backend?: BlsBackend;
  /**
   * Cache of decoded keys and lottery evaluators, shared by the certificates of an epoch or a chain (default: none).
   */
  readonly cache?: StmVerificationCache;
  /** Lottery value hasher (default: pure @noble/hashes; `@mithril/sdk/node` has a faster one). */
  readonly lotteryHasher?: LotteryHasher;
}

/**
 * Verifies an STM aggregate signature (concatenation proof) exactly as the reference `ConcatenationProof::verify`
 * (stm.md §6.3): points are validated first (the reference does it when parsing), then every index is checked
 * against `m` and its lottery, indexes must be distinct across the proof, at least `k` of them, the registrations
 * must be proven members of the AVK's Merkle tree, and the randomized BLS aggregate must verify.
 *
 * @throws {BlsError} `BLS_INVALID_POINT`, `BLS_SIGNATURE_INVALID`, `BLS_AGGREGATE_SIGNATURE_INVALID`
 * @throws {StmError} `STM_INDEX_BOUND_FAILED`, `STM_LOTTERY_LOST`, `STM_INDEX_NOT_UNIQUE`,
 *   `STM_NOT_ENOUGH_SIGNATURES`, `STM_BATCH_PATH_INVALID`, `STM_INVALID_PARAMETERS`
 * @example
 * verifyAggregateSignature({ message: utf8(cert.signedMessage), signature, avk, parameters });
 */
export function verifyAggregateSignature(options: VerifyAggregateSignatureOptions): void {
  const { signature, avk } = options;
  const parameters = validateParameters(options.parameters);
  const backend = options.backend ?? nobleBackend;
  const { cache } = options;
  const entries = signature.signatures;

  const sigmas = entries.map((e, i) => backend.decodeG1(e.signature.sigma, `signatures[${i}].sigma`));
  const vks = entries.map((e, i) =>
    cache ? cache.verificationKey(backend, e.registration.vk, `signatures[${i}].vk`) : backend.decodeG2(e.registration.vk, `signatures[${i}].vk`),
  );

  const msgp = messageWithCommitment(options.message, avk);
  checkConcatenationProof(options, parameters, msgp);
  const sigmaBytes = entries.map((e) => e.signature.sigma);
  if (!cache) {
    verifyAggregate(backend, vks, sigmas, sigmaBytes, msgp);
    return;
  }
  // verifyAggregate with the cached generator, so the backend reuses its pairing data across certificates.
  const aggregate = blsAggregate(backend, vks, sigmas, sigmaBytes);
  if (!backend.pairingEqual(aggregate.sigma, cache.generatorG2(backend), backend.hashToG1(msgp), aggregate.vk)) {
    throw new BlsError('BLS_SIGNATURE_INVALID', 'the aggregated BLS signature does not verify', { field: 'signatures' });
  }
}

/**
 * The non-BLS part of aggregate verification (stm.md §6.3): every index bounded by `m` and won, indexes distinct
 * across the proof, at least `k` of them, and the registrations proven members of the AVK's Merkle tree. Shared by
 * {@link verifyAggregateSignature} and the parallel verifier of `@mithril/sdk/node`, which must keep the same order
 * of checks.
 *
 * @param options - the aggregate, AVK, cache and lottery hasher
 * @param parameters - validated STM parameters
 * @param msgp - the message with the AVK commitment ({@link messageWithCommitment})
 * @throws {StmError} `STM_INDEX_BOUND_FAILED`, `STM_LOTTERY_LOST`, `STM_INDEX_NOT_UNIQUE`,
 *   `STM_NOT_ENOUGH_SIGNATURES`, `STM_BATCH_PATH_INVALID`
 * @internal
 */
export function checkConcatenationProof(
  options: Pick<VerifyAggregateSignatureOptions, 'signature' | 'avk' | 'cache' | 'lotteryHasher'>,
  parameters: StmParameters,
  msgp: Uint8Array,
): void {
  const { signature, avk, cache } = options;
  const entries = signature.signatures;
  const evaluators = new Map<bigint, LotteryEvaluator>();
  const hasher = options.lotteryHasher ?? nobleLotteryHasher;
  const seen = new Set<number>();
  let count = 0;
  entries.forEach((entry, i) => {
    const stake = entry.registration.stake;
    const wins = evaluators.get(stake) ?? evaluatorFor(cache, parameters.phiF, stake, avk.totalStake);
    evaluators.set(stake, wins);
    const ev = hasher(msgp, entry.signature.sigma);
    entry.signature.indexes.forEach((index, j) => {
      const field = `signatures[${i}].indexes[${j}]`;
      checkIndex(index, parameters.m, field);
      if (!wins(ev(index))) {
        throw new StmError('STM_LOTTERY_LOST', `lottery ${index} is not won`, { field });
      }
      count++;
      seen.add(index);
    });
  });
  if (count !== seen.size) {
    throw new StmError('STM_INDEX_NOT_UNIQUE', 'an index is used more than once in the aggregate', {
      field: 'signatures',
      details: { count, distinct: seen.size },
    });
  }
  if (BigInt(count) < parameters.k) {
    throw new StmError('STM_NOT_ENOUGH_SIGNATURES', `${count} indexes where k = ${parameters.k} are needed`, {
      field: 'signatures',
      details: { count, k: parameters.k },
    });
  }
  verifyBatchPath(
    avk.mtCommitment,
    entries.map((e) => merkleLeafBytes(e.registration)),
    signature.batchProof,
  );
}
