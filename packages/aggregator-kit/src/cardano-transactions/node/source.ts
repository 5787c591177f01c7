/**
 * `createImmutableTransactionsSource`: the Node implementation of the {@link CardanoTransactionsSource} port over a
 * node database folder. The transactions are those of the blocks of the completed chunk files (the newest trio is
 * still being written), parsed by the SDK's block parser; chunk files never change, so each is parsed once.
 */
import { join } from 'node:path';
import { listCompletedImmutableFiles, readChunkFileBlocks, type ChunkFileBlock } from '@mithril/sdk/node';
import type { CardanoTransactionsSource, ImportedTransaction } from '../source.js';

/**
 * Creates the transactions source an aggregator signs CardanoTransactions from.
 *
 * @param dbDirectory - the node database folder (holding `immutable/`)
 * @returns the source; `highestBlockNumber` answers `undefined` while no completed chunk holds a block
 * @example
 * const source = createImmutableTransactionsSource('node/db');
 * await source.highestBlockNumber(); // 59n
 */
export function createImmutableTransactionsSource(dbDirectory: string): CardanoTransactionsSource {
  const parsed = new Map<string, Promise<ChunkFileBlock[]>>();
  const blocks = async (): Promise<ChunkFileBlock[]> => {
    const chunks = (await listCompletedImmutableFiles(dbDirectory).catch(() => [])).filter((f) => f.fileName.endsWith('.chunk'));
    const out: ChunkFileBlock[] = [];
    for (const chunk of chunks) {
      let read = parsed.get(chunk.fileName);
      if (read === undefined) {
        read = readChunkFileBlocks(join(dbDirectory, 'immutable', chunk.fileName));
        parsed.set(chunk.fileName, read);
        read.catch(() => parsed.delete(chunk.fileName));
      }
      out.push(...(await read));
    }
    return out;
  };
  return {
    async highestBlockNumber() {
      let highest: bigint | undefined;
      for (const block of await blocks()) if (highest === undefined || block.blockNumber > highest) highest = block.blockNumber;
      return highest;
    },
    async transactions(upToBlockNumber) {
      const out: ImportedTransaction[] = [];
      for (const block of await blocks()) {
        if (block.blockNumber > upToBlockNumber) continue;
        for (const transactionHash of block.transactionHashes) out.push({ transactionHash, blockNumber: block.blockNumber });
      }
      return out;
    },
  };
}
