/**
 * The browser example's verification logic, free of DOM code: a client over the global `fetch`, a verified-chain
 * cache over any `localStorage`-like store, and progress reported through a callback. It verifies the latest chain,
 * or certifies one transaction through its proof and the verified chain of the certificate that proof names.
 */
import { createMithrilClient, isMithrilError, type CertificateCacheStorage } from '@mithril/sdk';

/** A `localStorage`-shaped store (`window.localStorage`, or a stand-in outside browsers). */
export interface KeyValueStore {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

// #region cache
/** Adapts `localStorage` to the four methods the SDK's verified-chain cache needs. */
function localStorageCache(store: KeyValueStore): CertificateCacheStorage {
  return {
    getItem: (key) => store.getItem(key),
    setItem: (key, value) => store.setItem(key, value),
    removeItem: (key) => store.removeItem(key),
    getKeys: (base = '') => {
      const keys: string[] = [];
      for (let i = 0; i < store.length; i++) {
        const key = store.key(i);
        if (key?.startsWith(base)) keys.push(key);
      }
      return keys;
    },
  };
}
// #endregion cache

/** Outcome of {@link verifyLatestChain}. */
export type VerifyOutcome =
  | { readonly ok: true; readonly tip: string; readonly genesis: string; readonly validated: number; readonly fromCache: number }
  | { readonly ok: false; readonly code: string; readonly message: string };

/**
 * Verifies the latest certificate chain of an aggregator in the current JavaScript realm (browser or Node).
 *
 * @param aggregatorEndpoint - e.g. `https://aggregator.release-preprod.api.mithril.network/aggregator`
 * @param genesisVerificationKey - JSON-hex genesis key of that network
 * @param store - where verified certificates are cached
 * @param onProgress - receives one line per event
 * @returns what was verified, or the error code
 */
export async function verifyLatestChain(
  aggregatorEndpoint: string,
  genesisVerificationKey: string,
  store: KeyValueStore,
  onProgress: (line: string) => void,
): Promise<VerifyOutcome> {
  try {
    // #region browser-client
    const client = createMithrilClient({ aggregatorEndpoint, genesisVerificationKey, cache: localStorageCache(store) });
    client.events.on('CertificateValidated', (e) => onProgress(`verified ${e.certificateHash}`));
    client.events.on('CertificateFetchedFromCache', (e) => onProgress(`cached ${e.certificateHash}`));
    const [latest] = await client.listCertificates();
    if (latest === undefined) return { ok: false, code: 'NO_CERTIFICATE', message: 'the aggregator has no certificate yet' };
    const chain = await client.verifyCertificateChain({ hash: latest.hash });
    // #endregion browser-client
    return {
      ok: true,
      tip: chain.certificate.hash,
      genesis: chain.genesisHash,
      validated: chain.validated.length,
      fromCache: chain.fromCache.length,
    };
  } catch (error) {
    if (isMithrilError(error)) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

/** Outcome of {@link certifyTransaction}. */
export type CertifyOutcome =
  | { readonly ok: true; readonly certified: true; readonly transactionHash: string; readonly certificateHash: string; readonly blockNumber: bigint }
  | { readonly ok: true; readonly certified: false; readonly transactionHash: string }
  | { readonly ok: false; readonly code: string; readonly message: string };

/**
 * Certifies one Cardano transaction: fetches its proof, verifies it, verifies the certificate chain it binds to and
 * checks it against that certificate. "Not certified" means the aggregator proves no such transaction (yet).
 *
 * @param aggregatorEndpoint - the aggregator
 * @param genesisVerificationKey - JSON-hex genesis key of that network
 * @param store - where verified certificates are cached (shared with {@link verifyLatestChain})
 * @param transactionHash - 64 hex characters
 * @param onProgress - receives one line per verified or cached certificate
 * @returns certified (with the certificate and the latest block number the proof covers) or not, or the error code
 * @example
 * const outcome = await certifyTransaction(endpoint, genesisKey, window.localStorage, hash, console.log);
 * if (outcome.ok && outcome.certified) console.log(`certified by ${outcome.certificateHash}`);
 */
export async function certifyTransaction(
  aggregatorEndpoint: string,
  genesisVerificationKey: string,
  store: KeyValueStore,
  transactionHash: string,
  onProgress: (line: string) => void,
): Promise<CertifyOutcome> {
  try {
    const client = createMithrilClient({ aggregatorEndpoint, genesisVerificationKey, cache: localStorageCache(store) });
    client.events.on('CertificateValidated', (e) => onProgress(`verified ${e.certificateHash}`));
    client.events.on('CertificateFetchedFromCache', (e) => onProgress(`cached ${e.certificateHash}`));
    const hash = transactionHash.trim().toLowerCase();
    const result = await client.certifyCardanoTransactions({ transactionHashes: [hash] });
    if (!result.certified.includes(hash) || result.certificate === undefined || result.proofs === undefined) {
      return { ok: true, certified: false, transactionHash: hash };
    }
    return {
      ok: true,
      certified: true,
      transactionHash: hash,
      certificateHash: result.certificate.hash,
      blockNumber: result.proofs.latestBlockNumber,
    };
  } catch (error) {
    if (isMithrilError(error)) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}
