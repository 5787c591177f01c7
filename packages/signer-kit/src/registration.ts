/**
 * The registration step (nodes.md §3.1-§3.3): follow the aggregator's epoch, record the stake distribution, register a
 * fresh STM key for the recording epoch once, and tell whether the key registered one epoch earlier can sign now.
 */
import type { SignerRegistrationOutcome } from './aggregator-client.js';
import { certifyRegistration } from './certification.js';
import type { EpochContext, SignerRuntime } from './runtime.js';
import {
  bytesToHex,
  decodeVerificationKeyPopJsonHex,
  encodeVerificationKeyPopJsonHex,
  equalBytes,
  generateStmKeyPair,
  signerRecordingEpoch,
  signingKeyToBytes,
  type EpochSettingsSigner,
  type StakeDistribution,
} from './sdk.js';
import type { StoredInitializer } from './store.js';

/**
 * What an unregistered signer reached on this tick.
 *
 * @example
 * const result: RegistrationResult | undefined = await registerForEpoch(runtime, 12n);
 */
export interface RegistrationResult {
  readonly context: EpochContext;
  /** Whether the key registered for this epoch is among its current signers. */
  readonly readyToSign: boolean;
}

/** Stores the chain's stake distribution under `epoch` unless already stored (nodes.md §3.1 step 1). */
async function recordStakes(rt: SignerRuntime, epoch: bigint): Promise<StakeDistribution> {
  const stored = await rt.store.getStakes(epoch);
  if (stored !== undefined) return stored;
  const stakes = await rt.chainObserver.getCurrentStakeDistribution();
  await rt.store.saveStakes(epoch, stakes);
  return stakes;
}

/** Registers a key for `recordingEpoch` unless the aggregator already acknowledged one (nodes.md §3.3). */
async function register(rt: SignerRuntime, recordingEpoch: bigint, stakes: StakeDistribution): Promise<boolean> {
  const { partyId, store, events } = rt;
  let initializer = await store.getInitializer(recordingEpoch);
  if (initializer?.registered === true) return true;
  const stake = stakes.get(partyId);
  if (stake === undefined || stake === 0n) {
    events.emit('registration-deferred', { epoch: recordingEpoch, reason: 'not-in-stake-distribution' });
    return true;
  }
  if (initializer === undefined) {
    // Saved before posting so that a crash between the two re-sends the same key instead of a new one.
    const keys = generateStmKeyPair(rt.randomBytes(32), rt.backend);
    initializer = {
      epoch: recordingEpoch,
      stake,
      signingKey: bytesToHex(signingKeyToBytes(keys.signingKey)),
      verificationKey: encodeVerificationKeyPopJsonHex(keys.verificationKey),
      registered: false,
      createdAt: rt.clock(),
    };
    await store.saveInitializer(initializer);
  }
  let outcome: SignerRegistrationOutcome;
  try {
    // Signed at each attempt: the KES period may move between retries.
    const certified =
      rt.certification === undefined ? {} : await certifyRegistration(rt.certification, rt.chainObserver, initializer.verificationKey);
    outcome = await rt.client.registerSigner({ epoch: recordingEpoch, partyId, verificationKey: initializer.verificationKey, ...certified });
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
}

function isCurrentSigner(partyId: string, signers: readonly EpochSettingsSigner[], initializer: StoredInitializer | undefined): boolean {
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
}

/**
 * One registration attempt for `epoch`: reads the aggregator's epoch settings and the protocol configurations of
 * epochs − 1, epoch and + 1, records the stakes, registers, and prunes what is older than the retention.
 *
 * @param rt - the signer runtime
 * @param epoch - the signer's current epoch
 * @returns the epoch context and whether the signer can sign, or `undefined` when registration is deferred (the
 *   reason is emitted) and retried on the next tick
 * @throws {SignerError} `SIGNER_AGGREGATOR_UNAVAILABLE` / `SIGNER_AGGREGATOR_REJECTED` when the epoch settings cannot be read
 * @example
 * const result = await registerForEpoch(runtime, 12n);
 * if (result?.readyToSign) console.log('signing epoch 12');
 */
export async function registerForEpoch(rt: SignerRuntime, epoch: bigint): Promise<RegistrationResult | undefined> {
  const { client, events, store } = rt;
  const settings = await client.getEpochSettings();
  if (settings.epoch !== epoch) {
    // The aggregator has not switched to our epoch yet (or our chain view lags behind it): wait.
    events.emit('registration-deferred', { epoch: signerRecordingEpoch(epoch), reason: 'aggregator-behind' });
    return undefined;
  }
  const [aggregation, next, registration] = await Promise.all([
    epoch > 0n ? client.getProtocolConfiguration(epoch - 1n) : Promise.resolve(undefined),
    client.getProtocolConfiguration(epoch),
    client.getProtocolConfiguration(epoch + 1n),
  ]);
  if (aggregation === undefined || next === undefined || registration === undefined) {
    events.emit('registration-deferred', { epoch: signerRecordingEpoch(epoch), reason: 'configuration-missing' });
    return undefined;
  }
  const recordingEpoch = signerRecordingEpoch(epoch);
  const stakes = await recordStakes(rt, recordingEpoch);
  if (!(await register(rt, recordingEpoch, stakes))) return undefined;
  if (epoch > rt.retentionEpochs) await store.pruneBefore(epoch - rt.retentionEpochs);
  const signingInitializer = epoch > 0n ? await store.getInitializer(epoch - 1n) : undefined;
  return {
    context: { epoch, settings, aggregation, next },
    readyToSign: isCurrentSigner(rt.partyId, settings.currentSigners, signingInitializer),
  };
}
