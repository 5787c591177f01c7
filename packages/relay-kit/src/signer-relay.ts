/**
 * The signer relay (nodes.md §6.3): the five routes a signer uses (nodes.md §1.5), forwarded to one or more upstream
 * aggregators with failover. Registrations and signatures that no upstream can take are kept in a durable outbox and
 * delivered in order once one can; the signer's reads are served from a bounded cache while none answers.
 */
import { createResponses, createRouter, get, post, RequestError, type FetchHandler, type Route } from '@mithril/kit-core';
import { isMithrilError, MITHRIL_API_VERSION, toJsonText } from '@mithril/sdk';
import { createStorage, type Storage } from 'unstorage';
import memoryDriver from 'unstorage/drivers/memory';
import { deliverOutbox, epochOfSettings, type FlushReport } from './delivery.js';
import { RELAY_ERROR_STATUS } from './errors.js';
import { createGetCache } from './get-cache.js';
import { forwardedRequestHeaders, forwardedResponseHeaders, headerPairs } from './headers.js';
import { createOutbox, type OutboxKind, type RelayStats } from './outbox.js';
import { createUpstreams, type RelayFetch, type UpstreamAnswer } from './upstreams.js';

export type { FlushReport } from './delivery.js';

/**
 * Options of {@link createSignerRelay}.
 *
 * @example
 * const options: SignerRelayOptions = { upstreams: ['https://aggregator.example/aggregator'], storage };
 */
export interface SignerRelayOptions {
  /** Aggregator endpoints including their base path, in failover order. */
  readonly upstreams: readonly string[];
  /** Where the outbox and counters live (default: memory, which does not survive a restart). */
  readonly storage?: Storage;
  /** Path prefix the relay serves under (default none: signers set `AGGREGATOR_ENDPOINT=http://relay:3132`). */
  readonly basePath?: string;
  /** Fetch used to reach upstreams (default: the global one). */
  readonly fetch?: RelayFetch;
  /** Timeout of one upstream attempt in milliseconds (default 10 000). */
  readonly timeoutMs?: number;
  /** Oldest cached read served while no upstream answers, in milliseconds (default 30 minutes). */
  readonly cacheMaxAgeMs?: number;
  /** Milliseconds now (default `Date.now`). */
  readonly clock?: () => number;
  /** Largest accepted body in bytes (default 256 KiB, as the reference aggregator). */
  readonly bodyLimit?: number;
  /** Receives unexpected failures (answered 500 without internals). */
  readonly onUnexpectedError?: (error: unknown) => void;
}

/**
 * A signer relay.
 *
 * @example
 * const relay = createSignerRelay({ upstreams: [endpoint] });
 * createServer(toNodeListener(relay)).listen(3132);
 * relay.start();
 */
export interface SignerRelay {
  /** The Web fetch handler serving the signer routes. */
  readonly fetch: FetchHandler;
  /**
   * Delivers the outbox now (in order; stops at the first item no upstream can take yet).
   *
   * @throws {RelayError} `RELAY_STORAGE_FAILED` when the storage fails
   */
  flush(): Promise<FlushReport>;
  /**
   * Reads what a signer needs now (epoch settings, protocol configurations of epochs − 1, epoch and + 1) into the
   * cache, so that signers keep reading through an outage that starts later. Silent when no upstream answers.
   */
  refresh(): Promise<void>;
  /** Items waiting in the outbox. */
  pending(): Promise<number>;
  /** The counters (kept in the storage). */
  stats(): Promise<RelayStats>;
  /** Refreshes the cache and delivers the outbox every `intervalMs` (default 10 000) until `stop()`. */
  start(intervalMs?: number): void;
  /** Stops the delivery loop and waits for a pass in progress. */
  stop(): Promise<void>;
}

const REFORWARD_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);
/** Framing and connection headers are re-made by the fetch that sends upstream. */
const DROPPED_ON_FORWARD = ['host', 'content-length', 'accept-encoding', 'connection', 'authorization', 'proxy-authorization'];

function answerOf(answer: UpstreamAnswer, extra?: Readonly<Record<string, string>>): Response {
  const headers = forwardedResponseHeaders(answer.headers);
  for (const [name, value] of Object.entries(extra ?? {})) headers.set(name, value);
  const body = answer.body === '' || answer.status === 204 || answer.status === 304 ? null : answer.body;
  return new Response(body, { status: answer.status, headers });
}

function checkedBody(kind: OutboxKind, value: unknown): { text: string; epoch: string | undefined } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RequestError(400, 'Bad Request', 'body: expected a JSON object');
  const body = value as Record<string, unknown>;
  if (kind === 'registration') {
    if (typeof body['epoch'] !== 'number' && typeof body['epoch'] !== 'bigint')
      throw new RequestError(400, 'Bad Request', 'epoch: expected an integer');
    if (typeof body['verification_key'] !== 'string') throw new RequestError(400, 'Bad Request', 'verification_key: expected a string');
  } else {
    const type = body['entity_type'];
    if (typeof type !== 'object' || type === null || Array.isArray(type))
      throw new RequestError(400, 'Bad Request', 'entity_type: expected an object');
    if (typeof body['signature'] !== 'string') throw new RequestError(400, 'Bad Request', 'signature: expected a string');
  }
  return { text: toJsonText(body), epoch: kind === 'registration' ? String(body['epoch']) : undefined };
}

