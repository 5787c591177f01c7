/**
 * Hono adapter of the aggregator: kit-core's, re-exported so that `@mithril/aggregator-kit/hono` keeps working.
 *
 * @example
 * serve({ fetch: toHonoApp(aggregator).fetch, port: 8080 });
 */
export { toHonoApp } from '@mithril/kit-core/hono';
