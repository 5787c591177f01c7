/**
 * A Web fetch through an HTTP forward proxy, Node only: how a signer on a block producer speaks through
 * `RELAY_ENDPOINT`. `https:` targets go through a `CONNECT` tunnel and TLS; `http:` targets are sent in absolute form
 * (devnets), or tunnelled too with `tunnelHttp`.
 */
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { RelayError } from './errors.js';

/**
 * Options of {@link createProxyFetch}.
 *
 * @example
 * const options: ProxyFetchOptions = { proxy: 'http://10.0.0.1:3132' };
 */
export interface ProxyFetchOptions {
  /** The proxy, `http://host:port` (the signer's `RELAY_ENDPOINT`). */
  readonly proxy: string;
  /** Tunnel `http:` targets with `CONNECT` as well (default `false`: absolute-form requests). */
  readonly tunnelHttp?: boolean;
  /** Timeout of one request in milliseconds (default 30 000). */
  readonly timeoutMs?: number;
}

function failure(message: string, cause?: unknown): TypeError {
  // The Web fetch contract: a network failure is a TypeError.
  return new TypeError(message, cause === undefined ? undefined : { cause });
}

function openTunnel(proxy: URL, host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    const req = httpRequest({
      host: proxy.hostname,
      port: Number(proxy.port || 80),
      method: 'CONNECT',
      path: authority,
      headers: { host: authority },
      timeout: timeoutMs,
    });
    req.once('connect', (res: IncomingMessage, socket: Socket) => {
      if (res.statusCode === 200) resolve(socket);
      else {
        socket.destroy();
        reject(failure(`proxy refused CONNECT ${authority}: ${res.statusCode}`));
      }
    });
    req.once('response', (res) => {
      res.resume();
      reject(failure(`proxy refused CONNECT ${authority}: ${res.statusCode}`));
    });
    req.once('timeout', () => req.destroy(failure(`proxy CONNECT ${authority} timed out`)));
    req.once('error', (error) => reject(failure(`proxy CONNECT ${authority} failed`, error)));
    req.end();
  });
}

function send(requestFn: typeof httpRequest, options: RequestOptions, body: Buffer | undefined, timeoutMs: number): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = requestFn({ ...options, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.once('error', (error) => reject(failure('response failed', error)));
      res.once('end', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value === undefined) continue;
          for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
        }
        const status = res.statusCode ?? 502;
        const noBody = status === 204 || status === 304 || options.method === 'HEAD';
        resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, headers }));
      });
    });
    req.once('timeout', () => req.destroy(failure('request timed out')));
    req.once('error', (error) => reject(error instanceof TypeError ? error : failure('request failed', error)));
    req.end(body);
  });
}

/**
 * Creates a fetch that goes through a forward proxy.
 *
 * @param options - proxy URL, tunnelling of http targets, timeout
 * @returns the fetch (network failures and proxy refusals reject with a `TypeError`, as Web fetch does)
 * @throws {RelayError} `RELAY_INVALID_CONFIGURATION` when the proxy is not an `http://host:port` URL
 * @example
 * const fetch = createProxyFetch({ proxy: process.env.RELAY_ENDPOINT! });
 * const signer = createSigner({ aggregatorEndpoint, partyId, chainObserver, fetch });
 */
export function createProxyFetch(options: ProxyFetchOptions): (request: Request) => Promise<Response> {
  let proxy: URL;
  try {
    proxy = new URL(options.proxy);
  } catch (cause) {
    throw new RelayError('RELAY_INVALID_CONFIGURATION', `'${options.proxy}' is not a URL`, { field: 'proxy', cause });
  }
  if (proxy.protocol !== 'http:') throw new RelayError('RELAY_INVALID_CONFIGURATION', 'the proxy must be an http:// URL', { field: 'proxy' });
  const timeoutMs = options.timeoutMs ?? 30_000;
  return async (request) => {
    const target = new URL(request.url);
    const method = request.method.toUpperCase();
    const body = method === 'GET' || method === 'HEAD' ? undefined : Buffer.from(await request.arrayBuffer());
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    headers['host'] = target.host;
    if (body !== undefined) headers['content-length'] = String(body.byteLength);
    const https = target.protocol === 'https:';
    const port = Number(target.port || (https ? 443 : 80));
    const host = target.hostname.replace(/^\[|\]$/g, '');
    const path = `${target.pathname}${target.search}`;
    if (https || options.tunnelHttp === true) {
      const tunnel = await openTunnel(proxy, host, port, timeoutMs);
      const socket = https ? tlsConnect({ socket: tunnel, servername: host }) : tunnel;
      return send(
        https ? (httpsRequest as typeof httpRequest) : httpRequest,
        { method, path, headers, createConnection: () => socket },
        body,
        timeoutMs,
      );
    }
    return send(httpRequest, { host: proxy.hostname, port: Number(proxy.port || 80), method, path: target.href, headers }, body, timeoutMs);
  };
}
