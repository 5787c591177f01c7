/**
 * The signing step (nodes.md §3.4): for each open beacon of the epoch not yet handled, compute the message from the
 * signer's own data, play the lotteries, and publish the single signature with retries.
 */
import type { SignatureRegistrationStatus } from './aggregator-client.js';
import { signedEntityTypeKey } from './messages.js';
import type { EpochContext, SignerRuntime } from './runtime.js';
import {
  closeRegistration,
  computeSignableMessage,
  createSingleSignature,
  decodeVerificationKeyPopJsonHex,
  encodeSingleSignatureJsonHex,
  findSignerIndex,
  hexToBytes,
  isMithrilError,
  MithrilError,
  SIGNABLE_ENTITY_TYPES,
  signedEntityTypeAt,
  signingKeyFromBytes,
  type EpochSettingsSigner,
  type SignableEntityType,
} from './sdk.js';

/**
 * Everything needed to sign during an epoch, computed once.
 *
 * @example
 * const prepared: PreparedEpoch = await prepareEpoch(runtime, context);
 */
export interface PreparedEpoch {
  readonly signingKey: bigint;
  readonly closed: ReturnType<typeof closeRegistration>;
  readonly signerIndex: number;
  readonly nextAvk: ReturnType<typeof closeRegistration>['avk'];
}

type SingleSignature = ReturnType<typeof createSingleSignature>;

async function registrationOf(rt: SignerRuntime, signers: readonly EpochSettingsSigner[], stakeEpoch: bigint, what: string) {
  const stakes = await rt.store.getStakes(stakeEpoch);
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
}

/**
 * Closes the current and next registrations of an epoch and finds the signer's own key and index.
 *
 * @param rt - the signer runtime
 * @param ctx - the epoch context
 * @returns what signing the epoch needs
 * @throws {MithrilError} `SIGNING_INPUT_MISSING` when a key or stake is not stored; `STM_UNREGISTERED_SIGNER` when the
 *   own key is not among the current signers
 * @example
 * const prepared = await prepareEpoch(runtime, context);
 */
export async function prepareEpoch(rt: SignerRuntime, ctx: EpochContext): Promise<PreparedEpoch> {
  const retrieval = ctx.epoch - 1n;
  const initializer = await rt.store.getInitializer(retrieval);
  if (initializer === undefined) {
    throw new MithrilError('SIGNING_INPUT_MISSING', `no key stored for epoch ${retrieval}`, { field: 'initializer' });
  }
  // Current signers were registered under N−1 with the stakes recorded then; next signers under N (nodes.md §2.1).
  const closed = await registrationOf(rt, ctx.settings.currentSigners, retrieval, 'current_signers');
  const nextAvk = (await registrationOf(rt, ctx.settings.nextSigners, ctx.epoch, 'next_signers')).avk;
  const vk = decodeVerificationKeyPopJsonHex(initializer.verificationKey, 'verification_key', { mode: 'lenient' }).vk;
  const signerIndex = findSignerIndex(closed, vk);
  if (signerIndex === undefined) {
    throw new MithrilError('STM_UNREGISTERED_SIGNER', 'own key is not among the current signers', { field: 'current_signers' });
  }
  const signingKey = signingKeyFromBytes(hexToBytes(initializer.signingKey, 'initializer.signingKey'));
  return { signingKey, closed, signerIndex, nextAvk };
}

async function publish(
  rt: SignerRuntime,
  signedEntityType: SignableEntityType,
  signedMessage: string,
  signature: SingleSignature,
): Promise<SignatureRegistrationStatus | 'rejected' | undefined> {
  const body = {
    signedEntityType,
    partyId: rt.partyId,
    signature: encodeSingleSignatureJsonHex(signature),
    indexes: signature.indexes,
    signedMessage,
  };
  for (let attempt = 1; ; attempt++) {
    try {
      return await rt.client.registerSignature(body);
    } catch (error) {
      if (isMithrilError(error, 'SIGNER_AGGREGATOR_REJECTED')) {
        rt.events.emit('signature-rejected', { signedEntityType, error });
        return 'rejected';
      }
      if (attempt >= rt.publishAttempts) {
        rt.events.emit('error', { phase: 'publish', error });
        return undefined;
      }
      await rt.sleep(rt.publishDelayMs);
    }
  }
}

