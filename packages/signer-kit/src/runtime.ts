/**
 * A signer's options resolved once: defaults filled in, values checked, the aggregator client and store built. The
 * registration and signing steps receive this instead of the raw options.
 */
import type { SignerCertificationKeys } from './certification.js';
import mitt, { type Emitter } from 'mitt';
import { createStorage } from 'unstorage';
import memoryDriver from 'unstorage/drivers/memory';
import { createHttpAggregatorClient, type SignerAggregatorClient } from './aggregator-client.js';
import type { CardanoDbSource } from './cardano-db-signing.js';
import { SignerError } from './errors.js';
import {
  nobleLotteryHasher,
  CARDANO_DB_SIGNED_ENTITY_TYPES,
  operationalCertificatePartyId,
  SIGNABLE_ENTITY_TYPES,
  type BlsBackend,
  type ChainObserver,
  type EpochSettings,
  type LotteryHasher,
  type ProtocolConfigurationMessage,
} from './sdk.js';
import type { SignerEvents, SignerOptions } from './signer-types.js';
import { createSignerStore, type SignerStore } from './store.js';

/**
 * What the signer learned from the aggregator for one epoch.
 *
 * @example
 * const ctx: EpochContext = { epoch, settings, aggregation, next };
 */
export interface EpochContext {
  readonly epoch: bigint;
  readonly settings: EpochSettings;
  /** Configuration of epoch − 1: current parameters and enabled types. */
  readonly aggregation: ProtocolConfigurationMessage;
  /** Configuration of epoch: next parameters. */
  readonly next: ProtocolConfigurationMessage;
}

/**
 * The resolved dependencies and settings of one signer.
 *
 * @example
 * const runtime: SignerRuntime = resolveSignerRuntime(options);
 */
export interface SignerRuntime {
  readonly partyId: string;
  readonly chainObserver: ChainObserver;
  readonly client: SignerAggregatorClient;
  readonly store: SignerStore;
  readonly events: Emitter<SignerEvents>;
  readonly randomBytes: (length: number) => Uint8Array;
  readonly clock: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly runIntervalMs: number;
  readonly publishAttempts: number;
  readonly publishDelayMs: number;
  readonly retentionEpochs: bigint;
  readonly enabledTypes: ReadonlySet<string>;
  /** The node database folder the Cardano database types are signed from, when configured. */
  readonly cardanoDb: CardanoDbSource | undefined;
  readonly backend: BlsBackend | undefined;
  /** KES key and opcert, when the signer is certified. */
  readonly certification: SignerCertificationKeys | undefined;
  /** The configured lottery hasher, or the platform's best one. */
  lotteryHasher(): Promise<LotteryHasher>;
}

const DEFAULT_ENDPOINT = 'http://aggregator.local/aggregator';

let nodeHasher: Promise<LotteryHasher> | undefined;

/** node:crypto's hasher on Node (imported on first use so that other runtimes never load it), else the pure one. */
function defaultLotteryHasher(): Promise<LotteryHasher> {
  nodeHasher ??= (async () => {
    const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
    if (typeof p?.versions?.node !== 'string') return nobleLotteryHasher;
    try {
      return (await import('@mithril/sdk/node')).nodeLotteryHasher;
    } catch {
      return nobleLotteryHasher;
    }
  })();
  return nodeHasher;
}

function defaultRandomBytes(length: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

function invalid(field: string, message: string): SignerError {
  return new SignerError('SIGNER_INVALID_CONFIGURATION', message, { field });
}

/**
 * Resolves and checks a signer's options.
 *
 * @param options - the options given to `createSigner`
 * @returns the runtime
 * @throws {SignerError} `SIGNER_INVALID_CONFIGURATION` for missing or malformed options
 * @example
 * const runtime = resolveSignerRuntime({ partyId, chainObserver: chain, fetch: aggregator.fetch });
 */
export function resolveSignerRuntime(options: SignerOptions): SignerRuntime {
  const { partyId, chainObserver } = options;
  if (typeof partyId !== 'string' || partyId.length === 0) throw invalid('partyId', 'must be a non-empty string');
  if (options.certification !== undefined && operationalCertificatePartyId(options.certification.operationalCertificate) !== partyId) {
    throw invalid('partyId', "must be the operational certificate's pool id");
  }
  if (chainObserver === undefined || typeof chainObserver.getCurrentTimePoint !== 'function') {
    throw invalid('chainObserver', 'must implement ChainObserver');
  }
  if (options.aggregatorClient === undefined && options.aggregatorEndpoint === undefined && options.fetch === undefined) {
    throw invalid('aggregatorEndpoint', 'an aggregator endpoint, a fetch function or a client is required');
  }
  const client =
    options.aggregatorClient ??
    createHttpAggregatorClient({
      aggregatorEndpoint: options.aggregatorEndpoint ?? DEFAULT_ENDPOINT,
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    });
  const runIntervalMs = options.runIntervalMs ?? 60_000;
  const publishAttempts = options.publishRetry?.attempts ?? 3;
  if (!Number.isSafeInteger(publishAttempts) || publishAttempts < 1) throw invalid('publishRetry.attempts', 'must be a positive integer');
  if (!Number.isSafeInteger(runIntervalMs) || runIntervalMs < 1) throw invalid('runIntervalMs', 'must be a positive integer');
  const storage = options.storage ?? createStorage({ driver: memoryDriver() });
  const configuredHasher = options.lotteryHasher;
  return {
    partyId,
    chainObserver,
    client,
    store: createSignerStore(storage, options.storagePrefix ?? `signer:${partyId}`),
    events: mitt<SignerEvents>(),
    randomBytes: options.randomBytes ?? defaultRandomBytes,
    clock: options.clock ?? Date.now,
    sleep: options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
    runIntervalMs,
    publishAttempts,
    publishDelayMs: options.publishRetry?.delayMs ?? 1000,
    retentionEpochs: BigInt(options.retentionEpochs ?? 5),
    enabledTypes: new Set<string>(
      options.signedEntityTypes ?? [
        ...SIGNABLE_ENTITY_TYPES,
        ...(options.dbDirectory === undefined ? [] : [...CARDANO_DB_SIGNED_ENTITY_TYPES, 'CardanoTransactions']),
      ],
    ),
    cardanoDb:
      options.dbDirectory === undefined
        ? undefined
        : { dbDirectory: options.dbDirectory, network: chainObserver.network, digestCache: new Map<string, string>(), chunkCache: new Map() },
    backend: options.backend,
    certification: options.certification,
    lotteryHasher: () => (configuredHasher === undefined ? defaultLotteryHasher() : Promise.resolve(configuredHasher)),
  };
}
