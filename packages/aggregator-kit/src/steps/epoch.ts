/**
 * Epoch change and runner bookkeeping (nodes.md §2.1, §2.5): what the runner records when the chain enters a new
 * epoch, whether it can sign in it, and its persisted state.
 */
import type { AggregatorContext } from '../context.js';
import { AggregatorError } from '../errors.js';
import type { TimePoint } from '../sdk.js';
import type { RunnerStateRecord } from '../store.js';
import { latestCertificateEpoch, verifyLatestChain } from './certify.js';
import { ensureEpochSettings } from './epoch-data.js';
import { bootstrapGenesisWhenReady } from './genesis.js';

/** Why the runner cannot sign in an epoch. */
export type BlockedReason = 'NoGenesis' | 'EpochGap' | 'GenesisEpoch';

/**
 * Records a new epoch: closes the registration round, runs the era check, records the stakes, drops older open
 * messages, back-fills epoch settings, stores the time point, opens the next round.
 *
 * @param ctx - the aggregator context
 * @param tp - the chain's time point
 * @throws {AggregatorError} `AGGREGATOR_CRITICAL` when the era check fails
 * @example
 * await enterEpoch(ctx, await ctx.chain.getCurrentTimePoint());
 */
async function enterEpoch(ctx: AggregatorContext, tp: TimePoint): Promise<void> {
  const { store, config } = ctx;
  const epoch = tp.epoch;
  await store.setRegistrationRound(undefined);
  if (config.checkEra !== undefined) {
    try {
      await config.checkEra(tp);
    } catch (error) {
      throw new AggregatorError('AGGREGATOR_CRITICAL', 'era check failed', { cause: error });
    }
  }
  const stakes = await ctx.chain.getCurrentStakeDistribution();
  const entries: [string, string][] = [...stakes].filter(([, s]) => s > 0n).map(([p, s]) => [p, s.toString()]);
  if ((await store.getStakes(epoch + 1n)) === undefined) await store.setStakes(epoch + 1n, entries);
  for (const open of await store.listOpenMessages()) {
    if (BigInt(open.epoch) < epoch) await store.removeOpenMessage(open.key);
  }
  for (const e of [epoch - 1n, epoch, epoch + 1n]) await ensureEpochSettings(ctx, e);
  await store.setTimePoint({
    epoch: epoch.toString(),
    immutableFileNumber: tp.immutableFileNumber.toString(),
    cardanoEra: config.cardanoEra,
    totalCardanoSpo: entries.length,
    totalCardanoStake: entries.reduce((acc, [, s]) => acc + BigInt(s), 0n).toString(),
  });
  await store.setRegistrationRound(epoch + 1n);
  ctx.events.emit('epoch', { epoch });
}

/**
 * Enters the epoch of a time point when it is not the recorded one, and reopens the round of the recorded epoch when
 * a kill left it closed.
 *
 * @param ctx - the aggregator context
 * @param tp - the chain's time point
 * @example
 * await followEpoch(ctx, tp);
 */
export async function followEpoch(ctx: AggregatorContext, tp: TimePoint): Promise<void> {
  const stored = await ctx.store.getTimePoint();
  if (stored === undefined || BigInt(stored.epoch) !== tp.epoch) {
    await enterEpoch(ctx, tp);
    return;
  }
  // A kill between the time point and the round opening (the last two writes of the epoch change) left it closed.
  if ((await ctx.store.getRegistrationRound()) !== tp.epoch + 1n) await ctx.store.setRegistrationRound(tp.epoch + 1n);
}

/**
 * Whether the runner can sign in an epoch: a genesis exists (bootstrapped on devnets), no epoch was skipped, the
 * stored chain verifies, and the epoch is not the genesis one.
 *
 * @param ctx - the aggregator context
 * @param epoch - the current epoch
 * @returns `undefined` when ready, else the blocking reason
 * @throws {CertificateError} when the stored chain does not verify (the runner stays idle and retries)
 * @example
 * const blocked = await signingPrecondition(ctx, 12n);
 */
export async function signingPrecondition(ctx: AggregatorContext, epoch: bigint): Promise<BlockedReason | undefined> {
  let genesis = await ctx.store.getGenesisHash();
  genesis ??= await bootstrapGenesisWhenReady(ctx, epoch);
  if (genesis === undefined) return 'NoGenesis';
  const latest = await latestCertificateEpoch(ctx);
  if (latest !== undefined && epoch - latest > 1n) return 'EpochGap';
  if (ctx.config.verifyChainAtEpochChange) await verifyLatestChain(ctx);
  const genesisDoc = await ctx.store.getCertificate(genesis);
  if (genesisDoc !== undefined && BigInt(genesisDoc.epoch) === epoch) return 'GenesisEpoch';
  return undefined;
}

/**
 * The persisted runner state.
 *
 * @param ctx - the aggregator context
 * @returns the state, or `undefined` for a new store
 * @example
 * const state = (await loadRunnerState(ctx)) ?? { state: 'idle' };
 */
export function loadRunnerState(ctx: AggregatorContext): Promise<RunnerStateRecord | undefined> {
  return ctx.store.getRunnerState();
}

/**
 * Persists the runner state.
 *
 * @param ctx - the aggregator context
 * @param state - the new state
 * @example
 * await saveRunnerState(ctx, { state: 'ready', epoch: '12' });
 */
export function saveRunnerState(ctx: AggregatorContext, state: RunnerStateRecord): Promise<void> {
  return ctx.store.setRunnerState(state);
}
