/**
 * The one HTTP transport to an aggregator, over ky (nodes.md §1.1-§1.2), used by the client, the CLI and the signer
 * kit: GET and POST (JSON bodies written losslessly), `mithril-api-version`, the optional origin tag and client type
 * (or any other header, such as a signer's `signer-node-version`) on every request, the server's version read from
 * every response with a warning (never a failure) when it is newer, and failures mapped to {@link ClientError} codes.
 */
import ky, { type KyInstance } from 'ky';
import { stringifyJson, type JsonValue } from '../codec/json.js';
import { isMithrilError } from '../errors.js';
import { ClientError, throwIfAborted } from './errors.js';
import { DEFAULT_MAX_RESPONSE_BYTES, readBodyText } from './read-body.js';

export { DEFAULT_MAX_RESPONSE_BYTES } from './read-body.js';

/**
 * `info.version` of the reference OpenAPI document this client implements (openapi-2eedbd254.yaml).
 *
 * @example
 * compareApiVersions(serverVersion, MITHRIL_API_VERSION);
 */
export const MITHRIL_API_VERSION = '0.1.68';

/**
 * Request and response header carrying the OpenAPI version (nodes.md §1.1).
 *
 * @example
 * response.headers.get(API_VERSION_HEADER);
 */
export const API_VERSION_HEADER = 'mithril-api-version';

/**
 * Optional request header tagging the origin of the traffic for the aggregator's metrics (nodes.md §1.1).
 *
 * @example
 * createHttpTransport({ aggregatorEndpoint, headers: { [ORIGIN_TAG_HEADER]: 'CI' } });
 */
export const ORIGIN_TAG_HEADER = 'mithril-origin-tag';

/**
 * Request header naming the kind of client: `CLI`, `WASM`, `LIBRARY` or `NA` (nodes.md §1.1).
 *
 * @example
 * request.headers.get(CLIENT_TYPE_HEADER); // 'LIBRARY'
 */
export const CLIENT_TYPE_HEADER = 'mithril-client-type';

/**
 * Kind of client announced in {@link CLIENT_TYPE_HEADER}.
 *
 * @example
 * const clientType: MithrilClientType = 'CLI';
 */
export type MithrilClientType = 'CLI' | 'WASM' | 'LIBRARY' | 'NA';

/**
 * Where the client reports non-fatal problems. `console` fits.
 *
 * @example
 * const logger: ClientLogger = { warn: (message) => console.warn(message) };
 */
export interface ClientLogger {
  warn(message: string, context?: Record<string, unknown>): void;
}

/**
 * Options of {@link createHttpTransport}.
 *
 * @example
 * const options: HttpTransportOptions = { aggregatorEndpoint: 'http://127.0.0.1:8080/aggregator', retry: 0 };
 */
export interface HttpTransportOptions {
  /** Aggregator endpoint including the base path, e.g. `https://aggregator.example/aggregator`. */
  readonly aggregatorEndpoint: string;
  /**
   * `fetch` implementation (default: the global one); any Web fetch handler fits, e.g. an in-process aggregator's
   * `fetch`, which then serves every request without a network.
   */
  readonly fetch?: (request: Request) => Promise<Response>;
  /** Value of `mithril-origin-tag`; not sent when absent. */
  readonly origin?: string;
  /** Value of `mithril-client-type` (default `LIBRARY`); `false` sends none (signers do not). */
  readonly clientType?: MithrilClientType | false;
  /** Extra request headers. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Per-attempt timeout in milliseconds (default 30 000); `false` disables it. */
  readonly timeout?: number | false;
  /** Retries of GET requests on network errors and 408/413/429/5xx (default 2); POST requests are never retried. */
  readonly retry?: number;
  /**
   * Largest response body accepted, in bytes (default {@link DEFAULT_MAX_RESPONSE_BYTES}, 64 MiB); a larger one is
   * refused with `CLIENT_RESPONSE_TOO_LARGE` from its `content-length`, or as soon as that many bytes have arrived.
   */
  readonly maxResponseBytes?: number;
  /** Signal aborting every request of this transport. */
  readonly signal?: AbortSignal;
  /** Receives the newer-server warning (default: `console`). */
  readonly logger?: ClientLogger;
  /** Called once when the server announces a newer API version than {@link MITHRIL_API_VERSION}. */
  readonly onServerApiVersionNewer?: (serverVersion: string, clientVersion: string) => void;
}

