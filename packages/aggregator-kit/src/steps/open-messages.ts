/**
 * Open messages (nodes.md §2.4): the message of a signed entity type for the current epoch, signed until it is
 * certified or expires; buffered signatures are replayed into it when it opens.
 */
import { cardanoDbSignableMessage, currentCardanoDbBeacon } from '../cardano-db/open-message.js';
import type { AggregatorSignedEntityTypeName, CardanoDatabaseSignedEntityType } from '../cardano-db/source.js';
import {
  cardanoTransactionsSignableMessage,
  currentCardanoTransactionsBeacon,
  type CardanoTransactionsSignedEntityType,
} from '../cardano-transactions/open-message.js';
import type { AggregatorContext } from '../context.js';
import {
  computeSignableMessage,
  decodeSingleSignatureJsonHex,
  isMithrilError,
  signedEntityTypeAt,
  signedEntityTypeKey,
  type SignableEntityType,
  type SignableMessage,
} from '../sdk.js';
import type { OpenMessageRecord } from '../store.js';
import { formatRfc3339Nanos } from '../time.js';
import { epochData } from './epoch-data.js';
import { beaconEpochOffset, recordedStakesEpoch } from '../signable.js';
import { storeForOpenMessage } from './register-signature.js';

/**
 * Creates the open message of a type for the current epoch when possible, replaying buffered signatures.
 *
 * @param ctx - the aggregator context
 * @param type - the signed entity type with its beacon
 * @param epoch - the current epoch
 * @returns the open message, or `undefined` when the epoch has no signers (or stakes) yet
 * @example
 * const open = await createOpenMessage(ctx, { type: 'MithrilStakeDistribution', epoch: 12n }, 12n);
 */
async function createOpenMessage(
  ctx: AggregatorContext,
  type: SignableEntityType | CardanoDatabaseSignedEntityType | CardanoTransactionsSignedEntityType,
  epoch: bigint,
): Promise<OpenMessageRecord | undefined> {
  const { store } = ctx;
  const data = await epochData(ctx, epoch);
  if (data.current === undefined || data.next === undefined) return undefined;
  // Types whose message carries a stake distribution read the one recorded for their beacon (CSD: beacon + 2).
  const seed = { nextAggregateVerificationKey: data.next.avk, nextProtocolParameters: data.nextParameters, currentEpoch: epoch };
  let message: SignableMessage;
  if (type.type === 'CardanoDatabase' || type.type === 'CardanoImmutableFilesFull') {
    message = await cardanoDbSignableMessage(ctx, type, seed);
  } else if (type.type === 'CardanoTransactions') {
    // No open message while no complete block range holds a transaction.
    const transactions = await cardanoTransactionsSignableMessage(ctx, type, seed);
    if (transactions === undefined) return undefined;
    message = transactions;
  } else {
    let cardanoStakeDistribution: Map<string, bigint> | undefined;
    const recordedUnder = recordedStakesEpoch(type);
    if (recordedUnder !== undefined) {
      const stakes = await store.getStakes(recordedUnder);
      if (stakes === undefined || stakes.length === 0) return undefined;
      cardanoStakeDistribution = new Map(stakes.map(([p, s]) => [p, BigInt(s)]));
    }
    message = computeSignableMessage(type, { ...seed, cardanoStakeDistribution });
  }
  const { protocolMessage, signedMessage } = message;
  const now = ctx.clock.nowNanos();
  const timeout = ctx.config.openMessageTimeouts[type.type];
  const record: OpenMessageRecord = {
    key: signedEntityTypeKey(type),
    type: type.type,
    beacon: type.epoch.toString(),
    epoch: epoch.toString(),
    parts: { ...protocolMessage.parts },
    signedMessage,
    createdAt: formatRfc3339Nanos(now),
    createdAtNanos: now.toString(),
    expiresAtNanos: (now + BigInt(Math.round(timeout * 1e9))).toString(),
    isCertified: false,
    isExpired: false,
  };
  await store.setOpenMessage(record);
  ctx.events.emit('open-message', { type: type.type, beacon: type.epoch, signedMessage });
  await replayBuffered(ctx, record);
  return record;
}

