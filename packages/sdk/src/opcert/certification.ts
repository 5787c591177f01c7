/**
 * Signer certification (nodes.md §2.3.1): a Mithril verification key signed with the pool's KES key, under an
 * operational certificate. The reference's `KesSignerStandard` (sign) and `KesVerifierStandard` (verify with ±1
 * evolution of clock-skew tolerance) in pure functions.
 */
import { KES_TOTAL_PERIODS, KesError, signSum6, type Sum6SecretKey, updateSum6Key, verifySum6 } from '../kes/sum6.js';
import { assertOperationalCertificateValid, kesEvolutionsAt, type OperationalCertificate, operationalCertificatePartyId } from './opcert.js';

/**
 * Signs a message with a KES key evolved to the evolutions of the current KES period under a certificate.
 *
 * @param secretKey - the KES secret key as stored (usually at period 0, the certificate's start)
 * @param cert - the operational certificate of the key
 * @param currentKesPeriod - the chain's current KES period
 * @param message - the bytes to sign (for a registration: the 192-byte `vk ‖ pop`)
 * @returns the 448-byte signature and the evolutions it was made at (the registration's `kes_period`)
 * @throws {KesError} `OPCERT_KES_PERIOD_OUT_OF_WINDOW` when the period is outside the certificate's window,
 *   `KES_PERIOD_OUT_OF_RANGE` when the key is already past those evolutions
 * @example
 * const { signature, kesEvolutions } = signWithOperationalCertificate(kesKey, cert, 7n, vkPopBytes);
 */
export function signWithOperationalCertificate(
  secretKey: Sum6SecretKey,
  cert: OperationalCertificate,
  currentKesPeriod: bigint,
  message: Uint8Array,
): { signature: Uint8Array; kesEvolutions: number } {
  const kesEvolutions = kesEvolutionsAt(cert, currentKesPeriod);
  if (secretKey.period > kesEvolutions) {
    throw new KesError('KES_PERIOD_OUT_OF_RANGE', `the KES key is at period ${secretKey.period}, past ${kesEvolutions}`, {
      field: 'kes_secret_key',
    });
  }
  let key = secretKey;
  while (key.period < kesEvolutions) key = updateSum6Key(key);
  return { signature: signSum6(key, message), kesEvolutions };
}

/** What {@link verifySignerCertification} checks. */
export interface SignerCertification {
  /** The signer's operational certificate. */
  readonly operationalCertificate: OperationalCertificate;
  /** The 448-byte KES signature. */
  readonly verificationKeySignature: Uint8Array;
  /** The signed message (the 192-byte `vk ‖ pop`). */
  readonly message: Uint8Array;
  /** KES evolutions to try, ±1 (clamped to 0 … 64 as the reference does). */
  readonly kesEvolutions: bigint;
}

/**
 * Verifies a signer's certification: the certificate's cold signature, then the KES signature at `e − 1`, `e` or
 * `e + 1` evolutions; returns the party id the certificate gives.
 *
 * @param input - the certificate, signature, message and evolutions
 * @returns the party id (`pool1…` of the cold key)
 * @throws {KesError} `OPCERT_INVALID` for a bad cold signature, `KES_SIGNATURE_INVALID` when no tried evolution verifies
 * @example
 * const partyId = verifySignerCertification({ operationalCertificate, verificationKeySignature, message, kesEvolutions: 0n });
 */
export function verifySignerCertification(input: SignerCertification): string {
  const cert = input.operationalCertificate;
  assertOperationalCertificateValid(cert);
  const e = input.kesEvolutions;
  const low = e > 0n ? e - 1n : 0n;
  const high = e + 1n < BigInt(KES_TOTAL_PERIODS) ? e + 1n : BigInt(KES_TOTAL_PERIODS);
  for (let t = low; t <= high; t++) {
    if (verifySum6(cert.kesVerificationKey, Number(t), input.message, input.verificationKeySignature)) {
      return operationalCertificatePartyId(cert);
    }
  }
  throw new KesError('KES_SIGNATURE_INVALID', `KES signature verification error: KesEvolutions=${e}, StartKesPeriod=${cert.startKesPeriod}`, {
    field: 'verification_key_signature',
  });
}
