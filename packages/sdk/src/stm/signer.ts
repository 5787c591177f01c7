import type { BlsBackend } from '../bls/backend.js';
import { generateSigningKey } from '../bls/keygen.js';
import { nobleBackend } from '../bls/noble-backend.js';
import { blsSign, createProofOfPossession, verificationKeyFromSigningKey } from '../bls/scheme.js';
import { StmError } from '../errors.js';
import { createLotteryEvaluator } from './lottery.js';
import { type LotteryHasher, nobleLotteryHasher } from './lottery-hash.js';
import { messageWithCommitment } from './message.js';
import { validateParameters } from './parameters.js';
import type { ClosedKeyRegistration } from './registration.js';
import type { SingleSignature, StmParameters, VerificationKeyProofOfPossession } from './types.js';

/** A party's STM key pair: the BLS signing key and the verification key with its proof of possession. */
export interface StmKeyPair {
  /** The BLS secret scalar (never serialize it carelessly). */
  readonly signingKey: bigint;
  readonly verificationKey: VerificationKeyProofOfPossession;
}

/**
 * Derives an STM key pair from 32 bytes of input key material, exactly as the reference `BlsSigningKey::generate`
 * does from 32 random bytes (blst keygen v4, stm.md §1.2).
 *
 * @param ikm - 32 bytes from a cryptographically secure source (e.g. `crypto.getRandomValues`)
 * @param backend - the BLS backend (default: pure JavaScript)
 * @example
 * const keys = generateStmKeyPair(crypto.getRandomValues(new Uint8Array(32)));
 */
export function generateStmKeyPair(ikm: Uint8Array, backend: BlsBackend = nobleBackend): StmKeyPair {
  const signingKey = generateSigningKey(ikm);
  return {
    signingKey,
    verificationKey: {
      vk: verificationKeyFromSigningKey(backend, signingKey),
      pop: createProofOfPossession(backend, signingKey),
    },
  };
}

/** Options of {@link createSingleSignature}. */
export interface CreateSingleSignatureOptions {
  /** Protocol parameters of the epoch. */
  readonly parameters: StmParameters;
  /** The signer's BLS signing key. */
  readonly signingKey: bigint;
  /** The closed registration the signer is part of. */
  readonly closedRegistration: ClosedKeyRegistration;
  /** The signer's position in the closed registration. */
  readonly signerIndex: number;
  /** The message (in Mithril: the ASCII bytes of `signed_message`). */
  readonly message: Uint8Array;
  /** BLS backend (default: pure JavaScript). */
  readonly backend?: BlsBackend;
  /**
   * Lottery value hasher (default: pure @noble/hashes). The `m` lottery hashes dominate signing; on Node pass
   * `nodeLotteryHasher` from `@mithril/sdk/node` (same bytes, about 5× faster).
   */
  readonly lotteryHasher?: LotteryHasher;
}

/**
 * Signs a message and plays the `m` lotteries (stm.md §3.7, §5.2): the signature carries every won index, ascending.
 *
 * @returns the single signature
 * @throws {StmError} `STM_LOTTERY_LOST` when no index is won (a normal outcome for small stakes),
 *   `STM_UNREGISTERED_SIGNER` for a signer index outside the registration, `STM_INVALID_PARAMETERS`
 *
 * @example
 * try {
 *   const signature = createSingleSignature({ parameters, signingKey: keys.signingKey, closedRegistration, signerIndex, message });
 * } catch (error) {
 *   if (!isMithrilError(error, 'STM_LOTTERY_LOST')) throw error; // no lottery won: nothing to send
 * }
 */
export function createSingleSignature(options: CreateSingleSignatureOptions): SingleSignature {
  const { closedRegistration, signerIndex, message } = options;
  const parameters = validateParameters(options.parameters);
  const backend = options.backend ?? nobleBackend;
  const entry = closedRegistration.entries[signerIndex];
  if (entry === undefined || !Number.isSafeInteger(signerIndex)) {
    throw new StmError('STM_UNREGISTERED_SIGNER', `no registered party at index ${signerIndex}`, { field: 'signerIndex' });
  }
  const msgp = messageWithCommitment(message, closedRegistration.avk);
  const sigma = blsSign(backend, options.signingKey, msgp);
  const wins = createLotteryEvaluator(parameters.phiF, entry.stake, closedRegistration.totalStake);
  const ev = (options.lotteryHasher ?? nobleLotteryHasher)(msgp, sigma);
  const indexes: number[] = [];
  const m = Number(parameters.m);
  for (let index = 0; index < m; index++) {
    if (wins(ev(index))) indexes.push(index);
  }
  if (indexes.length === 0) {
    throw new StmError('STM_LOTTERY_LOST', `no lottery won among ${m} indexes`, { field: 'indexes' });
  }
  return { sigma, indexes, signerIndex };
}
