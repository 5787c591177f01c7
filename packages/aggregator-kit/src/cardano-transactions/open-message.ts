/**
 * CardanoTransactions open messages (nodes.md §2.4, §3.4): the beacon `(epoch N, block number b')` with b' the block
 * the signing configuration maps the chain to, and the message carrying the root of the Merkle map of the 15-block
 * ranges up to b' and `latest_block_number = b'`. A new block number is a new beacon, so a new open message.
 *
 * The chain block number is the chain observer's tip, capped by the highest block the source has imported: with
 * transactions read from immutable files, a beacon never covers a block that is not on disk yet, so the aggregator
 * and signers reading the same files agree on the message.
 */
import type { AggregatorContext } from '../context.js';
import { AggregatorError } from '../errors.js';
import {
  computeCardanoTransactionsMerkleMap,
  computeProtocolMessageHash,
  isMithrilError,
  seedMessageParts,
  type CardanoTransactionsMerkleMap,
  type ProtocolMessageSeed,
  type SignableMessage,
} from '../sdk.js';
import type { OpenMessageRecord } from '../store.js';
import { cardanoTransactionsBlockNumberToSign, type CardanoTransactionsSource } from './source.js';

/**
 * A CardanoTransactions signed entity type with its beacon `[epoch, block_number]`.
 *
 * @example
 * const type: CardanoTransactionsSignedEntityType = { type: 'CardanoTransactions', epoch: 24n, blockNumber: 734n };
 */
export interface CardanoTransactionsSignedEntityType {
  readonly type: 'CardanoTransactions';
  readonly epoch: bigint;
  readonly blockNumber: bigint;
}

/**
 * The aggregator's transactions source, or a typed error when none is configured.
 *
 * @param ctx - the aggregator context
 * @returns the source
 * @throws {AggregatorError} `AGGREGATOR_ARTIFACT_FAILED` without a `cardanoTransactions` option
 * @example
 * const source = requireTransactionsSource(ctx);
 */
function requireTransactionsSource(ctx: AggregatorContext): CardanoTransactionsSource {
  const source = ctx.config.cardanoTransactions?.source;
  if (source === undefined) {
    throw new AggregatorError('AGGREGATOR_ARTIFACT_FAILED', 'no Cardano transactions source is configured', {
      field: 'cardanoTransactions.source',
    });
  }
  return source;
}

/**
 * The CardanoTransactions beacon the aggregator signs now.
 *
 * @param ctx - the aggregator context
 * @param epoch - the current epoch
 * @returns the beacon, or `undefined` without a source, an imported block or a complete block range
 * @example
 * await currentCardanoTransactionsBeacon(ctx, 24n); // { type: 'CardanoTransactions', epoch: 24n, blockNumber: 734n }
 */
export async function currentCardanoTransactionsBeacon(
  ctx: AggregatorContext,
  epoch: bigint,
): Promise<CardanoTransactionsSignedEntityType | undefined> {
  const options = ctx.config.cardanoTransactions;
  if (options === undefined) return undefined;
  const highest = await options.source.highestBlockNumber();
  if (highest === undefined) return undefined;
  const tip = (await ctx.chain.getCurrentTimePoint()).chainPoint.blockNumber;
  // biome-ignore lint/complexity/useMathMinMax: bigint operands (Math.min takes numbers)
  const chainBlock = tip < highest ? tip : highest;
  const blockNumber = cardanoTransactionsBlockNumberToSign(options.signingConfig, chainBlock);
  return blockNumber === 0n ? undefined : { type: 'CardanoTransactions', epoch, blockNumber };
}

/**
 * The Merkle map of the imported transactions up to a signed block number.
 *
 * @param ctx - the aggregator context (with a transactions source)
 * @param blockNumber - the signed block number
 * @returns the map, or `undefined` when no complete block range holds a transaction
 * @throws {AggregatorError} `AGGREGATOR_ARTIFACT_FAILED` without a source
 * @example
 * const map = await transactionsMerkleMap(ctx, 734n);
 */
export async function transactionsMerkleMap(ctx: AggregatorContext, blockNumber: bigint): Promise<CardanoTransactionsMerkleMap | undefined> {
  const transactions = await requireTransactionsSource(ctx).transactions(blockNumber);
  try {
    return computeCardanoTransactionsMerkleMap(transactions, blockNumber);
  } catch (error) {
    if (isMithrilError(error, 'PROOF_INVALID')) return undefined;
    throw error;
  }
}

/**
 * The protocol message of a CardanoTransactions beacon: the seed parts, `cardano_transactions_merkle_root` and
 * `latest_block_number`.
 *
 * @param ctx - the aggregator context (with a transactions source)
 * @param type - the beacon
 * @param seed - the three seed parts' inputs
 * @returns the message and its hash, or `undefined` when no complete block range holds a transaction yet
 * @throws {AggregatorError} `AGGREGATOR_ARTIFACT_FAILED` without a source
 * @example
 * const message = await cardanoTransactionsSignableMessage(ctx, type, seed);
 */
export async function cardanoTransactionsSignableMessage(
  ctx: AggregatorContext,
  type: CardanoTransactionsSignedEntityType,
  seed: ProtocolMessageSeed,
): Promise<SignableMessage | undefined> {
  const map = await transactionsMerkleMap(ctx, type.blockNumber);
  if (map === undefined) return undefined;
  const protocolMessage = {
    parts: {
      ...seedMessageParts(seed),
      cardano_transactions_merkle_root: map.root,
      latest_block_number: type.blockNumber.toString(10),
    },
  };
  return { protocolMessage, signedMessage: computeProtocolMessageHash(protocolMessage) };
}

/**
 * The beacon of a CardanoTransactions open message, read from its key (`CardanoTransactions-{epoch}-{block}`).
 *
 * @param open - the open message
 * @returns the signed entity type, or `undefined` for another type or key
 * @example
 * cardanoTransactionsTypeOf(open); // { type: 'CardanoTransactions', epoch: 24n, blockNumber: 734n }
 */
export function cardanoTransactionsTypeOf(open: Pick<OpenMessageRecord, 'type' | 'key'>): CardanoTransactionsSignedEntityType | undefined {
  if (open.type !== 'CardanoTransactions') return undefined;
  const match = /^CardanoTransactions-(\d+)-(\d+)$/.exec(open.key);
  return match === null ? undefined : { type: 'CardanoTransactions', epoch: BigInt(match[1]!), blockNumber: BigInt(match[2]!) };
}
