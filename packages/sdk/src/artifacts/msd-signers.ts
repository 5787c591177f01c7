/**
 * The signer checks the reference client makes when it rebuilds the key registration of a Mithril stake
 * distribution (`SignerBuilder::new` → `KeyRegWrapper::register`, nodes.md §2.3.1): per signer, the operational
 * certificate's cold signature, the KES signature over `vk ‖ pop` at the artifact's `kes_period` (±1), the opcert's
 * pool id as the party id, and the proof of possession of the key.
 */
import { checkProofOfPossession } from '../bls/scheme.js';
import { nobleBackend } from '../bls/noble-backend.js';
import { ArtifactError } from '../certificate/errors.js';
import { decodeVerificationKeyPopJsonHex, encodeVerificationKeyPopBytes } from '../codec/stm/verification-key.js';
import { isMithrilError } from '../errors.js';
import { decodeSum6SignatureJsonHex } from '../kes/codec.js';
import { verifySignerCertification } from '../opcert/certification.js';
import { decodeOperationalCertificateJsonHex } from '../opcert/opcert.js';
import type { SignerWithStake } from './stake-distribution-schemas.js';

/** Options of {@link verifyMithrilStakeDistributionSigners}. */
export interface MsdSignerCheckOptions {
  /** Refuse signers without an operational certificate (the reference's production builds do; devnets may not). */
  readonly requireCertification: boolean;
}

function refuse(index: number, field: string, message: string, cause?: unknown): ArtifactError {
  const code = isMithrilError(cause) ? cause.code : undefined;
  return new ArtifactError('ARTIFACT_INVALID', `signer ${index}: ${message}`, {
    field: `signers[${index}].${field}`,
    cause,
    details: code === undefined ? { signer: index } : { signer: index, reason: code },
  });
}

function checkSigner(signer: SignerWithStake, i: number, options: MsdSignerCheckOptions): void {
  let key: ReturnType<typeof decodeVerificationKeyPopJsonHex>;
  try {
    key = decodeVerificationKeyPopJsonHex(signer.verificationKey, `signers[${i}].verification_key`, { mode: 'lenient' });
  } catch (error) {
    throw refuse(i, 'verification_key', 'the verification key does not decode', error);
  }
  if (signer.operationalCertificate !== undefined) {
    if (signer.kesPeriod === undefined) throw refuse(i, 'kes_period', 'missing KES period');
    if (signer.verificationKeySignature === undefined) throw refuse(i, 'verification_key_signature', 'missing KES signature');
    let partyId: string;
    try {
      partyId = verifySignerCertification({
        operationalCertificate: decodeOperationalCertificateJsonHex(signer.operationalCertificate, `signers[${i}].operational_certificate`),
        verificationKeySignature: decodeSum6SignatureJsonHex(signer.verificationKeySignature, `signers[${i}].verification_key_signature`),
        message: encodeVerificationKeyPopBytes(key),
        kesEvolutions: signer.kesPeriod,
      });
    } catch (error) {
      const field = isMithrilError(error, 'KES_SIGNATURE_INVALID') ? 'verification_key_signature' : 'operational_certificate';
      throw refuse(i, field, error instanceof Error ? error.message : 'certification failed', error);
    }
    if (partyId !== signer.partyId) {
      throw refuse(i, 'party_id', `party id ${signer.partyId} is not the operational certificate's pool ${partyId}`);
    }
  } else if (options.requireCertification) {
    throw refuse(i, 'operational_certificate', 'missing operational certificate');
  } else if (signer.partyId === '') {
    throw refuse(i, 'party_id', 'missing party id');
  }
  try {
    checkProofOfPossession(nobleBackend, key.vk, key.pop);
  } catch (error) {
    throw refuse(i, 'verification_key', 'the proof of possession does not verify', error);
  }
}

/**
 * Checks every signer of a Mithril stake distribution as the reference client does before computing its AVK.
 *
 * @param signers - the artifact's signers
 * @param options - whether an operational certificate is required
 * @throws {ArtifactError} `ARTIFACT_INVALID` naming the signer and field (`details.reason` holds the underlying code:
 *   `OPCERT_INVALID`, `KES_SIGNATURE_INVALID`, `BLS_POP_INVALID`, …)
 * @example
 * verifyMithrilStakeDistributionSigners(msd.signers, { requireCertification: true });
 */
export function verifyMithrilStakeDistributionSigners(signers: readonly SignerWithStake[], options: MsdSignerCheckOptions): void {
  for (const [i, signer] of signers.entries()) checkSigner(signer, i, options);
}
