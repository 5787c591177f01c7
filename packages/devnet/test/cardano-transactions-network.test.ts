import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cardanoTransactionsSnapshotId } from '@mithril/aggregator-kit';
import { parseCardanoTransactionsSnapshot, parseCardanoTransactionsSnapshotList } from '@mithril/sdk';
import { readImmutableBlocks } from '@mithril/sdk/node';
import { afterAll, describe, expect, it } from 'vitest';
import { DEVNET_BLOCKS_PER_CHUNK } from '../src/chunk-blocks.js';
import { createLocalNetwork } from '../src/local-network.js';

const GENESIS_SECRET = '33'.repeat(32);
const UNKNOWN = 'ab'.repeat(32);

function seeded(): (length: number) => Uint8Array {
  let n = 0;
  return (length) => {
    n++;
    return Uint8Array.from({ length }, (_, i) => (n * 89 + i * 31 + 7) & 0xff);
  };
}

const folders: string[] = [];
afterAll(async () => {
  for (const dir of folders.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('local network certifying Cardano transactions', () => {
  it('certifies the transactions of the chain chunks, and the SDK client proves a chain transaction but not an unknown one', async () => {
    const root = await mkdtemp(join(tmpdir(), 'mithril-ctx-network-'));
    folders.push(root);
    const dbDirectory = join(root, 'db');
    const network = createLocalNetwork({ genesisSecretKey: GENESIS_SECRET, randomBytes: seeded(), dbDirectory });
    try {
      expect(network.aggregator.config.signedEntityTypes).toContain('CardanoTransactions');
      for (let epoch = 1n; epoch <= 4n; epoch++) {
        if (epoch > 1n) network.advanceEpoch();
        await network.settleEpoch(8);
      }
      const certificates = (await network.client.listCertificates()).filter((c) => c.signedEntityType.type === 'CardanoTransactions');
      expect(certificates.length).toBeGreaterThanOrEqual(2);
      const newest = certificates[0]!;
      const beacon = newest.signedEntityType as { epoch: bigint; blockNumber: bigint };
      // The devnet signs every 15-block range: the signed block closes a range, and it is on disk.
      expect((beacon.blockNumber + 1n) % 15n).toBe(0n);
      const blocks = await readImmutableBlocks(join(dbDirectory, 'immutable'));
      expect(blocks.at(-1)!.blockNumber).toBeGreaterThanOrEqual(beacon.blockNumber);
      expect(blocks.length % Number(DEVNET_BLOCKS_PER_CHUNK)).toBe(0);

      const fetchText = async (path: string) => {
        const response = await network.aggregator.fetch(new Request(`http://aggregator.local/aggregator/${path}`));
        return { status: response.status, text: await response.text() };
      };
      const list = parseCardanoTransactionsSnapshotList((await fetchText('artifact/cardano-transactions')).text);
      expect(list.length).toBe(certificates.length);
      expect(list[0]!.certificateHash).toBe(newest.hash);
      expect(list[0]!.blockNumber).toBe(beacon.blockNumber);
      expect(list[0]!.merkleRoot).toBe(newest.protocolMessage.parts['cardano_transactions_merkle_root']);
      expect(list[0]!.hash).toBe(cardanoTransactionsSnapshotId(list[0]!.merkleRoot, list[0]!.blockNumber));
      const item = parseCardanoTransactionsSnapshot((await fetchText(`artifact/cardano-transaction/${list[0]!.hash}`)).text);
      expect(item).toEqual(list[0]);

      // A transaction of a signed block range, one past the signed block, and an unknown hash.
      const signedTx = blocks.find((b) => b.blockNumber === 3n)!.transactionHashes[0]!;
      const laterTx = blocks.find((b) => b.blockNumber === beacon.blockNumber + 1n)?.transactionHashes[0];
      const result = await network.client.certifyCardanoTransactions({ transactionHashes: [signedTx, UNKNOWN, ...(laterTx ? [laterTx] : [])] });
      expect(result.certified).toEqual([signedTx]);
      expect([...result.nonCertified].sort()).toEqual([UNKNOWN, ...(laterTx ? [laterTx] : [])].sort());
      expect(result.certificate?.hash).toBe(newest.hash);
      // The epoch report verifies the epoch's transactions snapshots against their certificates.
      const report = await network.verifyEpoch(beacon.epoch);
      expect(report.failures).toEqual([]);
      expect(report.verifiedArtifacts).toContain(`CardanoTransactions-${beacon.epoch}-${beacon.blockNumber}`);
      const none = await network.client.certifyCardanoTransactions({ transactionHashes: [UNKNOWN] });
      expect(none).toEqual({ certified: [], nonCertified: [UNKNOWN] });
    } finally {
      await network.close();
    }
  }, 120_000);
});
