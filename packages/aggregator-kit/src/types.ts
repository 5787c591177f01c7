/**
 * Options and events of the aggregator kit.
 */
import type { CardanoDbArtifacts } from './cardano-db/ports.js';
import type { AggregatorSignedEntityTypeName } from './cardano-db/source.js';
import type { CardanoTransactionsSigningConfig, CardanoTransactionsSource } from './cardano-transactions/source.js';
import type { Storage } from 'unstorage';
import type { BlsBackend, ChainObserver, LotteryHasher, ProtocolParameters, TimePoint } from './sdk.js';
import type { Clock } from './time.js';
import type { ArtifactKind } from './store-records.js';
import type { SignatureVerifier, VerificationOptions } from './verifier.js';

/** A registration as received, before it is stored (input of the opcert / KES hook). */
export interface SignerRegistrationRequest {
  readonly epoch: bigint;
  readonly partyId: string;
  readonly verificationKey: string;
  readonly verificationKeySignature?: string | undefined;
  readonly operationalCertificate?: string | undefined;
  readonly kesPeriod?: number | undefined;
}

/**
 * Genesis configuration.
 *
 * @example
 * // A devnet: the runner bootstraps the genesis certificate with the signing key, once.
 * const genesis: GenesisOptions = { verificationKey: genesisVerificationKeyFromSecret(secret), signingKey: secret };
 */
export interface GenesisOptions {
  /** Genesis verification key in the reference JSON-hex form (`5b…`). */
  readonly verificationKey: string;
  /**
   * 32-byte Ed25519 seed (raw or hex) for devnets: when set, the runner bootstraps the genesis certificate by itself
   * (once). Never use on a public network.
   */
  readonly signingKey?: Uint8Array | string | undefined;
}

/**
 * Options of {@link createAggregator}.
 *
 * @example
 * const aggregator = createAggregator({
 *   chain: createDevnetChain(),
 *   storage: createStorage(),
 *   protocolParameters: { k: 5n, m: 50n, phiF: 0.65 },
 *   genesis: { verificationKey: genesisVerificationKeyFromSecret(secret), signingKey: secret },
 * });
 */
