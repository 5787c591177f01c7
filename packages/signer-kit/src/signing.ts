/**
 * The signing step (nodes.md §3.4): for each open beacon of the epoch not yet handled, compute the message from the
 * signer's own data, play the lotteries, and publish the single signature with retries.
 */
import type { SignatureRegistrationStatus } from './aggregator-client.js';
import { cardanoDbBeaconMessages, cardanoDbTypesToSign } from './cardano-db-signing.js';
import { cardanoTransactionsBeaconMessage } from './cardano-transactions-signing.js';
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
import type { SignerSignedEntityType } from './signer-types.js';

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
  signedEntityType: SignerSignedEntityType,
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

/** The message of an MSD / CSD beacon, from the signer's own stores (nodes.md §3.4). */
async function messageOf(rt: SignerRuntime, ctx: EpochContext, prepared: PreparedEpoch, signedEntityType: SignableEntityType): Promise<string> {
  // CSD(E) signs the stake recorded under E+2, which this signer stored during E+1 (nodes.md §2.1, §3.4).
  const cardanoStakeDistribution =
    signedEntityType.type === 'CardanoStakeDistribution' ? await rt.store.getStakes(signedEntityType.epoch + 2n) : undefined;
  return computeSignableMessage(signedEntityType, {
    nextAggregateVerificationKey: prepared.nextAvk,
    nextProtocolParameters: ctx.next.protocolParameters,
    currentEpoch: ctx.epoch,
    cardanoStakeDistribution,
  }).signedMessage;
}

/** Signs a message; `undefined` when every lottery is lost (recorded and emitted). */
async function signMessage(
  rt: SignerRuntime,
  ctx: EpochContext,
  prepared: PreparedEpoch,
  signedEntityType: SignerSignedEntityType,
  beaconKey: string,
  signedMessage: string,
): Promise<{ signedMessage: string; signature: SingleSignature } | undefined> {
  const epoch = ctx.epoch;
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

/** Signs and publishes one beacon not handled yet, and stores the outcome. */
async function handleBeacon(
  rt: SignerRuntime,
  ctx: EpochContext,
  prepared: PreparedEpoch,
  signedEntityType: SignerSignedEntityType,
  message: () => Promise<string>,
): Promise<void> {
  const epoch = ctx.epoch;
  const beaconKey = signedEntityTypeKey(signedEntityType);
  if ((await rt.store.getSignedBeacon(epoch, beaconKey)) !== undefined) return;
  let signed: Awaited<ReturnType<typeof signMessage>>;
  try {
    signed = await signMessage(rt, ctx, prepared, signedEntityType, beaconKey, await message());
  } catch (error) {
    rt.events.emit('error', { phase: 'sign', error });
    return;
  }
  if (signed === undefined) return;
  const status = await publish(rt, signedEntityType, signed.signedMessage, signed.signature);
  if (status === undefined) return;
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
    await handleBeacon(rt, ctx, prepared, signedEntityType, () => messageOf(rt, ctx, prepared, signedEntityType));
  }
  // Cardano database types and CardanoTransactions: beacon and message from the node's own immutable files
  // (cardano-db-signing.ts, cardano-transactions-signing.ts).
  const cardanoDbTypes = rt.cardanoDb === undefined ? [] : cardanoDbTypesToSign(rt.enabledTypes, ctx.aggregation.availableSignedEntityTypes);
  const seed = { nextAggregateVerificationKey: prepared.nextAvk, nextProtocolParameters: ctx.next.protocolParameters, currentEpoch: epoch };
  let messages: { signedEntityType: SignerSignedEntityType; signedMessage: string }[] = [];
  try {
    if (rt.cardanoDb !== undefined && cardanoDbTypes.length > 0) messages = await cardanoDbBeaconMessages(rt.cardanoDb, cardanoDbTypes, seed);
  } catch (error) {
    rt.events.emit('error', { phase: 'sign', error });
  }
  // CardanoTransactions needs the signing configuration the aggregator announces with the type.
  const signingConfig = ctx.aggregation.cardanoTransactionsSigningConfig;
  if (
    rt.cardanoDb !== undefined &&
    signingConfig !== undefined &&
    rt.enabledTypes.has('CardanoTransactions') &&
    ctx.aggregation.availableSignedEntityTypes.includes('CardanoTransactions')
  ) {
    try {
      const tip = (await rt.chainObserver.getCurrentTimePoint()).chainPoint.blockNumber;
      const source = { dbDirectory: rt.cardanoDb.dbDirectory, cache: rt.cardanoDb.chunkCache };
      const transactions = await cardanoTransactionsBeaconMessage(source, signingConfig, tip, seed);
      if (transactions !== undefined) messages.push(transactions);
    } catch (error) {
      rt.events.emit('error', { phase: 'sign', error });
    }
  }
  for (const { signedEntityType, signedMessage } of messages) {
    await handleBeacon(rt, ctx, prepared, signedEntityType, async () => signedMessage);
  }
}
