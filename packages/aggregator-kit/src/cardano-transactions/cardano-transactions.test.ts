import { readFileSync } from 'node:fs';
import { parseCardanoTransactionsSnapshot, parseTransactionsProofsV1, verifyProofsMessage, type ChainObserver } from '@mithril/sdk';
import { readImmutableBlocks } from '@mithril/sdk/node';
import { fixturePath, loadOpenApi } from '@mithril/testing';
import { createTestNetwork, steppingClock } from '@mithril/testing/test-network';
import mitt from 'mitt';
import { createStorage } from 'unstorage';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureDatabase, removeTempDirs } from '../cardano-db/test-helpers.js';
import { resolveConfig } from '../config.js';
import { type AggregatorContext, createMemo } from '../context.js';
import { createFetchHandler } from '../http.js';
import { createArtifact } from '../steps/artifacts.js';
import { AggregatorStore, type OpenMessageRecord } from '../store.js';
import type { AggregatorEvents } from '../types.js';
import { createInlineVerifier } from '../verifiers/inline.js';
import { createImmutableTransactionsSource } from './node/source.js';
import { cardanoTransactionsTypeOf, currentCardanoTransactionsBeacon, transactionsMerkleMap } from './open-message.js';
import { cardanoTransactionsSnapshotId } from './snapshots.js';
import { cardanoTransactionsBlockNumberToSign } from './source.js';

afterAll(removeTempDirs);

const FIXTURES = fixturePath('aggregator-fake-2026-05');
const CERTIFICATE = 'cc'.repeat(32);
const openapi = loadOpenApi();

/** The chain observer of a test network, with its tip at a chosen block. */
function chainAt(chain: ChainObserver, blockNumber: bigint): ChainObserver {
  return {
    ...chain,
    getCurrentTimePoint: async () => {
      const tp = await chain.getCurrentTimePoint();
      return { ...tp, chainPoint: { ...tp.chainPoint, blockNumber } };
    },
  };
}

