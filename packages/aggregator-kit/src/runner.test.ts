import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorage } from 'unstorage';
import fsDriver from 'unstorage/drivers/fs';
import { describe, expect, it } from 'vitest';
import { createAggregator } from './aggregator.js';
import { AggregatorStore } from './store.js';
import { formatRfc3339Nanos } from './time.js';
import { genesisVerificationKeyFromSecret, parseCertificate, parseGenesisVerificationKey, signGenesisMessage } from './sdk.js';
import { walkCertificateChain } from '@mithril/sdk';
import { call, certifiedNetwork, createTestNetwork, DEVNET_GENESIS_SEED, signatureBody, steppingClock } from '@mithril/testing/test-network';

async function certificateCount(fetchable: { fetch(r: Request): Promise<Response> }): Promise<number> {
  return ((await (await call(fetchable, 'GET', '/certificates')).json()) as unknown[]).length;
}

describe('quorum', () => {
  it('never produces a certificate without k distinct indexes, whatever the ticks', async () => {
    // k = 45 of m = 50: the signers' lotteries together cannot reach it with phi_f = 0.65.
    const net = createTestNetwork({ k: 45n, m: 50n, phiF: 0.65 });
    const { aggregator, chain } = net;
    await aggregator.runner.tick();
    await net.registerAll();
    chain.advance();
    await aggregator.runner.tick();
    await net.registerAll();
    chain.advance();
    expect(await aggregator.runner.tick()).toBe('signing');
    const bodies = await Promise.all(net.signers.map((s) => signatureBody(aggregator, chain, s, { type: 'MithrilStakeDistribution', epoch: 12n })));
    const indexes = new Set(bodies.flatMap((b) => (b === undefined ? [] : (b['indexes'] as number[]))));
    expect(indexes.size).toBeLessThan(45);
    for (const body of bodies) if (body !== undefined) expect((await call(aggregator, 'POST', '/register-signatures', body)).status).toBe(201);
    for (let i = 0; i < 3; i++) expect(await aggregator.runner.tick()).toBe('signing');
    expect(await certificateCount(aggregator)).toBe(1); // the genesis only
    expect((await call(aggregator, 'GET', '/artifact/mithril-stake-distributions')).status).toBe(200);
    expect(await (await call(aggregator, 'GET', '/artifact/mithril-stake-distributions')).json()).toEqual([]);
  }, 60_000);
});

describe('genesis ceremony and tools', () => {
  it('exports a payload, accepts only a valid genesis signature and imports it', async () => {
    // No signing key: the genesis must come from the offline ceremony.
    const net = createTestNetwork(
      { k: 5n, m: 50n, phiF: 0.65 },
      { genesis: { verificationKey: genesisVerificationKeyFromSecret(DEVNET_GENESIS_SEED) } },
    );
    const { aggregator, chain } = net;
    expect(await aggregator.runner.tick()).toBe('blocked');
    await net.registerAll();
    chain.advance();
    expect(await aggregator.runner.tick()).toBe('blocked'); // no signing key: NoGenesis
    const payload = await aggregator.genesis.exportPayload();
    expect(new TextDecoder().decode(payload.toSign)).toBe(payload.signedMessage);
    await expect(aggregator.genesis.importSignature(payload, signGenesisMessage('11'.repeat(32), payload.signedMessage))).rejects.toThrow();
    expect((await call(aggregator, 'GET', '/certificate/genesis')).status).toBe(404);
    const hash = await aggregator.genesis.importSignature(payload, signGenesisMessage(DEVNET_GENESIS_SEED, payload.signedMessage));
    const genesis = parseCertificate(await (await call(aggregator, 'GET', '/certificate/genesis')).text());
    expect(genesis.hash).toBe(hash);
    const key = parseGenesisVerificationKey(aggregator.config.genesisVerificationKey);
    await walkCertificateChain(hash, { getCertificate: async () => genesis, genesisKey: key });
  }, 60_000);

  it('recomputes certificate hashes into the same valid chain', async () => {
    const net = await certifiedNetwork();
    const before = (await (await call(net.aggregator, 'GET', '/certificates')).json()) as { hash: string }[];
    const mapping = await net.aggregator.recomputeCertificatesHash();
    expect([...mapping.entries()].every(([a, b]) => a === b)).toBe(true);
    expect(await (await call(net.aggregator, 'GET', '/certificates')).json()).toEqual(before);
  }, 60_000);

  it('formats instants as RFC 3339 with nine fractional digits', () => {
    expect(formatRfc3339Nanos(1_779_374_513_660_381_099n)).toBe('2026-05-21T14:41:53.660381099Z');
    expect(formatRfc3339Nanos(1_000_000_007n)).toBe('1970-01-01T00:00:01.000000007Z');
  });
});

