import type { BlsBackend } from '../bls/backend.js';
import { nobleBackend } from '../bls/noble-backend.js';
import { blsVerify, verifyAggregate } from '../bls/scheme.js';
import { StmError } from '../errors.js';
import { createLotteryEvaluator, lotteryValue } from './lottery.js';
import { merkleLeafBytes, verifyBatchPath } from './merkle.js';
import { messageWithCommitment } from './message.js';
import { validateParameters } from './parameters.js';
import type {
  AggregateSignature,
  AggregateVerificationKey,
  RegistrationEntry,
  SingleSignature,
  StmParameters,
} from './types.js';

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
  const msgp = messageWithCommitment(options.message, avk);
  const sigma = backend.decodeG1(signature.sigma, 'signature.sigma');
  const vk = backend.decodeG2(registration.vk, 'registration.vk');
  blsVerify(backend, sigma, msgp, vk);
  const wins = createLotteryEvaluator(parameters.phiF, registration.stake, avk.totalStake);
  signature.indexes.forEach((index, i) => {
    checkIndex(index, parameters.m, `signature.indexes[${i}]`);
    if (!wins(lotteryValue(msgp, index, signature.sigma))) {
      throw new StmError('STM_LOTTERY_LOST', `lottery ${index} is not won`, { field: `signature.indexes[${i}]` });
    }
  });
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
  const entries = signature.signatures;

  const sigmas = entries.map((e, i) => backend.decodeG1(e.signature.sigma, `signatures[${i}].sigma`));
  const vks = entries.map((e, i) => backend.decodeG2(e.registration.vk, `signatures[${i}].vk`));

  const msgp = messageWithCommitment(options.message, avk);
  const evaluators = new Map<bigint, (ev: Uint8Array) => boolean>();
  const seen = new Set<number>();
  let count = 0;
  entries.forEach((entry, i) => {
    const stake = entry.registration.stake;
    const wins = evaluators.get(stake) ?? createLotteryEvaluator(parameters.phiF, stake, avk.totalStake);
    evaluators.set(stake, wins);
    entry.signature.indexes.forEach((index, j) => {
      const field = `signatures[${i}].indexes[${j}]`;
      checkIndex(index, parameters.m, field);
      if (!wins(lotteryValue(msgp, index, entry.signature.sigma))) {
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
  verifyAggregate(
    backend,
    vks,
    sigmas,
    entries.map((e) => e.signature.sigma),
    msgp,
  );
}
