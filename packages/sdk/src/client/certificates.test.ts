import { readFixtureJson, readFixtureText } from '@mithril/testing';
import { createStorage, type Storage } from 'unstorage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sliceTopLevelObject, startFixtureServer, type FixtureServer } from '@mithril/testing';
import { isMithrilError } from '../errors.js';
import { createMithrilClient, type MithrilClient } from './client.js';
import type { MithrilClientEvents } from './events.js';
import type { MithrilClientOptions } from './types.js';

const DIR = 'aggregator-fake-2026-05';

interface RawCertificate {
  hash: string;
  previous_hash: string;
  epoch: number;
  genesis_signature: string;
}

const certificates = readFixtureJson<Record<string, RawCertificate>>(DIR, 'certificates.json');
const latestHash = (readFixtureJson<{ hash: string }[]>(DIR, 'certificates-list.json')[0] as { hash: string }).hash;
const genesisKeys = readFixtureJson<{
  devnet_genesis_verification_key: { json_hex: string };
  genesis_verification_keys: { json_hex: string; key_hex: string }[];
}>('genesis-keys.json');
const DEVNET_KEY = genesisKeys.devnet_genesis_verification_key.json_hex;
const OTHER_KEY = (genesisKeys.genesis_verification_keys[0] as { json_hex: string }).json_hex;

/** The chain from `hash` to genesis, following `previous_hash` in the fixture file (independent of the SDK). */
function chainOf(hash: string): RawCertificate[] {
  const out: RawCertificate[] = [];
  let current = certificates[hash];
  while (current !== undefined) {
    out.push(current);
    if (current.previous_hash === '') break;
    current = certificates[current.previous_hash];
  }
  return out;
}

const latestChain = chainOf(latestHash);
const slices = sliceTopLevelObject(readFixtureText(DIR, 'certificates.json'));
const genesis = latestChain[latestChain.length - 1] as RawCertificate;
const tipEpoch = (latestChain[0] as RawCertificate).epoch;
const inTipEpoch = latestChain.filter((x) => x.epoch === tipEpoch).map((x) => x.hash);
/** The first certificate outside the tip's epoch: the parent of the tip epoch's link. */
const link = latestChain.find((x) => x.epoch !== tipEpoch) as RawCertificate;
const outsideTipEpoch = latestChain.map((x) => x.hash).filter((h) => !inTipEpoch.includes(h) && h !== genesis.hash);

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});

function client(options: Partial<MithrilClientOptions> = {}, srv: FixtureServer = server): MithrilClient {
  return createMithrilClient({ aggregatorEndpoint: srv.url, genesisVerificationKey: DEVNET_KEY, logger: { warn: () => undefined }, ...options });
}

type Recorded = { type: keyof MithrilClientEvents; event: MithrilClientEvents[keyof MithrilClientEvents] };

function record(c: MithrilClient): Recorded[] {
  const events: Recorded[] = [];
  c.events.on('*', (type, event) => events.push({ type, event }));
  return events;
}

