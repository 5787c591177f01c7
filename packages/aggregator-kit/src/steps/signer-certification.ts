/**
 * The opcert / KES part of a signer registration (nodes.md §2.3 step 3-4, §2.3.1), as the reference's
 * `KeyRegWrapper::register`: with an opcert, the KES signature over `vk ‖ pop` is verified at the evolutions the
 * aggregator computes from its own chain (the signer's `kes_period` is not trusted) and the party id is the opcert's
 * pool id (the declared one is ignored); without one, the registration is refused unless certification is optional
 * (devnets).
 */
import type { AggregatorContext } from '../context.js';
import { AggregatorError } from '../errors.js';
import {
  decodeOperationalCertificateJsonHex,
  decodeSum6SignatureJsonHex,
  encodeVerificationKeyPopBytes,
  isMithrilError,
  verifySignerCertification,
} from '../sdk.js';
import type { SignerRegistrationRequest } from '../types.js';

type VerificationKeyPop = Parameters<typeof encodeVerificationKeyPopBytes>[0];

function refused(message: string, field: string, cause?: unknown): AggregatorError {
  return new AggregatorError('AGGREGATOR_SIGNER_REGISTRATION_FAILED', message, { field, cause });
}

/**
 * Checks a registration's opcert and KES signature and gives the party id to register.
 *
 * @param ctx - the aggregator context (its chain gives the current KES period)
 * @param request - the registration as received
 * @param key - the decoded verification key and proof of possession
 * @returns the party id: the opcert's pool id, else the declared one (when certification is optional)
 * @throws {AggregatorError} `AGGREGATOR_SIGNER_REGISTRATION_FAILED` (400 `failed_signer_registration`) for a missing
 *   or invalid opcert, a missing KES signature, or a KES signature that does not verify at the chain's KES period
 * @throws {MithrilError} decoding errors of the opcert or signature (400 `Could not decode signer payload`)
 * @example
 * const partyId = await certifiedPartyId(ctx, request, key);
 */
export async function certifiedPartyId(ctx: AggregatorContext, request: SignerRegistrationRequest, key: VerificationKeyPop): Promise<string> {
  if (request.operationalCertificate === undefined) {
    if (ctx.config.requireSignerCertification) throw refused('missing operational certificate', 'operational_certificate');
    if (request.partyId === '') throw refused('missing party id', 'party_id');
    return request.partyId;
  }
  const operationalCertificate = decodeOperationalCertificateJsonHex(request.operationalCertificate, 'operational_certificate');
  const signatureHex = request.verificationKeySignature;
  if (signatureHex === undefined) throw refused('missing KES signature', 'verification_key_signature');
  const verificationKeySignature = decodeSum6SignatureJsonHex(signatureHex, 'verification_key_signature');
  const current = (await ctx.chain.getCurrentKesPeriod?.()) ?? 0;
  const evolutions = BigInt(current) - operationalCertificate.startKesPeriod;
  try {
    return verifySignerCertification({
      operationalCertificate,
      verificationKeySignature,
      message: encodeVerificationKeyPopBytes(key),
      kesEvolutions: evolutions > 0n ? evolutions : 0n,
    });
  } catch (error) {
    if (!isMithrilError(error)) throw error;
    const field = error.code === 'OPCERT_INVALID' ? 'operational_certificate' : 'verification_key_signature';
    throw refused(error.message, field, error);
  }
}
