/**
 * The one shape every kit serves: a Web-standard fetch handler, alone or as the `fetch` member of a kit.
 */

/**
 * A Web-standard fetch handler: one request in, one response out.
 *
 * @example
 * const handler: FetchHandler = async () => new Response('ok');
 */
export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * What the adapters accept: a fetch handler, or any object with one as its `fetch` member (an aggregator, a relay).
 *
 * @example
 * const target: FetchTarget = { fetch: async () => new Response(null, { status: 204 }) };
 */
export type FetchTarget = FetchHandler | { readonly fetch: FetchHandler };

/**
 * Extracts the fetch handler of a {@link FetchTarget}.
 *
 * @param target - a handler or an object carrying one
 * @returns the handler
 * @example
 * const fetch = toFetchHandler(aggregator);
 * const response = await fetch(new Request('http://localhost/aggregator/'));
 */
export function toFetchHandler(target: FetchTarget): FetchHandler {
  return typeof target === 'function' ? target : target.fetch;
}
