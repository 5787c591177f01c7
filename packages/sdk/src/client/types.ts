import type { Emitter } from 'mitt';
import type { BlsBackend } from '../bls/backend.js';
import type { MultiSignatureVerifier } from '../certificate/multi-signature-verifier.js';
import type { LotteryHasher } from '../stm/lottery-hash.js';
import type { CertificateChainCache, CertificateCacheStorage } from './cache.js';
import type { MithrilClientEvents } from './events.js';
import type { ClientLogger, HttpTransport, MithrilClientType } from './http.js';

/**
 * Options of `createMithrilClient`.
 *
 * @example
 * const options: MithrilClientOptions = {
 *   aggregatorEndpoint: 'https://aggregator.release-preprod.api.mithril.network/aggregator',
 *   genesisVerificationKey: preprodGenesisVkey, // the network's genesis.vkey
 *   timeout: 30_000,
 *   retry: 2,
 * };
 * const client = createMithrilClient(options);
 */
export interface MithrilClientOptions {
  /** Aggregator endpoint including its base path, e.g. `https://aggregator.release-preprod.api.mithril.network/aggregator`. */
  readonly aggregatorEndpoint: string;
  /**
   * Genesis verification key in the reference JSON-hex form (`5b…`, certificates.md §5.3): the trust anchor. Required
   * by every verifying action; a client without it can only list and fetch.
   */
  readonly genesisVerificationKey?: string;
  /** Origin tag sent as `mithril-origin-tag` (nodes.md §1.1); not sent when absent. */
  readonly origin?: string;
  /** Client type sent as `mithril-client-type` (default `LIBRARY`). */
  readonly clientType?: MithrilClientType;
  /** Extra request headers. */
  readonly headers?: Readonly<Record<string, string>>;
  /** `fetch` implementation (default: the global one). */
  readonly fetch?: typeof globalThis.fetch;
  /** Signal aborting every request and verification of the client. */
  readonly signal?: AbortSignal;
  /** Per-attempt HTTP timeout in ms (default 30 000); `false` disables it. */
  readonly timeout?: number | false;
  /** Retries of GET requests on network errors and 408/413/429/5xx (default 2). */
  readonly retry?: number;
  /** Receives warnings such as a newer server API version (default: `console`). */
  readonly logger?: ClientLogger;
  /**
   * Verified-chain cache storage (any unstorage `Storage`, or a structural equivalent). No cache when absent.
   * Entries are bound to the endpoint and the genesis key and expire (certificates.md §6.4, trap 37).
   */
  readonly cache?: CertificateCacheStorage;
  /** Lifetime of cache entries in seconds (default one week). */
  readonly cacheTtlSeconds?: number;
  /** Clock for cache expiry, ms since the Unix epoch (default `Date.now`). */
  readonly now?: () => number;
  /** How many certificates the chain walk fetches ahead of verification (default 4; 0 disables prefetching). */
  readonly prefetch?: number;
  /** Most certificates one chain walk may verify (default 10 000). */
  readonly maxChainLength?: number;
  /** BLS backend of the STM multi-signature verifier (default: the pure JavaScript one). */
  readonly blsBackend?: BlsBackend;
  /** Lottery hasher of the STM verifier (default: pure; `nodeLotteryHasher` from `@mithril/sdk/node` on Node). */
  readonly lotteryHasher?: LotteryHasher;
  /**
   * The STM multi-signature verifier itself, replacing the in-process one built from `blsBackend` and
   * `lotteryHasher` (e.g. `createWorkerMultiSignatureVerifier(pool)` of `@mithril/sdk/node`, which uses every core).
   */
  readonly verifyMultiSignature?: MultiSignatureVerifier;
  /** Id generator for chain validation ids (default `crypto.randomUUID`). */
  readonly randomId?: () => string;
}

/**
 * The state every client action needs: configuration, transport, events and cache. Actions are plain functions
 * taking it as first argument (`getCertificate(client, hash)`), so unused ones tree-shake away.
 *
 * @example
 * // Every action takes the client first, so tree-shaken code imports only what it calls:
 * const chain = await verifyCertificateChain(client, { hash });
 */
export interface MithrilClientBase {
  /** Endpoint without a trailing slash. */
  readonly aggregatorEndpoint: string;
  /** Raw 32-byte Ed25519 genesis verification key; `undefined` when the client was created without one. */
  readonly genesisKey: Uint8Array | undefined;
  readonly http: HttpTransport;
  /** Progress and warning events (mitt). */
  readonly events: Emitter<MithrilClientEvents>;
  /** The verified-chain cache, when configured. */
  readonly cache: CertificateChainCache | undefined;
  /** Client-wide signal. */
  readonly signal: AbortSignal | undefined;
  readonly prefetch: number;
  readonly maxChainLength: number;
  readonly blsBackend: BlsBackend | undefined;
  /**
   * The client's STM multi-signature verifier: the backend and hasher chosen, with a verification cache kept for the
   * client's lifetime (certificates of an epoch share their registered keys).
   */
  readonly verifyMultiSignature: MultiSignatureVerifier;
  readonly randomId: () => string;
}

/**
 * Per-call options shared by every action.
 *
 * @example
 * const controller = new AbortController();
 * setTimeout(() => controller.abort(), 60_000);
 * await listCertificates(client, { signal: controller.signal });
 */
export interface ActionOptions {
  /** Aborts this call (requests and verification) promptly. */
  readonly signal?: AbortSignal | undefined;
}
