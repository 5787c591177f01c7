/**
 * Reading a response body under a size limit: the declared `content-length` is checked first, then the body is read
 * as a stream and the read is cancelled as soon as the bytes received pass the limit, so that a hostile or broken
 * aggregator cannot make the client hold an arbitrarily large body in memory.
 */
import { ClientError } from './errors.js';

/**
 * Default {@link HttpTransportOptions.maxResponseBytes}: 64 MiB, far above any aggregator document (the largest,
 * a certificate list or a Mithril stake distribution of a few thousand signers, is a few MB) and far below what
 * would exhaust a client's memory.
 *
 * @example
 * createHttpTransport({ aggregatorEndpoint, maxResponseBytes: 4 * DEFAULT_MAX_RESPONSE_BYTES });
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

function tooLarge(what: string, path: string, limit: number, received: number | undefined): ClientError {
  return new ClientError('CLIENT_RESPONSE_TOO_LARGE', `the response of ${what} is larger than ${limit} bytes`, {
    field: path,
    details: { limit, ...(received === undefined ? {} : { received }) },
  });
}

/**
 * The body text of a response, refused once it passes `limit` bytes.
 *
 * @param response - the response
 * @param limit - the largest body accepted, in bytes
 * @param what - the request (`GET certificates`), for the message
 * @param path - the request path, for `field`
 * @returns the body decoded as UTF-8
 * @throws {ClientError} `CLIENT_RESPONSE_TOO_LARGE` with `details.limit` (and `details.received`, the declared or
 *   received size so far); the stream errors of the body are left to the caller
 */
export async function readBodyText(response: Response, limit: number, what: string, path: string): Promise<string> {
  const declared = response.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(what, path, limit, Number(declared));
  }
  const body = response.body;
  if (body === null) return '';
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > limit) {
      // Stops the transfer: the rest of the body is never downloaded.
      await reader.cancel().catch(() => undefined);
      throw tooLarge(what, path, limit, received);
    }
    parts.push(decoder.decode(value, { stream: true }));
  }
  parts.push(decoder.decode());
  return parts.join('');
}
