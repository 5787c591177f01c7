import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeCardanoTransactionsMerkleMap, isMithrilError } from '@mithril/sdk';
import { readImmutableBlocks } from '@mithril/sdk/node';
import { fixturePath } from '@mithril/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { cardanoTransactionsBeaconMessage, type ChunkBlocksCache } from './cardano-transactions-signing.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A node database holding the fixture's four real trios (400 blocks; chunks 0-2 are completed). */
function fixtureDb(): string {
  const db = mkdtempSync(join(tmpdir(), 'signer-ctx-'));
  dirs.push(db);
  mkdirSync(join(db, 'immutable'));
  const source = fixturePath('cardano-db', 'immutable');
  for (const name of readdirSync(source)) copyFileSync(join(source, name), join(db, 'immutable', name));
  return db;
}

const config = { securityParameter: 1n, step: 15n };
const seed = { nextAggregateVerificationKey: '7b7d', nextProtocolParameters: { k: 5n, m: 50n, phiF: 0.65 }, currentEpoch: 9n };

describe('CardanoTransactions signing', () => {
  it('signs the transactions of the completed chunks, the tip capped at their highest block', async () => {
    const db = fixtureDb();
    const cache: ChunkBlocksCache = new Map();
    const signed = await cardanoTransactionsBeaconMessage({ dbDirectory: db, cache }, config, 10_000n, seed);
    expect(signed?.signedEntityType).toEqual({ type: 'CardanoTransactions', epoch: 9n, blockNumber: 284n });
    expect(signed?.signedMessage).toMatch(/^[0-9a-f]{64}$/);
    // Only the completed chunks were read, once each.
    expect([...cache.keys()].sort()).toEqual(['00000.chunk', '00001.chunk', '00002.chunk']);
    // A lower tip signs an earlier range; the message changes with it.
    const earlier = await cardanoTransactionsBeaconMessage({ dbDirectory: db, cache }, config, 200n, seed);
    expect(earlier?.signedEntityType.blockNumber).toBe(194n);
    expect(earlier?.signedMessage).not.toBe(signed?.signedMessage);
    // The root it signs is the one of the fixture's real transactions up to block 284 (blocks 129, 159, 252, 255, 258).
    const blocks = await readImmutableBlocks(join(db, 'immutable'), { upTo: 2 });
    const txs = blocks.flatMap((b) => b.transactionHashes.map((transactionHash) => ({ transactionHash, blockNumber: b.blockNumber })));
    expect(txs).toHaveLength(5);
    expect(computeCardanoTransactionsMerkleMap(txs, 284n).ranges).toHaveLength(4);
  });

  it('signs nothing before a complete block range holds a transaction, and refuses a malformed chunk', async () => {
    const db = fixtureDb();
    expect(await cardanoTransactionsBeaconMessage({ dbDirectory: db, cache: new Map() }, config, 16n, seed)).toBeUndefined();
    writeFileSync(join(db, 'immutable', '00001.chunk'), 'not a block');
    const error = await cardanoTransactionsBeaconMessage({ dbDirectory: db, cache: new Map() }, config, 10_000n, seed).catch((e: unknown) => e);
    expect(isMithrilError(error, 'ENCODING_INVALID_CBOR')).toBe(true);
  });
});
