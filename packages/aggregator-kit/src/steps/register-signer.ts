/**
 * Signer registration (nodes.md §2.3): a key for the open round, with stake, proof of possession and the
 * integrator's extra checks.
 */
import type { AggregatorContext } from '../context.js';
import { AggregatorError } from '../errors.js';
import { bytesToHex, decodeVerificationKeyPopJsonHex, encodeVerificationKeyPopJsonHex, isMithrilError, KeyRegistration } from '../sdk.js';
import type { SignerRecord } from '../store.js';
import { formatRfc3339Nanos } from '../time.js';
import { certifiedPartyId } from './signer-certification.js';
import type { SignerRegistrationRequest } from '../types.js';

/**
 * Registers a signer in the open round.
 *
 * @param ctx - the aggregator context
 * @param request - the registration as received
 * @returns the stored record (the existing one for a duplicate)
 * @throws {AggregatorError} `AGGREGATOR_REGISTRATION_ROUND_NOT_OPEN` (550), `AGGREGATOR_REGISTRATION_EPOCH_MISMATCH`
 *   (500), `AGGREGATOR_SIGNER_REGISTRATION_FAILED` (400: stake, key, opcert or KES signature, see `certifiedPartyId`)
 * @throws {MithrilError} decoding errors of the key (400)
 * @example
 * await registerSigner(ctx, { epoch: 13n, partyId: 'pool1…', verificationKey: '7b22…' });
 */
export async function registerSigner(ctx: AggregatorContext, request: SignerRegistrationRequest): Promise<SignerRecord> {
  const { store, config } = ctx;
  const round = await store.getRegistrationRound();
  if (round === undefined) {
    throw new AggregatorError('AGGREGATOR_REGISTRATION_ROUND_NOT_OPEN', 'the signer registration round is not opened yet');
  }
  if (request.epoch !== round) {
    throw new AggregatorError(
      'AGGREGATOR_REGISTRATION_EPOCH_MISMATCH',
      `unexpected registration epoch ${request.epoch}, the open round is for epoch ${round}`,
    );
  }
  const key = decodeVerificationKeyPopJsonHex(request.verificationKey, 'verification_key', { mode: 'lenient' });
  let partyId = await certifiedPartyId(ctx, request, key);
  if (config.verifySignerRegistration !== undefined) {
    const derived = await config.verifySignerRegistration(request, { chain: ctx.chain });
    if (typeof derived === 'string') partyId = derived;
  }
  const stake = await store.getStake(round, partyId);
  if (stake === undefined || BigInt(stake) === 0n) {
    throw new AggregatorError('AGGREGATOR_SIGNER_REGISTRATION_FAILED', `party ${partyId} has no stake in epoch ${round}`, {
      field: 'party_id',
    });
  }
  const existing = await store.getSigner(round, partyId);
  if (existing !== undefined) return existing;
  const registration = new KeyRegistration(await ctx.verifier.backend());
  try {
    registration.register(BigInt(stake), key);
  } catch (error) {
    if (!isMithrilError(error)) throw error;
    throw new AggregatorError('AGGREGATOR_SIGNER_REGISTRATION_FAILED', error.message, { field: 'verification_key', cause: error });
  }
  // O(1) in the registered signers: the round's key index answers which party holds this key, if any.
  const vkHex = bytesToHex(key.vk);
  const holder = await store.signerWithKey(round, vkHex, storedKeyHex);
  if (holder !== undefined && holder !== partyId) {
    throw new AggregatorError('AGGREGATOR_SIGNER_REGISTRATION_FAILED', 'verification key already registered by another party', {
      field: 'verification_key',
    });
  }
  const record: SignerRecord = {
    epoch: round.toString(),
    partyId,
    // Served and hashed in canonical form, whatever spelling the signer sent (certificates.md §2.4).
    verificationKey: encodeVerificationKeyPopJsonHex(key),
    verificationKeySignature: request.verificationKeySignature,
    operationalCertificate: request.operationalCertificate,
    kesPeriod: request.kesPeriod,
    stake,
    registeredAt: formatRfc3339Nanos(ctx.clock.nowNanos()),
  };
  await store.setSigner(record, vkHex);
  return record;
}

/** Hex of a stored registration's verification key (only to index a round stored before the key index existed). */
function storedKeyHex(record: SignerRecord): string {
  return bytesToHex(decodeVerificationKeyPopJsonHex(record.verificationKey, 'verification_key', { mode: 'lenient' }).vk);
}
