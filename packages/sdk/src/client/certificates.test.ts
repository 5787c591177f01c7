import { readFixtureJson, readFixtureText } from '@mithril/testing';
import { createStorage } from 'unstorage';
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
      const keys = await storage.getKeys();
      expect(keys).toHaveLength(Object.keys(certificates).length - 1);
    });

    it('a second verification of the same tip fetches nothing outside the tip epoch but the link and genesis', async () => {
      const c = cached();
      const events = record(c);
      server.resetRequests();
      const result = await c.verifyCertificateChain({ hash: latestHash });
      const tipEpoch = latestChain[0]?.epoch;
      const inTipEpoch = latestChain.filter((x) => x.epoch === tipEpoch).map((x) => x.hash);
      const link = latestChain.find((x) => x.epoch !== tipEpoch)?.hash as string;
      expect([...server.certificateFetches().keys()].sort()).toEqual([...inTipEpoch, link, genesis.hash].sort());
      expect(result.validated).toEqual([...inTipEpoch, genesis.hash]);
      expect(result.fromCache).toEqual(latestChain.map((x) => x.hash).filter((h) => !inTipEpoch.includes(h) && h !== genesis.hash));
      expect(events.filter((e) => e.type === 'CertificateFetchedFromCache')).toHaveLength(result.fromCache.length);
    });

    it('does not share entries with another genesis key', async () => {
      const other = client({ cache: storage, genesisVerificationKey: OTHER_KEY });
      expect(other.cache?.namespace).not.toBe(cached().cache?.namespace);
      const error = await rejection(other.verifyCertificateChain({ hash: latestChain[latestChain.length - 2]?.hash as string }));
      expect(isMithrilError(error, 'CERTIFICATE_GENESIS_SIGNATURE_INVALID')).toBe(true);
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