/**
 * Replays the buffered signatures of an open message's type and beacon into it, then drops the buffered signatures of
 * that beacon and older ones. Idempotent (a stored signature is kept), so start-up recovery runs it again for an open
 * message created just before a kill.
 *
 * @param ctx - the aggregator context
 * @param record - the open message
 * @example
 * await replayBuffered(ctx, open);
 */
export async function replayBuffered(ctx: AggregatorContext, record: OpenMessageRecord): Promise<void> {
  const { store } = ctx;
  const buffer = await store.listBuffered(record.type);
  if (buffer.length === 0) return;
  const data = await epochData(ctx, BigInt(record.epoch));
  const beacon = BigInt(record.beacon);
  for (const buffered of buffer) {
    if (buffered.beacon === record.beacon) {
      try {
        const signature = decodeSingleSignatureJsonHex(buffered.signature, 'signature', { mode: 'lenient' });
        const known = data.currentSigners.some((s) => s.partyId === buffered.partyId);
        await storeForOpenMessage(ctx, record, buffered, signature, known ? undefined : data);
      } catch (error) {
        if (!isMithrilError(error)) throw error;
      }
    }
    if (BigInt(buffered.beacon) <= beacon) await store.removeBuffered(buffered);
  }
}

function expired(ctx: AggregatorContext, open: OpenMessageRecord): boolean {
  return open.isExpired || ctx.clock.nowNanos() > BigInt(open.expiresAtNanos);
}

/**
 * The open message of a type to sign now: created when missing, marked expired when its time is up.
 *
 * @param ctx - the aggregator context
 * @param name - the signed entity type name
 * @param epoch - the current epoch
 * @returns the open message still collecting signatures, or `undefined` (none possible, certified or expired)
 * @example
 * const open = await nextOpenMessage(ctx, 'MithrilStakeDistribution', 12n);
 */
export async function nextOpenMessage(
  ctx: AggregatorContext,
  name: AggregatorSignedEntityTypeName,
  epoch: bigint,
): Promise<OpenMessageRecord | undefined> {
  let type: SignableEntityType | CardanoDatabaseSignedEntityType | CardanoTransactionsSignedEntityType;
  if (name === 'CardanoTransactions') {
    // A new signed block number is a new beacon, hence a new open message (nodes.md §2.4).
    const beacon = await currentCardanoTransactionsBeacon(ctx, epoch);
    if (beacon === undefined) return undefined;
    type = beacon;
  } else if (name === 'CardanoDatabase' || name === 'CardanoImmutableFilesFull') {
    // A new completed immutable file is a new beacon, hence a new open message (nodes.md §2.4).
    const beacon = await currentCardanoDbBeacon(ctx, epoch, name);
    if (beacon === undefined) return undefined;
    type = beacon;
  } else {
    // No beacon yet (CSD at epoch 0, whose beacon would be epoch −1).
    if (epoch + beaconEpochOffset(name) < 0n) return undefined;
    type = signedEntityTypeAt(name, epoch);
  }
  let open = await ctx.store.getOpenMessage(signedEntityTypeKey(type));
  if (open === undefined) open = await createOpenMessage(ctx, type, epoch);
  if (open === undefined || open.isCertified) return undefined;
  if (expired(ctx, open)) {
    if (!open.isExpired) await ctx.store.setOpenMessage({ ...open, isExpired: true });
    return undefined;
  }
  return open;
}

/**
 * An open message by key, when it still collects signatures.
 *
 * @param ctx - the aggregator context
 * @param key - the open-message key
 * @returns the open message, or `undefined` when missing, certified or expired
 * @example
 * const open = await signableOpenMessage(ctx, 'MithrilStakeDistribution-12');
 */
export async function signableOpenMessage(ctx: AggregatorContext, key: string): Promise<OpenMessageRecord | undefined> {
  const open = await ctx.store.getOpenMessage(key);
  return open === undefined || open.isCertified || expired(ctx, open) ? undefined : open;
}
