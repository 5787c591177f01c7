/**
 * Batch verification of pending single signatures for an aggregator (spec stm.md §5.3, §1.3): all signatures of one
 * round sign the same `msgp`, so with random coefficients `c_i` the N pairing checks collapse into one,
 * `e(Σ c_i·sigma_i, g2) == e(H_G1(msgp), Σ c_i·vk_i)`. A forged signature passes only with probability about
 * `2^-bits`; when the batch fails, every signature is checked on its own to name the bad ones.
 */
import type { BlsBackend } from '../bls/backend.js';
import { nobleBackend } from '../bls/noble-backend.js';
import { BlsError, isMithrilError, type MithrilError, StmError } from '../errors.js';
import type { StmVerificationCache } from './cache.js';
import type { LotteryHasher } from './lottery-hash.js';
import { messageWithCommitment } from './message.js';
import { validateParameters } from './parameters.js';
import type { AggregateVerificationKey, RegistrationEntry, SingleSignature, StmParameters } from './types.js';
import { checkLotteries } from './verify.js';

/** One pending single signature and the registration it claims. */
export interface PendingSingleSignature {
  readonly signature: SingleSignature;
  /** The registered key and stake of `signature.signerIndex` (looked up by the caller). */
  readonly registration: RegistrationEntry;
}

/** Options of {@link verifySingleSignaturesBatch}. */
export interface VerifySingleSignaturesBatchOptions {
  /** The message every signature signs (in Mithril: the ASCII bytes of `signed_message`). */
  readonly message: Uint8Array;
  readonly items: readonly PendingSingleSignature[];
  readonly avk: AggregateVerificationKey;
  readonly parameters: StmParameters;
  /**
   * Randomness for the batch coefficients: returns `length` unpredictable bytes (e.g.
   * `(n) => crypto.getRandomValues(new Uint8Array(n))`). Signers must not be able to predict them.
   */
  readonly randomBytes: (length: number) => Uint8Array;
  /** Size of each coefficient in bits: 64 (default) or 128. */
  readonly coefficientBits?: 64 | 128;
  /** BLS backend (default: pure JavaScript). */
  readonly backend?: BlsBackend;
  /** Per-epoch cache of decoded keys, `H_G1(msgp)` and evaluators (default: a fresh one is not kept). */
  readonly cache?: StmVerificationCache;
  /** Lottery value hasher (default: pure @noble/hashes). */
  readonly lotteryHasher?: LotteryHasher;
}

/** Outcome of one item of {@link verifySingleSignaturesBatch}: valid, or the error single verification would give. */
export type BatchItemResult = { readonly valid: true } | { readonly valid: false; readonly error: MithrilError };

/** Result of {@link verifySingleSignaturesBatch}. */
export interface BatchVerificationResult {
  /** One entry per input item, same order. */
  readonly results: readonly BatchItemResult[];
  /** Whether the combined pairing check failed and individual checks were run. */
  readonly fellBack: boolean;
}

interface Prepared<G1, G2> {
  readonly position: number;
  readonly sigma: G1;
  readonly vk: G2;
}

function coefficients(randomBytes: (length: number) => Uint8Array, count: number, bits: 64 | 128): bigint[] {
  const width = bits / 8;
  const bytes = randomBytes(count * width);
  if (!(bytes instanceof Uint8Array) || bytes.length < count * width) {
    throw new StmError('STM_INVALID_PARAMETERS', `randomBytes must return ${count * width} bytes`, {
      field: 'randomBytes',
    });
  }
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) {
    let c = 0n;
    for (let j = 0; j < width; j++) c = (c << 8n) | BigInt(bytes[i * width + j]!);
    // A zero coefficient would drop its signature from the check.
    out.push(c === 0n ? 1n : c);
  }
  return out;
}

/**
 * Verifies N single signatures of one message as {@link verifySingleSignature} would, with one randomized pairing
 * check for the whole batch (stm.md §5.3). Decoding, index bounds and lotteries are checked per signature first;
 * every item gets the error code single verification would give it.
 *
 * @param options - message, items, AVK, parameters, randomness and optional backend / cache / hasher
 * @returns one result per item and whether the batch check had to fall back to individual checks
 * @throws {StmError} `STM_INVALID_PARAMETERS` for invalid parameters or a short `randomBytes` result
 * @example
 * const { results } = verifySingleSignaturesBatch({
 *   message, items, avk, parameters, randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
 * });
 */
export function verifySingleSignaturesBatch(options: VerifySingleSignaturesBatchOptions): BatchVerificationResult {
  const parameters = validateParameters(options.parameters);
  const backend = (options.backend ?? nobleBackend) as BlsBackend<unknown, unknown>;
  const { avk, cache } = options;
  const msgp = messageWithCommitment(options.message, avk);
  const results: BatchItemResult[] = options.items.map(() => ({ valid: true }));
  const prepared: Prepared<unknown, unknown>[] = [];

  let g2: unknown;
  let hashed: unknown;
  const signatureInvalid = (p: Prepared<unknown, unknown>): boolean => {
    g2 ??= cache ? cache.generatorG2(backend) : backend.mulBaseG2(1n);
    hashed ??= cache ? cache.hashedMessage(backend, msgp) : backend.hashToG1(msgp);
    return !backend.pairingEqual(p.sigma, g2, hashed, p.vk);
  };
  const checkOne = (p: Prepared<unknown, unknown>): void => {
    if (signatureInvalid(p)) {
      results[p.position] = {
        valid: false,
        error: new BlsError('BLS_SIGNATURE_INVALID', 'the BLS signature does not verify for this message and key', {
          field: 'sigma',
        }),
      };
    }
  };

  options.items.forEach((item, position) => {
    let decoded: Prepared<unknown, unknown> | undefined;
    try {
      const sigma = backend.decodeG1(item.signature.sigma, 'signature.sigma');
      const vk = cache
        ? cache.verificationKey(backend, item.registration.vk, 'registration.vk')
        : backend.decodeG2(item.registration.vk, 'registration.vk');
      decoded = { position, sigma, vk };
      checkLotteries({ ...item, avk, cache, lotteryHasher: options.lotteryHasher }, parameters, msgp);
      prepared.push(decoded);
    } catch (error) {
      if (!isMithrilError(error)) throw error;
      results[position] = { valid: false, error };
      // Single verification checks BLS before the lotteries: report what it would report (rare, so checked alone).
      if (decoded !== undefined) checkOne(decoded);
    }
  });
  if (prepared.length === 0) return { results, fellBack: false };
  if (prepared.length === 1) {
    checkOne(prepared[0]!);
    return { results, fellBack: false };
  }
  const c = coefficients(options.randomBytes, prepared.length, options.coefficientBits ?? 64);
  const sigmaSum = backend.msmG1(
    prepared.map((p) => p.sigma),
    c,
  );
  const vkSum = backend.msmG2(
    prepared.map((p) => p.vk),
    c,
  );
  g2 ??= cache ? cache.generatorG2(backend) : backend.mulBaseG2(1n);
  hashed ??= cache ? cache.hashedMessage(backend, msgp) : backend.hashToG1(msgp);
  if (backend.pairingEqual(sigmaSum, g2, hashed, vkSum)) return { results, fellBack: false };
  prepared.forEach(checkOne);
  return { results, fellBack: true };
}
