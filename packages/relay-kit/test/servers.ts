/**
 * Loopback servers for the relay tests: an aggregator (or any fetch handler) behind a real `node:http` server on port
 * 0 that a test can take down and bring back on the same port, as an unreachable aggregator would be.
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { toNodeListener } from '@mithril/kit-core/node';

/** A loopback server whose handler can be swapped, taken down and brought back. */
export interface LoopbackServer {
  readonly port: number;
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** Number of requests answered, by `METHOD path`. */
  readonly hits: Map<string, number>;
  /** Closes the listening socket and every open connection: the server is unreachable. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/**
 * Starts a loopback server for a fetch handler.
 *
 * @param handler - called for every request (read at request time, so it can change)
 * @returns the running server
 */
export async function startLoopbackServer(handler: () => (request: Request) => Promise<Response>): Promise<LoopbackServer> {
  const hits = new Map<string, number>();
  const make = (): Server =>
    createServer((req, res) => {
      const key = `${req.method} ${req.url}`;
      hits.set(key, (hits.get(key) ?? 0) + 1);
      toNodeListener((request) => handler()(request))(req, res);
    });
  let server = make();
  const port = await listen(server, 0);
  let isUp = true;
  const stop = async (): Promise<void> => {
    if (!isUp) return;
    isUp = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  };
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    hits,
    down: stop,
    async up() {
      if (isUp) return;
      server = make();
      await listen(server, port);
      isUp = true;
    },
    close: stop,
  };
}

/** Sum of the hits whose key starts with a prefix, e.g. `POST /aggregator/register-signer`. */
export function hitsOf(server: LoopbackServer, prefix: string): number {
  let n = 0;
  for (const [key, count] of server.hits) if (key.startsWith(prefix)) n += count;
  return n;
}

/**
 * Sends raw HTTP/1.1 bytes to a loopback port and returns the status of the answer.
 *
 * @param port - the port
 * @param head - request line and headers, without the final blank line
 * @param body - optional body bytes
 */
export function rawStatus(port: number, head: string, body = ''): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (m !== null) {
        socket.destroy();
        resolve(Number(m[1]));
      }
    });
    socket.once('error', (error) => {
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (m !== null) resolve(Number(m[1]));
      else reject(error);
    });
    socket.once('close', () => reject(new Error(`no status in ${JSON.stringify(text.slice(0, 80))}`)));
    socket.write(`${head}\r\n\r\n`);
    if (body !== '') socket.write(body);
  });
}

/** Starts any `node:http` server on loopback port 0 and returns its port. */
export function listenLoopback(server: Server): Promise<number> {
  return listen(server, 0);
}
