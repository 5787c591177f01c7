/**
 * Fastify adapter of the aggregator: kit-core's, re-exported so that `@mithril/aggregator-kit/fastify` keeps working.
 *
 * @example
 * await app.register(toFastifyPlugin(aggregator));
 */
export { toFastifyPlugin } from '@mithril/kit-core/fastify';
