/**
 * The relay's upstream aggregators: each request goes to the last one that answered, then to the others in order
 * when it cannot be reached (network failure, timeout) or answers as a failing gateway (502, 503, 504).
 */
import { RelayError } from './errors.js';

/**
 * A Web-standard fetch.
 *
 * @example
 * const fetch: RelayFetch = (request) => globalThis.fetch(request);
 */
export type RelayFetch = (request: Request) => Promise<Response>;

/**
 * An upstream's answer, read whole.
 *
 * @example
 * const answer: UpstreamAnswer = { status: 201, headers: new Headers(), body: '', upstream: 'http://127.0.0.1:8080/aggregator' };
 */
export interface UpstreamAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
  /** The endpoint that answered. */
  readonly upstream: string;
}

/**
 * A request to send upstream: method, route below the endpoint, headers and an optional JSON text body.
 *
 * @example
 * const request: UpstreamRequest = { method: 'GET', route: '/epoch-settings', headers: new Headers() };
 */
interface UpstreamRequest {
  readonly method: 'GET' | 'POST';
  readonly route: string;
  readonly headers: Headers;
  readonly body?: string;
}

/**
 * The upstream pool.
 *
 * @example
 * const answer = await upstreams.send({ method: 'GET', route: '/', headers: new Headers() });
 */
export interface Upstreams {
  /** The configured endpoints, in failover order. */
  readonly endpoints: readonly string[];
  /**
   * Sends a request to the first reachable upstream.
   *
   * @throws {RelayError} `RELAY_UPSTREAM_UNAVAILABLE` when no upstream could be reached
   */
  send(request: UpstreamRequest): Promise<UpstreamAnswer>;
}

const FAILOVER_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/**
 * Checks and normalises aggregator endpoints (no trailing slash).
 *
 * @param endpoints - http(s) URLs including the base path, e.g. `https://aggregator.example/aggregator`
 * @returns the normalised endpoints
 * @throws {RelayError} `RELAY_INVALID_CONFIGURATION` for an empty list or a URL that is not http(s) or carries a query
 * @example
 * normaliseEndpoints(['http://127.0.0.1:8080/aggregator/']); // ['http://127.0.0.1:8080/aggregator']
 */
function normaliseEndpoints(endpoints: readonly string[]): string[] {
  if (endpoints.length === 0)
    throw new RelayError('RELAY_INVALID_CONFIGURATION', 'expected at least one aggregator endpoint', { field: 'upstreams' });
  return endpoints.map((endpoint) => {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch (cause) {
      throw new RelayError('RELAY_INVALID_CONFIGURATION', `'${endpoint}' is not a URL`, { field: 'upstreams', cause });
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '' || url.username !== '') {
      throw new RelayError('RELAY_INVALID_CONFIGURATION', `'${endpoint}' must be a plain http(s) URL`, { field: 'upstreams' });
    }
    return url.href.replace(/\/+$/, '');
  });
}

/**
 * Creates the upstream pool.
 *
 * @param options - endpoints (in failover order), fetch, per-attempt timeout in milliseconds
 * @returns the pool
 * @throws {RelayError} `RELAY_INVALID_CONFIGURATION` for malformed endpoints
 * @example
 * const upstreams = createUpstreams({ endpoints: ['http://127.0.0.1:8080/aggregator'], timeoutMs: 10_000 });
 */
export function createUpstreams(options: {
  readonly endpoints: readonly string[];
  readonly fetch?: RelayFetch;
  readonly timeoutMs?: number;
}): Upstreams {
  const endpoints = normaliseEndpoints(options.endpoints);
  const fetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const timeoutMs = options.timeoutMs ?? 10_000;
  let preferred = 0;

  const attempt = async (endpoint: string, request: UpstreamRequest): Promise<UpstreamAnswer> => {
    const init: RequestInit = { method: request.method, headers: request.headers, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' };
    if (request.body !== undefined) init.body = request.body;
    const response = await fetch(new Request(`${endpoint}${request.route}`, init));
    return { status: response.status, headers: response.headers, body: await response.text(), upstream: endpoint };
  };

  return {
    endpoints,
    async send(request) {
      let last: UpstreamAnswer | undefined;
      let failure: unknown;
      for (let i = 0; i < endpoints.length; i++) {
        const index = (preferred + i) % endpoints.length;
        try {
          const answer = await attempt(endpoints[index]!, request);
          if (FAILOVER_STATUSES.has(answer.status)) {
            last = answer;
            continue;
          }
          preferred = index;
          return answer;
        } catch (error) {
          failure = error;
        }
      }
      if (last !== undefined) return last;
      throw new RelayError('RELAY_UPSTREAM_UNAVAILABLE', `no upstream aggregator answered ${request.method} ${request.route}`, {
        field: 'upstreams',
        cause: failure,
      });
    },
  };
}
