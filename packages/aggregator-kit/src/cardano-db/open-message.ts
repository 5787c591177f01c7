/**
 * CardanoDatabase open messages (nodes.md §2.4, §2.5): the beacon `{epoch N, immutable_file_number n}` with `n` the
 * newest completed immutable file of the aggregator's own database, and the message carrying the Merkle root of the
 * files `0..n`. A new immutable file is a new beacon, so a new open message; the older one becomes outdated.
 */
import type { AggregatorContext } from '../context.js';
import { AggregatorError } from '../errors.js';
import { computeCardanoDbSignableMessage, type ProtocolMessageSeed, type SignableMessage, type SignedEntityType } from '../sdk.js';
import type { OpenMessageRecord } from '../store.js';
import { cardanoTransactionsTypeOf, currentCardanoTransactionsBeacon } from '../cardano-transactions/open-message.js';
import type { CardanoDatabaseSignedEntityType, CardanoDbSource } from './source.js';

/**
 * The aggregator's database source, when one is configured.
 *
 * @param ctx - the aggregator context
 * @returns the source of its `cardanoDatabase` option, or `undefined`
 * @example
 * const source = cardanoDbSourceOf(ctx);
 */
function cardanoDbSourceOf(ctx: AggregatorContext): CardanoDbSource | undefined {
  return ctx.config.cardanoDatabase?.source;
}

/**
 * The CardanoDatabase beacon the aggregator signs now.
 *
 * @param ctx - the aggregator context
 * @param epoch - the current epoch
 * @param name - CardanoDatabase (default) or the legacy CardanoImmutableFilesFull
 * @returns the beacon, or `undefined` without a database source or a completed immutable file
 * @example
 * await currentCardanoDbBeacon(ctx, 12n); // { type: 'CardanoDatabase', epoch: 12n, immutableFileNumber: 7n }
 */
export async function currentCardanoDbBeacon(
  ctx: AggregatorContext,
  epoch: bigint,
  name: CardanoDatabaseSignedEntityType['type'] = 'CardanoDatabase',
): Promise<CardanoDatabaseSignedEntityType | undefined> {
  const n = await cardanoDbSourceOf(ctx)?.latestImmutableFileNumber();
  return n === undefined ? undefined : { type: name, epoch, immutableFileNumber: n };
}

/**
 * The protocol message of a CardanoDatabase beacon, the root computed from the aggregator's database.
 *
 * @param ctx - the aggregator context (with a database source)
 * @param type - the beacon
 * @param seed - the three seed parts' inputs
 * @returns the message and its hash
 * @throws {AggregatorError} `AGGREGATOR_ARTIFACT_FAILED` when no source is configured
 * @throws {MithrilError} when the database cannot be read
 * @example
 * const { signedMessage } = await cardanoDbSignableMessage(ctx, type, seed);
 */
export async function cardanoDbSignableMessage(
  ctx: AggregatorContext,
  type: CardanoDatabaseSignedEntityType,
  seed: ProtocolMessageSeed,
): Promise<SignableMessage> {
  const source = cardanoDbSourceOf(ctx);
  if (source === undefined) {
    throw new AggregatorError('AGGREGATOR_ARTIFACT_FAILED', 'no Cardano database source is configured', { field: 'cardanoDatabase.source' });
  }
  if (type.type === 'CardanoImmutableFilesFull') {
    if (source.snapshotDigest === undefined) {
      throw new AggregatorError('AGGREGATOR_ARTIFACT_FAILED', 'the Cardano database source computes no legacy snapshot digest', {
        field: 'cardanoDatabase.source.snapshotDigest',
      });
    }
    const snapshotDigest = await source.snapshotDigest({
      network: ctx.config.network,
      epoch: type.epoch,
      immutableFileNumber: type.immutableFileNumber,
    });
    return computeCardanoDbSignableMessage(type, { ...seed, snapshotDigest });
  }
  const cardanoDatabaseMerkleRoot = await source.cardanoDatabaseMerkleRoot(type.immutableFileNumber);
  return computeCardanoDbSignableMessage(type, { ...seed, cardanoDatabaseMerkleRoot });
}

/**
 * The signed entity type (with its full beacon) of an open message: Cardano database beacons are read from the key
 * (`CardanoDatabase-{epoch}-{n}`), the others from the beacon epoch.
 *
 * @param open - the open message
 * @returns the signed entity type
 * @example
 * openMessageSignedEntityType(open); // { type: 'CardanoDatabase', epoch: 12n, immutableFileNumber: 7n }
 */
export function openMessageSignedEntityType(open: OpenMessageRecord): SignedEntityType {
  const transactions = cardanoTransactionsTypeOf(open);
  if (transactions !== undefined) return transactions;
  if (open.type === 'CardanoDatabase' || open.type === 'CardanoImmutableFilesFull') {
    const match = /-(\d+)-(\d+)$/.exec(open.key);
    if (match !== null) return { type: open.type, epoch: BigInt(match[1]!), immutableFileNumber: BigInt(match[2]!) };
  }
  return { type: open.type, epoch: BigInt(open.beacon) } as SignedEntityType;
}

/**
 * Whether an open message no longer matches the beacon its type maps to now (a new immutable file for
 * CardanoDatabase, a new signed block number for CardanoTransactions), so the runner goes back to READY and opens the
 * new one.
 *
 * @param ctx - the aggregator context
 * @param open - the open message being signed
 * @returns `true` when outdated
 * @example
 * if (await isOpenMessageOutdated(ctx, open)) await backToReady();
 */
export async function isOpenMessageOutdated(ctx: AggregatorContext, open: OpenMessageRecord): Promise<boolean> {
  const transactions = cardanoTransactionsTypeOf(open);
  if (transactions !== undefined) {
    const now = await currentCardanoTransactionsBeacon(ctx, BigInt(open.epoch));
    return now !== undefined && now.blockNumber !== transactions.blockNumber;
  }
  if (open.type !== 'CardanoDatabase' && open.type !== 'CardanoImmutableFilesFull') return false;
  const now = await currentCardanoDbBeacon(ctx, BigInt(open.epoch), open.type);
  const signed = openMessageSignedEntityType(open);
  return (
    now !== undefined &&
    (signed.type === 'CardanoDatabase' || signed.type === 'CardanoImmutableFilesFull') &&
    now.immutableFileNumber !== signed.immutableFileNumber
  );
}
