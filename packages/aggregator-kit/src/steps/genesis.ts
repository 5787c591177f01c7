/**
 * The genesis ceremony (nodes.md §2.10): export the payload of the current epoch, import its Ed25519 signature as
 * the genesis certificate, or (devnets) sign it with the configured key.
 */
import type { AggregatorContext } from '../context.js';
import { AggregatorError } from '../errors.js';
import {
  computeSignableMessage,
  encodeAvkJsonHex,
  protocolParametersToJson,
  signedEntityTypeToJson,
  signGenesisMessage,
  verifyGenesisSignature,
  type ProtocolParameters,
} from '../sdk.js';
import { formatRfc3339Nanos } from '../time.js';
import { insertWireCertificate } from './certificate-wire.js';
import { currentEpoch, epochData } from './epoch-data.js';

const ENCODER = new TextEncoder();

/** What the genesis ceremony exports and signs. */
export interface GenesisPayload {
  readonly epoch: bigint;
  readonly parameters: ProtocolParameters;
  readonly aggregateVerificationKey: string;
  readonly parts: Readonly<Record<string, string>>;
  readonly signedMessage: string;
  /** The bytes to sign with the genesis key: ASCII of `signedMessage` (trap 29). */
  readonly toSign: Uint8Array;
}

/**
 * The genesis payload for epoch N: signers stored under N, parameters stored under N−1.
 *
 * @param ctx - the aggregator context
 * @param epoch - the epoch (default: the current one)
 * @returns the protocol message and the bytes to sign
 * @throws {AggregatorError} `AGGREGATOR_GENESIS_MISSING` when no epoch is recorded or no signer is registered for N
 * @example
 * const payload = await exportGenesisPayload(ctx);
 */
export async function exportGenesisPayload(ctx: AggregatorContext, epoch?: bigint): Promise<GenesisPayload> {
  const at = epoch ?? (await currentEpoch(ctx));
  if (at === undefined) throw new AggregatorError('AGGREGATOR_GENESIS_MISSING', 'the runner has not recorded an epoch yet');
  const data = await epochData(ctx, at);
  if (data.next === undefined) {
    throw new AggregatorError('AGGREGATOR_GENESIS_MISSING', `no signer registered for epoch ${at}: genesis impossible`);
  }
  const { protocolMessage, signedMessage } = computeSignableMessage(
    { type: 'MithrilStakeDistribution', epoch: at },
    { nextAggregateVerificationKey: data.next.avk, nextProtocolParameters: data.currentParameters, currentEpoch: at },
  );
  return {
    epoch: at,
    parameters: data.currentParameters,
    aggregateVerificationKey: encodeAvkJsonHex(data.next.avk),
    parts: { ...protocolMessage.parts } as Record<string, string>,
    signedMessage,
    toSign: ENCODER.encode(signedMessage),
  };
}

/**
 * Checks a genesis signature with the configured key, then builds and stores the genesis certificate.
 *
 * @param ctx - the aggregator context
 * @param payload - from {@link exportGenesisPayload}
 * @param genesisSignature - 128 hex characters
 * @returns the genesis certificate hash
 * @throws {MithrilError} when the signature does not verify with the configured genesis key
 * @example
 * const hash = await importGenesisSignature(ctx, payload, signature);
 */
export async function importGenesisSignature(ctx: AggregatorContext, payload: GenesisPayload, genesisSignature: string): Promise<string> {
  verifyGenesisSignature(payload.signedMessage, genesisSignature, ctx.config.genesisKey);
  const now = formatRfc3339Nanos(ctx.clock.nowNanos());
  const hash = await insertWireCertificate(ctx, {
    hash: '',
    previous_hash: '',
    epoch: payload.epoch,
    signed_entity_type: signedEntityTypeToJson({ type: 'MithrilStakeDistribution', epoch: payload.epoch }),
    metadata: {
      network: ctx.config.network,
      version: ctx.config.protocolVersion,
      parameters: protocolParametersToJson(payload.parameters),
      initiated_at: now,
      sealed_at: now,
      signers: [],
    },
    protocol_message: { message_parts: payload.parts },
    signed_message: payload.signedMessage,
    aggregate_verification_key: payload.aggregateVerificationKey,
    multi_signature: '',
    genesis_signature: genesisSignature,
  });
  await ctx.store.setGenesisHash(hash);
  ctx.events.emit('genesis', { hash, epoch: payload.epoch });
  return hash;
}

/**
 * Signs the current payload with the configured devnet signing key and imports it.
 *
 * @param ctx - the aggregator context
 * @returns the genesis certificate hash
 * @throws {AggregatorError} `AGGREGATOR_GENESIS_MISSING` when no signing key is configured or no payload exists
 * @example
 * const hash = await bootstrapGenesis(ctx);
 */
export async function bootstrapGenesis(ctx: AggregatorContext): Promise<string> {
  const signingKey = ctx.config.genesisSigningKey;
  if (signingKey === undefined) throw new AggregatorError('AGGREGATOR_GENESIS_MISSING', 'no genesis signing key configured');
  const payload = await exportGenesisPayload(ctx);
  return importGenesisSignature(ctx, payload, signGenesisMessage(signingKey, payload.signedMessage));
}

/**
 * The runner's one-shot devnet genesis: bootstraps once signers are registered for the epoch.
 *
 * @param ctx - the aggregator context
 * @param epoch - the current epoch
 * @returns the genesis hash, or `undefined` when no signing key is configured or no signer is registered yet
 * @example
 * const genesis = (await genesisHash(ctx)) ?? (await bootstrapGenesisWhenReady(ctx, epoch));
 */
export async function bootstrapGenesisWhenReady(ctx: AggregatorContext, epoch: bigint): Promise<string | undefined> {
  if (ctx.config.genesisSigningKey === undefined) return undefined;
  const data = await epochData(ctx, epoch);
  if (data.next === undefined) return undefined;
  return bootstrapGenesis(ctx);
}
