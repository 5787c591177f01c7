/**
 * The inline verifier: each single signature is checked on its own, on the calling thread.
 */
import { isMithrilError, verifyAggregateSignature, verifySingleSignature, type MithrilError, type MultiSignatureVerifier } from '../sdk.js';
import type { SignatureCheck, SignatureVerifier } from '../verifier.js';
import { verifierCrypto, type VerifierCrypto, type VerifierCryptoOptions } from './crypto.js';

/**
 * Checks one signature in process.
 *
 * @param crypto - backend and hasher
 * @param check - the signature and its registration
 * @returns `undefined` when it verifies, else the verification error
 * @throws whatever is not a `MithrilError`
 * @example
 * const error = await checkInline(crypto, check);
 */
export async function checkInline(crypto: VerifierCrypto, check: SignatureCheck): Promise<MithrilError | undefined> {
  const backend = await crypto.backend();
  const lotteryHasher = await crypto.lotteryHasher();
  try {
    verifySingleSignature({ ...check, backend, lotteryHasher });
    return undefined;
  } catch (error) {
    if (isMithrilError(error)) return error;
    throw error;
  }
}

/**
 * An in-process multi-signature verifier.
 *
 * @param crypto - backend and hasher
 * @param cache - shared verification cache
 * @returns the verifier
 * @example
 * const verifyMultiSignature = await localMultiSignatureVerifier(crypto, cache);
 */
export async function localMultiSignatureVerifier(
  crypto: VerifierCrypto,
  cache: Parameters<SignatureVerifier['multiSignatureVerifier']>[0],
): Promise<MultiSignatureVerifier> {
  const backend = await crypto.backend();
  const lotteryHasher = await crypto.lotteryHasher();
  return ({ message, signature, avk, parameters }) =>
    verifyAggregateSignature({ message, signature, avk, parameters, backend, cache, lotteryHasher });
}

/**
 * Creates the inline verifier (the default).
 *
 * @param options - backend name or object, lottery hasher
 * @returns the verifier
 * @example
 * createAggregator({ ...options, verifier: createInlineVerifier({ blsBackend: 'mcl' }) });
 */
export function createInlineVerifier(options: VerifierCryptoOptions = {}): SignatureVerifier {
  const crypto = verifierCrypto(options);
  return {
    backend: crypto.backend,
    lotteryHasher: crypto.lotteryHasher,
    verify: (check) => checkInline(crypto, check),
    multiSignatureVerifier: (cache) => localMultiSignatureVerifier(crypto, cache),
    stats: () => ({ checks: 0, signatures: 0, fallbacks: 0 }),
    close: async () => undefined,
  };
}
