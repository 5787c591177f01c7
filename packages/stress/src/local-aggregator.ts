/**
 * The tool's own aggregator: the aggregator kit over the SDK's devnet chain, whose epoch only the tool moves (as the
 * reference's mock cardano-cli), served over real HTTP on 127.0.0.1 through the Node adapter of Hono.
 */
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { serve } from '@hono/node-server';
import { createAggregator, type Aggregator } from '@mithril/aggregator-kit';
import { atomicFsDriver, createWorkerVerifier } from '@mithril/aggregator-kit/node';
import { genesisVerificationKeyFromSecret, type ProtocolParameters } from '@mithril/sdk';
import { createDevnetChain } from '@mithril/sdk/devnet';
import { nodeLotteryHasher } from '@mithril/sdk/node';
import { createStorage } from 'unstorage';
import type { StressSignedEntityType } from './options.js';

/** A running aggregator of the tool's own. */
export interface LocalAggregator {
  /** `http://127.0.0.1:<port>/aggregator`. */
  readonly endpoint: string;
  readonly aggregator: Aggregator;
  /** Moves the chain one epoch forward. */
  advanceEpoch(): void;
  /** Starts measuring the event-loop delay of this process (the aggregator's thread). */
  startLoopMonitor(): void;
  /** Event-loop delay since {@link startLoopMonitor}, in milliseconds, and the stalls over 100 ms by phase. */
  loopDelay(): { p50: number; p99: number; max: number; stalls: { phase: string; ms: number }[] } | undefined;
  /** Names the phase that later stalls are charged to. */
  setPhase(phase: string): void;
  close(): Promise<void>;
}

/** Options of {@link startLocalAggregator}. */
export interface LocalAggregatorOptions {
  /** Pool id → stake, the same every epoch. */
  readonly stakes: ReadonlyMap<string, bigint>;
  readonly protocolParameters: ProtocolParameters;
  readonly signedEntityTypes: readonly StressSignedEntityType[];
  /** Verify signatures on worker threads (default) or inline. */
  readonly verifierWorkers: boolean;
  /** File storage under this folder instead of memory. */
  readonly dataDir: string | undefined;
  /** How often the runner ticks, in milliseconds. */
  readonly tickMs: number;
  /** Told about each error the aggregator reports. */
  readonly onError: (error: unknown) => void;
}

/** A fixed devnet genesis seed: the tool's chains are throwaway. */
const GENESIS_SECRET = '5c'.repeat(32);
const START_EPOCH = 10n;
const STALL_TICK_MS = 10;
const KEEP_ALIVE_MS = 600_000;
/** Event-loop stalls longer than this are listed with their phase (the scale goal is none over 100 ms). */
const STALL_MS = 100;

/**
 * Starts the aggregator and its runner.
 *
 * @param options - stakes, parameters, storage and verifier choices
 * @returns the running aggregator
 * @example
 * const local = await startLocalAggregator({ stakes, protocolParameters, signedEntityTypes, verifierWorkers: true,
 *   dataDir: undefined, tickMs: 100, onError: console.error });
 */
export async function startLocalAggregator(options: LocalAggregatorOptions): Promise<LocalAggregator> {
  const chain = createDevnetChain({ stakes: () => new Map(options.stakes), startEpoch: START_EPOCH });
  const storage = options.dataDir === undefined ? createStorage() : createStorage({ driver: atomicFsDriver({ base: options.dataDir }) });
  const aggregator = createAggregator({
    chain,
    storage,
    protocolParameters: options.protocolParameters,
    signedEntityTypes: options.signedEntityTypes,
    genesis: { verificationKey: genesisVerificationKeyFromSecret(GENESIS_SECRET), signingKey: GENESIS_SECRET },
    // The mcl backend checks the proofs of possession of registrations on this thread, about 10× faster than noble.
    ...(options.verifierWorkers
      ? { verifier: createWorkerVerifier({ blsBackend: 'mcl', lotteryHasher: nodeLotteryHasher }) }
      : { blsBackend: 'mcl' as const, lotteryHasher: nodeLotteryHasher }),
    onUnexpectedError: options.onError,
  });
  aggregator.events.on('error', ({ error }) => options.onError(error));
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: aggregator.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  // The tool's sockets idle through the offline signing phases: a 5 s keep-alive would race their reuse.
  if ('keepAliveTimeout' in server) server.keepAliveTimeout = KEEP_ALIVE_MS;
  const port = (server.address() as AddressInfo).port;
  aggregator.runner.start({ intervalMs: options.tickMs });
  let histogram: IntervalHistogram | undefined;
  let phase = 'start';
  const stalls: { phase: string; ms: number }[] = [];
  let watch: ReturnType<typeof setInterval> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}/aggregator`,
    aggregator,
    advanceEpoch: () => void chain.advance(),
    startLoopMonitor() {
      histogram = monitorEventLoopDelay({ resolution: 10 });
      histogram.enable();
      // A 10 ms timer that fires late tells which phase blocked the loop (the histogram only says how much).
      let last = performance.now();
      watch = setInterval(() => {
        const now = performance.now();
        const late = now - last - STALL_TICK_MS;
        last = now;
        if (late > STALL_MS && stalls.length < 100) stalls.push({ phase, ms: Math.round(late) });
      }, STALL_TICK_MS);
      watch.unref();
    },
    setPhase(name) {
      phase = name;
    },
    loopDelay() {
      if (histogram === undefined) return undefined;
      const ms = (ns: number): number => Math.round(ns / 1e5) / 10;
      return { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), stalls: [...stalls] };
    },
    async close() {
      histogram?.disable();
      if (watch !== undefined) clearInterval(watch);
      await aggregator.runner.stop();
      await new Promise<void>((done) => server.close(() => done()));
      await aggregator.close();
    },
  };
}
