/**
 * Express adapter: a middleware that hands every request to the aggregator's fetch handler. Mount it without a body
 * parser in front (the handler reads the raw body and enforces the 256 KiB limit).
 */
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express';
import { toWebRequest, writeWebResponse, requestUrl, type FetchHandler } from './node.js';

/**
 * Creates an Express middleware serving the aggregator routes (under the handler's base path).
 *
 * @param handler - the aggregator (or its `fetch`)
 * @returns an Express middleware
 * @example
 * app.use(toExpressMiddleware(aggregator));
 */
export function toExpressMiddleware(
  handler: FetchHandler | { fetch: FetchHandler },
): (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => void {
  const fetch = typeof handler === 'function' ? handler : handler.fetch;
  return (req, res, next) => {
    fetch(toWebRequest(req, requestUrl(req, req.originalUrl)))
      .then((response) => writeWebResponse(response, res, req))
      .catch(next);
  };
}
