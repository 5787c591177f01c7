/**
 * The fetch router of every kit, on Hono's trie router: routes are inserted once, literal segments before parameters,
 * and each request is matched by one tree walk (no per-request filtering or sorting). Around the match: the base
 * path, percent-decoding of each segment (a failure is a 404), HEAD answered as GET, OPTIONS answered 204 with CORS,
 * 405 for a known path with another method, the body read once under the limit, and errors answered through the
 * kit's table.
 */
import { TrieRouter } from 'hono/router/trie-router';
import { DEFAULT_BODY_LIMIT, parseJsonBody, readBody } from './body.js';
import { errorReply, type ErrorTable } from './errors.js';
import type { FetchHandler } from './fetch-handler.js';
import type { Responses } from './responses.js';

/**
 * Methods a route may answer (HEAD is answered by the GET route).
 *
 * @example
 * const method: RouteMethod = 'POST';
 */
export type RouteMethod = 'GET' | 'POST';

/**
 * What a route handler receives.
 *
 * @example
 * const handler: RouteHandler = async ({ params }) => new Response(params['hash']);
 */
export interface RouteContext {
  readonly request: Request;
  /** Decoded path parameters, by name (`/certificate/:hash` → `hash`). */
  readonly params: Readonly<Record<string, string>>;
  /**
   * The request body parsed as lossless JSON (read once; POST bodies are read before the handler runs).
   *
   * @throws {RequestError} 413 over the body limit, 400 when not UTF-8 or not JSON
   */
  body(): Promise<unknown>;
}

/**
 * A route handler: may throw a `RequestError` or a coded Mithril error, answered through the router's error table.
 *
 * @example
 * const handler: RouteHandler = async () => new Response(null, { status: 204 });
 */
export type RouteHandler = (context: RouteContext) => Promise<Response>;

/**
 * One route: a method, a path with `:name` parameters, and its handler.
 *
 * @example
 * const route: Route = { method: 'GET', path: '/certificate/:hash', handler };
 */
export interface Route {
  readonly method: RouteMethod;
  readonly path: string;
  readonly handler: RouteHandler;
}

/**
 * A GET route.
 *
 * @param path - path with `:name` parameters, relative to the base path
 * @param handler - the handler
 * @returns the route
 * @example
 * const routes = [get('/certificates', async () => responses.json(200, []))];
 */
export function get(path: string, handler: RouteHandler): Route {
  return { method: 'GET', path, handler };
}

/**
 * A POST route (its JSON body is read and, when not empty, parsed before the handler runs).
 *
 * @param path - path with `:name` parameters, relative to the base path
 * @param handler - the handler
 * @returns the route
 * @example
 * const routes = [post('/register-signer', async ({ body }) => { await body(); return responses.empty(201); })];
 */
export function post(path: string, handler: RouteHandler): Route {
  return { method: 'POST', path, handler };
}

/**
 * Options of {@link createRouter}.
 *
 * @example
 * const options: RouterOptions = { basePath: '/aggregator', responses, errors: ERROR_STATUS };
 */
export interface RouterOptions {
  /** Prefix of every route, e.g. `/aggregator` (`''` or `/` for none). */
  readonly basePath: string;
  /** Largest accepted body in bytes (default {@link DEFAULT_BODY_LIMIT}). */
  readonly bodyLimit?: number;
  /** The kit's response builders (its API version and CORS headers). */
  readonly responses: Responses;
  /** The kit's error-code table. */
  readonly errors: ErrorTable;
  /** Receives errors that are not Mithril errors (answered 500 `internal error`). */
  readonly onUnexpectedError?: (error: unknown) => void;
}

interface Entry {
  readonly route: Route;
  readonly segments: readonly string[];
}

function segmentsOf(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

const isParam = (segment: string): boolean => segment.startsWith(':');

/**
 * Creates a fetch handler serving `routes` under the base path.
 *
 * @param routes - the routes, in any order (route groups concatenated); literal segments win over parameters
 * @param options - base path, body limit, responses, error table, unexpected-error callback
 * @returns the fetch handler
 * @example
 * const responses = createResponses({ apiVersion: '0.1.68' });
 * const fetch = createRouter([get('/', async () => responses.json(200, { ok: true }))], { basePath: '/relay', responses, errors: {} });
 * await fetch(new Request('http://localhost/relay/'));
 */
export function createRouter(routes: readonly Route[], options: RouterOptions): FetchHandler {
  const { responses } = options;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const base = segmentsOf(options.basePath);
  const entries: Entry[] = routes.map((route) => ({ route, segments: segmentsOf(route.path) }));
  // The trie returns every match in insertion order: insert literal-heavy routes first, once (trap 56).
  const ranked = entries
    .map((entry, index) => ({ entry, index, params: entry.segments.filter(isParam).length }))
    .sort((a, b) => a.params - b.params || a.index - b.index)
    .map((r) => r.entry);
  const trie = new TrieRouter<Entry>();
  for (const entry of ranked) trie.add('ALL', `/${entry.segments.join('/')}`, entry);

  const answerError = (error: unknown): Response => {
    const reply = errorReply(error, options.errors);
    if (!reply.expected) options.onUnexpectedError?.(error);
    return responses.error(reply);
  };

  return async (request) => {
    try {
      let segments = segmentsOf(new URL(request.url).pathname);
      try {
        segments = segments.map((s) => decodeURIComponent(s));
      } catch {
        return responses.empty(404);
      }
      if (!base.every((b, i) => segments[i] === b)) return responses.empty(404);
      segments = segments.slice(base.length);
      const method = request.method.toUpperCase();
      if (method === 'OPTIONS') return responses.empty(204);
      const wanted = method === 'HEAD' ? 'GET' : method;
      // A decoded `/` must not split a segment: no literal contains `%`, so this keeps literals apart and counts right.
      const matched = trie.match('ALL', `/${segments.map((s) => s.replaceAll('/', '%2F')).join('/')}`)[0].map(([entry]) => entry);
      if (matched.length === 0) return responses.empty(404);
      const entry = matched.find((e) => e.route.method === wanted);
      if (entry === undefined) return responses.empty(405);
      const params: Record<string, string> = {};
      entry.segments.forEach((seg, i) => {
        if (isParam(seg)) params[seg.slice(1)] = segments[i]!;
      });
      let cached: Promise<unknown> | undefined;
      const raw = method === 'POST' ? await readBody(request, bodyLimit) : undefined;
      const body = (): Promise<unknown> =>
        (cached ??= raw === undefined ? readBody(request, bodyLimit).then(parseJsonBody) : Promise.resolve().then(() => parseJsonBody(raw)));
      // A non-empty POST body is parsed before the handler runs (400 when malformed); an empty one only fails for
      // routes that read it, so body-less POSTs (the reference's statistics counters) are answered as the reference.
      if (raw !== undefined && raw !== '') await body();
      return await entry.route.handler({ request, params, body });
    } catch (error) {
      return answerError(error);
    }
  };
}
