/**
 * Epoch data (nodes.md §2.2): the current epoch, the protocol parameters and signers that sign now (stored under
 * N−1) and next (stored under N), with their closed registrations, cached per process.
 */
import type { AggregatorContext, EpochData } from '../context.js';
import { AggregatorError } from '../errors.js';
import {
  closeRegistration,
  createStmVerificationCache,
  decodeVerificationKeyPopJsonHex,
  findSignerIndex,
  type ClosedKeyRegistration,
  type ProtocolParameters,
  type StmVerificationCache,
} from '../sdk.js';
import { parametersFromRecord, parametersToRecord, type SignerRecord } from '../store.js';

/**
 * The current epoch as recorded by the runner.
 *
 * @param ctx - the aggregator context
 * @returns the epoch, or `undefined` before the first epoch change
 * @example
 * const epoch = await currentEpoch(ctx);
 */
export async function currentEpoch(ctx: AggregatorContext): Promise<bigint | undefined> {
  const tp = await ctx.store.getTimePoint();
  return tp === undefined ? undefined : BigInt(tp.epoch);
}

/**
 * The current epoch, required.
 *
 * @param ctx - the aggregator context
 * @returns the epoch
 * @throws {AggregatorError} `AGGREGATOR_EPOCH_SETTINGS_MISSING` before the first epoch change
 * @example
 * const epoch = await requireCurrentEpoch(ctx);
 */
export async function requireCurrentEpoch(ctx: AggregatorContext): Promise<bigint> {
  const epoch = await currentEpoch(ctx);
  if (epoch === undefined) throw new AggregatorError('AGGREGATOR_EPOCH_SETTINGS_MISSING', 'the epoch service is not initialised yet');
  return epoch;
}

/**
 * Protocol parameters stored for an epoch.
 *
 * @param ctx - the aggregator context
 * @param epoch - the recording epoch
 * @returns the parameters, or `undefined` when not stored
 * @example
 * const next = await parametersAt(ctx, epoch + 1n);
 */
export async function parametersAt(ctx: AggregatorContext, epoch: bigint): Promise<ProtocolParameters | undefined> {
  const settings = await ctx.store.getEpochSettings(epoch);
  return settings === undefined ? undefined : parametersFromRecord(settings.protocolParameters);
}

/**
 * Stores the configured settings for an epoch when missing (startup back-fill, nodes.md §2.1).
 *
 * @param ctx - the aggregator context
 * @param epoch - the recording epoch (negative epochs are skipped)
 * @example
 * await ensureEpochSettings(ctx, epoch + 1n);
 */
export async function ensureEpochSettings(ctx: AggregatorContext, epoch: bigint): Promise<void> {
  if (epoch < 0n || (await ctx.store.getEpochSettings(epoch)) !== undefined) return;
  await ctx.store.setEpochSettings({
    epoch: epoch.toString(),
    protocolParameters: parametersToRecord(ctx.config.protocolParameters(epoch)),
    signedEntityTypes: [...ctx.config.signedEntityTypes],
  });
}

function closeSigners(signers: readonly SignerRecord[]): { closed: ClosedKeyRegistration | undefined; indexes: Map<string, number> } {
  const indexes = new Map<string, number>();
  if (signers.length === 0) return { closed: undefined, indexes };
  const entries = signers.map((s) => ({
    vk: decodeVerificationKeyPopJsonHex(s.verificationKey, 'verification_key', { mode: 'lenient' }).vk,
    stake: BigInt(s.stake),
  }));
  const closed = closeRegistration(entries);
  signers.forEach((s, i) => {
    const index = findSignerIndex(closed, entries[i]!.vk, entries[i]!.stake);
    if (index !== undefined) indexes.set(s.partyId, index);
  });
  return { closed, indexes };
}

function registrationCache(ctx: AggregatorContext, key: string): StmVerificationCache {
  const caches = ctx.memo.registrationCaches;
  let cache = caches.get(key);
  if (cache === undefined) {
    cache = createStmVerificationCache();
    caches.set(key, cache);
    // Current and next registrations of the epoch plus one previous: older ones are never asked for again.
    while (caches.size > 3) caches.delete(caches.keys().next().value as string);
  }
  return cache;
}

/**
 * Epoch data for epoch N: current signers and parameters (stored under N−1), next ones (stored under N).
 *
 * @param ctx - the aggregator context
 * @param epoch - the aggregator epoch
 * @returns the epoch data
 * @throws {AggregatorError} `AGGREGATOR_EPOCH_SETTINGS_MISSING` when the settings are not stored
 * @example
 * const data = await epochData(ctx, 12n);
 * data.currentSigners.length;
 */
export async function epochData(ctx: AggregatorContext, epoch: bigint): Promise<EpochData> {
  const { store, memo } = ctx;
  const previous = epoch > 0n ? epoch - 1n : 0n;
  // Once the registration round is past `epoch`, both signer lists are closed: the data is kept for the epoch, as
  // the reference epoch service does, without touching the signer keys on every signature.
  const round = await store.getRegistrationRound();
  const settledKey = round !== undefined && round > epoch ? `settled:${epoch}` : undefined;
  const settled = settledKey === undefined ? undefined : memo.epochs.get(settledKey);
  if (settled !== undefined) return settled;
  // Before that, counting keys is enough to know whether cached data still holds (registrations are only added).
  const cacheKey = `${epoch}:${await store.countSigners(previous)}:${await store.countSigners(epoch)}`;
  const cached = settledKey === undefined ? memo.epochs.get(cacheKey) : undefined;
  if (cached !== undefined) return cached;
  const currentSigners = await store.listSigners(previous);
  const nextSigners = await store.listSigners(epoch);
  const currentParameters = await parametersAt(ctx, previous);
  const nextParameters = await parametersAt(ctx, epoch);
  if (currentParameters === undefined || nextParameters === undefined) {
    throw new AggregatorError('AGGREGATOR_EPOCH_SETTINGS_MISSING', `epoch settings of ${previous} or ${epoch} are missing`);
  }
  const current = closeSigners(currentSigners);
  const next = closeSigners(nextSigners);
  const data: EpochData = {
    epoch,
    currentParameters,
    nextParameters,
    currentSigners,
    nextSigners,
    current: current.closed,
    next: next.closed,
    currentIndexes: current.indexes,
    nextIndexes: next.indexes,
    currentCache: registrationCache(ctx, `${previous}:${currentSigners.length}`),
    nextCache: registrationCache(ctx, `${epoch}:${nextSigners.length}`),
  };
  // Data of older epochs is not asked for again once the runner moved on.
  if (memo.epochs.size >= 8) memo.epochs.delete(memo.epochs.keys().next().value as string);
  memo.epochs.set(settledKey ?? cacheKey, data);
  return data;
}
