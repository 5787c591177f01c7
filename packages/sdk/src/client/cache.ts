/**
 * Persistent cache of verified certificates (certificates.md §6.4, trap 37) over any key-value storage shaped like a
 * subset of unstorage's `Storage`, so every unstorage driver fits without the SDK depending on unstorage.
 *
 * Two kinds of values live in one namespace bound to an aggregator and a genesis key:
 * - a link entry per fully verified standard certificate: its previous hash, an expiry and, for recent epochs, the
 *   certificate text as served, so a later walk can check its child's epoch link without downloading it;
 * - one copy of the genesis certificate text, which is never trusted as verified: the walk re-verifies it each time.
 */
import { computeCertificateHash, isGenesisCertificate } from '../certificate/hash.js';
import { parseCertificate } from '../certificate/schemas.js';
import type { Certificate } from '../certificate/types.js';
import { bytesToHex, utf8 } from '../utils/bytes.js';
import { sha256 } from '../utils/hash.js';
import { ClientError } from './errors.js';

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

/**
 * Default lifetime of a cache entry: one week, as the reference client (certificates.md §6.4).
 *
 * @example
 * DEFAULT_CERTIFICATE_CACHE_TTL_SECONDS // 604800: one week
 */
export const DEFAULT_CERTIFICATE_CACHE_TTL_SECONDS = 604_800;

/**
 * Prefix of every key written by the cache.
 *
 * @example
 * const keys = (await storage.getKeys()).filter((k) => k.startsWith(CERTIFICATE_CACHE_KEY_PREFIX));
 */
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

/** A certificate read back from the cache together with the exact text it was parsed from. */
export interface CachedCertificate {
  readonly certificate: Certificate;
  readonly text: string;
}

/** A verified-chain cache bound to one aggregator and one genesis key. */
export interface CertificateChainCache {
  /** Key prefix of this namespace (ends with `:`). */
  readonly namespace: string;
  /**
   * The previous hash of a verified certificate, or `undefined` when absent, malformed, expired, or when the stored
   * text does not hash to `hash`.
   */
  getPreviousHash(hash: string): Promise<string | undefined>;
  /**
   * The stored text of a verified standard certificate, re-parsed and checked to hash to `hash`; `undefined` when
   * the entry is missing, expired, malformed or holds no text (entries of the previous-hash-only format).
   */
  getVerifiedCertificate(hash: string): Promise<CachedCertificate | undefined>;
  /** Records that `hash` was fully verified and links to `previousHash` (no certificate text). */
  setPreviousHash(hash: string, previousHash: string): Promise<void>;
  /**
   * Records that a standard certificate was fully verified, optionally keeping its exact text for link checks.
   *
   * @throws {ClientError} `CLIENT_INVALID_OPTIONS` for a genesis certificate, which is never recorded as verified
   */
  setVerifiedCertificate(certificate: Certificate, text?: string): Promise<void>;
  /**
   * Adds `text` to the existing, unexpired entry of a verified certificate that holds none, keeping its expiry. A
   * no-op unless the text parses, recomputes to the entry's hash and names the entry's previous hash: it never
   * makes a certificate verified, it only remembers the bytes of one that already is.
   */
  attachCertificateText(hash: string, text: string): Promise<void>;
  /**
   * The stored copy of the genesis certificate, checked only to parse and to hash to its own `hash` field; NOT
   * verified: the caller must verify its signature against the genesis key every time.
   */
  getGenesisCopy(): Promise<CachedCertificate | undefined>;
  /** Stores the text of a genesis certificate as the namespace's genesis copy. */
  setGenesisCopy(text: string): Promise<void>;
  /** Removes every entry of this namespace. */
  clear(): Promise<void>;
}

interface LinkEntry {
  readonly previousHash: string;
  readonly expireAt: number;
  /** Present when the entry holds a certificate text that parsed and hashed to the entry's key. */
  readonly cached?: CachedCertificate;
}

const HASH = /^[0-9a-f]{64}$/;

/** Decodes a stored value (a JSON text, or an object when the storage parses JSON itself, as unstorage does). */
function storedObject(raw: unknown): Record<string, unknown> | undefined {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      return undefined;
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return value as Record<string, unknown>;
}

/**
 * Parses a stored certificate text and checks that it recomputes to `expectedHash`; `undefined` on any failure,
 * since storage content is untrusted input and a bad copy only costs a download.
 */
