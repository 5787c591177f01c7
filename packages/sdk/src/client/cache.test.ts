import { readFixtureText, sliceTopLevelObject } from '@mithril/testing';
import { createStorage, type Storage } from 'unstorage';
import { describe, expect, it } from 'vitest';
import { parseCertificate } from '../certificate/schemas.js';
import { isMithrilError } from '../errors.js';
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
    for (const bad of ['not json', '{"previous_hash":"zz","expire_at":1e20}', `{"previous_hash":"${B}"}`, 'null']) {
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

describe('certificate texts and the genesis copy', () => {
  const texts = sliceTopLevelObject(readFixtureText('aggregator-fake-2026-05', 'certificates.json'));
  const parsed = [...texts.values()].map((text) => ({ text, certificate: parseCertificate(text) }));
  const genesis = parsed.find((p) => p.certificate.previousHash === '') as (typeof parsed)[number];
  const standard = parsed.find((p) => p.certificate.previousHash !== '' && texts.has(p.certificate.previousHash)) as (typeof parsed)[number];
  const other = parsed.find((p) => p !== standard && p !== genesis) as (typeof parsed)[number];
  const make = (storage = mapStorage(), now = () => 1_000) => ({
    storage,
    cache: createCertificateChainCache({ storage, aggregatorEndpoint: 'http://x', genesisVerificationKeyHex: KEY1, now }),
  });
  const resealed = (text: string): string => {
    const out = text.replace(/"sealed_at":\s*"[^"]*"/, '"sealed_at": "2020-01-01T00:00:00Z"');
    expect(out).not.toBe(text);
    return out;
  };

  it('keeps the exact text of a verified certificate and gives it back re-parsed', async () => {
    const { storage, cache } = make();
    await cache.setVerifiedCertificate(standard.certificate, standard.text);
    const stored = JSON.parse(storage.map.get(`${cache.namespace}${standard.certificate.hash}`) as string) as Record<string, unknown>;
    expect(stored).toEqual({
      previous_hash: standard.certificate.previousHash,
      expire_at: 1_000 + DEFAULT_CERTIFICATE_CACHE_TTL_SECONDS * 1000,
      certificate: standard.text,
    });
    const back = await cache.getVerifiedCertificate(standard.certificate.hash);
    expect(back?.text).toBe(standard.text);
    expect(back?.certificate).toEqual(standard.certificate);
    expect(await cache.getPreviousHash(standard.certificate.hash)).toBe(standard.certificate.previousHash);
  });

  it('serves previous-hash-only entries for skipping but not as link data', async () => {
    const { cache } = make();
    await cache.setVerifiedCertificate(standard.certificate);
    expect(await cache.getPreviousHash(standard.certificate.hash)).toBe(standard.certificate.previousHash);
    expect(await cache.getVerifiedCertificate(standard.certificate.hash)).toBeUndefined();
  });

  it('treats an entry whose text is wrong as a miss altogether', async () => {
    const h = standard.certificate.hash;
    const entry = (certificate: unknown, previous = standard.certificate.previousHash) =>
      JSON.stringify({ previous_hash: previous, expire_at: 1e15, certificate });
    const bad = [
      entry(other.text),
      entry(resealed(standard.text)),
      entry('{not json'),
      entry('{}'),
      entry(7),
      entry(null),
      entry(standard.text, other.certificate.hash),
      entry(genesis.text),
    ];
    for (const value of bad) {
      const { storage, cache } = make();
      storage.map.set(`${cache.namespace}${h}`, value);
      expect(await cache.getPreviousHash(h)).toBeUndefined();
      expect(await cache.getVerifiedCertificate(h)).toBeUndefined();
    }
  });

  it('never records a genesis certificate as verified', async () => {
    const { storage, cache } = make();
    let error: unknown;
    try {
      await cache.setVerifiedCertificate(genesis.certificate, genesis.text);
    } catch (e) {
      error = e;
    }
    expect(isMithrilError(error, 'CLIENT_INVALID_OPTIONS')).toBe(true);
    expect(storage.map.size).toBe(0);
  });

  it('attaches a text only to an existing entry it matches, keeping the expiry', async () => {
    let now = 1_000;
    const { storage, cache } = make(mapStorage(), () => now);
    const h = standard.certificate.hash;
    await cache.attachCertificateText(h, standard.text);
    expect(storage.map.size).toBe(0);
    await cache.setPreviousHash(h, standard.certificate.previousHash);
    const before = storage.map.get(`${cache.namespace}${h}`);
    now = 5_000;
    await cache.attachCertificateText(h, other.text);
    await cache.attachCertificateText(h, resealed(standard.text));
    expect(storage.map.get(`${cache.namespace}${h}`)).toBe(before);
    await cache.attachCertificateText(h, standard.text);
    const stored = JSON.parse(storage.map.get(`${cache.namespace}${h}`) as string) as { expire_at: number; certificate: string };
    expect(stored.expire_at).toBe(1_000 + DEFAULT_CERTIFICATE_CACHE_TTL_SECONDS * 1000);
    expect(stored.certificate).toBe(standard.text);
    // An entry naming another previous hash is not the one this text describes.
    const { storage: s2, cache: c2 } = make();
    await c2.setPreviousHash(h, other.certificate.hash);
    await c2.attachCertificateText(h, standard.text);
    expect(await c2.getVerifiedCertificate(h)).toBeUndefined();
    expect(s2.map.size).toBe(1);
  });

  it('stores one genesis copy, unverified but hash-checked, expiring and cleared with the namespace', async () => {
    let now = 1_000;
    const { storage, cache } = make(mapStorage(), () => now);
    expect(await cache.getGenesisCopy()).toBeUndefined();
    await cache.setGenesisCopy(genesis.text);
    expect([...storage.map.keys()]).toEqual([`${cache.namespace}genesis`]);
    expect((await cache.getGenesisCopy())?.certificate).toEqual(genesis.certificate);
    expect(await cache.getPreviousHash(genesis.certificate.hash)).toBeUndefined();
    for (const text of [resealed(genesis.text), standard.text, 'nope']) {
      await cache.setGenesisCopy(text);
      expect(await cache.getGenesisCopy()).toBeUndefined();
    }
    storage.map.set(`${cache.namespace}genesis`, '[1]');
    expect(await cache.getGenesisCopy()).toBeUndefined();
    await cache.setGenesisCopy(genesis.text);
    now += DEFAULT_CERTIFICATE_CACHE_TTL_SECONDS * 1000;
    expect(await cache.getGenesisCopy()).toBeUndefined();
    await cache.clear();
    expect(storage.map.size).toBe(0);
  });
});
