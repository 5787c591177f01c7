/**
 * The BLS backend and lottery hasher of the in-process verifiers, resolved lazily once: an explicit object wins, else
 * `blsBackend: 'mcl'` loads the optional mcl-wasm backend, else noble; the hasher defaults to the pure one.
 */
import { nobleBackend, nobleLotteryHasher, type BlsBackend, type LotteryHasher } from '../sdk.js';

/** Which crypto a verifier uses on this thread. */
export interface VerifierCryptoOptions {
  /** BLS backend by name (default `noble`); `mcl` loads the optional mcl-wasm package on first use. */
  readonly blsBackend?: 'noble' | 'mcl' | undefined;
  /** A BLS backend object (overrides `blsBackend`). */
  readonly backend?: BlsBackend | undefined;
  /** Lottery hasher (default: the SDK's pure Blake2b; on Node, `nodeLotteryHasher` of `@mithril/sdk/node` is faster). */
  readonly lotteryHasher?: LotteryHasher | undefined;
}

/** Lazily resolved backend and hasher. */
export interface VerifierCrypto {
  backend(): Promise<BlsBackend>;
  lotteryHasher(): Promise<LotteryHasher>;
}

/**
 * Resolves the backend and hasher on first use.
 *
 * @param options - backend name or object, hasher
 * @returns the lazy pair
 * @example
 * const crypto = verifierCrypto({ blsBackend: 'mcl' });
 * const backend = await crypto.backend();
 */
export function verifierCrypto(options: VerifierCryptoOptions): VerifierCrypto {
  let backend: Promise<BlsBackend> | undefined;
  return {
    backend() {
      backend ??= (async (): Promise<BlsBackend> => {
        if (options.backend !== undefined) return options.backend;
        if (options.blsBackend !== 'mcl') return nobleBackend;
        const { createMclBackend } = await import('@mithril/sdk/bls-mcl');
        return createMclBackend();
      })();
      return backend;
    },
    lotteryHasher() {
      return Promise.resolve(options.lotteryHasher ?? nobleLotteryHasher);
    },
  };
}
