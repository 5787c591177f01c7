import { MithrilError } from '../errors.js';

/**
 * A failure of the aggregator client itself: HTTP status, network, timeout, cancellation or bad options. Verification
 * failures keep their own error classes and codes (`CertificateError`, `ArtifactError`).
 *
 * Codes: `CLIENT_HTTP_ERROR` (non-2xx other than 404; `details.status`, `details.label`), `CLIENT_NOT_FOUND` (404),
 * `CLIENT_NETWORK_ERROR`, `CLIENT_TIMEOUT`, `CLIENT_ABORTED`, `CLIENT_INVALID_OPTIONS`, `CLIENT_RESPONSE_TOO_LARGE`
 * (a body over the transport's `maxResponseBytes`; `details.limit`).
 *
 * @example
 * try {
 *   await client.listCertificates();
 * } catch (error) {
 *   if (error instanceof ClientError) console.error(error.code, error.message); // e.g. CLIENT_NOT_FOUND, CLIENT_TIMEOUT
 * }
 */
export class ClientError extends MithrilError {
  override readonly name: string = 'ClientError';
}

/**
 * Throws `CLIENT_ABORTED` when the signal is aborted.
 *
 * @param signal - the caller's signal, if any
 * @throws {ClientError} `CLIENT_ABORTED`
 *
 * @example
 * for (const hash of hashes) {
 *   throwIfAborted(signal); // ClientError CLIENT_ABORTED once the caller aborted
 *   await work(hash);
 * }
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) {
    throw new ClientError('CLIENT_ABORTED', 'the operation was aborted', { cause: signal.reason });
  }
}
