/**
 * The Node ⇄ Web bridge: Node's `IncomingMessage` / `ServerResponse` to and from Web `Request` / `Response`, used by
 * the Express and Fastify adapters and by plain `node:http` servers. Bodies are streamed, so the fetch handler alone
 * enforces the body limit.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { toFetchHandler, type FetchTarget } from '../fetch-handler.js';

/**
 * Builds a Web `Request` from a Node request, its body left as a stream.
 *
 * @param req - the Node request (its body not yet consumed)
 * @param url - the absolute URL of the request
 * @returns the Web request
 * @example
 * const request = toWebRequest(req, requestUrl(req));
 */
export function toWebRequest(req: IncomingMessage, url: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (hasBody) {
    init.body = Readable.toWeb(req) as unknown as ReadableStream<Uint8Array>;
    init.duplex = 'half';
  }
  return new Request(url, init);
}

/**
 * Writes a Web `Response` to a Node response.
 *
 * @param response - the Web response
 * @param res - the Node response
 * @param req - the Node request, to close the connection when its body was not read to the end (a refused 413)
 * @returns once the response is written
 * @example
 * await writeWebResponse(await handler(toWebRequest(req, requestUrl(req))), res, req);
 */
export async function writeWebResponse(response: Response, res: ServerResponse, req?: IncomingMessage): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    res.setHeader(name, value);
  });
  const body = response.body === null ? undefined : Buffer.from(await response.arrayBuffer());
  if (body !== undefined) res.setHeader('content-length', body.byteLength);
  // A refused body is left unread: the connection cannot carry another request, so close it.
  if (req !== undefined && !req.complete) res.setHeader('connection', 'close');
  res.end(body);
}

/**
 * Absolute URL of a Node request.
 *
 * @param req - the Node request
 * @param path - the path and query to use (default `req.url`)
 * @returns `http://<host><path>`
 * @example
 * requestUrl(req); // 'http://127.0.0.1:8080/aggregator/status'
 */
export function requestUrl(req: IncomingMessage, path = req.url ?? '/'): string {
  return `http://${req.headers.host ?? 'localhost'}${path}`;
}

/**
 * A `node:http` request listener serving a kit.
 *
 * @param target - the kit (or its `fetch`)
 * @param onError - receives failures of the bridge itself (the socket is destroyed)
 * @returns a listener for `http.createServer`
 * @example
 * createServer(toNodeListener(aggregator)).listen(8080);
 */
export function toNodeListener(
  target: FetchTarget,
  onError: (error: unknown) => void = () => undefined,
): (req: IncomingMessage, res: ServerResponse) => void {
  const fetch = toFetchHandler(target);
  return (req, res) => {
    fetch(toWebRequest(req, requestUrl(req)))
      .then((response) => writeWebResponse(response, res, req))
      .catch((error: unknown) => {
        onError(error);
        res.destroy();
      });
  };
}
