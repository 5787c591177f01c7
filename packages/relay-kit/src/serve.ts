/**
 * The signer relay on a `node:http` server: origin-form requests only (an absolute-form URL or a `CONNECT` asks for a
 * proxy, which this server is not: 403 and 405), `GET /metrics` answered with the relay's Prometheus text when the
 * relay has counters, everything else through kit-core's Node bridge.
 */
import { createServer, type Server } from 'node:http';
import { PROMETHEUS_TEXT_CONTENT_TYPE } from '@mithril/kit-core';
import { toNodeListener } from '@mithril/kit-core/node';
import { relayMetricsText } from './metrics.js';
import type { SignerRelay } from './signer-relay.js';

/**
 * Creates a `node:http` server for a signer relay (not yet listening).
 *
 * @param relay - the relay (or anything with its `fetch`)
 * @param onError - receives failures of the Node bridge
 * @returns the server
 * @example
 * createSignerRelayServer(createSignerRelay({ upstreams: [endpoint] })).listen(3132);
 */
export function createSignerRelayServer(
  relay: Pick<SignerRelay, 'fetch'> & Partial<Pick<SignerRelay, 'stats' | 'pending'>>,
  onError?: (error: unknown) => void,
): Server {
  const listener = toNodeListener(relay.fetch, onError);
  const { stats, pending } = relay;
  const server = createServer((req, res) => {
    if (!(req.url ?? '').startsWith('/')) {
      res.writeHead(403, { 'content-length': '0', connection: 'close' });
      res.end();
      return;
    }
    if (req.method === 'GET' && req.url?.split('?')[0] === '/metrics' && stats !== undefined && pending !== undefined) {
      relayMetricsText({ stats, pending }).then(
        (text) => res.writeHead(200, { 'content-type': PROMETHEUS_TEXT_CONTENT_TYPE }).end(text),
        (error: unknown) => {
          onError?.(error);
          res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n');
        },
      );
      return;
    }
    listener(req, res);
  });
  const refuse = (_req: unknown, socket: { end(data: string): void }): void => {
    socket.end('HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
  };
  server.on('connect', refuse);
  server.on('upgrade', refuse);
  return server;
}