/** The same certificate text with another `sealed_at`: well-formed, but no longer hashing to its `hash`. */
function resealed(text: string): string {
  const out = text.replace(/"sealed_at":\s*"[^"]*"/, '"sealed_at": "2020-01-01T00:00:00Z"');
  if (out === text) throw new Error('fixture text has no sealed_at');
  return out;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('fixture data sanity', () => {
  it('the latest certificate chains to the single genesis certificate', () => {
    expect(genesis.genesis_signature).not.toBe('');
    expect(Object.values(certificates).filter((c) => c.genesis_signature !== '')).toHaveLength(1);
    expect(latestChain.length).toBeGreaterThan(2);
  });
});

describe('certificate actions', () => {
  it('lists certificates and parses every certificate the server serves', async () => {
    const c = client();
    const list = await c.listCertificates();
    expect(list.map((i) => i.hash)).toEqual(readFixtureJson<{ hash: string }[]>(DIR, 'certificates-list.json').map((i) => i.hash));
    for (const raw of Object.values(certificates)) {
      const parsed = await c.getCertificate(raw.hash);
      expect(parsed.hash).toBe(raw.hash);
      expect(parsed.epoch).toBe(BigInt(raw.epoch));
      expect(parsed.previousHash).toBe(raw.previous_hash);
    }
    expect((await c.getGenesisCertificate()).hash).toBe(genesis.hash);
  });

  it('refuses a certificate whose hash is not the one asked for', async () => {
    const other = (chainOf(latestHash)[1] as RawCertificate).hash;
    const s = await startFixtureServer({ certificateOverrides: { [latestHash]: slices.get(other) as string } });
    try {
      const error = await rejection(client({}, s).getCertificate(latestHash));
      expect(isMithrilError(error, 'CERTIFICATE_HASH_MISMATCH')).toBe(true);
    } finally {
      await s.close();
    }
  });
});

describe('verifyCertificateChain', () => {
  it('verifies the latest certificate down to genesis without a cache, emitting the reference events', async () => {
    const c = client({ randomId: () => 'run-1' });
    const events = record(c);
    server.resetRequests();
    const result = await c.verifyCertificateChain({ hash: latestHash });
    expect(result.certificate.hash).toBe(latestHash);
    expect(result.validated).toEqual(latestChain.map((x) => x.hash));
    expect(result.fromCache).toEqual([]);
    expect(result.genesisHash).toBe(genesis.hash);
    expect(events.map((e) => e.type)).toEqual([
      'CertificateChainValidationStarted',
      ...latestChain.map(() => 'CertificateValidated'),
      'CertificateChainValidated',
    ]);
    expect(events.every((e) => (e.event as { certificateChainValidationId: string }).certificateChainValidationId === 'run-1')).toBe(true);
    expect(events.slice(1, -1).map((e) => (e.event as { certificateHash: string }).certificateHash)).toEqual(result.validated);
    // The prefetcher never fetches a certificate twice, nor one outside the chain.
    const fetched = server.certificateFetches();
    expect([...fetched.keys()].sort()).toEqual(latestChain.map((x) => x.hash).sort());
    expect([...fetched.values()].every((n) => n === 1)).toBe(true);
  });

  describe('with a verified-chain cache', () => {
    const storage = createStorage();
    const cached = (): MithrilClient => client({ cache: storage });

    it('verifies the chain of every certificate in certificates.json to genesis', async () => {
      const c = cached();
      const byEpoch = Object.values(certificates).sort((a, b) => a.epoch - b.epoch);
      for (const raw of byEpoch) {
        const chain = chainOf(raw.hash);
        const result = await c.verifyCertificateChain({ hash: raw.hash });
        expect(result.certificate.hash).toBe(raw.hash);
        expect(result.genesisHash).toBe(genesis.hash);
        expect([...result.validated, ...result.fromCache].sort()).toEqual(chain.map((x) => x.hash).sort());
        // The tip's epoch is always fully verified, and so is the genesis (never cached).
        for (const x of chain) if (x.epoch === raw.epoch) expect(result.validated).toContain(x.hash);
        expect(result.validated[result.validated.length - 1]).toBe(genesis.hash);
        expect(result.fromCache).not.toContain(genesis.hash);
      }
      // One link entry per standard certificate, plus the single genesis copy.
      const keys = await storage.getKeys();
      expect(keys).toHaveLength(Object.keys(certificates).length);
      expect(keys.filter((k) => k.endsWith(':genesis'))).toHaveLength(1);
    });

    it('a second verification of the same tip fetches only the tip epoch', async () => {
      const c = cached();
      const events = record(c);
      server.resetRequests();
      const result = await c.verifyCertificateChain({ hash: latestHash });
      expect(server.requests.map((r) => r.path).sort()).toEqual(inTipEpoch.map((h) => `/aggregator/certificate/${h}`).sort());
      expect(result.validated).toEqual([...inTipEpoch, genesis.hash]);
      expect(result.fromCache).toEqual(outsideTipEpoch);
      expect(
        events.filter((e) => e.type === 'CertificateFetchedFromCache').map((e) => (e.event as { certificateHash: string }).certificateHash),
      ).toEqual(result.fromCache);
      expect(events.filter((e) => e.type === 'CertificateValidated').map((e) => (e.event as { certificateHash: string }).certificateHash)).toEqual(
        result.validated,
      );
    });

    it('does not share entries with another genesis key', async () => {
      const other = client({ cache: storage, genesisVerificationKey: OTHER_KEY });
      expect(other.cache?.namespace).not.toBe(cached().cache?.namespace);
      const error = await rejection(other.verifyCertificateChain({ hash: latestChain[latestChain.length - 2]?.hash as string }));
      expect(isMithrilError(error, 'CERTIFICATE_GENESIS_SIGNATURE_INVALID')).toBe(true);
    });
  });

  describe('warm-cache robustness', () => {
    /** A storage holding what a complete verification of the latest certificate leaves behind. */
    async function warmStorage(): Promise<{ storage: Storage; c: MithrilClient; namespace: string }> {
      const storage = createStorage();
      const c = client({ cache: storage });
      await c.verifyCertificateChain({ hash: latestHash });
      return { storage, c, namespace: c.cache?.namespace as string };
    }

    async function fetchedBy(c: MithrilClient): Promise<{ fetched: string[]; validated: readonly string[]; fromCache: readonly string[] }> {
      server.resetRequests();
      const result = await c.verifyCertificateChain({ hash: latestHash });
      expect(result.genesisHash).toBe(genesis.hash);
      expect([...result.validated, ...result.fromCache].sort()).toEqual(latestChain.map((x) => x.hash).sort());
      expect([...server.certificateFetches().values()].every((n) => n === 1)).toBe(true);
      return { fetched: server.requests.map((r) => r.path.slice('/aggregator/certificate/'.length)).sort(), ...result };
    }

    it('reads entries of the previous-hash-only format, fetches the link data as before, then upgrades them', async () => {
      const { storage, c, namespace } = await warmStorage();
      for (const key of await storage.getKeys(namespace)) {
        if (key.endsWith(':genesis')) {
          await storage.removeItem(key);
          continue;
        }
        const { previous_hash, expire_at } = (await storage.getItem(key)) as { previous_hash: string; expire_at: number };
        await storage.setItem(key, JSON.stringify({ previous_hash, expire_at }));
      }
      const second = await fetchedBy(c);
      expect(second.fetched).toEqual([...inTipEpoch, link.hash, genesis.hash].sort());
      expect(second.validated).toEqual([...inTipEpoch, genesis.hash]);
      expect(second.fromCache).toEqual(outsideTipEpoch);
      // The link parent's old entry gained its text (expiry unchanged) and the genesis copy was stored again.
      const upgraded = (await storage.getItem(`${namespace}${link.hash}`)) as { certificate?: string };
      expect(upgraded.certificate).toBe(slices.get(link.hash));
      const third = await fetchedBy(c);
      expect(third.fetched).toEqual([...inTipEpoch].sort());
    });

    const badLinkEntries: [string, (entry: { previous_hash: string; expire_at: number; certificate: string }) => string][] = [
      ['not JSON', () => '{"previous_hash":'],
      ['text of another certificate', (e) => JSON.stringify({ ...e, certificate: slices.get(latestHash) })],
      ['text that does not hash to its key', (e) => JSON.stringify({ ...e, certificate: resealed(e.certificate) })],
      ['text that is not a certificate', (e) => JSON.stringify({ ...e, certificate: '{"hash":1}' })],
      ['a certificate field that is not a string', (e) => JSON.stringify({ ...e, certificate: 42 })],
    ];
    it.each(badLinkEntries)('treats a link-parent entry holding %s as a miss and verifies the parent again', async (_, corrupt) => {
      const { storage, c, namespace } = await warmStorage();
      const key = `${namespace}${link.hash}`;
      const entry = (await storage.getItem(key)) as { previous_hash: string; expire_at: number; certificate: string };
      expect(entry.certificate).toBe(slices.get(link.hash));
      await storage.setItem(key, corrupt(entry));
      const second = await fetchedBy(c);
      const grandparent = link.previous_hash;
      // The parent is downloaded and fully verified again; its own parent carries no text at that depth, so it is
      // downloaded for the link check and then skipped.
      expect(second.fetched).toEqual([...inTipEpoch, link.hash, grandparent].sort());
      expect(second.validated).toEqual([...inTipEpoch, link.hash, genesis.hash]);
      expect(second.fromCache).toEqual(outsideTipEpoch.filter((h) => h !== link.hash));
      // The entry was rewritten from the verified download.
      expect(((await storage.getItem(key)) as { certificate: string }).certificate).toBe(slices.get(link.hash));
      expect((await fetchedBy(c)).fetched).toEqual([...inTipEpoch].sort());
    });

    const badGenesisCopies: [string, (copy: { expire_at: number; certificate: string }) => string][] = [
      ['not JSON', () => 'nope'],
      ['text that does not hash to its own hash', (e) => JSON.stringify({ ...e, certificate: resealed(e.certificate) })],
      ['a standard certificate', (e) => JSON.stringify({ ...e, certificate: slices.get(link.hash) })],
      ['an expired copy', (e) => JSON.stringify({ ...e, expire_at: 0 })],
    ];
    it.each(badGenesisCopies)('downloads and verifies the genesis again when its copy is %s', async (_, corrupt) => {
      const { storage, c, namespace } = await warmStorage();
      const key = `${namespace}genesis`;
      const copy = (await storage.getItem(key)) as { expire_at: number; certificate: string };
      expect(copy.certificate).toBe(slices.get(genesis.hash));
      await storage.setItem(key, corrupt(copy));
      const second = await fetchedBy(c);
      expect(second.fetched).toEqual([...inTipEpoch, genesis.hash].sort());
      expect(second.validated).toEqual([...inTipEpoch, genesis.hash]);
      expect(((await storage.getItem(key)) as { certificate: string }).certificate).toBe(slices.get(genesis.hash));
    });

    it('rejects a genesis copy whose signature does not verify with the genesis key, without downloading it', async () => {
      const storage = createStorage();
      const other = client({ cache: storage, genesisVerificationKey: OTHER_KEY });
      // A copy planted in the namespace of a key that did not sign it: it hashes correctly, so only the signature fails.
      const planted = JSON.stringify({ expire_at: Number.MAX_SAFE_INTEGER, certificate: slices.get(genesis.hash) });
      await storage.setItem(`${other.cache?.namespace as string}genesis`, planted);
      const events = record(other);
      server.resetRequests();
      const error = await rejection(other.verifyCertificateChain({ hash: link.hash }));
      expect(isMithrilError(error, 'CERTIFICATE_GENESIS_SIGNATURE_INVALID')).toBe(true);
      expect(server.certificateFetches().has(genesis.hash)).toBe(false);
      expect(server.count('/aggregator/certificate/genesis')).toBe(0);
      expect(events.map((e) => e.type)).not.toContain('CertificateChainValidated');
      expect(
        events.filter((e) => e.type === 'CertificateValidated').map((e) => (e.event as { certificateHash: string }).certificateHash),
      ).not.toContain(genesis.hash);
      // The copy is still refused on a later run: it is never promoted to a trusted entry.
      const again = await rejection(other.verifyCertificateChain({ hash: link.hash }));
      expect(isMithrilError(again, 'CERTIFICATE_GENESIS_SIGNATURE_INVALID')).toBe(true);
      expect(await storage.getItem(`${other.cache?.namespace as string}${genesis.hash}`)).toBeNull();
    });

    it('verifies a genesis tip from its copy', async () => {
      const { c } = await warmStorage();
      server.resetRequests();
      const result = await c.verifyCertificateChain({ hash: genesis.hash });
      expect(result.validated).toEqual([genesis.hash]);
      expect(result.certificate.hash).toBe(genesis.hash);
      expect(server.requests).toHaveLength(0);
    });
  });

  it('rejects a wrong genesis key', async () => {
    const c = client({ genesisVerificationKey: OTHER_KEY });
    const error = await rejection(c.verifyCertificateChain({ hash: genesis.hash }));
    expect(isMithrilError(error, 'CERTIFICATE_GENESIS_SIGNATURE_INVALID')).toBe(true);
  });

  it('rejects a tampered certificate', async () => {
    const original = JSON.parse(slices.get(latestHash) as string) as Record<string, unknown> & { metadata: { sealed_at: string } };
    const tampered = JSON.stringify({ ...original, metadata: { ...original.metadata, sealed_at: '2026-05-21T14:42:24.000000000Z' } });
    const s = await startFixtureServer({ certificateOverrides: { [latestHash]: tampered } });
    try {
      const error = await rejection(client({}, s).verifyCertificateChain({ hash: latestHash }));
      expect(isMithrilError(error, 'CERTIFICATE_HASH_MISMATCH')).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('reports a missing certificate as CLIENT_NOT_FOUND', async () => {
    const error = await rejection(client().verifyCertificateChain({ hash: '0'.repeat(64) }));
    expect(isMithrilError(error, 'CLIENT_NOT_FOUND')).toBe(true);
  });

  it('stops promptly when aborted during a request', async () => {
    const s = await startFixtureServer({ delayMs: 2_000 });
    try {
      const controller = new AbortController();
      const started = performance.now();
      setTimeout(() => controller.abort(), 50);
      const error = await rejection(client({}, s).verifyCertificateChain({ hash: latestHash, signal: controller.signal }));
      expect(isMithrilError(error, 'CLIENT_ABORTED')).toBe(true);
      expect(performance.now() - started).toBeLessThan(1_000);
    } finally {
      await s.close();
    }
  });

  it('stops promptly when aborted between verifications and leaves the cache consistent', async () => {
    const s = await startFixtureServer({ delayMs: 20 });
    const storage = createStorage();
    try {
      const controller = new AbortController();
      const c = client({ cache: storage, prefetch: 2 }, s);
      let abortedAt = 0;
      let validatedBeforeAbort = 0;
      c.events.on('CertificateValidated', () => {
        validatedBeforeAbort++;
        if (validatedBeforeAbort === 3) {
          abortedAt = performance.now();
          controller.abort();
        }
      });
      const error = await rejection(c.verifyCertificateChain({ hash: latestHash, signal: controller.signal }));
      expect(isMithrilError(error, 'CLIENT_ABORTED')).toBe(true);
      expect(performance.now() - abortedAt).toBeLessThan(500);
      expect(validatedBeforeAbort).toBe(3);
      // Only fully verified certificates were recorded, each with its true previous hash.
      const keys = await storage.getKeys();
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.length).toBeLessThanOrEqual(3);
      for (const key of keys) {
        const hash = key.slice(key.lastIndexOf(':') + 1);
        const entry = (await storage.getItem(key)) as { previous_hash: string };
        expect(latestChain.slice(0, 3).map((x) => x.hash)).toContain(hash);
        expect(entry.previous_hash).toBe(certificates[hash]?.previous_hash);
      }
      // A later run completes from that state.
      const again = await client({ cache: storage }, s).verifyCertificateChain({ hash: latestHash });
      expect(again.genesisHash).toBe(genesis.hash);
    } finally {
      await s.close();
    }
  });
});
