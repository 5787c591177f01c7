/**
 * The forward proxy's access rules, pure: which sources may use it (block producer addresses, IPv4 CIDR ranges), which
 * destinations it reaches (the configured aggregator endpoints, `*.domain` allowed) and, for plain HTTP, which signer
 * routes under their base path.
 */
import { RelayError } from './errors.js';

/**
 * One allowed destination: an aggregator endpoint's scheme, host pattern, port and base path.
 *
 * @example
 * const d: Destination = { protocol: 'https:', host: '*.mithril.network', port: 443, basePath: '/aggregator' };
 */
export interface Destination {
  readonly protocol: 'http:' | 'https:';
  /** Lower-case host name or address; `*.example.org` allows every subdomain of `example.org`. */
  readonly host: string;
  readonly port: number;
  readonly basePath: string;
}

/**
 * Parses destination endpoints.
 *
 * @param endpoints - aggregator endpoints, e.g. `https://aggregator.release-mainnet.api.mithril.network/aggregator`
 * @returns the destinations
 * @throws {RelayError} `RELAY_INVALID_CONFIGURATION` for an empty list or an endpoint that is not an http(s) URL
 * @example
 * parseDestinations(['http://127.0.0.1:8080/aggregator'])[0]?.port; // 8080
 */
export function parseDestinations(endpoints: readonly string[]): Destination[] {
  if (endpoints.length === 0)
    throw new RelayError('RELAY_INVALID_CONFIGURATION', 'expected at least one aggregator endpoint', { field: 'destinations' });
  return endpoints.map((endpoint) => {
    // `*` is not a valid URL host: parse with a placeholder, then put the pattern back.
    const wildcard = /^(https?:\/\/)\*\./i.test(endpoint);
    let url: URL;
    try {
      url = new URL(wildcard ? endpoint.replace('*.', 'wildcard.') : endpoint);
    } catch (cause) {
      throw new RelayError('RELAY_INVALID_CONFIGURATION', `'${endpoint}' is not a URL`, { field: 'destinations', cause });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new RelayError('RELAY_INVALID_CONFIGURATION', `'${endpoint}' must be an http(s) URL`, { field: 'destinations' });
    }
    const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    return {
      protocol: url.protocol,
      host: wildcard ? host.replace(/^wildcard\./, '*.') : host,
      port: url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port),
      basePath: url.pathname.replace(/\/+$/, ''),
    };
  });
}

function hostMatches(pattern: string, host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return pattern.startsWith('*.') ? h.endsWith(pattern.slice(1)) && h.length > pattern.length - 1 : h === pattern;
}

/**
 * The destinations a host and port match.
 *
 * @param destinations - the allowed destinations
 * @param host - the requested host
 * @param port - the requested port
 * @returns the matching destinations (empty when refused)
 * @example
 * matchDestinations(parseDestinations(['https://*.mithril.network/aggregator']), 'aggregator.x.mithril.network', 443).length; // 1
 */
export function matchDestinations(destinations: readonly Destination[], host: string, port: number): Destination[] {
  return destinations.filter((d) => d.port === port && hostMatches(d.host, host));
}

const SIGNER_ROUTES: readonly { readonly method: string; readonly path: RegExp }[] = [
  { method: 'GET', path: /^\/?$/ },
  { method: 'GET', path: /^\/epoch-settings$/ },
  { method: 'GET', path: /^\/protocol-configuration\/\d{1,20}$/ },
  { method: 'POST', path: /^\/register-signer$/ },
  { method: 'POST', path: /^\/register-signatures$/ },
];

/**
 * Whether a plain-HTTP request path is a signer route under one of the destinations' base paths.
 *
 * @param destinations - the destinations the host matched
 * @param method - the request method
 * @param pathname - the request path (no query)
 * @returns `true` when allowed
 * @example
 * isSignerRoute(parseDestinations(['http://127.0.0.1:8080/aggregator']), 'GET', '/aggregator/epoch-settings'); // true
 */
export function isSignerRoute(destinations: readonly Destination[], method: string, pathname: string): boolean {
  return destinations.some((d) => {
    if (d.basePath !== '' && pathname !== d.basePath && !pathname.startsWith(`${d.basePath}/`)) return false;
    const route = pathname.slice(d.basePath.length);
    return SIGNER_ROUTES.some((r) => r.method === method && r.path.test(route));
  });
}

function ipv4(address: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (m === null) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

/**
 * A source address as compared: IPv4-mapped IPv6 (`::ffff:10.0.0.2`) becomes plain IPv4, the rest lower case.
 *
 * @param address - a socket's remote address
 * @returns the normalised address
 * @example
 * normaliseAddress('::ffff:127.0.0.1'); // '127.0.0.1'
 */
export function normaliseAddress(address: string): string {
  const a = address.toLowerCase();
  return a.startsWith('::ffff:') && ipv4(a.slice(7)) !== undefined ? a.slice(7) : a;
}

/**
 * Whether a source address is allowed: equal to an entry, or inside an IPv4 `a.b.c.d/n` entry.
 *
 * @param sources - allowed addresses and IPv4 CIDR ranges
 * @param address - the socket's remote address
 * @returns `true` when allowed
 * @example
 * isSourceAllowed(['10.0.0.0/24'], '::ffff:10.0.0.7'); // true
 */
export function isSourceAllowed(sources: readonly string[], address: string | undefined): boolean {
  if (address === undefined) return false;
  const a = normaliseAddress(address);
  return sources.some((entry) => {
    const [base, bits] = entry.split('/');
    if (bits === undefined) return normaliseAddress(entry) === a;
    const n = Number(bits);
    const b = ipv4(base ?? '');
    const x = ipv4(a);
    if (b === undefined || x === undefined || !Number.isInteger(n) || n < 0 || n > 32) return false;
    const mask = n === 0 ? 0 : (~0 << (32 - n)) >>> 0;
    return (b & mask) === (x & mask);
  });
}
