/**
 * The signer runtime (nodes.md §3): a tick-driven state machine that registers a fresh STM key every epoch for the
 * recording epoch, and signs each open beacon with the message it computes itself from its own chain view.
 */
import mitt, { type Emitter } from 'mitt';
import { createStorage, type Storage } from 'unstorage';
import memoryDriver from 'unstorage/drivers/memory';
import {
  createHttpAggregatorClient,
  type FetchFunction,
  type SignatureRegistrationStatus,
  type SignerAggregatorClient,
} from './aggregator-client.js';
import { signedEntityTypeKey } from './messages.js';
import { SignerError, type SignerErrorCode } from './errors.js';
import {
  type EpochSettings,
  type EpochSettingsSigner,
  type ProtocolConfigurationMessage,
  bytesToHex,
  equalBytes,
  hexToBytes,
  closeRegistration,
  computeSignableMessage,
  createSingleSignature,
  decodeVerificationKeyPopJsonHex,
  encodeSingleSignatureJsonHex,
  encodeVerificationKeyPopJsonHex,
  findSignerIndex,
  generateStmKeyPair,
  isMithrilError,
  MithrilError,
  SIGNABLE_ENTITY_TYPES,
  signedEntityTypeAt,
  signerRecordingEpoch,
  signingKeyFromBytes,
  signingKeyToBytes,
  type BlsBackend,
  type LotteryHasher,
  nobleLotteryHasher,
  type ChainObserver,
  type SignableEntityType,
  type SignableEntityTypeName,
  type StakeDistribution,
} from './sdk.js';
import { createSignerStore, type SignerStore, type StoredInitializer } from './store.js';

/** States of the reference signer (nodes.md §3.1). */
export type SignerState =
  | { readonly name: 'init' }
  | { readonly name: 'unregistered'; readonly epoch: bigint }
  | { readonly name: 'registered-not-able-to-sign'; readonly epoch: bigint }
  | { readonly name: 'ready-to-sign'; readonly epoch: bigint };

/** Why a registration did not happen on this tick. */
export type RegistrationDeferredReason = 'round-not-open' | 'aggregator-behind' | 'configuration-missing' | 'not-in-stake-distribution';

/** Typed events of a signer (mitt). */
export type SignerEvents = {
  /** The state machine moved. */
  'state-changed': { readonly from: SignerState; readonly to: SignerState };
  /** The aggregator accepted a key for `epoch` (the recording epoch). */
  registered: { readonly epoch: bigint; readonly partyId: string; readonly verificationKey: string; readonly stake: bigint };
  /** No registration this tick; it is retried on the next one. */
  'registration-deferred': { readonly epoch: bigint; readonly reason: RegistrationDeferredReason };
  /** A single signature was accepted: 201 stored, 202 buffered, 410 already certified or expired. */
  'signature-published': {
    readonly signedEntityType: SignableEntityType;
    readonly signedMessage: string;
    readonly indexes: readonly number[];
    readonly status: SignatureRegistrationStatus;
  };
  /** No lottery won for this beacon: nothing to publish (a normal outcome for small stakes). */
  'lottery-lost': { readonly signedEntityType: SignableEntityType; readonly signedMessage: string };
  /** The aggregator refused a signature with a 4xx; the beacon is not retried. */
  'signature-rejected': { readonly signedEntityType: SignableEntityType; readonly error: MithrilError<SignerErrorCode> };
  /** Something failed; the signer retries on a later tick. */
  error: { readonly phase: 'tick' | 'register' | 'sign' | 'publish'; readonly error: unknown };
};

/** Options of {@link createSigner}. */
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
  /** Types this signer signs, among those the aggregator enables (default: every type the SDK can compute). */
  readonly signedEntityTypes?: readonly SignableEntityTypeName[];
  /** Epochs of keys, stakes and signed beacons kept (default 5). */
  readonly retentionEpochs?: number;
  /** BLS backend (default: the SDK's pure JavaScript one). */
  readonly backend?: BlsBackend;
  /**
   * Lottery hasher used to play the m lotteries of each signature (default: node:crypto's Blake2b on Node, loaded
   * lazily from `@mithril/sdk/node`, about 5× faster; the pure one elsewhere). Same bytes either way (stm.md §3.1).
   */
  readonly lotteryHasher?: LotteryHasher;
}

