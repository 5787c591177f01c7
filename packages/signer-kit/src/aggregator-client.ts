/**
 * The signer's view of an aggregator: the four routes of nodes.md §1.5 over any Web `fetch` (a real HTTP endpoint, or
 * an in-process aggregator's fetch handler).
 */
import { MITHRIL_API_VERSION } from './sdk.js';
import { SignerError } from './errors.js';
import { encodeRegisterSignatureMessage, encodeRegisterSignerMessage, parseEpochSettings, parseProtocolConfigurationMessage } from './sdk.js';
import type { EpochSettings, ProtocolConfigurationMessage, RegisterSignatureMessage, RegisterSignerMessage } from './sdk.js';

/** A Web-standard fetch: `globalThis.fetch`, or an in-process handler such as an aggregator kit's `fetch`. */
export type FetchFunction = (request: Request) => Promise<Response>;

/** Outcome of `POST /register-signer`. */
export type SignerRegistrationOutcome = 'registered' | 'round-not-open';

/** Status of an accepted `POST /register-signatures`: 201 stored, 202 buffered, 410 already certified or expired. */
export type SignatureRegistrationStatus = 201 | 202 | 410;

/** The aggregator routes a signer uses (nodes.md §1.5). */
export interface SignerAggregatorClient {
  /** `GET /epoch-settings`. */
  getEpochSettings(): Promise<EpochSettings>;
  /** `GET /protocol-configuration/{epoch}`; `undefined` on 404 (no settings stored for that epoch). */
  getProtocolConfiguration(epoch: bigint): Promise<ProtocolConfigurationMessage | undefined>;
  /** `POST /register-signer`; `round-not-open` on 550 (retry next tick, trap 41). */
  registerSigner(body: RegisterSignerMessage): Promise<SignerRegistrationOutcome>;
  /** `POST /register-signatures`; 201, 202 and 410 all count as success (trap 47). */
  registerSignature(body: RegisterSignatureMessage): Promise<SignatureRegistrationStatus>;
}

/** Options of {@link createHttpAggregatorClient}. */
export interface HttpAggregatorClientOptions {
  /** Endpoint including the base path, e.g. `http://127.0.0.1:8080/aggregator`. */
  readonly aggregatorEndpoint: string;
  /** Fetch implementation (default: the global one). */
  readonly fetch?: FetchFunction;
  /** Per-request timeout in milliseconds (default 30 000, as the reference signer). */
  readonly timeoutMs?: number;
  /** Value of the `signer-node-version` header. */
  readonly signerNodeVersion?: string;
}

/** Version announced in `signer-node-version` unless told otherwise. */
export const SIGNER_NODE_VERSION = '0.1.0';

const REQUEST_TIMEOUT_MS = 30_000;
const MAX_ERROR_BODY = 2_000;

/** A rejection by the aggregator: a 4xx other than the ones the protocol treats as outcomes. */
function rejected(route: string, status: number, body: string): SignerError {
  return new SignerError('SIGNER_AGGREGATOR_REJECTED', `${route} answered ${status}: ${body.slice(0, MAX_ERROR_BODY)}`, {
    field: route,
    details: { status, body: body.slice(0, MAX_ERROR_BODY) },
  });
}

/** The aggregator could not be reached or failed on its side: worth retrying. */
function unavailable(route: string, message: string, details: Record<string, unknown>, cause?: unknown): SignerError {
  return new SignerError('SIGNER_AGGREGATOR_UNAVAILABLE', `${route}: ${message}`, { field: route, details, cause });
}

/**
 * Creates the HTTP client a signer uses to talk to an aggregator. Every request carries `mithril-api-version` and
 * `signer-node-version` (nodes.md §1.1, §3.2).
 *
 * @param options - endpoint, fetch, timeout
 * @returns the client
 * @throws {MithrilError} `SIGNER_INVALID_CONFIGURATION` for a malformed endpoint
 * @example
 * const client = createHttpAggregatorClient({ aggregatorEndpoint: 'http://127.0.0.1:8080/aggregator' });
 * const settings = await client.getEpochSettings();
 */
export function createHttpAggregatorClient(options: HttpAggregatorClientOptions): SignerAggregatorClient {
  let base: string;
  try {
    base = new URL(options.aggregatorEndpoint).toString().replace(/\/+$/, '');
  } catch (cause) {
    throw new SignerError('SIGNER_INVALID_CONFIGURATION', 'not a valid URL', { field: 'aggregatorEndpoint', cause });
  }
  const doFetch: FetchFunction = options.fetch ?? ((request) => globalThis.fetch(request));
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  const headers = {
    'mithril-api-version': MITHRIL_API_VERSION,
    'signer-node-version': options.signerNodeVersion ?? SIGNER_NODE_VERSION,
  };

  const send = async (route: string, method: 'GET' | 'POST', body?: string): Promise<{ status: number; text: string }> => {
    const request = new Request(`${base}${route}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    let response: Response;
    try {
      response = await doFetch(request);
    } catch (cause) {
      throw unavailable(route, 'request failed', {}, cause);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (cause) {
      throw unavailable(route, 'reading the response failed', { status: response.status }, cause);
    }
    return { status: response.status, text };
  };

  const expectOk = (route: string, status: number, text: string): void => {
    if (status >= 200 && status < 300) return;
    if (status >= 400 && status < 500) throw rejected(route, status, text);
    throw unavailable(route, `answered ${status}: ${text.slice(0, MAX_ERROR_BODY)}`, { status, body: text.slice(0, MAX_ERROR_BODY) });
  };

  return {
    async getEpochSettings() {
      const route = '/epoch-settings';
      const { status, text } = await send(route, 'GET');
      expectOk(route, status, text);
      return parseEpochSettings(text);
    },
    async getProtocolConfiguration(epoch) {
      const route = `/protocol-configuration/${epoch}`;
      const { status, text } = await send(route, 'GET');
      if (status === 404) return undefined;
      expectOk(route, status, text);
      return parseProtocolConfigurationMessage(text);
    },
    async registerSigner(body) {
      const route = '/register-signer';
      const { status, text } = await send(route, 'POST', encodeRegisterSignerMessage(body));
      if (status === 550) return 'round-not-open';
      expectOk(route, status, text);
      return 'registered';
    },
    async registerSignature(body) {
      const route = '/register-signatures';
      const { status, text } = await send(route, 'POST', encodeRegisterSignatureMessage(body));
      if (status === 201 || status === 202 || status === 410) return status;
      expectOk(route, status, text);
      // Any other 2xx: the signature was accepted.
      return 201;
    },
  };
}