/** Computes the message of a beacon and signs it; `undefined` when every lottery is lost (recorded and emitted). */
async function signBeacon(
  rt: SignerRuntime,
  ctx: EpochContext,
  prepared: PreparedEpoch,
  signedEntityType: SignableEntityType,
  beaconKey: string,
): Promise<{ signedMessage: string; signature: SingleSignature } | undefined> {
  const epoch = ctx.epoch;
  // CSD(E) signs the stake recorded under E+2, which this signer stored during E+1 (nodes.md §2.1, §3.4).
  const cardanoStakeDistribution =
    signedEntityType.type === 'CardanoStakeDistribution' ? await rt.store.getStakes(signedEntityType.epoch + 2n) : undefined;
  const { signedMessage } = computeSignableMessage(signedEntityType, {
    nextAggregateVerificationKey: prepared.nextAvk,
    nextProtocolParameters: ctx.next.protocolParameters,
    currentEpoch: epoch,
    cardanoStakeDistribution,
  });
  try {
    const signature = createSingleSignature({
      parameters: ctx.aggregation.protocolParameters,
      signingKey: prepared.signingKey,
      closedRegistration: prepared.closed,
      signerIndex: prepared.signerIndex,
      message: new TextEncoder().encode(signedMessage),
      lotteryHasher: await rt.lotteryHasher(),
      ...(rt.backend === undefined ? {} : { backend: rt.backend }),
    });
    return { signedMessage, signature };
  } catch (error) {
    if (!isMithrilError(error, 'STM_LOTTERY_LOST')) throw error;
    await rt.store.saveSignedBeacon({ epoch, signedEntityType: beaconKey, outcome: 'lottery-lost', signedAt: rt.clock() });
    rt.events.emit('lottery-lost', { signedEntityType, signedMessage });
    return undefined;
  }
}

/**
 * Signs and publishes every beacon of the epoch that is enabled here and at the aggregator and not handled yet; each
 * outcome (published, rejected, lottery lost) is stored so that a beacon is never signed twice.
 *
 * @param rt - the signer runtime
 * @param ctx - the epoch context
 * @param prepared - from {@link prepareEpoch}
 * @returns once every beacon was tried (failures are emitted and retried on a later tick)
 * @example
 * await signEpoch(runtime, context, await prepareEpoch(runtime, context));
 */
export async function signEpoch(rt: SignerRuntime, ctx: EpochContext, prepared: PreparedEpoch): Promise<void> {
  const epoch = ctx.epoch;
  for (const name of SIGNABLE_ENTITY_TYPES) {
    if (!rt.enabledTypes.has(name) || !ctx.aggregation.availableSignedEntityTypes.includes(name)) continue;
    if (name === 'CardanoStakeDistribution' && epoch === 0n) continue;
    const signedEntityType = signedEntityTypeAt(name, epoch);
    const beaconKey = signedEntityTypeKey(signedEntityType);
    if ((await rt.store.getSignedBeacon(epoch, beaconKey)) !== undefined) continue;
    let signed: Awaited<ReturnType<typeof signBeacon>>;
    try {
      signed = await signBeacon(rt, ctx, prepared, signedEntityType, beaconKey);
    } catch (error) {
      rt.events.emit('error', { phase: 'sign', error });
      continue;
    }
    if (signed === undefined) continue;
    const status = await publish(rt, signedEntityType, signed.signedMessage, signed.signature);
    if (status === undefined) continue;
    await rt.store.saveSignedBeacon({
      epoch,
      signedEntityType: beaconKey,
      outcome: 'published',
      status: status === 'rejected' ? 400 : status,
      signedAt: rt.clock(),
    });
    if (status !== 'rejected') {
      rt.events.emit('signature-published', { signedEntityType, signedMessage: signed.signedMessage, indexes: signed.signature.indexes, status });
    }
  }
}
