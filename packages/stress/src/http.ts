/**
 * A light HTTP client for the load: node:http with keep-alive sockets (fetch costs more on a thread shared with the
 * aggregator under test), bounded concurrency, a per-request time limit, and every latency recorded.
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** One answer. */
interface HttpResult {
  readonly status: number;
  readonly body: string;
  /** Milliseconds from sending to the last byte. */
  readonly ms: number;
}

/** An aggregator seen over HTTP. */
export interface HttpTarget {
  get(path: string): Promise<HttpResult>;
  post(path: string, body: string): Promise<HttpResult>;
  close(): void;
}

/**
 * Creates a client for an aggregator endpoint.
 *
 * @param endpoint - e.g. `http://127.0.0.1:8080/aggregator`
 * @param sockets - keep-alive sockets (the concurrency)
 * @param requestTimeoutMs - limit of one request
 * @returns the client; `close()` frees its sockets
 * @example
 * const target = createHttpTarget('http://127.0.0.1:8080/aggregator', 16, 30_000);
 * const { status } = await target.get('/epoch-settings');
 */
export function createHttpTarget(endpoint: string, sockets: number, requestTimeoutMs: number): HttpTarget {
  const secure = endpoint.startsWith('https:');
  const agent = secure ? new HttpsAgent({ keepAlive: true, maxSockets: sockets }) : new HttpAgent({ keepAlive: true, maxSockets: sockets });
  const send = (method: string, path: string, body?: string): Promise<HttpResult> =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const headers: Record<string, string | number> = { accept: 'application/json' };
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = Buffer.byteLength(body);
      }
      const request = (secure ? httpsRequest : httpRequest)(
        `${endpoint}${path}`,
        { method, agent, headers, timeout: requestTimeoutMs },
        (response) => {
          const parts: Buffer[] = [];
          response.on('data', (chunk: Buffer) => parts.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8'), ms: performance.now() - started }),
          );
          response.on('error', reject);
        },
      );
      request.on('timeout', () => request.destroy(new Error(`${method} ${path}: no answer within ${requestTimeoutMs} ms`)));
      request.on('error', reject);
      request.end(body);
    });
  // A kept-alive socket the server closed just as it was reused fails at once: every request of the scenario is
  // idempotent (a registration or signature replay changes nothing), so it is sent once more on a fresh socket.
  const once = async (method: string, path: string, body?: string): Promise<HttpResult> => {
    try {
      return await send(method, path, body);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== 'ECONNRESET' && code !== 'EPIPE' && !(error instanceof Error && error.message === 'socket hang up')) throw error;
      return send(method, path, body);
    }
  };
  return {
    get: (path) => once('GET', path),
    post: (path, body) => once('POST', path, body),
    close: () => agent.destroy(),
  };
}

/**
 * Runs `task` over every item with at most `concurrency` in flight.
 *
 * @param items - the work
 * @param concurrency - lanes
 * @param task - one item's work (its rejection is the caller's to catch)
 * @example
 * await inLanes(bodies, 16, (body) => target.post('/register-signer', body));
 */
export async function inLanes<T>(items: readonly T[], concurrency: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      await task(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}
