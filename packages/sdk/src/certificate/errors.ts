import { MithrilError } from '../errors.js';

/**
 * A certificate failed a chain-verification rule, or a wire message failed validation (certificates.md §6.2).
 * Callers branch on `code`, e.g. `CERTIFICATE_HASH_MISMATCH` or `CERTIFICATE_CHAIN_AVK_UNMATCH`.
 *
 * @example
 * try {
 *   await client.verifyCertificateChain({ hash });
 * } catch (error) {
 *   if (error instanceof CertificateError) console.error(error.code, error.message, error.docsPath);
 * }
 */
export class CertificateError extends MithrilError {
  override readonly name: string = 'CertificateError';
}

/**
 * An artifact could not be bound to its certificate (certificates.md §9).
 *
 * @example
 * try {
 *   await client.verifyMithrilStakeDistribution({ hash });
 * } catch (error) {
 *   if (error instanceof ArtifactError && error.code === 'ARTIFACT_MESSAGE_MISMATCH') console.error('not the signed artifact');
 * }
 */
export class ArtifactError extends MithrilError {
  override readonly name: string = 'ArtifactError';
}
