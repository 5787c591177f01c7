/**
 * What a signer signs for CardanoTransactions (nodes.md §2.4, §3.4): the beacon `(epoch N, b')` with b' the block the
 * aggregator's signing configuration maps the chain to, and the message carrying the root of the Merkle map of the
 * transactions of the 15-block ranges up to b' plus `latest_block_number = b'`. The transactions are those of the
 * blocks of the completed chunk files of the signer's own node database folder; the chain block number is the chain
 * observer's tip capped by the highest block on disk, as the aggregator kit does, so both read the same blocks.
 */
import {
  cardanoTransactionsBlockNumberToSign,
  computeCardanoTransactionsMerkleMap,
  computeProtocolMessageHash,
  isMithrilError,
  seedMessageParts,
  type ProtocolMessageSeed,
  type SigningConfig,
} from './sdk.js';

/**
 * A CardanoTransactions signed entity type with its beacon `[epoch, block_number]`.
 *
 * @example
 * const beacon: CardanoTransactionsBeacon = { type: 'CardanoTransactions', epoch: 9n, blockNumber: 284n };
 */
export interface CardanoTransactionsBeacon {
  readonly type: 'CardanoTransactions';
  readonly epoch: bigint;
  readonly blockNumber: bigint;
}

/**
 * Blocks of chunk files, parsed once per file name (chunk files never change).
 *
 * @example
 * const cache: ChunkBlocksCache = new Map();
 */
export type ChunkBlocksCache = Map<string, Promise<readonly { blockNumber: bigint; transactionHashes: readonly string[] }[]>>;

/**
 * Computes the CardanoTransactions beacon and message of the signer's node database folder.
 *
 * @param source - the database folder and the parsed-chunk cache
 * @param config - the aggregator's transactions signing configuration
 * @param tipBlockNumber - the chain observer's block number
 * @param seed - the three seed parts' inputs of the epoch
 * @returns the beacon and `signed_message`, or `undefined` while no complete block range holds a transaction
 * @throws {EncodingError} when a chunk file is malformed; fs errors when the folder cannot be read
 * @example
 * const signed = await cardanoTransactionsBeaconMessage({ dbDirectory, cache }, config, tip, seed);
 */
export async function cardanoTransactionsBeaconMessage(
  source: { readonly dbDirectory: string; readonly cache: ChunkBlocksCache },
  config: SigningConfig,
  tipBlockNumber: bigint,
  seed: ProtocolMessageSeed,
): Promise<{ signedEntityType: CardanoTransactionsBeacon; signedMessage: string } | undefined> {
  // Loaded on first use: the signer kit itself stays runnable where node:fs is absent.
  const { listCompletedImmutableFiles, readChunkFileBlocks } = await import('@mithril/sdk/node');
  const { join } = await import('node:path');
  const chunks = (await listCompletedImmutableFiles(source.dbDirectory).catch(() => [])).filter((f) => f.fileName.endsWith('.chunk'));
  const blocks: { blockNumber: bigint; transactionHashes: readonly string[] }[] = [];
  for (const chunk of chunks) {
    let read = source.cache.get(chunk.fileName);
    if (read === undefined) {
      read = readChunkFileBlocks(join(source.dbDirectory, 'immutable', chunk.fileName));
      source.cache.set(chunk.fileName, read);
      read.catch(() => source.cache.delete(chunk.fileName));
    }
    blocks.push(...(await read));
  }
  if (blocks.length === 0) return undefined;
  let chainBlock = 0n;
  for (const block of blocks) if (block.blockNumber > chainBlock) chainBlock = block.blockNumber;
  if (tipBlockNumber < chainBlock) chainBlock = tipBlockNumber;
  const blockNumber = cardanoTransactionsBlockNumberToSign(config, chainBlock);
  if (blockNumber === 0n) return undefined;
  const transactions = blocks
    .filter((b) => b.blockNumber <= blockNumber)
    .flatMap((b) => b.transactionHashes.map((transactionHash) => ({ transactionHash, blockNumber: b.blockNumber })));
  let root: string;
  try {
    root = computeCardanoTransactionsMerkleMap(transactions, blockNumber).root;
  } catch (error) {
    if (isMithrilError(error, 'PROOF_INVALID')) return undefined;
    throw error;
  }
  const protocolMessage = {
    parts: { ...seedMessageParts(seed), cardano_transactions_merkle_root: root, latest_block_number: blockNumber.toString(10) },
  };
  return {
    signedEntityType: { type: 'CardanoTransactions', epoch: seed.currentEpoch, blockNumber },
    signedMessage: computeProtocolMessageHash(protocolMessage),
  };
}
