/**
 * A fetch that sends every request through an HTTP forward proxy (`RELAY_ENDPOINT`, nodes.md §6.1): plain `http://`
 * aggregator URLs in absolute form (the devnet case), `https://` ones through a `CONNECT host:443` tunnel.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

function toResponse(res: IncomingMessage): Promise<Response> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('error', reject);
    res.on('end', () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      const status = res.statusCode ?? 502;
      resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers }));
    });
  });
}

function tunnel(proxy: URL, host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: proxy.hostname, port: Number(proxy.port || 80), method: 'CONNECT', path: `${host}:${port}` });
    req.once('connect', (res, socket) => {
      if (res.statusCode === 200) resolve(socket);
      else {
        socket.destroy();
        reject(new Error(`the relay ${proxy.origin} refused CONNECT ${host}:${port} with ${res.statusCode}`));
      }
    });
    req.once('error', reject);
    req.end();
  });
}

/**
 * Creates a fetch that goes through an HTTP forward proxy.
 *
 * @param proxyUrl - the proxy, e.g. `http://relay.local:3132`
 * @returns a fetch function for the signer's aggregator client
 * @example
 * createSigner({ ...options, fetch: proxyFetch('http://10.0.0.2:3132') });
 */
export function proxyFetch(proxyUrl: string): Fetch {
  const proxy = new URL(proxyUrl);
  return async (input, init) => {
    const request = new Request(input, init);
    const target = new URL(request.url);
    const body = request.body === null ? undefined : Buffer.from(await request.arrayBuffer());
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    headers.host = target.host;
    if (body !== undefined) headers['content-length'] = String(body.length);
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const done = (req: ReturnType<typeof httpRequest>): void => {
        req.once('response', resolve);
        req.once('error', reject);
        req.end(body);
      };
      if (target.protocol === 'https:') {
        const port = Number(target.port || 443);
        tunnel(proxy, target.hostname, port).then(
          (socket) =>
            done(
              httpsRequest({
                method: request.method,
                path: target.pathname + target.search,
                headers,
                agent: false,
                createConnection: () => tlsConnect({ socket, servername: target.hostname }),
              }),
            ),
          reject,
        );
      } else {
        done(httpRequest({ host: proxy.hostname, port: Number(proxy.port || 80), method: request.method, path: target.href, headers }));
      }
    });
    return toResponse(res);
  };
}
