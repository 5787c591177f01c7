/**
 * The signer's view of an aggregator: the four routes of nodes.md §1.5 over the SDK's HTTP transport, with any Web
 * fetch (a real endpoint, or an in-process aggregator's fetch handler). Transport failures become `SignerError`s:
 * `SIGNER_AGGREGATOR_REJECTED` for a 4xx the protocol does not treat as an outcome, `SIGNER_AGGREGATOR_UNAVAILABLE`
 * for network failures, timeouts and 5xx (retried by the signer on a later tick).
 */
import { SignerError } from './errors.js';
import {
  createHttpTransport,
  encodeRegisterSignatureMessage,
  encodeRegisterSignerMessage,
  isMithrilError,
  parseEpochSettings,
  parseProtocolConfigurationMessage,
  type EpochSettings,
  type HttpTransport,
  type PostBody,
  type ProtocolConfigurationMessage,
  type RegisterSignatureMessage,
  type RegisterSignerMessage,
} from './sdk.js';

/**
 * A Web-standard fetch: `globalThis.fetch`, or an in-process handler such as an aggregator kit's `fetch`.
 *
 * @example
 * const fetch: FetchFunction = (request) => aggregator.fetch(request);
 */
export type FetchFunction = (request: Request) => Promise<Response>;

/**
 * Outcome of `POST /register-signer`.
 *
 * @example
 * const outcome: SignerRegistrationOutcome = 'round-not-open';
 */
export type SignerRegistrationOutcome = 'registered' | 'round-not-open';

/**
 * Status of an accepted `POST /register-signatures`: 201 stored, 202 buffered, 410 already certified or expired.
 *
 * @example
 * const status: SignatureRegistrationStatus = 202;
 */
export type SignatureRegistrationStatus = 201 | 202 | 410;

/**
 * The aggregator routes a signer uses (nodes.md §1.5).
 *
 * @example
 * const client: SignerAggregatorClient = createHttpAggregatorClient({ aggregatorEndpoint });
 * const settings = await client.getEpochSettings();
 */
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

/**
 * Options of {@link createHttpAggregatorClient}.
 *
 * @example
 * const options: HttpAggregatorClientOptions = { aggregatorEndpoint, fetch: aggregator.fetch, timeoutMs: 5000 };
 */
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

/**
 * Version announced in `signer-node-version` unless told otherwise.
 *
 * @example
 * createHttpAggregatorClient({ aggregatorEndpoint, signerNodeVersion: SIGNER_NODE_VERSION });
 */
export const SIGNER_NODE_VERSION = '0.1.0';

const REQUEST_TIMEOUT_MS = 30_000;

/** The HTTP status of a transport error, when the aggregator answered. */
function statusOf(error: unknown): number | undefined {
  if (!isMithrilError(error)) return undefined;
  const status = error.details?.['status'];
  return typeof status === 'number' ? status : undefined;
}

/** The signer's reading of a transport failure: a 4xx is a refusal, anything else is worth retrying. */
function signerErrorOf(route: string, error: unknown): unknown {
  if (!isMithrilError(error)) return error;
  const status = statusOf(error);
  const details = { ...error.details, ...(status === undefined ? {} : { status }) };
  const reason = error.message.startsWith(`${route}: `) ? error.message.slice(route.length + 2) : error.message;
  const code = status !== undefined && status >= 400 && status < 500 ? 'SIGNER_AGGREGATOR_REJECTED' : 'SIGNER_AGGREGATOR_UNAVAILABLE';
  return new SignerError(code, reason, { field: route, details, cause: error });
}

/**
 * Creates the client a signer uses to talk to an aggregator, over the SDK's HTTP transport. Every request carries
 * `mithril-api-version` and `signer-node-version` (nodes.md §1.1, §3.2); nothing is retried here (the signer retries).
 *
 * @param options - endpoint, fetch, timeout, version
 * @returns the client
 * @throws {SignerError} `SIGNER_INVALID_CONFIGURATION` for a malformed endpoint
 * @example
 * const client = createHttpAggregatorClient({ aggregatorEndpoint: 'http://127.0.0.1:8080/aggregator' });
 * const settings = await client.getEpochSettings();
 */
export function createHttpAggregatorClient(options: HttpAggregatorClientOptions): SignerAggregatorClient {
  let http: HttpTransport;
  try {
    http = createHttpTransport({
      aggregatorEndpoint: options.aggregatorEndpoint,
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      timeout: options.timeoutMs ?? REQUEST_TIMEOUT_MS,
      retry: 0,
      clientType: false,
      headers: { 'signer-node-version': options.signerNodeVersion ?? SIGNER_NODE_VERSION },
    });
  } catch (cause) {
    throw new SignerError('SIGNER_INVALID_CONFIGURATION', 'not a valid http(s) URL', { field: 'aggregatorEndpoint', cause });
  }

  const getText = async (route: string): Promise<string> => {
    try {
      return await http.getText(route);
    } catch (error) {
      throw signerErrorOf(route, error);
    }
  };
  /** POSTs and returns the status; `outcomes` are non-2xx statuses the protocol treats as answers, not failures. */
  const post = async (route: string, body: PostBody, outcomes: readonly number[]): Promise<number> => {
    try {
      return (await http.post(route, body)).status;
    } catch (error) {
      const status = statusOf(error);
      if (status !== undefined && outcomes.includes(status)) return status;
      throw signerErrorOf(route, error);
    }
  };

  return {
    async getEpochSettings() {
      return parseEpochSettings(await getText('/epoch-settings'));
    },
    async getProtocolConfiguration(epoch) {
      const route = `/protocol-configuration/${epoch}`;
      let text: string;
      try {
        text = await http.getText(route);
      } catch (error) {
        if (isMithrilError(error, 'CLIENT_NOT_FOUND')) return undefined;
        throw signerErrorOf(route, error);
      }
      return parseProtocolConfigurationMessage(text);
    },
    async registerSigner(body) {
      const status = await post('/register-signer', { jsonText: encodeRegisterSignerMessage(body) }, [550]);
      return status === 550 ? 'round-not-open' : 'registered';
    },
    async registerSignature(body) {
      const status = await post('/register-signatures', { jsonText: encodeRegisterSignatureMessage(body) }, [410]);
      // Any other 2xx: the signature was accepted.
      return status === 202 || status === 410 ? status : 201;
    },
  };
}
