import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalNetwork, type LocalNetwork } from '@mithril/devnet';
import { createStorage, type Storage } from 'unstorage';
import fsDriver from 'unstorage/drivers/fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createSignerRelay, type SignerRelay } from '../src/index.js';
import { hitsOf, startLoopbackServer, type LoopbackServer } from './servers.js';

const POOLS = [
  { name: 'alice', stake: 3_000_000n },
  { name: 'bob', stake: 2_000_000n },
  { name: 'carol', stake: 1_000_000n },
];

function seeded(): (length: number) => Uint8Array {
  let n = 0;
  return (length) => {
    n++;
    return Uint8Array.from({ length }, (_, i) => (n * 61 + i * 7 + 1) & 0xff);
  };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Setup {
  network: LocalNetwork;
  aggregator: LoopbackServer;
  relayServer: LoopbackServer;
  /** The relay now (replaced by `restartRelay`). */
  relay(): SignerRelay;
  /** Drops the relay and starts a new one over the same storage. */
  restartRelay(): Promise<void>;
}

async function setup(storage: Storage): Promise<Setup> {
  let network: LocalNetwork | undefined;
  const aggregator = await startLoopbackServer(() => (request) => network!.aggregator.fetch(request));
  const make = (): SignerRelay => createSignerRelay({ upstreams: [`${aggregator.origin}/aggregator`], storage, timeoutMs: 5_000 });
  let relay = make();
  const relayServer = await startLoopbackServer(() => relay.fetch);
  network = createLocalNetwork({
    genesisSecretKey: '33'.repeat(32),
    pools: POOLS,
    randomBytes: seeded(),
    aggregatorEndpoint: `${aggregator.origin}/aggregator`,
    signerEndpoint: relayServer.origin,
  });
  cleanups.push(
    () => network!.close(),
    () => relayServer.close(),
    () => aggregator.close(),
  );
  return {
    network,
    aggregator,
    relayServer,
    relay: () => relay,
    async restartRelay() {
      await relay.stop();
      relay = make();
    },
  };
}

/** Epochs 1-3 certified, then epoch 4 starts: the aggregator moves to it and the relay reads what signers need. */
async function untilEpoch4(s: Setup): Promise<void> {
  for (let epoch = 1n; epoch <= 3n; epoch++) {
    if (epoch > 1n) s.network.advanceEpoch();
    await s.network.settleEpoch(6);
  }
  s.network.advanceEpoch();
  await s.network.aggregator.runner.tick();
  await s.relay().refresh();
}

async function signersTick(s: Setup, times: number): Promise<void> {
  for (let i = 0; i < times; i++) for (const signer of s.network.signers.values()) await signer.tick();
}

function tempStorage(): Storage {
  const dir = mkdtempSync(join(tmpdir(), 'mithril-relay-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return createStorage({ driver: fsDriver({ base: dir }) });
}

describe('signer relay buffering', () => {
  it('buffers a whole epoch of signer traffic while the aggregator is down, across a relay restart on file storage, and loses none', async () => {
    const s = await setup(tempStorage());
    await untilEpoch4(s);
    const registrationsBefore = hitsOf(s.aggregator, 'POST /aggregator/register-signer');
    const signaturesBefore = hitsOf(s.aggregator, 'POST /aggregator/register-signatures');
    await s.aggregator.down();
    // Every signer reads epoch 4 from the relay's cache, registers for epoch 5 and signs MSD-4 / CSD-3: all buffered.
    await signersTick(s, 3);
    const buffered = await s.relay().stats();
    expect(buffered.registrations.buffered).toBe(3);
    expect(buffered.signatures.buffered).toBeGreaterThanOrEqual(3);
    const pending = buffered.registrations.buffered + buffered.signatures.buffered;
    expect(await s.relay().pending()).toBe(pending);
    // The relay process restarts while the aggregator is still down; the new one finds the outbox on disk.
    await s.restartRelay();
    expect(await s.relay().pending()).toBe(pending);
    expect((await s.relay().flush()).pending).toBe(pending);
    await s.aggregator.up();
    const report = await s.relay().flush();
    expect(report).toEqual({ delivered: pending, expired: 0, rejected: 0, pending: 0 });
    // Each buffered request reached the aggregator exactly once, and the counters survived the restart.
    expect(hitsOf(s.aggregator, 'POST /aggregator/register-signer') - registrationsBefore).toBe(buffered.registrations.buffered);
    expect(hitsOf(s.aggregator, 'POST /aggregator/register-signatures') - signaturesBefore).toBe(buffered.signatures.buffered);
    const after = await s.relay().stats();
    expect(after.registrations.delivered).toBe(after.registrations.buffered);
    expect(after.signatures.delivered).toBe(after.signatures.buffered);
    // The buffered signatures certify epoch 4; the buffered registrations are the keys that sign epoch 6.
    await s.network.settleEpoch(6);
    for (let i = 0; i < 2; i++) {
      s.network.advanceEpoch();
      await s.network.settleEpoch(6);
    }
    for (const epoch of [4n, 5n, 6n]) {
      const r = await s.network.verifyEpoch(epoch);
      expect(r.failures).toEqual([]);
      expect([...r.certificates].sort()).toEqual([`CardanoStakeDistribution-${epoch - 1n}`, `MithrilStakeDistribution-${epoch}`]);
      expect(r.signers).toEqual(['alice', 'bob', 'carol']);
    }
  });

  it('drops and counts what expired while the aggregator stayed down past the epoch', async () => {
    const s = await setup(tempStorage());
    await untilEpoch4(s);
    await s.aggregator.down();
    await signersTick(s, 1);
    const buffered = await s.relay().stats();
    const pending = await s.relay().pending();
    expect(pending).toBe(buffered.registrations.buffered + buffered.signatures.buffered);
    // The aggregator comes back in epoch 5: the round for epoch 5 closed, epoch 4's open messages are gone.
    s.network.advanceEpoch();
    await s.network.aggregator.runner.tick();
    const before = hitsOf(s.aggregator, 'POST ');
    await s.aggregator.up();
    const report = await s.relay().flush();
    expect(report).toEqual({ delivered: 0, expired: pending, rejected: 0, pending: 0 });
    expect(hitsOf(s.aggregator, 'POST ')).toBe(before);
    const after = await s.relay().stats();
    expect(after.registrations.expired).toBe(buffered.registrations.buffered);
    expect(after.signatures.expired).toBe(buffered.signatures.buffered);
    // The relay passes the next round straight through: the signers register again during epoch 5.
    await s.network.settleEpoch(2);
    const later = await s.relay().stats();
    expect(later.registrations.forwarded - after.registrations.forwarded).toBe(3);
    expect(await s.relay().pending()).toBe(0);
  });
});
