/**
 * The signer relay on a `node:http` server: origin-form requests only (an absolute-form URL or a `CONNECT` asks for a
 * proxy, which this server is not: 403 and 405), everything else through kit-core's Node bridge.
 */
import { createServer, type Server } from 'node:http';
import { toNodeListener } from '@mithril/kit-core/node';
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
export function createSignerRelayServer(relay: Pick<SignerRelay, 'fetch'>, onError?: (error: unknown) => void): Server {
  const listener = toNodeListener(relay.fetch, onError);
  const server = createServer((req, res) => {
    if (!(req.url ?? '').startsWith('/')) {
      res.writeHead(403, { 'content-length': '0', connection: 'close' });
      res.end();
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
