import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StmParameters } from '@mithril/sdk';
import { createDevnetChain, devnetPoolId } from '@mithril/sdk/devnet';
import { afterAll, describe, expect, it } from 'vitest';
import { createRouteContractAggregator } from '../test/route-contract-aggregator.js';
import { cardanoDbTypesToSign } from './cardano-db-signing.js';
import { createSigner, type SignerEvents } from './signer.js';

const parameters: StmParameters = { k: 5n, m: 50n, phiF: 0.65 };
const pools = ['a', 'b', 'c'].map((seed) => devnetPoolId(`signer-cdb-test-${seed}`));
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function writeTrio(db: string, n: number): void {
  for (const ext of ['chunk', 'primary', 'secondary']) {
    const name = `${String(n).padStart(5, '0')}.${ext}`;
    writeFileSync(join(db, 'immutable', name), `This is a test file named '${name}'`);
  }
}

function seededRandom(seed: number): (length: number) => Uint8Array {
  let counter = 0;
  return (length) => {
    counter++;
    return Uint8Array.from({ length }, (_, i) => (seed * 31 + counter * 7 + i * 13) & 0xff);
  };
}

function setup(types: readonly ('CardanoDatabase' | 'CardanoImmutableFilesFull')[], withDb = true) {
  const db = mkdtempSync(join(tmpdir(), 'signer-cdb-'));
  dirs.push(db);
  mkdirSync(join(db, 'immutable'));
  for (let n = 0; n <= 3; n++) writeTrio(db, n);
  const chain = createDevnetChain({ stakes: new Map([[0n, new Map(pools.map((p, i) => [p, BigInt(1000 * (i + 1))]))]]) });
  const aggregator = createRouteContractAggregator(chain, parameters, { cardanoDb: { dbDirectory: db, types } });
  const events: { name: keyof SignerEvents; data: unknown }[] = [];
  const signers = pools.map((partyId, i) => {
    const signer = createSigner({
      partyId,
      chainObserver: chain,
      fetch: (request) => aggregator.fetch(request),
      randomBytes: seededRandom(i + 1),
      ...(withDb ? { dbDirectory: db } : {}),
    });
    signer.events.on('*', (name, data) => events.push({ name, data }));
    return signer;
  });
  const round = async () => {
    await aggregator.sync();
    for (const s of signers) await s.tick();
  };
  return { db, chain, aggregator, signers, events, round };
}

describe('signing the Cardano database types from the node database folder', () => {
  it('signs CardanoDatabase over the newest completed immutable file, with the message the aggregator computes', async () => {
    const s = setup(['CardanoDatabase']);
    await s.round();
    for (let i = 0; i < 2; i++) {
      s.chain.advance();
      await s.round();
    }
    const cdb = s.aggregator.collected.filter((c) => c.beacon.startsWith('CardanoDatabase-'));
    // Trios 0..3 on disk: the last one is being written, so the beacon is (3, 2).
    expect(new Set(cdb.map((c) => c.beacon))).toEqual(new Set(['CardanoDatabase-3-2']));
    expect(cdb.length).toBeGreaterThan(0);
    expect(s.events.filter((e) => e.name === 'error' || e.name === 'signature-rejected')).toEqual([]);

    // The node writes another trio: the next tick signs the new beacon, and the old one is not signed again.
    writeTrio(s.db, 4);
    await s.round();
    const beacons = s.aggregator.collected.filter((c) => c.beacon.startsWith('CardanoDatabase-')).map((c) => c.beacon);
    expect(beacons.filter((b) => b === 'CardanoDatabase-3-2')).toHaveLength(cdb.length);
    expect(beacons).toContain('CardanoDatabase-3-3');
  });

  it('signs the legacy CardanoImmutableFilesFull only when the aggregator enables it', async () => {
    const s = setup(['CardanoImmutableFilesFull']);
    await s.round();
    for (let i = 0; i < 2; i++) {
      s.chain.advance();
      await s.round();
    }
    const published = s.events
      .filter((e) => e.name === 'signature-published')
      .map((e) => (e.data as SignerEvents['signature-published']).signedEntityType.type);
    expect(published).toContain('CardanoImmutableFilesFull');
    expect(published).not.toContain('CardanoDatabase');
    expect(s.aggregator.collected.some((c) => c.beacon === 'CardanoImmutableFilesFull-3-2')).toBe(true);
  });

  it('signs no Cardano database type without a database folder', async () => {
    const s = setup(['CardanoDatabase'], false);
    await s.round();
    for (let i = 0; i < 2; i++) {
      s.chain.advance();
      await s.round();
    }
    expect(s.aggregator.collected.some((c) => c.beacon.startsWith('CardanoDatabase-'))).toBe(false);
    expect(s.aggregator.collected.some((c) => c.beacon.startsWith('MithrilStakeDistribution-'))).toBe(true);
  });

  it('picks the types enabled on both sides, legacy first', () => {
    const all = new Set(['CardanoDatabase', 'CardanoImmutableFilesFull']);
    expect(cardanoDbTypesToSign(all, ['CardanoDatabase', 'CardanoImmutableFilesFull'])).toEqual(['CardanoImmutableFilesFull', 'CardanoDatabase']);
    expect(cardanoDbTypesToSign(new Set(['CardanoDatabase']), ['CardanoImmutableFilesFull'])).toEqual([]);
  });
});
