/**
 * The public types of a signer: its states, typed events, options and handle (nodes.md §3.1).
 */
import type { SignerCertificationKeys } from './certification.js';
import type { Emitter } from 'mitt';
import type { Storage } from 'unstorage';
import type { FetchFunction, SignatureRegistrationStatus, SignerAggregatorClient } from './aggregator-client.js';
import type { CardanoTransactionsBeacon } from './cardano-transactions-signing.js';
import type { SignerErrorCode } from './errors.js';
import type {
  BlsBackend,
  CardanoDbSignedEntityTypeName,
  ChainObserver,
  LotteryHasher,
  MithrilError,
  CardanoDbSignedEntityType,
  SignableEntityType,
  SignableEntityTypeName,
} from './sdk.js';

/** A signed entity type with its beacon, as this signer signs it: MSD, CSD, a Cardano database type or CardanoTransactions. */
export type SignerSignedEntityType = SignableEntityType | CardanoDbSignedEntityType | CardanoTransactionsBeacon;

/**
 * States of the reference signer (nodes.md §3.1).
 *
 * @example
 * if (signer.state.name === 'ready-to-sign') console.log(signer.state.epoch);
 */
export type SignerState =
  | { readonly name: 'init' }
  | { readonly name: 'unregistered'; readonly epoch: bigint }
  | { readonly name: 'registered-not-able-to-sign'; readonly epoch: bigint }
  | { readonly name: 'ready-to-sign'; readonly epoch: bigint };

/**
 * Why a registration did not happen on this tick.
 *
 * @example
 * signer.events.on('registration-deferred', ({ reason }) => console.log(reason));
 */
export type RegistrationDeferredReason = 'round-not-open' | 'aggregator-behind' | 'configuration-missing' | 'not-in-stake-distribution';

/**
 * Typed events of a signer (mitt).
 *
 * @example
 * signer.events.on('signature-published', (e: SignerEvents['signature-published']) => console.log(e.status));
 */
export type SignerEvents = {
  /** The state machine moved. */
  'state-changed': { readonly from: SignerState; readonly to: SignerState };
  /** The aggregator accepted a key for `epoch` (the recording epoch). */
  registered: { readonly epoch: bigint; readonly partyId: string; readonly verificationKey: string; readonly stake: bigint };
  /** No registration this tick; it is retried on the next one. */
  'registration-deferred': { readonly epoch: bigint; readonly reason: RegistrationDeferredReason };
  /** A single signature was accepted: 201 stored, 202 buffered, 410 already certified or expired. */
  'signature-published': {
    readonly signedEntityType: SignerSignedEntityType;
    readonly signedMessage: string;
    readonly indexes: readonly number[];
    readonly status: SignatureRegistrationStatus;
  };
  /** No lottery won for this beacon: nothing to publish (a normal outcome for small stakes). */
  'lottery-lost': { readonly signedEntityType: SignerSignedEntityType; readonly signedMessage: string };
  /** The aggregator refused a signature with a 4xx; the beacon is not retried. */
  'signature-rejected': { readonly signedEntityType: SignerSignedEntityType; readonly error: MithrilError<SignerErrorCode> };
  /** A tick ended: `ok` when nothing failed during it (the reference's runtime cycle metrics count these). */
  cycle: { readonly ok: boolean; readonly state: SignerState };
  /** Something failed; the signer retries on a later tick. */
  error: { readonly phase: 'tick' | 'register' | 'sign' | 'publish'; readonly error: unknown };
};

/**
 * Options of {@link createSigner}.
 *
 * @example
 * const options: SignerOptions = { partyId, chainObserver: chain, aggregatorEndpoint: 'http://127.0.0.1:8080/aggregator' };
 */
export interface SignerOptions {
  /** The pool id this signer signs for (`pool1…`; test networks accept it without an operational certificate). */
  readonly partyId: string;
  /** The signer's own view of the chain. */
  readonly chainObserver: ChainObserver;
  /** Aggregator endpoint including its base path, e.g. `http://127.0.0.1:8080/aggregator`. */
  readonly aggregatorEndpoint?: string;
  /**
   * Fetch used for every aggregator request (default: the global one). Pass an in-process aggregator's `fetch` to
   * run without a network; `aggregatorEndpoint` then only forms the URLs (default `http://aggregator.local/aggregator`).
   */
  readonly fetch?: FetchFunction;
  /** A ready-made aggregator client (overrides `aggregatorEndpoint` / `fetch`). */
  readonly aggregatorClient?: SignerAggregatorClient;
  /** Persistent storage (default: in memory). Keys, stakes and signed beacons survive restarts with a durable driver. */
  readonly storage?: Storage;
  /** Key prefix inside `storage` (default `signer:<partyId>`), so that signers can share one storage. */
  readonly storagePrefix?: string;
  /** Source of secret randomness for key generation (default: `crypto.getRandomValues`). */
  readonly randomBytes?: (length: number) => Uint8Array;
  /** Milliseconds clock for timestamps (default `Date.now`). */
  readonly clock?: () => number;
  /** Waits between publication retries (default: `setTimeout`). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Tick interval of `start()` in milliseconds (default 60 000, the SPO guide's value). */
  readonly runIntervalMs?: number;
  /** Attempts and delay for `POST /register-signatures` (default 3 attempts, 1000 ms apart). */
  readonly publishRetry?: { readonly attempts?: number; readonly delayMs?: number };
  /**
   * Types this signer signs, among those the aggregator enables (default: every type the SDK can compute, plus
   * CardanoDatabase, the legacy CardanoImmutableFilesFull and CardanoTransactions when `dbDirectory` is set).
   */
  readonly signedEntityTypes?: readonly (SignableEntityTypeName | CardanoDbSignedEntityTypeName | 'CardanoTransactions')[];
  /**
   * The node database folder (holding `immutable/`): the signer signs CardanoDatabase (and the legacy
   * CardanoImmutableFilesFull when the aggregator enables it) over its newest completed immutable files, and
   * CardanoTransactions over the transactions of the blocks of its completed chunk files.
   */
  readonly dbDirectory?: string;
  /** Epochs of keys, stakes and signed beacons kept (default 5). */
  readonly retentionEpochs?: number;
  /** BLS backend (default: the SDK's pure JavaScript one). */
  readonly backend?: BlsBackend;
  /**
   * Lottery hasher used to play the m lotteries of each signature (default: node:crypto's Blake2b on Node, loaded
   * lazily from `@mithril/sdk/node`, about 5× faster; the pure one elsewhere). Same bytes either way (stm.md §3.1).
   */
  readonly lotteryHasher?: LotteryHasher;
  /**
   * The pool's KES key and operational certificate (mandatory off test networks, nodes.md §3.3): registrations then
   * carry a KES signature of the key, the opcert and the KES evolutions, and `partyId` must be the opcert's pool id.
   */
  readonly certification?: SignerCertificationKeys;
}

/**
 * A running signer.
 *
 * @example
 * const signer: Signer = createSigner(options);
 * signer.start();
 */
export interface Signer {
  readonly partyId: string;
  /** Typed events. */
  readonly events: Emitter<SignerEvents>;
  /** Current state. */
  readonly state: SignerState;
  /** Runs one cycle now (ticks never overlap) and resolves with the state afterwards; failures are emitted, not thrown. */
  tick(): Promise<SignerState>;
  /** Ticks every `runIntervalMs` until {@link Signer.stop}. */
  start(): void;
  /** Stops ticking and waits for the current cycle to end. */
  stop(): Promise<void>;
}