/** A running signer. */
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

/** What the signer learned from the aggregator for one epoch. */
interface EpochContext {
  readonly epoch: bigint;
  readonly settings: EpochSettings;
  /** Configuration of epoch − 1: current parameters and enabled types. */
  readonly aggregation: ProtocolConfigurationMessage;
  /** Configuration of epoch: next parameters. */
  readonly next: ProtocolConfigurationMessage;
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

function sameState(a: SignerState, b: SignerState): boolean {
  return a.name === b.name && ('epoch' in a ? a.epoch : undefined) === ('epoch' in b ? b.epoch : undefined);
}

function invalid(field: string, message: string): SignerError {
  return new SignerError('SIGNER_INVALID_CONFIGURATION', message, { field });
}

/**
 * Creates a signer (nodes.md §3): on each tick it reads its chain, fetches the aggregator's epoch settings and protocol
 * configurations, registers a fresh STM key for the recording epoch (once per epoch; 550 ⇒ retry next tick), and once
 * its key is among the current signers computes and signs every open beacon, publishing with retries.
 *
 * @param options - see {@link SignerOptions}
 * @returns the signer, idle until `tick()` or `start()`
 * @throws {MithrilError} `SIGNER_INVALID_CONFIGURATION` for missing or malformed options
 * @example
 * const signer = createSigner({ partyId, chainObserver: chain, fetch: aggregator.fetch });
 * signer.events.on('signature-published', (e) => console.log(e.signedMessage));
 * await signer.tick();
 */
export function createSigner(options: SignerOptions): Signer {
  const { partyId, chainObserver } = options;
  if (typeof partyId !== 'string' || partyId.length === 0) throw invalid('partyId', 'must be a non-empty string');
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
  const storage = options.storage ?? createStorage({ driver: memoryDriver() });
  const store: SignerStore = createSignerStore(storage, options.storagePrefix ?? `signer:${partyId}`);
  const randomBytes = options.randomBytes ?? defaultRandomBytes;
  const clock = options.clock ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const runIntervalMs = options.runIntervalMs ?? 60_000;
  const attempts = options.publishRetry?.attempts ?? 3;
  const retryDelayMs = options.publishRetry?.delayMs ?? 1000;
  const retentionEpochs = BigInt(options.retentionEpochs ?? 5);
  const enabledTypes = new Set<string>(options.signedEntityTypes ?? SIGNABLE_ENTITY_TYPES);
  if (!Number.isSafeInteger(attempts) || attempts < 1) throw invalid('publishRetry.attempts', 'must be a positive integer');
  if (!Number.isSafeInteger(runIntervalMs) || runIntervalMs < 1) throw invalid('runIntervalMs', 'must be a positive integer');

  const events = mitt<SignerEvents>();
  let state: SignerState = { name: 'init' };
  let context: EpochContext | undefined;
  let signingCache: { epoch: bigint; prepared: Promise<PreparedEpoch> } | undefined;

  const moveTo = (to: SignerState): void => {
    if (sameState(state, to)) return;
    const from = state;
    state = to;
    events.emit('state-changed', { from, to });
  };

  /** Stores the chain's stake distribution under `epoch` unless already stored (nodes.md §3.1 step 1). */
  const recordStakes = async (epoch: bigint): Promise<StakeDistribution> => {
    const stored = await store.getStakes(epoch);
    if (stored !== undefined) return stored;
    const stakes = await chainObserver.getCurrentStakeDistribution();
    await store.saveStakes(epoch, stakes);
    return stakes;
  };

  /** Registers a key for `recordingEpoch` unless the aggregator already acknowledged one (nodes.md §3.3). */
  const register = async (recordingEpoch: bigint, stakes: StakeDistribution): Promise<boolean> => {
    let initializer = await store.getInitializer(recordingEpoch);
    if (initializer?.registered === true) return true;
    const stake = stakes.get(partyId);
    if (stake === undefined || stake === 0n) {
      events.emit('registration-deferred', { epoch: recordingEpoch, reason: 'not-in-stake-distribution' });
      return true;
    }
    if (initializer === undefined) {
      // Saved before posting so that a crash between the two re-sends the same key instead of a new one.
      const keys = generateStmKeyPair(randomBytes(32), options.backend);
      initializer = {
        epoch: recordingEpoch,
        stake,
        signingKey: bytesToHex(signingKeyToBytes(keys.signingKey)),
        verificationKey: encodeVerificationKeyPopJsonHex(keys.verificationKey),
        registered: false,
        createdAt: clock(),
      };
      await store.saveInitializer(initializer);
    }
    let outcome;
    try {
      outcome = await client.registerSigner({ epoch: recordingEpoch, partyId, verificationKey: initializer.verificationKey });
    } catch (error) {
      events.emit('error', { phase: 'register', error });
      return false;
    }
    if (outcome === 'round-not-open') {
      events.emit('registration-deferred', { epoch: recordingEpoch, reason: 'round-not-open' });
      return false;
    }
    await store.saveInitializer({ ...initializer, registered: true });
    events.emit('registered', { epoch: recordingEpoch, partyId, verificationKey: initializer.verificationKey, stake });
    return true;
  };

  const isCurrentSigner = (signers: readonly EpochSettingsSigner[], initializer: StoredInitializer | undefined): boolean => {
    if (initializer === undefined) return false;
    const mine = decodeVerificationKeyPopJsonHex(initializer.verificationKey, 'verification_key', { mode: 'lenient' }).vk;
    return signers.some((s) => {
      if (s.partyId !== partyId) return false;
      try {
        const theirs = decodeVerificationKeyPopJsonHex(s.verificationKey, 'verification_key', { mode: 'lenient' }).vk;
        return equalBytes(theirs, mine);
      } catch {
        return false;
      }
    });
  };

  const onUnregistered = async (epoch: bigint): Promise<void> => {
    const settings = await client.getEpochSettings();
    if (settings.epoch !== epoch) {
      // The aggregator has not switched to our epoch yet (or our chain view lags behind it): wait.
      events.emit('registration-deferred', { epoch: signerRecordingEpoch(epoch), reason: 'aggregator-behind' });
      return;
    }
    const [aggregation, next, registration] = await Promise.all([
      epoch > 0n ? client.getProtocolConfiguration(epoch - 1n) : Promise.resolve(undefined),
      client.getProtocolConfiguration(epoch),
      client.getProtocolConfiguration(epoch + 1n),
    ]);
    if (aggregation === undefined || next === undefined || registration === undefined) {
      events.emit('registration-deferred', { epoch: signerRecordingEpoch(epoch), reason: 'configuration-missing' });
      return;
    }
    const recordingEpoch = signerRecordingEpoch(epoch);
    const stakes = await recordStakes(recordingEpoch);
    if (!(await register(recordingEpoch, stakes))) return;
    if (epoch > retentionEpochs) await store.pruneBefore(epoch - retentionEpochs);
    context = { epoch, settings, aggregation, next };
    const signingInitializer = epoch > 0n ? await store.getInitializer(epoch - 1n) : undefined;
    moveTo(
      isCurrentSigner(settings.currentSigners, signingInitializer)
        ? { name: 'ready-to-sign', epoch }
        : { name: 'registered-not-able-to-sign', epoch },
    );
  };

  /** Everything needed to sign during an epoch, computed once. */
  interface PreparedEpoch {
    readonly signingKey: bigint;
    readonly closed: ReturnType<typeof closeRegistration>;
    readonly signerIndex: number;
    readonly nextAvk: ReturnType<typeof closeRegistration>['avk'];
  }

  const registrationOf = async (signers: readonly EpochSettingsSigner[], stakeEpoch: bigint, what: string) => {
    const stakes = await store.getStakes(stakeEpoch);
    if (stakes === undefined) {
      throw new MithrilError('SIGNING_INPUT_MISSING', `no stake distribution recorded for epoch ${stakeEpoch}`, { field: what });
    }
    return closeRegistration(
      signers.map((s, i) => {
        const stake = stakes.get(s.partyId);
        if (stake === undefined) {
          throw new MithrilError('SIGNING_INPUT_MISSING', `no stake recorded for ${s.partyId} at epoch ${stakeEpoch}`, {
            field: `${what}[${i}]`,
          });
        }
        return { vk: decodeVerificationKeyPopJsonHex(s.verificationKey, `${what}[${i}].verification_key`, { mode: 'lenient' }).vk, stake };
      }),
    );
  };

  const prepareEpoch = async (ctx: EpochContext): Promise<PreparedEpoch> => {
    const retrieval = ctx.epoch - 1n;
    const initializer = await store.getInitializer(retrieval);
    if (initializer === undefined) {
      throw new MithrilError('SIGNING_INPUT_MISSING', `no key stored for epoch ${retrieval}`, { field: 'initializer' });
    }
    // Current signers were registered under N−1 with the stakes recorded then; next signers under N (nodes.md §2.1).
    const closed = await registrationOf(ctx.settings.currentSigners, retrieval, 'current_signers');
    const nextAvk = (await registrationOf(ctx.settings.nextSigners, ctx.epoch, 'next_signers')).avk;
    const vk = decodeVerificationKeyPopJsonHex(initializer.verificationKey, 'verification_key', { mode: 'lenient' }).vk;
    const signerIndex = findSignerIndex(closed, vk);
    if (signerIndex === undefined) {
      throw new MithrilError('STM_UNREGISTERED_SIGNER', 'own key is not among the current signers', { field: 'current_signers' });
    }
    const signingKey = signingKeyFromBytes(hexToBytes(initializer.signingKey, 'initializer.signingKey'));
    return { signingKey, closed, signerIndex, nextAvk };
  };

  const publish = async (
    signedEntityType: SignableEntityType,
    signedMessage: string,
    signature: ReturnType<typeof createSingleSignature>,
  ): Promise<SignatureRegistrationStatus | 'rejected' | undefined> => {
    const body = {
      signedEntityType,
      partyId,
      signature: encodeSingleSignatureJsonHex(signature),
      indexes: signature.indexes,
      signedMessage,
    };
    for (let attempt = 1; ; attempt++) {
      try {
        return await client.registerSignature(body);
      } catch (error) {
        if (isMithrilError(error, 'SIGNER_AGGREGATOR_REJECTED')) {
          events.emit('signature-rejected', { signedEntityType, error });
          return 'rejected';
        }
        if (attempt >= attempts) {
          events.emit('error', { phase: 'publish', error });
          return undefined;
        }
        await sleep(retryDelayMs);
      }
    }
  };

  const onReadyToSign = async (epoch: bigint): Promise<void> => {
    const ctx = context;
    if (ctx === undefined || ctx.epoch !== epoch) {
      moveTo({ name: 'unregistered', epoch });
      return;
    }
    if (signingCache?.epoch !== epoch) signingCache = { epoch, prepared: prepareEpoch(ctx) };
    let prepared: PreparedEpoch;
    try {
      prepared = await signingCache.prepared;
    } catch (error) {
      signingCache = undefined;
      events.emit('error', { phase: 'sign', error });
      return;
    }
    for (const name of SIGNABLE_ENTITY_TYPES) {
      if (!enabledTypes.has(name) || !ctx.aggregation.availableSignedEntityTypes.includes(name)) continue;
      if (name === 'CardanoStakeDistribution' && epoch === 0n) continue;
      const signedEntityType = signedEntityTypeAt(name, epoch);
      const beaconKey = signedEntityTypeKey(signedEntityType);
      if ((await store.getSignedBeacon(epoch, beaconKey)) !== undefined) continue;
      let signedMessage: string;
      let signature: ReturnType<typeof createSingleSignature>;
      try {
        // CSD(E) signs the stake recorded under E+2, which this signer stored during E+1 (nodes.md §2.1, §3.4).
        const cardanoStakeDistribution =
          signedEntityType.type === 'CardanoStakeDistribution' ? await store.getStakes(signedEntityType.epoch + 2n) : undefined;
        ({ signedMessage } = computeSignableMessage(signedEntityType, {
          nextAggregateVerificationKey: prepared.nextAvk,
          nextProtocolParameters: ctx.next.protocolParameters,
          currentEpoch: epoch,
          cardanoStakeDistribution,
        }));
        try {
          signature = createSingleSignature({
            parameters: ctx.aggregation.protocolParameters,
            signingKey: prepared.signingKey,
            closedRegistration: prepared.closed,
            signerIndex: prepared.signerIndex,
            message: new TextEncoder().encode(signedMessage),
            lotteryHasher: options.lotteryHasher ?? (await defaultLotteryHasher()),
            ...(options.backend === undefined ? {} : { backend: options.backend }),
          });
        } catch (error) {
          if (!isMithrilError(error, 'STM_LOTTERY_LOST')) throw error;
          await store.saveSignedBeacon({ epoch, signedEntityType: beaconKey, outcome: 'lottery-lost', signedAt: clock() });
          events.emit('lottery-lost', { signedEntityType, signedMessage });
          continue;
        }
      } catch (error) {
        events.emit('error', { phase: 'sign', error });
        continue;
      }
      const status = await publish(signedEntityType, signedMessage, signature);
      if (status === undefined) continue;
      await store.saveSignedBeacon({
        epoch,
        signedEntityType: beaconKey,
        outcome: 'published',
        status: status === 'rejected' ? 400 : status,
        signedAt: clock(),
      });
      if (status !== 'rejected') {
        events.emit('signature-published', { signedEntityType, signedMessage, indexes: signature.indexes, status });
      }
    }
  };

  /** One state-machine step; returns whether the state changed (then another step may run in the same tick). */
  const step = async (): Promise<boolean> => {
    const before = state;
    const epoch = await chainObserver.getCurrentEpoch();
    switch (state.name) {
      case 'init':
        moveTo({ name: 'unregistered', epoch });
        break;
      case 'unregistered':
        if (epoch > state.epoch) moveTo({ name: 'unregistered', epoch });
        else await onUnregistered(state.epoch);
        break;
      case 'registered-not-able-to-sign':
        if (epoch > state.epoch) moveTo({ name: 'unregistered', epoch });
        break;
      case 'ready-to-sign':
        if (epoch > state.epoch) moveTo({ name: 'unregistered', epoch });
        else await onReadyToSign(state.epoch);
        break;
    }
    return !sameState(before, state);
  };

  let queue: Promise<unknown> = Promise.resolve();
  const tick = (): Promise<SignerState> => {
    const run = async (): Promise<SignerState> => {
      try {
        // A tick walks as far as it can: init → unregistered → ready-to-sign → signed, in one go.
        for (let i = 0; i < 4 && (await step()); i++);
      } catch (error) {
        events.emit('error', { phase: 'tick', error });
      }
      return state;
    };
    const next = queue.then(run, run);
    queue = next;
    return next;
  };

  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  return {
    partyId,
    events,
    get state() {
      return state;
    },
    tick,
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          await tick();
          if (!running) break;
          await new Promise<void>((resolve) => {
            wake = resolve;
            timer = setTimeout(resolve, runIntervalMs);
          });
        }
      })();
    },
    async stop() {
      running = false;
      if (timer !== undefined) clearTimeout(timer);
      wake?.();
      await loop;
      await queue.catch(() => undefined);
    },
  };
}