/**
 * Creates a signer relay.
 *
 * @param options - see {@link SignerRelayOptions}
 * @returns the relay (its delivery loop idle until `start()`)
 * @throws {RelayError} `RELAY_INVALID_CONFIGURATION` for missing or malformed upstreams
 * @example
 * const relay = createSignerRelay({ upstreams: ['http://127.0.0.1:8080/aggregator'], storage });
 * const response = await relay.fetch(new Request('http://relay.local/epoch-settings'));
 */
export function createSignerRelay(options: SignerRelayOptions): SignerRelay {
  const upstreams = createUpstreams({
    endpoints: options.upstreams,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  const clock = options.clock ?? Date.now;
  const cache = createGetCache(options.cacheMaxAgeMs ?? 30 * 60_000, clock);
  const outbox = createOutbox(options.storage ?? createStorage({ driver: memoryDriver() }));
  const responses = createResponses({ apiVersion: MITHRIL_API_VERSION });
  let knownEpoch: bigint | undefined;

  const remember = (route: string, answer: UpstreamAnswer): void => {
    cache.put(route, answer);
    if (route === '/epoch-settings') knownEpoch = epochOfSettings(answer) ?? knownEpoch;
  };

  // Every POST and every delivery pass runs in this one queue, so the upstream sees them in arrival order.
  let queue: Promise<unknown> = Promise.resolve();
  const serialised = <T>(run: () => Promise<T>): Promise<T> => {
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };
  const flushNow = (): Promise<FlushReport> => deliverOutbox(outbox, upstreams, (answer) => remember('/epoch-settings', answer));

  const refresh = async (): Promise<void> => {
    const headers = new Headers({ accept: 'application/json' });
    try {
      const settings = await upstreams.send({ method: 'GET', route: '/epoch-settings', headers });
      remember('/epoch-settings', settings);
      const epoch = epochOfSettings(settings);
      if (epoch === undefined) return;
      for (const e of [epoch - 1n, epoch, epoch + 1n]) {
        if (e < 0n) continue;
        const route = `/protocol-configuration/${e}`;
        remember(route, await upstreams.send({ method: 'GET', route, headers }));
      }
    } catch (error) {
      if (!isMithrilError(error, 'RELAY_UPSTREAM_UNAVAILABLE')) throw error;
    }
  };
  const pass = async (): Promise<FlushReport> => {
    await refresh();
    return flushNow();
  };

  const read = (route: string) =>
    get(route, async ({ request, params }) => {
      const epoch = params['epoch'];
      if (epoch !== undefined && !/^\d{1,20}$/.test(epoch)) throw new RequestError(400, 'invalid_epoch', `invalid epoch parameter '${epoch}'`);
      const path = epoch === undefined ? route : `/protocol-configuration/${epoch}`;
      const headers = forwardedRequestHeaders(request.headers, { dropAlso: DROPPED_ON_FORWARD });
      try {
        const answer = await upstreams.send({ method: 'GET', route: path, headers });
        remember(path, answer);
        return answerOf(answer);
      } catch (error) {
        if (!isMithrilError(error, 'RELAY_UPSTREAM_UNAVAILABLE')) throw error;
        const cached = cache.fresh(path);
        if (cached === undefined) throw error;
        return answerOf(cached.answer, { age: String(Math.max(0, Math.floor((clock() - cached.receivedAt) / 1000))) });
      }
    });

  const write = (route: string, kind: OutboxKind) =>
    post(route, async ({ request, body }) => {
      const { text, epoch: registrationEpoch } = checkedBody(kind, await body());
      const headers = forwardedRequestHeaders(request.headers, { dropAlso: DROPPED_ON_FORWARD });
      headers.set('content-type', 'application/json');
      return serialised(async () => {
        await outbox.count(kind, 'received');
        if ((await outbox.size()) > 0) await flushNow();
        if ((await outbox.size()) === 0) {
          try {
            const answer = await upstreams.send({ method: 'POST', route, headers, body: text });
            if (!REFORWARD_STATUSES.has(answer.status)) {
              await outbox.count(kind, 'forwarded');
              return answerOf(answer);
            }
          } catch (error) {
            if (!isMithrilError(error, 'RELAY_UPSTREAM_UNAVAILABLE')) throw error;
          }
        }
        const epoch = registrationEpoch ?? knownEpoch?.toString();
        await outbox.enqueue({ kind, body: text, headers: headerPairs(headers), ...(epoch === undefined ? {} : { epoch }) });
        await outbox.count(kind, 'buffered');
        return responses.empty(202);
      });
    });

  const routes: Route[] = [
    read('/'),
    read('/epoch-settings'),
    read('/protocol-configuration/:epoch'),
    write('/register-signer', 'registration'),
    write('/register-signatures', 'signature'),
  ];
  const router = createRouter(routes, {
    basePath: options.basePath ?? '',
    responses,
    errors: RELAY_ERROR_STATUS,
    ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
    ...(options.onUnexpectedError === undefined ? {} : { onUnexpectedError: options.onUnexpectedError }),
  });

  let running = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<unknown> = Promise.resolve();
  const loop = (intervalMs: number): void => {
    timer = setTimeout(() => {
      inFlight = serialised(pass)
        .catch((error: unknown) => options.onUnexpectedError?.(error))
        .finally(() => {
          if (running) loop(intervalMs);
        });
    }, intervalMs);
  };

  return {
    fetch: router,
    flush: () => serialised(flushNow),
    refresh: () => serialised(refresh),
    pending: () => outbox.size(),
    stats: () => outbox.stats(),
    start(intervalMs = 10_000) {
      if (running) return;
      running = true;
      loop(intervalMs);
    },
    async stop() {
      running = false;
      if (timer !== undefined) clearTimeout(timer);
      await inFlight.catch(() => undefined);
      await queue;
    },
  };
}
