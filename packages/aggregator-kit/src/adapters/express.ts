/**
 * Express adapter of the aggregator: kit-core's, re-exported so that `@mithril/aggregator-kit/express` keeps working.
 * Mount it without a body parser in front (the handler reads the raw body and enforces the 256 KiB limit).
 *
 * @example
 * app.use(toExpressMiddleware(aggregator));
 */
export { toExpressMiddleware } from '@mithril/kit-core/express';
