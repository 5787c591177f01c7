/**
 * The aggregator's fetch handler: its route groups (nodes.md §1.3) on the kit-core router, with the aggregator's
 * error table, API version, base path and body limit. The routes call steps and queries over the context.
 */
import { createResponses, createRouter, type FetchHandler } from '@mithril/kit-core';
import type { AggregatorContext } from './context.js';
import { ERROR_STATUS } from './errors.js';
import { artifactRoutes } from './routes/artifacts.js';
import { certificateRoutes } from './routes/certificates.js';
import { proofRoutes } from './routes/proofs.js';
import { MITHRIL_API_VERSION, rootRoutes } from './routes/root.js';
import type { RouteGroupContext } from './routes/shared.js';
import { signatureRoutes } from './routes/signatures.js';
import { signerRoutes } from './routes/signers.js';
import { statisticsRoutes } from './routes/statistics.js';

/**
 * Creates the fetch handler of the aggregator routes.
 *
 * @param ctx - the aggregator context (base path, body limit and `/status` values come from its configuration)
 * @returns `(request) => Promise<Response>`
 * @example
 * const fetch = createFetchHandler(ctx);
 * const response = await fetch(new Request('http://localhost/aggregator/certificates'));
 */
export function createFetchHandler(ctx: AggregatorContext): FetchHandler {
  const responses = createResponses({ apiVersion: MITHRIL_API_VERSION });
  const group: RouteGroupContext = { ctx, responses };
  const routes = [
    ...rootRoutes(group),
    ...certificateRoutes(group),
    ...artifactRoutes(group),
    ...proofRoutes(group),
    ...signerRoutes(group),
    ...signatureRoutes(group),
    ...statisticsRoutes(group),
  ];
  return createRouter(routes, {
    basePath: ctx.config.basePath,
    bodyLimit: ctx.config.bodyLimit,
    responses,
    errors: ERROR_STATUS,
    onUnexpectedError: (error) => ctx.config.onUnexpectedError?.(error),
  });
}