/** The innermost reason of a failed fetch (undici wraps it: `fetch failed` ← `connect ECONNREFUSED 127.0.0.1:9`). */
function networkCause(cause: unknown): string {
  let reason = cause;
  for (let depth = 0; depth < 5; depth++) {
    const inner = (reason as { cause?: unknown } | null)?.cause;
    if (inner === undefined || inner === null) break;
    reason = inner;
  }
  const message = reason instanceof Error ? reason.message : String(reason);
  const code = (reason as { code?: unknown } | null)?.code;
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}

/**
 * Per-request options.
 *
 * @example
 * await http.getText('certificates', { signal: AbortSignal.timeout(5000) });
 */
export interface RequestOptions {
  readonly signal?: AbortSignal | undefined;
}

/**
 * The body of a POST: a lossless JSON value (`bigint` for u64, `Map` objects, `JsonF64`), or JSON text already
 * encoded (an SDK message encoder's output), sent as is.
 *
 * @example
 * await http.post('register-signer', { jsonText: encodeRegisterSignerMessage(message) });
 */
export type PostBody = { readonly json: JsonValue } | { readonly jsonText: string };

/**
 * A 2xx answer: its status (201, 202…) and body text.
 *
 * @example
 * const { status, text }: HttpResponse = await http.post('statistics/snapshot', { json: new Map() });
 */
export interface HttpResponse {
  readonly status: number;
  readonly text: string;
}

/**
 * A JSON-over-HTTP transport bound to one aggregator.
 *
 * @example
 * const http: HttpTransport = createHttpTransport({ aggregatorEndpoint });
 * const certificates = await http.getText('certificates');
 */
export interface HttpTransport {
  /** The endpoint without a trailing slash. */
  readonly aggregatorEndpoint: string;
  /**
   * GETs `path` (relative to the endpoint) and returns the body text of a 2xx response.
   *
   * @throws {ClientError} `CLIENT_NOT_FOUND`, `CLIENT_HTTP_ERROR`, `CLIENT_NETWORK_ERROR`, `CLIENT_TIMEOUT`,
   *   `CLIENT_ABORTED`, `CLIENT_RESPONSE_TOO_LARGE`
   */
  getText(path: string, options?: RequestOptions): Promise<string>;
  /**
   * POSTs a JSON body to `path` (relative to the endpoint), once (never retried), and returns the 2xx answer.
   *
   * @throws {ClientError} `CLIENT_HTTP_ERROR` (non-2xx: `details.status`, `details.label`, `details.message`),
   *   `CLIENT_NOT_FOUND`, `CLIENT_NETWORK_ERROR`, `CLIENT_TIMEOUT`, `CLIENT_ABORTED`
   */
  post(path: string, body: PostBody, options?: RequestOptions): Promise<HttpResponse>;
}

/**
 * Compares two dotted numeric versions (`0.1.68`); `undefined` when either is not of that form.
 *
 * @param a - a version
 * @param b - another version
 * @returns negative, zero or positive like a comparator
 *
 * @example
 * compareApiVersions('0.1.69', '0.1.68'); // 1
 */
