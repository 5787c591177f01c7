/**
 * The forward proxy (nodes.md §6.1, §6.3), Node only: what the reference's squid configuration does for a block
 * producer's signer (`RELAY_ENDPOINT`), and nothing more. `CONNECT host:port` tunnels only to the configured aggregator
 * hosts and ports; plain HTTP (devnets) only to their signer routes, with the squid header allow-list, without
 * `X-Forwarded-For` or `Via`, and without caching; every request only from the block producer's addresses.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { isSignerRoute, isSourceAllowed, matchDestinations, parseDestinations, type Destination } from './access.js';
import { RelayError } from './errors.js';
import { forwardedRequestHeaders, forwardedResponseHeaders, headerPairs } from './headers.js';

/**
 * What the proxy did with one request.
 *
 * @example
 * const event: ForwardProxyEvent = { kind: 'refused', method: 'CONNECT', target: 'example.org:443', status: 403, reason: 'destination not allowed' };
 */
export interface ForwardProxyEvent {
  readonly kind: 'tunnel' | 'forward' | 'refused';
  readonly method: string;
  readonly target: string;
  readonly status: number;
  readonly reason?: string;
}

/**
 * Options of {@link createForwardProxy}.
 *
 * @example
 * const options: ForwardProxyOptions = { destinations: ['https://*.mithril.network/aggregator'], sources: ['10.0.0.2'] };
 */
export interface ForwardProxyOptions {
  /** Aggregator endpoints the proxy reaches (host, port and, for plain HTTP, base path). */
  readonly destinations: readonly string[];
  /** Block producer addresses (IPv4, IPv6, IPv4 `a.b.c.d/n`) allowed to use the proxy. */
  readonly sources: readonly string[];
  /** Largest plain-HTTP request body in bytes (default 256 KiB). */
  readonly bodyLimit?: number;
  /** Idle timeout of a connection or tunnel in milliseconds (default 120 000). */
  readonly idleTimeoutMs?: number;
  /** Receives one event per request (tunnels, forwards, refusals), e.g. for logs. */
  readonly onEvent?: (event: ForwardProxyEvent) => void;
}

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  403: 'Forbidden',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  502: 'Bad Gateway',
};

function refuseSocket(socket: Duplex, status: number): void {
  socket.end(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`);
}

function refuse(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'content-length': '0', connection: 'close' });
  res.end();
}

function splitHostPort(target: string): { host: string; port: number } | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:[\]/]+):(\d{1,5})$/.exec(target);
  if (m === null) return undefined;
  const port = Number(m[2]);
  return port > 0 && port < 65536 ? { host: m[1]!.replace(/^\[|\]$/g, ''), port } : undefined;
}

/**
 * Creates the forward proxy as a `node:http` server (not yet listening).
 *
 * @param options - destinations, sources, limits, event callback
 * @returns the server; call `listen(3132)` on it
 * @throws {RelayError} `RELAY_INVALID_CONFIGURATION` for malformed destinations or an empty source list
 * @example
 * const proxy = createForwardProxy({ destinations: ['https://aggregator.release-mainnet.api.mithril.network/aggregator'], sources: ['10.0.0.2'] });
 * proxy.listen(3132);
 */
export function createForwardProxy(options: ForwardProxyOptions): Server {
  const destinations: Destination[] = parseDestinations(options.destinations);
  if (options.sources.length === 0)
    throw new RelayError('RELAY_INVALID_CONFIGURATION', 'expected at least one block producer address', { field: 'sources' });
  const bodyLimit = options.bodyLimit ?? 256 * 1024;
  const idleTimeoutMs = options.idleTimeoutMs ?? 120_000;
  const emit = (event: ForwardProxyEvent): void => options.onEvent?.(event);

  const server = createServer({ requestTimeout: idleTimeoutMs }, (req: IncomingMessage, res: ServerResponse) => {
    const method = (req.method ?? '').toUpperCase();
    const target = req.url ?? '';
    const no = (status: number, reason: string): void => {
      emit({ kind: 'refused', method, target, status, reason });
      refuse(res, status);
    };
    if (!isSourceAllowed(options.sources, req.socket.remoteAddress)) return no(403, 'source not allowed');
    if (method !== 'GET' && method !== 'POST') return no(405, 'method not allowed');
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return no(400, 'not an absolute-form proxy request');
    }
    if (url.protocol !== 'http:' || !target.startsWith('http://')) return no(403, 'only plain http is forwarded; use CONNECT for https');
    if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '')
      return no(403, 'credentials and queries are not forwarded');
    const port = url.port === '' ? 80 : Number(url.port);
    const matched = matchDestinations(destinations, url.hostname, port).filter((d) => d.protocol === 'http:');
    if (matched.length === 0) return no(403, 'destination not allowed');
    if (!isSignerRoute(matched, method, url.pathname)) return no(403, 'route not allowed');
    const declared = Number(req.headers['content-length'] ?? '0');
    if (!Number.isFinite(declared) || declared > bodyLimit) return no(413, 'body too large');

    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    }
    const outgoing = forwardedRequestHeaders(headers, { dropAlso: ['proxy-authorization'] });
    outgoing.set('host', url.host);
    const upstream = httpRequest({
      host: url.hostname,
      port,
      method,
      path: url.pathname,
      headers: Object.fromEntries(headerPairs(outgoing)),
      timeout: idleTimeoutMs,
    });
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > bodyLimit) {
        upstream.destroy();
        req.unpipe(upstream);
        if (!res.headersSent) no(413, 'body too large');
        req.destroy();
      }
    });
    req.pipe(upstream);
    upstream.on('response', (answer) => {
      const back = forwardedResponseHeaders(
        new Headers(
          Object.entries(answer.headers).flatMap(([k, v]) =>
            v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => [k, x] as [string, string]),
          ),
        ),
      );
      back.set('cache-control', 'no-store');
      res.writeHead(answer.statusCode ?? 502, Object.fromEntries(headerPairs(back)));
      answer.pipe(res);
      emit({ kind: 'forward', method, target: `${url.host}${url.pathname}`, status: answer.statusCode ?? 502 });
    });
    upstream.on('timeout', () => upstream.destroy(new Error('upstream timeout')));
    upstream.on('error', () => {
      if (!res.headersSent && size <= bodyLimit) no(502, 'upstream unreachable');
      else res.destroy();
    });
  });

  server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    const target = req.url ?? '';
    const no = (status: number, reason: string): void => {
      emit({ kind: 'refused', method: 'CONNECT', target, status, reason });
      refuseSocket(client, status);
    };
    if (!isSourceAllowed(options.sources, req.socket.remoteAddress)) return no(403, 'source not allowed');
    const hostPort = splitHostPort(target);
    if (hostPort === undefined) return no(400, 'CONNECT expects host:port');
    if (matchDestinations(destinations, hostPort.host, hostPort.port).length === 0) return no(403, 'destination not allowed');
    const upstream: Socket = connect(hostPort.port, hostPort.host);
    upstream.setTimeout(idleTimeoutMs, () => upstream.destroy());
    client.on('error', () => upstream.destroy());
    let established = false;
    upstream.once('connect', () => {
      established = true;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.byteLength > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
      emit({ kind: 'tunnel', method: 'CONNECT', target, status: 200 });
    });
    upstream.on('error', () => {
      if (!established) no(502, 'upstream unreachable');
      else client.destroy();
    });
    upstream.on('close', () => client.destroy());
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    emit({ kind: 'refused', method: req.method ?? '', target: req.url ?? '', status: 403, reason: 'upgrades are not proxied' });
    refuseSocket(socket, 403);
  });
  return server;
}
