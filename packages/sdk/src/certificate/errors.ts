import { MithrilError } from '../errors.js';

/**
 * A certificate failed a chain-verification rule, or a wire message failed validation (certificates.md §6.2).
 * Callers branch on `code`, e.g. `CERTIFICATE_HASH_MISMATCH` or `CERTIFICATE_CHAIN_AVK_UNMATCH`.
 */
export class CertificateError extends MithrilError {
  override readonly name: string = 'CertificateError';
}

/** An artifact could not be bound to its certificate (certificates.md §9). */
export class ArtifactError extends MithrilError {
  override readonly name: string = 'ArtifactError';
}
