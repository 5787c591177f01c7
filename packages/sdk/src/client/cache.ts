/**
 * Persistent cache of verified certificate links `hash → previous_hash` (certificates.md §6.4, trap 37), over any
 * key-value storage shaped like a subset of unstorage's `Storage`, so every unstorage driver fits without the SDK
 * depending on unstorage.
 */
import { bytesToHex, utf8 } from '../utils/bytes.js';
import { sha256 } from '../utils/hash.js';

/**
 * The storage methods the cache uses: a structural subset of unstorage's `Storage` (`createStorage({ driver })`
 * satisfies it), also easy to implement over a `Map` or `localStorage`.
 */
export interface CertificateCacheStorage {
  getItem(key: string): unknown;
  setItem(key: string, value: string): unknown;
  removeItem(key: string): unknown;
  getKeys(base?: string): string[] | Promise<string[]>;
}

/** Default lifetime of a cache entry: one week, as the reference client (certificates.md §6.4). */
export const DEFAULT_CERTIFICATE_CACHE_TTL_SECONDS = 604_800;

/** Prefix of every key written by the cache. */
export const CERTIFICATE_CACHE_KEY_PREFIX = 'mithril:certificate-chain';

/** Options of {@link createCertificateChainCache}. */
export interface CertificateChainCacheOptions {
  readonly storage: CertificateCacheStorage;
  /** Aggregator endpoint the entries come from (part of the key namespace). */
  readonly aggregatorEndpoint: string;
  /** Raw genesis verification key bytes, hex (part of the key namespace: entries trust that key). */
  readonly genesisVerificationKeyHex: string;
  /** Entry lifetime in seconds (default {@link DEFAULT_CERTIFICATE_CACHE_TTL_SECONDS}). */
  readonly ttlSeconds?: number;
  /** Clock in milliseconds since the Unix epoch (default `Date.now`). */
  readonly now?: () => number;
}

/** A verified-chain cache bound to one aggregator and one genesis key. */
export interface CertificateChainCache {
  /** Key prefix of this namespace (ends with `:`). */
  readonly namespace: string;
  /** The previous hash of a verified certificate, or `undefined` when absent, malformed or expired. */
  getPreviousHash(hash: string): Promise<string | undefined>;
  /** Records that `hash` was fully verified and links to `previousHash`. */
  setPreviousHash(hash: string, previousHash: string): Promise<void>;
  /** Removes every entry of this namespace. */
  clear(): Promise<void>;
}

interface CacheEntry {
  previous_hash: string;
  expire_at: number;
}

function readEntry(raw: unknown): CacheEntry | undefined {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      return undefined;
    }
  }
  if (value === null || typeof value !== 'object') return undefined;
  const { previous_hash: previousHash, expire_at: expireAt } = value as Record<string, unknown>;
  if (typeof previousHash !== 'string' || !/^[0-9a-f]{64}$/.test(previousHash)) return undefined;
  if (typeof expireAt !== 'number' || !Number.isFinite(expireAt)) return undefined;
  return { previous_hash: previousHash, expire_at: expireAt };
}

/**
 * Creates a verified-chain cache. Keys are `mithril:certificate-chain:<ns>:<hash>` where `<ns>` is a digest of the
 * endpoint and the genesis key, so entries never leak between aggregators or trust anchors; values are
 * `{"previous_hash","expire_at"}` (milliseconds). Genesis certificates must never be stored (the caller's rule).
 *
 * @param options - storage, endpoint, genesis key, ttl, clock
 * @returns the cache
 * @example
 * const cache = createCertificateChainCache({ storage: createStorage(), aggregatorEndpoint, genesisVerificationKeyHex });
 */
export function createCertificateChainCache(options: CertificateChainCacheOptions): CertificateChainCache {
  const { storage } = options;
  const ttlMs = (options.ttlSeconds ?? DEFAULT_CERTIFICATE_CACHE_TTL_SECONDS) * 1000;
  const now = options.now ?? Date.now;
  const endpoint = options.aggregatorEndpoint.replace(/\/+$/, '');
  const id = bytesToHex(sha256(utf8(`${endpoint}\n${options.genesisVerificationKeyHex.toLowerCase()}`))).slice(0, 32);
  const namespace = `${CERTIFICATE_CACHE_KEY_PREFIX}:${id}:`;
  const keyOf = (hash: string): string => `${namespace}${hash}`;

  return {
    namespace,
    async getPreviousHash(hash) {
      const key = keyOf(hash);
      const entry = readEntry(await storage.getItem(key));
      if (entry === undefined || entry.expire_at <= now()) return undefined;
      return entry.previous_hash;
    },
    async setPreviousHash(hash, previousHash) {
      const entry: CacheEntry = { previous_hash: previousHash, expire_at: now() + ttlMs };
      await storage.setItem(keyOf(hash), JSON.stringify(entry));
    },
    async clear() {
      const keys = await storage.getKeys(namespace);
      // unstorage normalizes keys (`/` → `:`) and some drivers ignore the base: filter again.
      for (const key of keys) if (key.startsWith(namespace)) await storage.removeItem(key);
    },
  };
}
