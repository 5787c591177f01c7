/**
 * Responses of a kit: JSON (written losslessly: u64 values stay exact integers) or empty, each with the CORS headers
 * and the kit's `mithril-api-version` header (nodes.md §1.1-§1.2).
 */
import { toJsonText } from '@mithril/sdk';
import type { ResolvedErrorReply } from './errors.js';

/**
 * Header announcing the OpenAPI version a kit follows (nodes.md §1.1).
 *
 * @example
 * response.headers.get(API_VERSION_HEADER); // '0.1.68'
 */
const API_VERSION_HEADER = 'mithril-api-version';

/**
 * CORS headers of the reference nodes: any origin, GET/POST/OPTIONS, the Mithril request headers allowed and the
 * server version exposed (browser clients read it to warn about newer servers, nodes.md §1.2).
 *
 * @example
 * new Headers(DEFAULT_CORS_HEADERS).get('access-control-allow-origin'); // '*'
 */
export const DEFAULT_CORS_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type, mithril-api-version, mithril-origin-tag, mithril-client-type, signer-node-version',
  'access-control-expose-headers': 'mithril-api-version',
};

/**
 * Options of {@link createResponses}.
 *
 * @example
 * const options: ResponsesOptions = { apiVersion: '0.1.68', cors: DEFAULT_CORS_HEADERS };
 */
export interface ResponsesOptions {
  /** Value of `mithril-api-version` on every response. */
  readonly apiVersion: string;
  /** CORS headers (default {@link DEFAULT_CORS_HEADERS}). */
  readonly cors?: Readonly<Record<string, string>>;
}

/**
 * Response builders bound to a kit's headers.
 *
 * @example
 * const responses: Responses = createResponses({ apiVersion: '0.1.68' });
 * responses.empty(201);
 */
export interface Responses {
  /**
   * The headers every response carries: CORS and `mithril-api-version`.
   *
   * @returns a fresh `Headers`
   */
  headers(): Headers;
  /**
   * A JSON response through the SDK's lossless writer (`toJsonText`): `bigint` values are exact integers, `undefined`
   * members are omitted.
   *
   * @param status - HTTP status
   * @param body - plain objects, arrays, bigint, numbers, strings, booleans, null, `JsonF64`, or lossless JSON `Map`s
   * @returns the response
   */
  json(status: number, body: unknown): Response;
  /**
   * A JSON response whose text is already encoded (a stored document, an SDK message encoder's output).
   *
   * @param status - HTTP status
   * @param text - the JSON text, sent as is
   * @returns the response
   */
  jsonText(status: number, text: string): Response;
  /**
   * A response without a body.
   *
   * @param status - HTTP status
   * @returns the response
   */
  empty(status: number): Response;
  /**
   * The answer of an error: empty for 404 and 413, else `{label, message}` (or `{message}` without a label).
   *
   * @param reply - from `errorReply`
   * @returns the response
   */
  error(reply: ResolvedErrorReply): Response;
}

/**
 * Creates the response builders of a kit.
 *
 * @param options - the API version and CORS headers
 * @returns the builders
 * @example
 * const responses = createResponses({ apiVersion: '0.1.68' });
 * return responses.json(200, { epoch: 12n });
 */
export function createResponses(options: ResponsesOptions): Responses {
  const cors = options.cors ?? DEFAULT_CORS_HEADERS;
  const headers = (): Headers => {
    const h = new Headers(cors);
    h.set(API_VERSION_HEADER, options.apiVersion);
    return h;
  };
  const jsonText = (status: number, text: string): Response => {
    const h = headers();
    h.set('content-type', 'application/json');
    return new Response(text, { status, headers: h });
  };
  const empty = (status: number): Response => new Response(null, { status, headers: headers() });
  return {
    headers,
    json: (status, body) => jsonText(status, toJsonText(body)),
    jsonText,
    empty,
    error(reply) {
      if (reply.status === 404 || reply.status === 413) return empty(reply.status);
      return jsonText(
        reply.status,
        toJsonText(reply.label === undefined ? { message: reply.message } : { label: reply.label, message: reply.message }),
      );
    },
  };
}
