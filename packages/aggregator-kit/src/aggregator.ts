/**
 * `createAggregator`: the fetch handler, the runner, the events and the genesis tools of one aggregator.
 */
import mitt, { type Emitter } from 'mitt';
import { createStorage } from 'unstorage';
import { AggregatorError } from './errors.js';
import { createFetchHandler, DEFAULT_BODY_LIMIT } from './http.js';
import { createRunner, type AggregatorRunner } from './runner.js';
import { genesisVerificationKeyFromSecret, parseGenesisVerificationKey, signGenesisMessage, verifyGenesisSignature } from './sdk.js';
import { AggregatorService, type GenesisPayload } from './service.js';
import { AggregatorStore } from './store.js';
import { systemClock } from './time.js';
import type { AggregatorEvents, AggregatorOptions } from './types.js';

/** What {@link createAggregator} returns. */
export interface Aggregator {
  /** Web-standard handler of the aggregator routes. */
  fetch(request: Request): Promise<Response>;
  readonly runner: AggregatorRunner;
  readonly events: Emitter<AggregatorEvents>;
  /** The protocol service (lower-level access for tools and tests). */
  readonly service: AggregatorService;
  /** Genesis ceremony: export the payload of the current epoch, import its signature. */
  readonly genesis: {
    exportPayload(): Promise<GenesisPayload>;
    importSignature(payload: GenesisPayload, genesisSignature: string): Promise<string>;
    /** Signs and imports with the configured devnet signing key. */
    bootstrap(): Promise<string>;
  };
  /** Recomputes every certificate hash and relinks the chain (the reference `recompute-certificates-hash` tool). */
  recomputeCertificatesHash(): Promise<Map<string, string>>;
  /** Stops the runner and the verification worker threads (pending signatures are still answered). */
  close(): Promise<void>;
}

/**
 * Creates an aggregator.
 *
 * @param options - chain, storage, parameters, genesis and HTTP options
 * @returns the fetch handler, runner, events and tools
 * @throws {MithrilError} `GENESIS_VERIFICATION_KEY_INVALID` when the genesis key cannot be decoded or does not match the
 *   signing key
 * @example
 * const aggregator = createAggregator({ chain, protocolParameters: { k: 5n, m: 50n, phiF: 0.65 }, genesis: { verificationKey } });
 * serve({ fetch: aggregator.fetch, port: 8080 });
 * aggregator.runner.start({ intervalMs: 1000 });
 * // Signatures checked in micro-batches on worker threads, off the event loop:
 * createAggregator({ ...options, verification: { mode: 'workers' } });
 */
export function createAggregator(options: AggregatorOptions): Aggregator {
  const genesisKey = parseGenesisVerificationKey(options.genesis.verificationKey);
  const signingKey = options.genesis.signingKey;
  if (signingKey !== undefined && genesisVerificationKeyFromSecret(signingKey) !== options.genesis.verificationKey.trim().toLowerCase()) {
    throw new AggregatorError('GENESIS_VERIFICATION_KEY_INVALID', 'the genesis signing key does not match the verification key', {
      field: 'genesis.signingKey',
    });
  }
  const events = mitt<AggregatorEvents>();
  const store = new AggregatorStore(options.storage ?? createStorage(), options.namespace ?? 'mithril-aggregator');
  const clock = options.clock ?? systemClock();
  const service = new AggregatorService(options, store, clock, events);
  const verify = (signedMessage: string, signature: string): void => verifyGenesisSignature(signedMessage, signature, genesisKey);

  const exportPayload = async (): Promise<GenesisPayload> => {
    const epoch = await service.currentEpoch();
    if (epoch === undefined) throw new AggregatorError('AGGREGATOR_GENESIS_MISSING', 'the runner has not recorded an epoch yet');
    return service.exportGenesisPayload(epoch);
  };
  const bootstrap = async (): Promise<string> => {
    if (signingKey === undefined) throw new AggregatorError('AGGREGATOR_GENESIS_MISSING', 'no genesis signing key configured');
    const payload = await exportPayload();
    return service.importGenesis(payload, signGenesisMessage(signingKey, payload.signedMessage), verify);
  };

  const runner = createRunner(
    service,
    signingKey === undefined
      ? undefined
      : async (epoch) => {
          const data = await service.epochData(epoch);
          if (data.next === undefined) return undefined;
          return bootstrap();
        },
  );

  const fetch = createFetchHandler(service, {
    basePath: options.basePath ?? '/aggregator',
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    documentationUrl: options.documentationUrl ?? 'https://mithril.network/doc',
    cardanoEra: options.cardanoEra ?? 'Conway',
    cardanoNodeVersion: options.cardanoNodeVersion ?? '10.5.1',
    aggregatorNodeVersion: options.aggregatorNodeVersion ?? '0.1.0',
  });

  return {
    fetch,
    runner,
    events,
    service,
    genesis: { exportPayload, importSignature: (payload, signature) => service.importGenesis(payload, signature, verify), bootstrap },
    recomputeCertificatesHash: () => service.recomputeCertificatesHash(),
    async close() {
      await runner.stop();
    },
  };
}
