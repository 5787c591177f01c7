/**
 * Which request and response headers a relay lets through (nodes.md §6.1): the squid configuration's allow-list plus
 * the Mithril headers (trap 55), never hop-by-hop headers, never `X-Forwarded-For`, `Forwarded` or `Via`, so the block
 * producer's address and software never leave the relay.
 */

/**
 * Request headers forwarded to an aggregator: the reference squid allow-list, plus the Mithril version and origin
 * headers a signer sends.
 *
 * @example
 * REQUEST_HEADER_ALLOW_LIST.includes('signer-node-version'); // true
 */
export const REQUEST_HEADER_ALLOW_LIST: readonly string[] = [
  'authorization',
  'proxy-authorization',
  'cache-control',
  'content-length',
  'content-type',
  'date',
  'host',
  'if-modified-since',
  'pragma',
  'accept',
  'accept-charset',
  'accept-encoding',
  'accept-language',
  'connection',
  'mithril-api-version',
  'signer-node-version',
  'mithril-origin-tag',
  'mithril-client-type',
];

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection and are never forwarded.
 *
 * @example
 * HOP_BY_HOP_HEADERS.has('transfer-encoding'); // true
 */
export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * Headers that would reveal who sent a request through the relay.
 *
 * @example
 * IDENTIFYING_HEADERS.has('via'); // true
 */
const IDENTIFYING_HEADERS: ReadonlySet<string> = new Set(['x-forwarded-for', 'x-forwarded-host', 'x-real-ip', 'forwarded', 'via']);

/** Names listed in a `Connection` header: hop-by-hop for this message too. */
function connectionTokens(value: string | null): Set<string> {
  return new Set(
    (value ?? '')
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter((t) => t !== ''),
  );
}

/**
 * Filters request headers for forwarding: only allow-listed names, minus hop-by-hop ones (those named by
 * `Connection` included), minus identifying ones.
 *
 * @param headers - the incoming headers
 * @param options - `keep` overrides the default allow-list; `dropAlso` removes more names (e.g. `host`)
 * @returns the headers to send upstream
 * @example
 * forwardedRequestHeaders(new Headers({ via: '1.1 bp', 'mithril-api-version': '0.1.68' })).has('via'); // false
 */
export function forwardedRequestHeaders(
  headers: Headers,
  options: { readonly keep?: readonly string[]; readonly dropAlso?: readonly string[] } = {},
): Headers {
  const allowed = new Set(options.keep ?? REQUEST_HEADER_ALLOW_LIST);
  const dropped = new Set([...connectionTokens(headers.get('connection')), ...(options.dropAlso ?? [])]);
  const out = new Headers();
  headers.forEach((value, name) => {
    const n = name.toLowerCase();
    if (!allowed.has(n) || HOP_BY_HOP_HEADERS.has(n) || IDENTIFYING_HEADERS.has(n) || dropped.has(n)) return;
    out.append(n, value);
  });
  return out;
}

/**
 * Filters response headers for the way back: drops hop-by-hop, identifying and framing headers (the body is re-framed
 * by the relay's own server), keeps the rest (`content-type`, `mithril-api-version`, …).
 *
 * @param headers - the upstream response headers
 * @returns the headers to answer with
 * @example
 * forwardedResponseHeaders(new Headers({ 'mithril-api-version': '0.1.68', 'transfer-encoding': 'chunked' })).has('transfer-encoding'); // false
 */
export function forwardedResponseHeaders(headers: Headers): Headers {
  const dropped = connectionTokens(headers.get('connection'));
  const out = new Headers();
  headers.forEach((value, name) => {
    const n = name.toLowerCase();
    if (HOP_BY_HOP_HEADERS.has(n) || IDENTIFYING_HEADERS.has(n) || dropped.has(n)) return;
    if (n === 'content-length' || n === 'content-encoding' || n === 'set-cookie') return;
    out.append(n, value);
  });
  return out;
}

/**
 * The `[name, value]` pairs of a `Headers` (for Node's request options and for storage).
 *
 * @param headers - the headers
 * @returns the pairs, names in lower case
 * @example
 * headerPairs(new Headers({ Accept: 'application/json' })); // [['accept', 'application/json']]
 */
export function headerPairs(headers: Headers): [string, string][] {
  const out: [string, string][] = [];
  headers.forEach((value, name) => {
    out.push([name, value]);
  });
  return out;
}