export interface AggregatorOptions {
  /** The chain the aggregator follows. */
  readonly chain: ChainObserver;
  /** Storage (default: in memory). Use the fs driver for a single process, redis for replicas. */
  readonly storage?: Storage | undefined;
  /** Key prefix inside the storage (default `mithril-aggregator`). */
  readonly namespace?: string | undefined;
  /** Protocol parameters, fixed or per epoch (the value configured for an epoch is recorded under it). */
  readonly protocolParameters: ProtocolParameters | ((epoch: bigint) => ProtocolParameters);
  /** Cardano network name (default: the chain's). */
  readonly network?: string | undefined;
  /**
   * Signed entity types to certify, in any order (default: MSD, CSD, and CardanoDatabase when `cardanoDatabase` has a
   * `source`; MSD is always included).
   */
  readonly signedEntityTypes?: readonly AggregatorSignedEntityTypeName[] | undefined;
  readonly genesis: GenesisOptions;
  /** Base path of the routes (default `/aggregator`). */
  readonly basePath?: string | undefined;
  /** Clock (default: wall clock with nanosecond formatting). */
  readonly clock?: Clock | undefined;
  /** BLS backend by name (default `noble`, pure JavaScript); `mcl` loads the optional mcl-wasm package on first use. */
  readonly blsBackend?: 'noble' | 'mcl' | undefined;
  /** A BLS backend object for in-process verification and aggregation (overrides `blsBackend` on this thread). */
  readonly backend?: BlsBackend | undefined;
  /**
   * How single signatures are verified in process (defaults: mode `inline`, `batchWindowMs` 2, `maxBatch` 64). See
   * {@link VerificationOptions}. Ignored when `verifier` is given.
   */
  readonly verification?: VerificationOptions | undefined;
  /**
   * The signature verifier (overrides `verification`, `blsBackend`, `backend` and `lotteryHasher`), e.g.
   * `createWorkerVerifier()` of `@mithril/aggregator-kit/node` for worker threads.
   */
  readonly verifier?: SignatureVerifier | undefined;
  /** Lottery hasher (default: the SDK's pure Blake2b; on Node, `nodeLotteryHasher` of `@mithril/sdk/node` is faster). */
  readonly lotteryHasher?: LotteryHasher | undefined;
  /** Maximal request body in bytes (default 256 KiB, as the reference). */
  readonly bodyLimit?: number | undefined;
  /** Open-message timeouts in seconds per type (defaults: MSD 3600, CSD 1800, CardanoDatabase 600; nodes.md §2.4). */
  readonly openMessageTimeouts?: Partial<Record<AggregatorSignedEntityTypeName, number>> | undefined;
  /**
   * Whether registrations must carry an operational certificate and a KES signature (nodes.md §2.3; default: when the
   * network is not `devnet`). A registration that carries an opcert is always checked.
   */
  readonly requireSignerCertification?: boolean | undefined;
  /**
   * Extra registration checks (operational certificate, KES signature; nodes.md §2.3.1). Throw an `AggregatorError`
   * with code `AGGREGATOR_SIGNER_REGISTRATION_FAILED` to refuse. May return the party id derived from the opcert.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: `void` lets a check that only throws be a plain `async () => {}`; `string | undefined` would reject it.
  readonly verifySignerRegistration?: ((request: SignerRegistrationRequest, context: { chain: ChainObserver }) => Promise<string | void>) | undefined;
  /** Era check run at each epoch change; a throw is a critical error that stops the runner (nodes.md §2.11). */
  readonly checkEra?: ((timePoint: TimePoint) => Promise<void>) | undefined;
  /** Verify each new certificate and its link with the SDK verifier before storing it (default true). */
  readonly verifyNewCertificates?: boolean | undefined;
  /** Verify the whole certificate chain at each epoch change (default true; nodes.md §2.5). */
  readonly verifyChainAtEpochChange?: boolean | undefined;
  /** Values reported by `/status`. */
  readonly cardanoEra?: string | undefined;
  /**
   * Builds and uploads the Cardano database artifacts (v2 and legacy snapshots) after their certificates; without
   * it those certificates get no artifact. Node: `createCardanoDbArtifacts` from `@mithril/aggregator-kit/node`.
   */
  readonly cardanoDatabase?: CardanoDbArtifacts | undefined;
  /**
   * Certifies CardanoTransactions from this source (e.g. `createImmutableTransactionsSource` of the Node entry), with
   * the reference's signing configuration (default `{ securityParameter: 3000n, step: 120n }`) and its limit of hashes
   * per proof request (default 100). Default: none, CardanoTransactions is not certified.
   */
  readonly cardanoTransactions?:
    | {
        readonly source: CardanoTransactionsSource;
        readonly signingConfig?: CardanoTransactionsSigningConfig | undefined;
        readonly maxHashesPerRequest?: number | undefined;
      }
    | undefined;
  readonly cardanoNodeVersion?: string | undefined;
  readonly aggregatorNodeVersion?: string | undefined;
  /** Documentation URL of `/` (default `https://mithril.network/doc`). */
  readonly documentationUrl?: string | undefined;
  /** Logger for unexpected errors (default: silent). */
  readonly onUnexpectedError?: ((error: unknown) => void) | undefined;
}

/**
 * Runner states (nodes.md §2.5).
 *
 * @example
 * const state: RunnerStateName = await aggregator.runner.tick();
 * if (state === 'blocked') console.warn(aggregator.runner.blockedReason);
 */
export type RunnerStateName = 'idle' | 'blocked' | 'ready' | 'signing';

/**
 * Events emitted by the aggregator.
 *
 * @example
 * aggregator.events.on('certificate', (c) => console.log(`certificate ${c.type}(${c.beacon}) at epoch ${c.epoch}: ${c.hash}`));
 */
export type AggregatorEvents = {
  state: { from: RunnerStateName; to: RunnerStateName; epoch: bigint };
  epoch: { epoch: bigint };
  'open-message': { type: string; beacon: bigint; signedMessage: string };
  signature: { type: string; beacon: bigint; partyId: string; status: 201 | 202 };
  certificate: { hash: string; epoch: bigint; type: string; beacon: bigint };
  artifact: { kind: ArtifactKind; hash: string; certificateHash: string };
  genesis: { hash: string; epoch: bigint };
  error: { error: unknown; critical: boolean };
  stopped: { reason: 'stop' | 'critical' };
  /** Start-up recovery ran (counts of what it repaired after a kill). */
  recovered: {
    reindexed: number;
    epochEntries: number;
    genesisRestored: boolean;
    certifiedAgain: number;
    artifactsRebuilt: number;
  };
  /** One state-machine cycle ran (`ok: false` when it failed and the state was kept). */
  cycle: { ok: boolean };
  /** A stored document was empty or torn and read as absent. */
  'corrupt-document': { key: string; error: unknown };
};
