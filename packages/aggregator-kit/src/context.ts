/**
 * The narrow context every protocol step and read query receives: store, chain, clock, events, configuration,
 * verifier, and the in-memory caches one aggregator process keeps.
 */
import type { Emitter } from 'mitt';
import type { AggregatorConfig } from './config.js';
import {
  createStmVerificationCache,
  type ChainObserver,
  type ClosedKeyRegistration,
  type ProtocolParameters,
  type StmVerificationCache,
} from './sdk.js';
import type { AggregatorStore, SignerRecord } from './store.js';
import type { Clock } from './time.js';
import type { AggregatorEvents } from './types.js';
import type { SignatureVerifier } from './verifier.js';

/** Epoch data: signers, parameters and closed registrations (nodes.md §2.2). */
export interface EpochData {
  readonly epoch: bigint;
  readonly currentParameters: ProtocolParameters;
  readonly nextParameters: ProtocolParameters;
  readonly currentSigners: readonly SignerRecord[];
  readonly nextSigners: readonly SignerRecord[];
  /** Undefined when no signer is registered for the epoch. */
  readonly current: ClosedKeyRegistration | undefined;
  readonly next: ClosedKeyRegistration | undefined;
  /** Signer index of each current party in `current` (found once per epoch rather than per signature). */
  readonly currentIndexes: ReadonlyMap<string, number>;
  readonly nextIndexes: ReadonlyMap<string, number>;
  /** Verification caches of `current` and `next` (decoded keys, `H(msgp)`, lottery evaluators). */
  readonly currentCache: StmVerificationCache;
  readonly nextCache: StmVerificationCache;
}

/** What one aggregator process remembers between calls (never shared between replicas). */
export interface AggregatorMemo {
  /** Epoch data by epoch and signer counts (or settled epoch). */
  readonly epochs: Map<string, EpochData>;
  /** Verification caches of closed registrations, by recording epoch and size. */
  readonly registrationCaches: Map<string, StmVerificationCache>;
  /** Certificates this process verified (content-addressed, so trusted afterwards). */
  readonly verifiedCertificates: Set<string>;
  /** One cache for certificate checks of every epoch (bounded, keyed by key bytes). */
  readonly certificateCache: StmVerificationCache;
}

/** The context passed to every step and query. */
export interface AggregatorContext {
  readonly store: AggregatorStore;
  readonly chain: ChainObserver;
  readonly clock: Clock;
  readonly events: Emitter<AggregatorEvents>;
  readonly config: AggregatorConfig;
  readonly verifier: SignatureVerifier;
  readonly memo: AggregatorMemo;
}

/**
 * Creates empty per-process caches.
 *
 * @returns the memo
 * @example
 * const context = { store, chain, clock, events, config, verifier, memo: createMemo() };
 */
export function createMemo(): AggregatorMemo {
  return { epochs: new Map(), registrationCaches: new Map(), verifiedCertificates: new Set(), certificateCache: createStmVerificationCache() };
}
