/**
 * `createAggregator`: the fetch handler, the runner, the events and the genesis tools of one aggregator, wired over
 * one context.
 */
import mitt, { type Emitter } from 'mitt';
import { createStorage } from 'unstorage';
import { boundStorage } from './storage/bounded.js';
import { warnCorruptDocument } from './store-index.js';
import { resolveConfig, type AggregatorConfig } from './config.js';
import { createMemo, type AggregatorContext } from './context.js';
import { createFetchHandler } from './http.js';
import { createRunner, type AggregatorRunner } from './runner.js';
import { bootstrapGenesis, exportGenesisPayload, importGenesisSignature, type GenesisPayload } from './steps/genesis.js';
import { recomputeCertificatesHash } from './steps/tools.js';
import { AggregatorStore } from './store.js';
import { systemClock } from './time.js';
import type { AggregatorEvents, AggregatorOptions } from './types.js';
import type { SignatureVerifier } from './verifier.js';
import { createBatchVerifier } from './verifiers/batch.js';
import { createInlineVerifier } from './verifiers/inline.js';

/**
 * What {@link createAggregator} returns.
 *
 * @example
 * const aggregator = createAggregator(options);
 * app.use('/aggregator', toExpressMiddleware(aggregator)); // or any runtime: aggregator.fetch(request)
 * aggregator.runner.start();
 */
export interface Aggregator {
  /** Web-standard handler of the aggregator routes. */
  fetch(request: Request): Promise<Response>;
  readonly runner: AggregatorRunner;
  readonly events: Emitter<AggregatorEvents>;
  /** The resolved configuration (defaults applied). */
  readonly config: AggregatorConfig;
  /** The signature verifier in use (its `stats()` help tuning batch sizes). */
  readonly verifier: SignatureVerifier;
  /** Genesis ceremony: export the payload of the current epoch, import its signature. */
  readonly genesis: {
    exportPayload(): Promise<GenesisPayload>;
    importSignature(payload: GenesisPayload, genesisSignature: string): Promise<string>;
    /** Signs and imports with the configured devnet signing key. */
    bootstrap(): Promise<string>;
  };
  /** Recomputes every certificate hash and relinks the chain (the reference `recompute-certificates-hash` tool). */
  recomputeCertificatesHash(): Promise<Map<string, string>>;
  /** Stops the runner and releases the verifier (pending signatures are still answered). */
  close(): Promise<void>;
}

function verifierFrom(options: AggregatorOptions): SignatureVerifier {
  if (options.verifier !== undefined) return options.verifier;
  const crypto = { blsBackend: options.blsBackend, backend: options.backend, lotteryHasher: options.lotteryHasher };
  const v = options.verification;
  if (v?.mode === 'batch') return createBatchVerifier({ ...crypto, batchWindowMs: v.batchWindowMs, maxBatch: v.maxBatch });
  return createInlineVerifier(crypto);
}

/**
 * Creates the context of an aggregator from its options (configuration resolved once, store, verifier).
 *
 * @param options - the aggregator options
 * @returns the context steps and queries run on
 * @throws {MithrilError} `GENESIS_VERIFICATION_KEY_INVALID` when the genesis key cannot be decoded or does not match the
 *   signing key
 * @example
 * const ctx = createAggregatorContext({ chain, protocolParameters, genesis: { verificationKey } });
 * await registerSigner(ctx, request);
 */
function createAggregatorContext(options: AggregatorOptions): AggregatorContext {
  const events = mitt<AggregatorEvents>();
  return {
    config: resolveConfig(options),
    // A given storage fails fast (typed error, bounded log) instead of hanging while its driver retries.
    store: new AggregatorStore(
      options.storage === undefined ? createStorage() : boundStorage(options.storage),
      options.namespace ?? 'mithril-aggregator',
      (key, error) => {
        warnCorruptDocument(key, error);
        events.emit('corrupt-document', { key, error });
      },
    ),
    chain: options.chain,
    clock: options.clock ?? systemClock(),
    events,
    verifier: verifierFrom(options),
    memo: createMemo(),
  };
}

/**
 * Creates an aggregator.
 *
 * @param options - chain, storage, parameters, genesis, verifier and HTTP options
 * @returns the fetch handler, runner, events and tools
 * @throws {MithrilError} `GENESIS_VERIFICATION_KEY_INVALID` when the genesis key cannot be decoded or does not match the
 *   signing key
 * @example
 * const aggregator = createAggregator({ chain, protocolParameters: { k: 5n, m: 50n, phiF: 0.65 }, genesis: { verificationKey } });
 * serve({ fetch: aggregator.fetch, port: 8080 });
 * aggregator.runner.start({ intervalMs: 1000 });
 * // Signatures checked in micro-batches on worker threads, off the event loop (Node):
 * import { createWorkerVerifier } from '@mithril/aggregator-kit/node';
 * createAggregator({ ...options, verifier: createWorkerVerifier() });
 */
export function createAggregator(options: AggregatorOptions): Aggregator {
  const ctx = createAggregatorContext(options);
  const runner = createRunner(ctx);
  return {
    fetch: createFetchHandler(ctx),
    runner,
    events: ctx.events,
    config: ctx.config,
    verifier: ctx.verifier,
    genesis: {
      exportPayload: () => exportGenesisPayload(ctx),
      importSignature: (payload, signature) => importGenesisSignature(ctx, payload, signature),
      bootstrap: () => bootstrapGenesis(ctx),
    },
    recomputeCertificatesHash: () => recomputeCertificatesHash(ctx),
    async close() {
      await runner.stop();
    },
  };
}
