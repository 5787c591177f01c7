/**
 * Express adapter: a middleware that hands every request to a kit's fetch handler. Mount it without a body parser in
 * front (the handler reads the raw body and enforces its limit).
 */
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express';
import { toFetchHandler, type FetchTarget } from '../fetch-handler.js';
import { requestUrl, toWebRequest, writeWebResponse } from './node.js';

/**
 * Creates an Express middleware serving a kit's routes (under the kit's base path).
 *
 * @param target - the kit (or its `fetch`)
 * @returns an Express middleware; failures go to `next`
 * @example
 * app.use(toExpressMiddleware(aggregator));
 */
export function toExpressMiddleware(target: FetchTarget): (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => void {
  const fetch = toFetchHandler(target);
  return (req, res, next) => {
    fetch(toWebRequest(req, requestUrl(req, req.originalUrl)))
      .then((response) => writeWebResponse(response, res, req))
      .catch(next);
  };
}
