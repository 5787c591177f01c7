/**
 * Hono adapter: a Hono app whose every route is answered by the aggregator's fetch handler; mount it with
 * `app.route('/', toHonoApp(aggregator))` or serve it directly (`@hono/node-server`, Bun, Deno, workers).
 */
import { Hono } from 'hono';

/** A Web-standard fetch handler. */
type FetchHandler = (request: Request) => Promise<Response>;

/**
 * Creates a Hono app serving the aggregator routes.
 *
 * @param handler - the aggregator (or its `fetch`)
 * @returns the Hono app
 * @example
 * serve({ fetch: toHonoApp(aggregator).fetch, port: 8080 });
 */
export function toHonoApp(handler: FetchHandler | { fetch: FetchHandler }): Hono {
  const fetch = typeof handler === 'function' ? handler : handler.fetch;
  const app = new Hono();
  app.all('*', (c) => fetch(c.req.raw));
  return app;
}
