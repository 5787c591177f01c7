/**
 * The aggregator's fetch handler: its route groups (nodes.md §1.3) on the kit-core router, with the aggregator's
 * error table, API version and body limit.
 */
import { createResponses, createRouter, DEFAULT_BODY_LIMIT, type FetchHandler } from '@mithril/kit-core';
import { ERROR_STATUS } from './errors.js';
import { artifactRoutes } from './routes/artifacts.js';
import { certificateRoutes } from './routes/certificates.js';
import { serviceQueries } from './routes/queries.js';
import { MITHRIL_API_VERSION, rootRoutes } from './routes/root.js';
import type { RouteGroupContext, StatusOptions } from './routes/shared.js';
import { signatureRoutes } from './routes/signatures.js';
import { signerRoutes } from './routes/signers.js';
import { statisticsRoutes } from './routes/statistics.js';
import type { AggregatorService } from './service.js';

export { DEFAULT_BODY_LIMIT, MITHRIL_API_VERSION };

/** Options of {@link createFetchHandler}. */
export interface FetchHandlerOptions extends StatusOptions {
  readonly basePath: string;
  readonly bodyLimit: number;
}

/**
 * Creates the fetch handler of the aggregator routes.
 *
 * @param service - the aggregator service
 * @param options - base path, body limit and `/status` values
 * @returns `(request) => Promise<Response>`
 * @example
 * const fetch = createFetchHandler(service, { basePath: '/aggregator', bodyLimit: DEFAULT_BODY_LIMIT, ...status });
 */
export function createFetchHandler(service: AggregatorService, options: FetchHandlerOptions): FetchHandler {
  const responses = createResponses({ apiVersion: MITHRIL_API_VERSION });
  const ctx: RouteGroupContext = { service, queries: serviceQueries(service), responses, status: options };
  const routes = [
    ...rootRoutes(ctx),
    ...certificateRoutes(ctx),
    ...artifactRoutes(ctx),
    ...signerRoutes(ctx),
    ...signatureRoutes(ctx),
    ...statisticsRoutes(ctx),
  ];
  return createRouter(routes, {
    basePath: options.basePath,
    bodyLimit: options.bodyLimit,
    responses,
    errors: ERROR_STATUS,
    onUnexpectedError: (error) => service.options.onUnexpectedError?.(error),
  });
}