describe('critical errors', () => {
  it('stops the runner and emits events when the era check fails at an epoch change', async () => {
    const net = createTestNetwork(
      { k: 5n, m: 50n, phiF: 0.65 },
      {
        checkEra: async (tp) => {
          if (tp.epoch > 10n) throw new Error('unsupported era');
        },
      },
    );
    const seen: string[] = [];
    net.aggregator.events.on('error', (e) => seen.push(e.critical ? 'critical' : 'error'));
    net.aggregator.events.on('stopped', (e) => seen.push(`stopped:${e.reason}`));
    await net.aggregator.runner.tick();
    net.chain.advance();
    await net.aggregator.runner.tick();
    expect(net.aggregator.runner.crashed).toBe(true);
    expect(seen).toEqual(['critical', 'stopped:critical']);
  });
});

describe('storage drivers', () => {
  it('continues the same chain after a restart on file storage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aggregator-kit-'));
    try {
      const storage = createStorage({ driver: fsDriver({ base: dir }) });
      const net = await certifiedNetwork({ storage });
      const before = (await (await call(net.aggregator, 'GET', '/certificates')).json()) as { hash: string; signed_entity_type: unknown }[];
      // A new process: same files, same chain and signers, new aggregator instance.
      const restarted = createAggregator({
        ...net.options,
        storage: createStorage({ driver: fsDriver({ base: dir }) }),
        clock: steppingClock(2_000_000_000_000_000_000n),
      });
      expect(await (await call(restarted, 'GET', '/certificates')).json()).toEqual(before);
      await net.registerAll();
      net.chain.advance();
      expect(await restarted.runner.tick()).toBe('signing');
      for (const s of net.signers) {
        const body = await signatureBody(restarted, net.chain, s, { type: 'MithrilStakeDistribution', epoch: 13n });
        if (body !== undefined) expect((await call(restarted, 'POST', '/register-signatures', body)).status).toBe(201);
      }
      await restarted.runner.tick();
      const after = (await (await call(restarted, 'GET', '/certificates')).json()) as { hash: string; epoch: number; previous_hash: string }[];
      expect(after.length).toBeGreaterThan(before.length);
      const key = parseGenesisVerificationKey(net.aggregator.config.genesisVerificationKey);
      const getCertificate = async (hash: string) => parseCertificate(await (await call(restarted, 'GET', `/certificate/${hash}`)).text());
      const { hashes } = await walkCertificateChain(after[0]!.hash, { getCertificate, genesisKey: key });
      // The epoch-13 master certificate chains to the epoch-12 master written by the first instance.
      const msd12 = before.find((c) => JSON.stringify(c.signed_entity_type) === '{"MithrilStakeDistribution":12}')!;
      expect(after[0]!.epoch).toBe(13);
      expect(after[0]!.previous_hash).toBe(msd12.hash);
      expect(hashes).toContain(msd12.hash);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('chain verification at epoch change', () => {
  it('keeps a restarted runner idle when a stored certificate was tampered with', async () => {
    const storage = createStorage();
    const first = await certifiedNetwork({ storage });
    // A new process on the same storage: it has verified nothing yet, so it walks the stored chain.
    const restarted = createAggregator({ ...first.options, storage });
    const net = { ...first, aggregator: restarted };
    const store = new AggregatorStore(storage, 'mithril-aggregator');
    const [latest] = await store.certificatePage({ limit: 1 });
    const doc = (await store.getCertificate(latest!))!;
    await store.insertCertificate({ ...doc, json: doc.json.replace(/"sealed_at":"[^"]+"/, '"sealed_at":"2030-01-01T00:00:00.000000000Z"') });
    const errors: unknown[] = [];
    net.aggregator.events.on('error', (e) => errors.push(e.error));
    net.chain.advance();
    expect(await net.aggregator.runner.tick()).toBe('idle');
    expect(errors).toHaveLength(1);
    expect((errors[0] as { code?: string }).code).toBe('CERTIFICATE_HASH_MISMATCH');
  }, 60_000);
});
