/**
 * The KES part of a signer's registration (nodes.md §3.3 step 4): the STM `vk ‖ pop` signed with the pool's KES key
 * evolved to the chain's current KES period, sent with the operational certificate and the evolutions (the field
 * the reference still calls `kes_period`).
 */
import { SignerError } from './errors.js';
import {
  decodeVerificationKeyPopJsonHex,
  encodeOperationalCertificateJsonHex,
  encodeSum6SignatureJsonHex,
  encodeVerificationKeyPopBytes,
  isMithrilError,
  type OperationalCertificate,
  signWithOperationalCertificate,
  type ChainObserver,
  type Sum6SecretKey,
} from './sdk.js';

/** The pool's KES key and operational certificate (read from `KES_SECRET_KEY_PATH` / `OPERATIONAL_CERTIFICATE_PATH`). */
export interface SignerCertificationKeys {
  /** The KES secret key as stored by cardano-cli (usually at period 0, the certificate's start). */
  readonly kesSecretKey: Sum6SecretKey;
  /** The operational certificate of that KES key. */
  readonly operationalCertificate: OperationalCertificate;
}

/** The certification fields of a registration. */
export interface RegistrationCertificationFields {
  readonly verificationKeySignature: string;
  readonly operationalCertificate: string;
  readonly kesPeriod: bigint;
}

/**
 * Signs a registration's verification key at the chain's current KES period.
 *
 * @param keys - the KES key and operational certificate
 * @param chain - the signer's chain observer (its `getCurrentKesPeriod`; absent or unknown counts as 0, as the reference)
 * @param verificationKey - the JSON-hex STM verification key being registered
 * @returns the JSON-hex KES signature and opcert, and the KES evolutions
 * @throws {SignerError} `SIGNER_INVALID_CONFIGURATION` when the KES key or period does not fit the certificate
 * @example
 * const fields = await certifyRegistration(keys, chainObserver, initializer.verificationKey);
 */
export async function certifyRegistration(
  keys: SignerCertificationKeys,
  chain: ChainObserver,
  verificationKey: string,
): Promise<RegistrationCertificationFields> {
  const current = (await chain.getCurrentKesPeriod?.()) ?? 0;
  const message = encodeVerificationKeyPopBytes(decodeVerificationKeyPopJsonHex(verificationKey, 'verification_key', { mode: 'lenient' }));
  try {
    const { signature, kesEvolutions } = signWithOperationalCertificate(keys.kesSecretKey, keys.operationalCertificate, BigInt(current), message);
    return {
      verificationKeySignature: encodeSum6SignatureJsonHex(signature),
      operationalCertificate: encodeOperationalCertificateJsonHex(keys.operationalCertificate),
      kesPeriod: BigInt(kesEvolutions),
    };
  } catch (error) {
    if (!isMithrilError(error)) throw error;
    throw new SignerError('SIGNER_INVALID_CONFIGURATION', `cannot KES-sign the registration: ${error.message}`, {
      field: 'certification',
      cause: error,
    });
  }
}
