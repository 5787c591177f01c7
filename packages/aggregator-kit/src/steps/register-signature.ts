/**
 * Single-signature intake (nodes.md §1.3 decision tree): authenticate against the current or next keys, then buffer
 * (202) when no open message exists, store (201), or refuse (410 certified / expired, 500 for another message).
 */
import type { AggregatorContext, EpochData } from '../context.js';
import { AggregatorError } from '../errors.js';
import {
  decodeSingleSignatureJsonHex,
  signedEntityTypeKey,
  type ClosedKeyRegistration,
  type ProtocolParameters,
  type SignableEntityType,
  type SingleSignature,
  type StmVerificationCache,
} from '../sdk.js';
import type { CardanoDatabaseSignedEntityType } from '../cardano-db/source.js';
import type { OpenMessageRecord, SignatureRecord } from '../store.js';
import { epochData, currentEpoch } from './epoch-data.js';
import { beaconEpochOffset } from '../signable.js';

const ENCODER = new TextEncoder();

/** A single signature as received by `POST /register-signatures`. */
export interface SignatureSubmission {
  readonly type: SignableEntityType | CardanoDatabaseSignedEntityType;
  readonly partyId: string;
  readonly signature: string;
  readonly indexes: readonly number[];
  readonly signedMessage: string;
}

/**
 * Which registration a signature verifies with: the current keys, the next ones, or none.
 *
 * @param ctx - the aggregator context
 * @param data - the epoch data
 * @param partyId - the claimed signer
 * @param signature - the decoded signature
 * @param message - the signed bytes
 * @returns `current`, `next`, or `undefined` when it does not verify
 */
async function authenticateSignature(
  ctx: AggregatorContext,
  data: EpochData,
  partyId: string,
  signature: SingleSignature,
  message: Uint8Array,
): Promise<'current' | 'next' | undefined> {
  const tries: ['current' | 'next', ClosedKeyRegistration | undefined, ReadonlyMap<string, number>, ProtocolParameters, StmVerificationCache][] = [
    ['current', data.current, data.currentIndexes, data.currentParameters, data.currentCache],
    ['next', data.next, data.nextIndexes, data.nextParameters, data.nextCache],
  ];
  for (const [which, closed, indexes, parameters, cache] of tries) {
    const index = indexes.get(partyId);
    if (closed === undefined || index === undefined || index !== signature.signerIndex) continue;
    // Only whether it verifies matters: every failure answers the same "not authentic" error.
    const error = await ctx.verifier.verify({ message, signature, registration: closed.entries[index]!, avk: closed.avk, parameters, cache });
    if (error === undefined) return which;
  }
  return undefined;
}

/**
 * Stores a signature for an open message after the checks of the decision tree.
 *
 * @param ctx - the aggregator context
 * @param open - the open message
 * @param record - the signature record
 * @param signature - the decoded signature
 * @param recheckWith - set when the signature was authenticated with next-epoch keys only
 * @throws {AggregatorError} `AGGREGATOR_ALREADY_CERTIFIED`, `AGGREGATOR_OPEN_MESSAGE_EXPIRED`,
 *   `AGGREGATOR_SIGNATURE_MESSAGE_MISMATCH`
 */
export async function storeForOpenMessage(
  ctx: AggregatorContext,
  open: OpenMessageRecord,
  record: SignatureRecord,
  signature: SingleSignature,
  recheckWith: EpochData | undefined,
): Promise<void> {
  if (open.isCertified) throw new AggregatorError('AGGREGATOR_ALREADY_CERTIFIED', `open message ${open.key} is already certified`);
  if (open.isExpired || ctx.clock.nowNanos() > BigInt(open.expiresAtNanos)) {
    throw new AggregatorError('AGGREGATOR_OPEN_MESSAGE_EXPIRED', `open message ${open.key} has expired`);
  }
  if (record.signedMessage !== open.signedMessage) {
    throw new AggregatorError(
      'AGGREGATOR_SIGNATURE_MESSAGE_MISMATCH',
      `the signature is for message ${record.signedMessage}, the open message is ${open.signedMessage}`,
    );
  }
  if (recheckWith !== undefined) {
    // Authenticated with next-epoch keys only: it must still verify with the keys that certify this message.
    const data = await epochData(ctx, BigInt(open.epoch));
    if ((await authenticateSignature(ctx, data, record.partyId, signature, ENCODER.encode(open.signedMessage))) !== 'current') {
      throw new AggregatorError('AGGREGATOR_SIGNATURE_MESSAGE_MISMATCH', 'the signature does not verify for the open message');
    }
  }
  // The first signature of a party is kept; a replay changes nothing (de-duplication before aggregation, trap 15).
  if (await ctx.store.hasSignature(open.key, record.partyId)) return;
  await ctx.store.setSignature(open.key, record);
}

/** Buffered signatures one party may have waiting for one type (beacons of this epoch and the next, with room). */
export const MAX_BUFFERED_PER_SIGNER = 8;
/** Buffered signatures of one type, all parties together. */
const MAX_BUFFERED_PER_TYPE = 20_000;

/**
 * Buffers a signature whose open message does not exist yet, within bounds: only for a beacon of the current epoch or
 * the next one (a signer slightly ahead of the aggregator), at most {@link MAX_BUFFERED_PER_SIGNER} per party and
 * type and {@link MAX_BUFFERED_PER_TYPE} per type. Buffered signatures of beacons that can no longer open expire here,
 * and when an open message replays the buffer.
 *
 * @param ctx - the aggregator context
 * @param record - the authenticated signature
 * @param epoch - the current epoch
 * @param type - its signed entity type
 * @throws {AggregatorError} `AGGREGATOR_OPEN_MESSAGE_EXPIRED` (410) for a past beacon, `AGGREGATOR_INVALID_REQUEST`
 *   (400) for a beacon too far ahead or a full buffer
 */