export function compareApiVersions(a: string, b: string): number | undefined {
  const parse = (v: string): number[] | undefined => (/^\d+(\.\d+)*$/.test(v.trim()) ? v.trim().split('.').map(Number) : undefined);
  const pa = parse(a);
  const pb = parse(b);
  if (pa === undefined || pb === undefined) return undefined;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function combineSignals(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}

function errorBodySummary(text: string): { label?: string; message?: string } {
  try {
    const body = JSON.parse(text) as unknown;
    if (body !== null && typeof body === 'object') {
      const { label, message } = body as { label?: unknown; message?: unknown };
      return {
        ...(typeof label === 'string' ? { label } : {}),
        ...(typeof message === 'string' ? { message } : {}),
      };
    }
  } catch {
    // Not JSON: the reference answers some errors with an empty or plain-text body.
  }
  return {};
}

/**
 * Creates the HTTP transport of a client.
 *
 * @param options - endpoint, fetch, headers, timeout, retry, signal, logger
 * @returns the transport
 * @throws {ClientError} `CLIENT_INVALID_OPTIONS` when the endpoint is not an absolute http(s) URL
 * @example
 * const http = createHttpTransport({ aggregatorEndpoint: 'http://127.0.0.1:8080/aggregator' });
 * const text = await http.getText('certificates');
 * const { status } = await http.post('statistics/snapshot', { json: new Map([['digest', 'abc']]) });
 */
export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  let endpoint: URL;
  try {
    endpoint = new URL(options.aggregatorEndpoint);
  } catch (cause) {
    throw new ClientError('CLIENT_INVALID_OPTIONS', 'expected an absolute URL', { field: 'aggregatorEndpoint', cause });
  }
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') {
    throw new ClientError('CLIENT_INVALID_OPTIONS', 'expected an http or https URL', { field: 'aggregatorEndpoint' });
  }
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes < 0) {
    throw new ClientError('CLIENT_INVALID_OPTIONS', 'expected a non-negative integer number of bytes', { field: 'maxResponseBytes' });
  }
  const aggregatorEndpoint = options.aggregatorEndpoint.replace(/\/+$/, '');
  const logger = options.logger ?? console;
  const userFetch = options.fetch;
  let warned = false;
  const headers: Record<string, string> = {
    ...options.headers,
    [API_VERSION_HEADER]: MITHRIL_API_VERSION,
    ...(options.clientType === false ? {} : { [CLIENT_TYPE_HEADER]: options.clientType ?? 'LIBRARY' }),
    ...(options.origin !== undefined && options.origin !== '' ? { [ORIGIN_TAG_HEADER]: options.origin } : {}),
  };

  const checkVersion = (response: Response): void => {
    const serverVersion = response.headers.get(API_VERSION_HEADER);
    if (warned || serverVersion === null) return;
    const cmp = compareApiVersions(serverVersion, MITHRIL_API_VERSION);
    // Only a newer server deserves a warning; never fail on the header (trap 50).
    if (cmp !== undefined && cmp > 0) {
      warned = true;
      logger.warn(
        `aggregator API version ${serverVersion} is newer than this client's ${MITHRIL_API_VERSION}; some responses may not be understood`,
        { serverVersion, clientVersion: MITHRIL_API_VERSION },
      );
      options.onServerApiVersionNewer?.(serverVersion, MITHRIL_API_VERSION);
    }
  };

  const api: KyInstance = ky.create({
    prefixUrl: `${aggregatorEndpoint}/`,
    headers,
    timeout: options.timeout ?? 30_000,
    retry: { limit: options.retry ?? 2, methods: ['get'] },
    ...(userFetch !== undefined
      ? { fetch: (input: RequestInfo | URL, init?: RequestInit) => userFetch(input instanceof Request ? input : new Request(input, init)) }
      : {}),
  });

  const send = async (method: 'GET' | 'POST', path: string, requestOptions: RequestOptions, body?: string): Promise<HttpResponse> => {
    const signal = combineSignals(options.signal, requestOptions.signal);
    throwIfAborted(signal);
    const relative = path.replace(/^\/+/, '');
    // The full URL: a wrong endpoint or base path is then visible in the message itself.
    const what = `${method} ${aggregatorEndpoint}/${relative}`;
    let response: Response;
    try {
      response = await api(relative, {
        method,
        ...(signal === undefined ? {} : { signal }),
        ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
      });
    } catch (cause) {
      throwIfAborted(signal);
      const name = (cause as { name?: unknown } | null)?.name;
      if (name === 'HTTPError') {
        // ky throws on non-2xx after its retries (5xx, 429…) so that they happen at all: read the final response.
        response = (cause as { response: Response }).response;
      } else if (name === 'TimeoutError') {
        throw new ClientError('CLIENT_TIMEOUT', `request timed out: ${what}`, { field: path, cause });
      } else if (name === 'AbortError') {
        throw new ClientError('CLIENT_ABORTED', 'the request was aborted', { cause });
      } else {
        throw new ClientError('CLIENT_NETWORK_ERROR', `request failed: ${what} (${networkCause(cause)})`, { field: path, cause });
      }
    }
    // Read here rather than in a ky hook: a hook gets a clone, whose tee would buffer the body beside the limit.
    checkVersion(response);
    let text: string;
    try {
      text = await readBodyText(response, maxResponseBytes, what, path);
    } catch (cause) {
      if (isMithrilError(cause)) throw cause;
      throwIfAborted(signal);
      throw new ClientError('CLIENT_NETWORK_ERROR', `could not read the response of ${what}`, { field: path, cause });
    }
    if (response.ok) return { status: response.status, text };
    const summary = errorBodySummary(text);
    const details = { status: response.status, path: relative, ...summary };
    if (response.status === 404) {
      throw new ClientError('CLIENT_NOT_FOUND', `not found: ${what} answered 404`, { field: path, details });
    }
    const reason = summary.message ?? summary.label ?? response.statusText;
    throw new ClientError('CLIENT_HTTP_ERROR', `${what} answered ${response.status}${reason ? `: ${reason}` : ''}`, {
      field: path,
      details,
    });
  };

  return {
    aggregatorEndpoint,
    async getText(path, requestOptions = {}) {
      return (await send('GET', path, requestOptions)).text;
    },
    post(path, body, requestOptions = {}) {
      return send('POST', path, requestOptions, 'json' in body ? stringifyJson(body.json) : body.jsonText);
    },
  };
}
