/**
 * Hono adapter: a Hono app whose every route is answered by a kit's fetch handler; mount it with
 * `app.route('/', toHonoApp(kit))` or serve it directly (`@hono/node-server`, Bun, Deno, workers).
 */
import { Hono } from 'hono';
import { toFetchHandler, type FetchTarget } from '../fetch-handler.js';

/**
 * Creates a Hono app serving a kit's routes.
 *
 * @param target - the kit (or its `fetch`)
 * @returns the Hono app
 * @example
 * serve({ fetch: toHonoApp(aggregator).fetch, port: 8080 });
 */
export function toHonoApp(target: FetchTarget): Hono {
  const fetch = toFetchHandler(target);
  const app = new Hono();
  app.all('*', (c) => fetch(c.req.raw));
  return app;
}
