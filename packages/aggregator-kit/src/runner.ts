/**
 * The aggregator runner: the reference state machine idle → ready → signing (plus blocked), driven by `tick()`
 * (nodes.md §2.5). Tests call `tick()` by hand; `start()` ticks on a timer.
 */
import { AggregatorError } from './errors.js';
import { isMithrilError, signedEntityTypeAt, type TimePoint } from './sdk.js';
import type { AggregatorService } from './service.js';
import { openMessageKey } from './service.js';
import type { RunnerStateRecord } from './store.js';
import type { RunnerStateName } from './types.js';

/** Options of {@link AggregatorRunner.start}. */
export interface RunnerStartOptions {
  /** Tick period in milliseconds (default 1000). */
  readonly intervalMs?: number;
}

/** The runner of one aggregator (only one runner may write to a storage). */
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
}

/** Hook used by the runner to bootstrap a devnet genesis once (set when a genesis signing key is configured). */
export type GenesisBootstrap = (epoch: bigint) => Promise<string | undefined>;

/**
 * Creates the runner.
 *
 * @param service - the aggregator service
 * @param bootstrapGenesis - devnet one-shot genesis, or `undefined`
 * @returns the runner
 */
export function createRunner(service: AggregatorService, bootstrapGenesis: GenesisBootstrap | undefined): AggregatorRunner {
  let state: RunnerStateRecord | undefined;
  let timer: ReturnType<typeof setInterval> | undefined;
  let running: Promise<RunnerStateName> | undefined;
  let crashed = false;

  const setState = async (next: RunnerStateRecord, epoch: bigint): Promise<void> => {
    const from = state?.state ?? 'idle';
    state = next;
    await service.store.setRunnerState(next);
    if (from !== next.state) service.events.emit('state', { from, to: next.state, epoch });
  };

  const informEpoch = async (tp: TimePoint): Promise<void> => {
    const epoch = tp.epoch;
    await service.store.setRegistrationRound(undefined);
    if (service.options.checkEra !== undefined) {
      try {
        await service.options.checkEra(tp);
      } catch (error) {
        throw new AggregatorError('AGGREGATOR_CRITICAL', 'era check failed', { cause: error });
      }
    }
    const stakes = await service.chain.getCurrentStakeDistribution();
    const entries: [string, string][] = [...stakes].filter(([, s]) => s > 0n).map(([p, s]) => [p, s.toString()]);
    if ((await service.store.getStakes(epoch + 1n)) === undefined) await service.store.setStakes(epoch + 1n, entries);
    for (const open of await service.store.listOpenMessages()) {
      if (BigInt(open.epoch) < epoch) await service.store.removeOpenMessage(open.key);
    }
    for (const e of [epoch - 1n, epoch, epoch + 1n]) await service.ensureEpochSettings(e);
    await service.store.setTimePoint({
      epoch: epoch.toString(),
      immutableFileNumber: tp.immutableFileNumber.toString(),
      cardanoEra: service.options.cardanoEra ?? 'Conway',
      totalCardanoSpo: entries.length,
      totalCardanoStake: entries.reduce((acc, [, s]) => acc + BigInt(s), 0n).toString(),
    });
    await service.store.setRegistrationRound(epoch + 1n);
    service.events.emit('epoch', { epoch });
  };

  const idle = async (tp: TimePoint): Promise<void> => {
    const stored = await service.store.getTimePoint();
    if (stored === undefined || BigInt(stored.epoch) !== tp.epoch) await informEpoch(tp);
    let genesis = await service.store.getGenesisHash();
    if (genesis === undefined && bootstrapGenesis !== undefined) genesis = await bootstrapGenesis(tp.epoch);
    if (genesis === undefined) {
      await setState({ state: 'blocked', epoch: tp.epoch.toString(), blockedReason: 'NoGenesis' }, tp.epoch);
      return;
    }
    const latest = await service.latestCertificateEpoch();
    if (latest !== undefined && tp.epoch - latest > 1n) {
      await setState({ state: 'blocked', epoch: tp.epoch.toString(), blockedReason: 'EpochGap' }, tp.epoch);
      return;
    }
    // An invalid chain keeps the runner idle (retried next tick), as the reference does.
    if (service.options.verifyChainAtEpochChange !== false) await service.verifyLatestChain();
    const genesisDoc = await service.store.getCertificate(genesis);
    if (genesisDoc !== undefined && BigInt(genesisDoc.epoch) === tp.epoch) {
      await setState({ state: 'blocked', epoch: tp.epoch.toString(), blockedReason: 'GenesisEpoch' }, tp.epoch);
      return;
    }
    await setState({ state: 'ready', epoch: tp.epoch.toString() }, tp.epoch);
  };

  const ready = async (tp: TimePoint): Promise<void> => {
    for (const name of service.signedEntityTypes) {
      if (name === 'CardanoStakeDistribution' && tp.epoch === 0n) continue;
      const type = signedEntityTypeAt(name, tp.epoch);
      let open = await service.store.getOpenMessage(openMessageKey(type));
      if (open === undefined) open = await service.createOpenMessage(type, tp.epoch);
      if (open === undefined || open.isCertified) continue;
      if (open.isExpired || service.clock.nowNanos() > BigInt(open.expiresAtNanos)) {
        if (!open.isExpired) await service.store.setOpenMessage({ ...open, isExpired: true });
        continue;
      }
      await setState({ state: 'signing', epoch: tp.epoch.toString(), openMessageKey: open.key }, tp.epoch);
      return;
    }
  };

  const signing = async (tp: TimePoint, current: RunnerStateRecord): Promise<void> => {
    const open = current.openMessageKey === undefined ? undefined : await service.store.getOpenMessage(current.openMessageKey);
    if (open === undefined || open.isCertified || open.isExpired || service.clock.nowNanos() > BigInt(open.expiresAtNanos)) {
      await setState({ state: 'ready', epoch: tp.epoch.toString() }, tp.epoch);
      return;
    }
    const hash = await service.tryCertify(open);
    if (hash === undefined) return;
    await service.createArtifact(open, hash);
    await setState({ state: 'ready', epoch: tp.epoch.toString() }, tp.epoch);
  };

  const cycle = async (): Promise<void> => {
    state ??= (await service.store.getRunnerState()) ?? { state: 'idle' };
    const tp = await service.chain.getCurrentTimePoint();
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
      } catch (error) {
        const critical = isMithrilError(error, 'AGGREGATOR_CRITICAL');
        service.events.emit('error', { error, critical });
        if (critical) {
          crashed = true;
          if (timer !== undefined) clearInterval(timer);
          timer = undefined;
          service.events.emit('stopped', { reason: 'critical' });
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
      await service.verification.close();
      service.events.emit('stopped', { reason: 'stop' });
    },
    get state(): RunnerStateName {
      return state?.state ?? 'idle';
    },
    get crashed(): boolean {
      return crashed;
    },
  };
}