async function bufferSignature(
  ctx: AggregatorContext,
  record: SignatureRecord,
  epoch: bigint,
  type: SignableEntityType | CardanoDatabaseSignedEntityType,
): Promise<void> {
  const { store } = ctx;
  const first = firstOpenableBeacon(type.type, epoch);
  if (type.epoch < first) {
    throw new AggregatorError('AGGREGATOR_OPEN_MESSAGE_EXPIRED', `no open message for ${signedEntityTypeKey(type)}, and it can no longer open`);
  }
  if (type.epoch > first + 1n) {
    throw new AggregatorError('AGGREGATOR_INVALID_REQUEST', `beacon epoch ${type.epoch} is too far ahead of epoch ${epoch} to be buffered`, {
      field: 'entity_type',
    });
  }
  if (await store.hasBuffered(record)) {
    await store.setBuffered(record);
    return;
  }
  // Expired entries are dropped only when a bound is reached, so that buffering stays a few key reads.
  if ((await store.countBuffered(type.type, record.partyId)) >= MAX_BUFFERED_PER_SIGNER) await expireBuffered(ctx, type.type, first, record.partyId);
  if ((await store.countBuffered(type.type, record.partyId)) >= MAX_BUFFERED_PER_SIGNER) {
    throw new AggregatorError(
      'AGGREGATOR_INVALID_REQUEST',
      `${record.partyId} already has ${MAX_BUFFERED_PER_SIGNER} buffered ${type.type} signatures`,
      {
        field: 'party_id',
      },
    );
  }
  if ((await store.countBuffered(type.type)) >= MAX_BUFFERED_PER_TYPE) await expireBuffered(ctx, type.type, first);
  if ((await store.countBuffered(type.type)) >= MAX_BUFFERED_PER_TYPE) {
    throw new AggregatorError('AGGREGATOR_INVALID_REQUEST', `the buffer of ${type.type} signatures is full`, { field: 'entity_type' });
  }
  await store.setBuffered(record);
}

/**
 * The oldest beacon epoch of a type that can still get an open message in `epoch`: the stake distributions follow
 * their descriptor's offset (CSD signs the previous epoch); the chain-data types (Cardano database, immutable files,
 * transactions) sign beacons of the current epoch.
 */
function firstOpenableBeacon(name: string, epoch: bigint): bigint {
  return name === 'MithrilStakeDistribution' || name === 'CardanoStakeDistribution' ? epoch + beaconEpochOffset(name) : epoch;
}

/**
 * Drops the buffered signatures of a type (of one party, when given) whose beacon is older than `first`: they can
 * never be replayed.
 *
 * @param ctx - the aggregator context
 * @param name - the signed entity type name
 * @param first - the oldest beacon epoch that can still open
 * @param partyId - only this party's
 */
async function expireBuffered(ctx: AggregatorContext, name: string, first: bigint, partyId?: string): Promise<void> {
  for (const buffered of await ctx.store.listBuffered(name, partyId)) {
    if (BigInt(buffered.beacon) < first) await ctx.store.removeBuffered(buffered);
  }
}

/**
 * Takes a single signature: authenticates it, buffers it (202) when no open message exists, stores it (201) or
 * refuses it.
 *
 * @param ctx - the aggregator context
 * @param input - the parsed submission
 * @returns 201 or 202
 * @throws {AggregatorError} with the status-mapped codes of the decision tree
 * @example
 * const status = await registerSignature(ctx, { type, partyId, signature, indexes, signedMessage });
 */
export async function registerSignature(ctx: AggregatorContext, input: SignatureSubmission): Promise<201 | 202> {
  const epoch = await currentEpoch(ctx);
  if (epoch === undefined) throw new AggregatorError('AGGREGATOR_SIGNATURE_NOT_AUTHENTIC', 'the aggregator has no epoch yet');
  const signature = decodeSingleSignatureJsonHex(input.signature, 'signature', { mode: 'lenient' });
  const data = await epochData(ctx, epoch);
  const message = ENCODER.encode(input.signedMessage);
  const authenticatedWith = await authenticateSignature(ctx, data, input.partyId, signature, message);
  if (authenticatedWith === undefined) {
    throw new AggregatorError('AGGREGATOR_SIGNATURE_NOT_AUTHENTIC', `the signature of ${input.partyId} does not verify`, {
      field: 'signature',
    });
  }
  const record: SignatureRecord = {
    partyId: input.partyId,
    signature: input.signature,
    indexes: [...input.indexes],
    signedMessage: input.signedMessage,
    type: input.type.type,
    beacon: input.type.epoch.toString(),
    receivedAtNanos: ctx.clock.nowNanos().toString(),
  };
  const open = await ctx.store.getOpenMessage(signedEntityTypeKey(input.type));
  if (open === undefined) {
    await bufferSignature(ctx, record, epoch, input.type);
    ctx.events.emit('signature', { type: record.type, beacon: input.type.epoch, partyId: record.partyId, status: 202 });
    return 202;
  }
  await storeForOpenMessage(ctx, open, record, signature, authenticatedWith === 'current' ? undefined : data);
  ctx.events.emit('signature', { type: record.type, beacon: input.type.epoch, partyId: record.partyId, status: 201 });
  return 201;
}