/** An aggregator over the fixture's real node database (400 blocks, chunks 0-2 completed), its tip at `tip`. */
async function aggregator(tip: bigint, maxHashesPerRequest?: number) {
  const db = await fixtureDatabase();
  const { options } = createTestNetwork({ k: 5n, m: 50n, phiF: 0.65 });
  const chain = chainAt(options.chain, tip);
  const source = createImmutableTransactionsSource(db);
  const ctx: AggregatorContext = {
    config: resolveConfig({
      ...options,
      chain,
      network: 'devnet',
      cardanoTransactions: { source, signingConfig: { securityParameter: 1n, step: 15n }, maxHashesPerRequest },
    }),
    store: new AggregatorStore(createStorage(), 'ctx-routes'),
    chain,
    clock: steppingClock(),
    events: mitt<AggregatorEvents>(),
    verifier: createInlineVerifier(),
    memo: createMemo(),
  };
  const fetch = createFetchHandler(ctx);
  const get = async (path: string) => {
    const response = await fetch(new Request(`http://localhost:8080/aggregator${path}`));
    const text = await response.text();
    return { status: response.status, text, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };
  return { db, ctx, get };
}

/** Certifies the current beacon by hand: the open message the runner would make, then its artifact. */
async function certifyCurrent(ctx: AggregatorContext): Promise<OpenMessageRecord> {
  const beacon = (await currentCardanoTransactionsBeacon(ctx, 7n))!;
  const map = (await transactionsMerkleMap(ctx, beacon.blockNumber))!;
  const open: OpenMessageRecord = {
    key: `CardanoTransactions-7-${beacon.blockNumber}`,
    type: 'CardanoTransactions',
    beacon: '7',
    epoch: '7',
    parts: { cardano_transactions_merkle_root: map.root, latest_block_number: beacon.blockNumber.toString() },
    signedMessage: '00'.repeat(32),
    createdAt: '2026-01-01T00:00:00Z',
    createdAtNanos: '0',
    expiresAtNanos: '0',
    isCertified: true,
    isExpired: false,
    certificateHash: CERTIFICATE,
  };
  expect(await createArtifact(ctx, open, CERTIFICATE)).toBe(cardanoTransactionsSnapshotId(map.root, beacon.blockNumber));
  return open;
}

function expectWire(path: string, status: number, body: unknown): void {
  expect(openapi.validateResponse('get', path.split('?')[0]!, status, body)).toBeUndefined();
}

describe('CardanoTransactions beacons (the reference signing configuration rule)', () => {
  it('signs block ranges ending at a step multiple, minus one, after the security parameter', () => {
    const config = { securityParameter: 1n, step: 15n };
    expect(cardanoTransactionsBlockNumberToSign(config, 736n)).toBe(734n);
    expect(cardanoTransactionsBlockNumberToSign(config, 735n)).toBe(719n);
    // The step is rounded down to whole 15-block ranges, and is at least one range.
    expect(cardanoTransactionsBlockNumberToSign({ securityParameter: 0n, step: 44n }, 100n)).toBe(89n);
    expect(cardanoTransactionsBlockNumberToSign({ securityParameter: 0n, step: 1n }, 100n)).toBe(89n);
    // Saturating: too close to genesis signs nothing.
    expect(cardanoTransactionsBlockNumberToSign({ securityParameter: 3000n, step: 120n }, 2000n)).toBe(0n);
  });

  it('gives every block number of the 2026-05 devnet snapshots (security parameter 1, step 15) and their ids', () => {
    const snapshots = (
      JSON.parse(readFileSync(`${FIXTURES}/ctx-snapshots-list.json`, 'utf8')) as { block_number: number; merkle_root: string; hash: string }[]
    ).map((s) => ({ ...s, block_number: BigInt(s.block_number) }));
    expect(snapshots.length).toBeGreaterThan(0);
    for (const s of snapshots) {
      // The chain block b' + 2 (b' + 1 past the security parameter, a range end) maps to the signed block b'.
      expect(cardanoTransactionsBlockNumberToSign({ securityParameter: 1n, step: 15n }, s.block_number + 2n)).toBe(s.block_number);
      expect(cardanoTransactionsSnapshotId(s.merkle_root, s.block_number)).toBe(s.hash);
    }
  });

  it('caps the chain tip at the highest block of the completed chunks, and opens nothing without a complete range', async () => {
    const { ctx } = await aggregator(10_000n);
    // Chunks 0-2 completed: blocks 0…299; (299 − 1) rounded down to 15 is 285, minus one.
    expect(await currentCardanoTransactionsBeacon(ctx, 7n)).toEqual({ type: 'CardanoTransactions', epoch: 7n, blockNumber: 284n });
    const low = await aggregator(16n);
    expect(await currentCardanoTransactionsBeacon(low.ctx, 7n)).toEqual({ type: 'CardanoTransactions', epoch: 7n, blockNumber: 14n });
    // No transaction in blocks 0…14 of the fixture: no Merkle map, hence no open message.
    expect(await transactionsMerkleMap(low.ctx, 14n)).toBeUndefined();
    expect(cardanoTransactionsTypeOf({ type: 'CardanoTransactions', key: 'CardanoTransactions-7-284' })).toEqual({
      type: 'CardanoTransactions',
      epoch: 7n,
      blockNumber: 284n,
    });
  });
});

describe('the Cardano transactions routes', () => {
  it('serve the snapshot and proofs of real chain transactions, in the OpenAPI shapes', async () => {
    const { db, ctx, get } = await aggregator(10_000n);
    expect((await get('/artifact/cardano-transactions')).body).toEqual([]);
    const before = await get(`/proof/cardano-transaction?transaction_hashes=${'ab'.repeat(32)}`);
    expect(before.status).toBe(404);

    const open = await certifyCurrent(ctx);
    const root = open.parts['cardano_transactions_merkle_root']!;
    const list = await get('/artifact/cardano-transactions');
    expectWire('/artifact/cardano-transactions', 200, list.body);
    const [item] = list.body as { hash: string }[];
    const single = await get(`/artifact/cardano-transaction/${item!.hash}`);
    expectWire('/artifact/cardano-transaction/{hash}', 200, single.body);
    const snapshot = parseCardanoTransactionsSnapshot(single.text);
    expect(snapshot).toMatchObject({ merkleRoot: root, epoch: 7n, blockNumber: 284n, certificateHash: CERTIFICATE });
    expect((await get(`/artifact/cardano-transaction/${'00'.repeat(32)}`)).status).toBe(404);

    // Transactions of the signed ranges (blocks 129, 252) are proven; block 314 is past the signed block.
    const blocks = await readImmutableBlocks(`${db}/immutable`);
    const txAt = (n: bigint) => blocks.find((b) => b.blockNumber === n)!.transactionHashes[0]!;
    const unknown = 'ef'.repeat(32);
    const asked = [txAt(252n), unknown, txAt(129n), txAt(314n), txAt(129n)];
    const proof = await get(`/proof/cardano-transaction?transaction_hashes=${asked.join(',')}`);
    expect(proof.status).toBe(200);
    expectWire('/proof/cardano-transaction', 200, proof.body);
    const message = parseTransactionsProofsV1(proof.text);
    expect(message.certifiedTransactions).toHaveLength(1);
    expect(message.certifiedTransactions[0]!.transactionsHashes).toEqual([txAt(129n), txAt(252n)].sort());
    expect([...message.nonCertifiedTransactions]).toEqual([unknown, txAt(314n)].sort());
    expect(message.latestBlockNumber).toBe(284n);
    expect(message.certificateHash).toBe(CERTIFICATE);
    const verified = verifyProofsMessage(message);
    expect(verified.merkleRoot).toBe(root);
    expect([...verified.certifiedHashes].sort()).toEqual([txAt(129n), txAt(252n)].sort());

    // Only unknown hashes: no proof, every hash not certified.
    const none = await get(`/proof/cardano-transaction?transaction_hashes=${unknown}`);
    expectWire('/proof/cardano-transaction', 200, none.body);
    expect(none.body).toEqual({
      certificate_hash: CERTIFICATE,
      certified_transactions: [],
      non_certified_transactions: [unknown],
      latest_block_number: 284,
    });

    const features = (await get('/')).body as { capabilities: Record<string, unknown> };
    expect(features.capabilities['cardano_transactions_prover']).toEqual({ max_hashes_allowed_by_request: 100 });
  });

  it('answer typed 400s for an empty list, a malformed hash and too many hashes', async () => {
    const { ctx, get } = await aggregator(10_000n, 3);
    await certifyCurrent(ctx);
    const hash = (i: number) => i.toString(16).padStart(64, '0');
    const cases: [string, string][] = [
      ['', 'Transaction hash cannot be empty'],
      ['transaction_hashes=', 'Transaction hash cannot be empty'],
      [`transaction_hashes=${hash(1)},`, 'Transaction hash cannot be empty'],
      [`transaction_hashes=${hash(1).slice(1)}`, 'Transaction hash must have 64 characters'],
      [`transaction_hashes=${'zz'.repeat(32)}`, 'Transaction hash must contain only hexadecimal characters'],
      [`transaction_hashes=${[1, 2, 3, 4].map(hash).join(',')}`, "more than maximum allowed number of hashes: '3'"],
    ];
    for (const [query, message] of cases) {
      const reply = await get(`/proof/cardano-transaction?${query}`);
      expect([query, reply.status]).toEqual([query, 400]);
      expectWire('/proof/cardano-transaction', 400, reply.body);
      const body = reply.body as { label: string; message: string };
      expect(body.label).toBe('invalid_transaction_hashes');
      if (query !== '') expect(body.message).toContain(message);
    }
    // Three hashes (the limit), duplicates counted before they are merged, as the reference does.
    expect((await get(`/proof/cardano-transaction?transaction_hashes=${[1, 2, 3].map(hash).join(',')}`)).status).toBe(200);
    expect((await get(`/proof/cardano-transaction?transaction_hashes=${[1, 1, 1, 1].map(hash).join(',')}`)).status).toBe(400);
  });
});
