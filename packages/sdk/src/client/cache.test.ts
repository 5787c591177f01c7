import { createStorage, type Storage } from 'unstorage';
import { describe, expect, it } from 'vitest';
import {
  CERTIFICATE_CACHE_KEY_PREFIX,
  createCertificateChainCache,
  DEFAULT_CERTIFICATE_CACHE_TTL_SECONDS,
  type CertificateCacheStorage,
} from './cache.js';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const KEY1 = '20fdbac9b10b7587bba7b5bc163bce69e796d71e4ed44c10fcb4488689f7a144';
const KEY2 = '7f497ca1068983d5cf75c655b0c7a2f1447b77910de8f331e502f9cdcd27eb2c';

/** A minimal storage over a Map, to show that no unstorage is needed. */
function mapStorage(): CertificateCacheStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
    getKeys: (base = '') => [...map.keys()].filter((k) => k.startsWith(base)),
  };
}

describe('createCertificateChainCache', () => {
  it('accepts an unstorage Storage structurally and round-trips entries', async () => {
    const storage: Storage = createStorage();
    const asPort: CertificateCacheStorage = storage;
    const cache = createCertificateChainCache({ storage: asPort, aggregatorEndpoint: 'http://x/aggregator', genesisVerificationKeyHex: KEY1 });
    expect(await cache.getPreviousHash(A)).toBeUndefined();
    await cache.setPreviousHash(A, B);
    expect(await cache.getPreviousHash(A)).toBe(B);
    const keys = await storage.getKeys();
    expect(keys).toEqual([`${cache.namespace}${A}`]);
    expect(cache.namespace.startsWith(`${CERTIFICATE_CACHE_KEY_PREFIX}:`)).toBe(true);
  });

  it('expires entries after the ttl (default one week)', async () => {
    let now = 1_000_000;
    const storage = mapStorage();
    const cache = createCertificateChainCache({
      storage,
      aggregatorEndpoint: 'http://x/aggregator',
      genesisVerificationKeyHex: KEY1,
      now: () => now,
    });
    await cache.setPreviousHash(A, B);
    const entry = JSON.parse([...storage.map.values()][0] as string) as { previous_hash: string; expire_at: number };
    expect(entry).toEqual({ previous_hash: B, expire_at: 1_000_000 + DEFAULT_CERTIFICATE_CACHE_TTL_SECONDS * 1000 });
    now += DEFAULT_CERTIFICATE_CACHE_TTL_SECONDS * 1000 - 1;
    expect(await cache.getPreviousHash(A)).toBe(B);
    now += 1;
    expect(await cache.getPreviousHash(A)).toBeUndefined();
  });

  it('binds entries to the aggregator endpoint and the genesis key', async () => {
    const storage = mapStorage();
    const make = (endpoint: string, key: string) =>
      createCertificateChainCache({ storage, aggregatorEndpoint: endpoint, genesisVerificationKeyHex: key });
    const base = make('http://x/aggregator', KEY1);
    await base.setPreviousHash(A, B);
    expect(await make('http://x/aggregator/', KEY1).getPreviousHash(A)).toBe(B);
    expect(await make('http://y/aggregator', KEY1).getPreviousHash(A)).toBeUndefined();
    expect(await make('http://x/aggregator', KEY2).getPreviousHash(A)).toBeUndefined();
  });

  it('treats malformed entries as absent and clears only its namespace', async () => {
    const storage = mapStorage();
    const cache = createCertificateChainCache({ storage, aggregatorEndpoint: 'http://x', genesisVerificationKeyHex: KEY1 });
    const other = createCertificateChainCache({ storage, aggregatorEndpoint: 'http://x', genesisVerificationKeyHex: KEY2 });
    for (const bad of ['not json', '{"previous_hash":"zz","expire_at":1e20}', '{"previous_hash":"' + B + '"}', 'null']) {
      storage.map.set(`${cache.namespace}${A}`, bad);
      expect(await cache.getPreviousHash(A)).toBeUndefined();
    }
    await cache.setPreviousHash(A, B);
    await other.setPreviousHash(A, B);
    await cache.clear();
    expect(await cache.getPreviousHash(A)).toBeUndefined();
    expect(await other.getPreviousHash(A)).toBe(B);
  });
});
