/**
 * The aggregator runner: the reference state machine idle → ready → signing (plus blocked), driven by `tick()`
 * (nodes.md §2.5). Tests call `tick()` by hand; `start()` ticks on a timer.
 */
import { isOpenMessageOutdated } from './cardano-db/open-message.js';
import type { AggregatorContext } from './context.js';
import { isMithrilError, type TimePoint } from './sdk.js';
import { tryCertify } from './steps/certify.js';
import { createArtifact } from './steps/artifacts.js';
import { recoverStore } from './steps/recover.js';
import { followEpoch, loadRunnerState, saveRunnerState, signingPrecondition } from './steps/epoch.js';
import { nextOpenMessage, signableOpenMessage } from './steps/open-messages.js';
import type { RunnerStateRecord } from './store.js';
import type { RunnerStateName } from './types.js';

/**
 * Options of {@link AggregatorRunner.start}.
 *
 * @example
 * aggregator.runner.start({ intervalMs: 1000 });
 */
export interface RunnerStartOptions {
  /** Tick period in milliseconds (default 1000). */
  readonly intervalMs?: number;
}

/**
 * The runner of one aggregator (only one runner may write to a storage).
 *
 * @example
 * aggregator.runner.start({ intervalMs: 1000 });
 * process.once('SIGTERM', () => void aggregator.runner.stop());
 * // In tests, drive it one cycle at a time instead:
 * const state = await aggregator.runner.tick(); // 'idle' | 'blocked' | 'ready' | 'signing'
 */
export interface AggregatorRunner {
  /** Runs state-machine cycles until the state is stable; returns the state reached. */
  tick(): Promise<RunnerStateName>;
  /** Starts ticking on a timer. */
  start(options?: RunnerStartOptions): void;
  /** Stops the timer, waits for a running tick and closes the verification worker threads. */
  stop(): Promise<void>;
  /** Current state. */
  readonly state: RunnerStateName;
  /** Whether a critical error stopped the runner. */
  readonly crashed: boolean;
  /** Why the runner is blocked (`NoGenesis`, `GenesisEpoch`, `EpochGap`), or `undefined` when it is not. */
  readonly blockedReason: string | undefined;
}

/**
 * Creates the runner: the only writer of the certificate and artifact indexes.
 *
 * @param ctx - the aggregator context
 * @returns the runner
 * @example
 * const runner = createRunner(ctx);
 * await runner.tick();
 */
export function createRunner(ctx: AggregatorContext): AggregatorRunner {
  let state: RunnerStateRecord | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<RunnerStateName> | undefined;
  let crashed = false;
  let recovered = false;

  const setState = async (next: RunnerStateRecord, epoch: bigint): Promise<void> => {
    const from = state?.state ?? 'idle';
    state = next;
    await saveRunnerState(ctx, next);
    if (from !== next.state) ctx.events.emit('state', { from, to: next.state, epoch });
  };

  const idle = async (tp: TimePoint): Promise<void> => {
    await followEpoch(ctx, tp);
    // An invalid chain throws here and keeps the runner idle (retried next tick), as the reference does.
    const blocked = await signingPrecondition(ctx, tp.epoch);
    if (blocked !== undefined) {
      await setState({ state: 'blocked', epoch: tp.epoch.toString(), blockedReason: blocked }, tp.epoch);
      return;
    }
    await setState({ state: 'ready', epoch: tp.epoch.toString() }, tp.epoch);
  };

  const ready = async (tp: TimePoint): Promise<void> => {
    for (const name of ctx.config.signedEntityTypes) {
      const open = await nextOpenMessage(ctx, name, tp.epoch);
      if (open === undefined) continue;
      await setState({ state: 'signing', epoch: tp.epoch.toString(), openMessageKey: open.key }, tp.epoch);
      return;
    }
  };

  const signing = async (tp: TimePoint, current: RunnerStateRecord): Promise<void> => {
    const open = current.openMessageKey === undefined ? undefined : await signableOpenMessage(ctx, current.openMessageKey);
    if (open === undefined || (await isOpenMessageOutdated(ctx, open))) {
      await setState({ state: 'ready', epoch: tp.epoch.toString() }, tp.epoch);
      return;
    }
    const hash = await tryCertify(ctx, open);
    if (hash === undefined) return;
    await createArtifact(ctx, open, hash);
    await setState({ state: 'ready', epoch: tp.epoch.toString() }, tp.epoch);
  };

  const cycle = async (): Promise<void> => {
    if (!recovered) {
      // Finish what a kill interrupted before anything else reads the store (retried on the next tick if it fails).
      const report = await recoverStore(ctx);
      recovered = true;
      ctx.events.emit('recovered', report);
    }
    state ??= (await loadRunnerState(ctx)) ?? { state: 'idle' };
    const tp = await ctx.chain.getCurrentTimePoint();
    const current = state;
    const epochChanged = current.epoch === undefined || BigInt(current.epoch) !== tp.epoch;
    if (current.state !== 'idle' && epochChanged) {
      await setState({ state: 'idle', epoch: current.epoch }, tp.epoch);
      return;
    }
    switch (current.state) {
      case 'idle':
        return idle(tp);
      case 'blocked':
        return;
      case 'ready':
        return ready(tp);
      case 'signing':
        return signing(tp, current);
    }
  };

  const tickOnce = async (): Promise<RunnerStateName> => {
    if (crashed) return state?.state ?? 'idle';
    for (let i = 0; i < 8; i++) {
      const before = JSON.stringify(state);
      try {
        await cycle();
        ctx.events.emit('cycle', { ok: true });
      } catch (error) {
        const critical = isMithrilError(error, 'AGGREGATOR_CRITICAL');
        ctx.events.emit('cycle', { ok: false });
        ctx.events.emit('error', { error, critical });
        if (critical) {
          crashed = true;
          if (timer !== undefined) clearInterval(timer);
          timer = undefined;
          ctx.events.emit('stopped', { reason: 'critical' });
        }
        break;
      }
      if (JSON.stringify(state) === before) break;
    }
    return state?.state ?? 'idle';
  };

  const tick = (): Promise<RunnerStateName> => {
    const next = (running ?? Promise.resolve('idle' as RunnerStateName)).then(tickOnce, tickOnce);
    running = next;
    return next;
  };

  return {
    tick,
    start(options = {}): void {
      if (timer !== undefined || crashed) return;
      timer = setInterval(() => {
        void tick();
      }, options.intervalMs ?? 1000);
    },
    async stop(): Promise<void> {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      await running;
      // Worker threads would keep the process alive: a later signature starts them again if needed.
      await ctx.verifier.close();
      ctx.events.emit('stopped', { reason: 'stop' });
    },
    get state(): RunnerStateName {
      return state?.state ?? 'idle';
    },
    get crashed(): boolean {
      return crashed;
    },
    get blockedReason(): string | undefined {
      return state?.state === 'blocked' ? state.blockedReason : undefined;
    },
  };
}
