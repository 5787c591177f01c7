/**
 * `@mithril/kit-core`: what every Mithril node kit (aggregator, signer, relay) shares at its HTTP boundary — the fetch
 * router, CORS and the `mithril-api-version` header, the body limit, lossless JSON bodies and responses, and the
 * error-code → `{status, label}` table. Framework adapters are subpaths: `/node`, `/express`, `/fastify`, `/hono`.
 *
 * @packageDocumentation
 */
export { DEFAULT_BODY_LIMIT } from './body.js';
export {
  badRequest,
  errorReply,
  KIT_CORE_ERROR_CODES,
  RequestError,
  type ErrorReply,
  type KitCoreErrorCode,
  type ErrorTable,
  type ResolvedErrorReply,
} from './errors.js';
export type { FetchHandler, FetchTarget } from './fetch-handler.js';
export { createResponses, type Responses, type ResponsesOptions } from './responses.js';
export { createRouter, get, post, type Route, type RouteContext, type RouteHandler, type RouteMethod, type RouterOptions } from './router.js';
export { createJsonLineLogger, PROMETHEUS_TEXT_CONTENT_TYPE, prometheusText, type JsonLineLogger, type MetricFamily } from './observability.js';