function storedCertificate(text: unknown, expectedHash: string | undefined): CachedCertificate | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const certificate = parseCertificate(text);
    if (expectedHash !== undefined && certificate.hash !== expectedHash) return undefined;
    if (computeCertificateHash(certificate) !== certificate.hash) return undefined;
    return { certificate, text };
  } catch {
    return undefined;
  }
}

function readLinkEntry(raw: unknown, hash: string): LinkEntry | undefined {
  const value = storedObject(raw);
  if (value === undefined) return undefined;
  const { previous_hash: previousHash, expire_at: expireAt, certificate: text } = value;
  if (typeof previousHash !== 'string' || !HASH.test(previousHash)) return undefined;
  if (typeof expireAt !== 'number' || !Number.isFinite(expireAt)) return undefined;
  if (text === undefined) return { previousHash, expireAt };
  // A text that is present but wrong means the entry was tampered with or corrupted: distrust the whole entry.
  const cached = storedCertificate(text, hash);
  if (cached === undefined || isGenesisCertificate(cached.certificate) || cached.certificate.previousHash !== previousHash) return undefined;
  return { previousHash, expireAt, cached };
}

/**
 * Creates a verified-chain cache. Keys are `mithril:certificate-chain:<ns>:<hash>` for link entries and
 * `mithril:certificate-chain:<ns>:genesis` for the genesis copy, where `<ns>` is a digest of the endpoint and the
 * genesis key, so entries never leak between aggregators or trust anchors. Link values are
 * `{"previous_hash","expire_at","certificate"?}` (milliseconds; `certificate` is the JSON text as served), the
 * genesis copy `{"expire_at","certificate"}`. Values written by older versions (no `certificate`) stay readable.
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
  const genesisKey = `${namespace}genesis`;

  const readLink = async (hash: string): Promise<LinkEntry | undefined> => {
    const entry = readLinkEntry(await storage.getItem(keyOf(hash)), hash);
    return entry === undefined || entry.expireAt <= now() ? undefined : entry;
  };
  const writeLink = async (hash: string, previousHash: string, expireAt: number, text: string | undefined): Promise<void> => {
    const value = { previous_hash: previousHash, expire_at: expireAt, ...(text !== undefined && { certificate: text }) };
    await storage.setItem(keyOf(hash), JSON.stringify(value));
  };

  return {
    namespace,
    async getPreviousHash(hash) {
      return (await readLink(hash))?.previousHash;
    },
    async getVerifiedCertificate(hash) {
      return (await readLink(hash))?.cached;
    },
    async setPreviousHash(hash, previousHash) {
      await writeLink(hash, previousHash, now() + ttlMs, undefined);
    },
    async setVerifiedCertificate(certificate, text) {
      if (isGenesisCertificate(certificate)) {
        throw new ClientError('CLIENT_INVALID_OPTIONS', 'a genesis certificate is never recorded as verified', { field: 'certificate' });
      }
      await writeLink(certificate.hash, certificate.previousHash, now() + ttlMs, text);
    },
    async attachCertificateText(hash, text) {
      const entry = await readLink(hash);
      if (entry === undefined || entry.cached !== undefined) return;
      const cached = storedCertificate(text, hash);
      if (cached === undefined || isGenesisCertificate(cached.certificate) || cached.certificate.previousHash !== entry.previousHash) return;
      await writeLink(hash, entry.previousHash, entry.expireAt, text);
    },
    async getGenesisCopy() {
      const value = storedObject(await storage.getItem(genesisKey));
      if (value === undefined) return undefined;
      const { expire_at: expireAt, certificate: text } = value;
      if (typeof expireAt !== 'number' || !Number.isFinite(expireAt) || expireAt <= now()) return undefined;
      const cached = storedCertificate(text, undefined);
      return cached !== undefined && isGenesisCertificate(cached.certificate) ? cached : undefined;
    },
    async setGenesisCopy(text) {
      await storage.setItem(genesisKey, JSON.stringify({ expire_at: now() + ttlMs, certificate: text }));
    },
    async clear() {
      const keys = await storage.getKeys(namespace);
      // unstorage normalizes keys (`/` → `:`) and some drivers ignore the base: filter again.
      for (const key of keys) if (key.startsWith(namespace)) await storage.removeItem(key);
    },
  };
}
