import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMithrilError } from '../errors.js';
import { ClientError } from './errors.js';
import { createHttpTransport, DEFAULT_MAX_RESPONSE_BYTES } from './http.js';

const MB = 1024 * 1024;
const HUGE = 150 * MB;
const CHUNK = Buffer.alloc(MB, 0x20);

/** What the server sent on the streaming route, and whether the client hung up before the end. */
const sent = { bytes: 0, closedEarly: false, closed: Promise.resolve() };

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/aggregator/declared') {
      // Announces 150 MB; the body would follow.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(HUGE) });
      res.write('{"hash":"');
      return;
    }
    if (req.url === '/aggregator/small') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"hash":"ab"}');
      return;
    }
    // A 150 MB certificate-like document, chunked (no content-length), written as fast as the client reads it.
    sent.bytes = 0;
    sent.closedEarly = false;
    res.writeHead(200, { 'content-type': 'application/json' });
    sent.closed = new Promise((resolve) =>
      res.on('close', () => {
        if (sent.bytes < HUGE) sent.closedEarly = true;
        resolve();
      }),
    );
    const pump = (): void => {
      while (sent.bytes < HUGE && !res.destroyed) {
        sent.bytes += CHUNK.length;
        if (!res.write(CHUNK)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end();
    };
    res.write('{"metadata":{"signers":"');
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/aggregator`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('response-size limit of the HTTP transport', () => {
  it('refuses a streamed 150 MB body with a typed error, stopping the download early and without holding it', async () => {
    const http = createHttpTransport({ aggregatorEndpoint: base, retry: 0 });
    const before = process.memoryUsage().rss;
    const error = await rejection(http.getText('certificate/huge'));
    const grown = process.memoryUsage().rss - before;
    expect(error).toBeInstanceOf(ClientError);
    expect(isMithrilError(error, 'CLIENT_RESPONSE_TOO_LARGE')).toBe(true);
    expect((error as ClientError).details).toMatchObject({ limit: DEFAULT_MAX_RESPONSE_BYTES });
    expect((error as ClientError).field).toBe('certificate/huge');
    // The read was cancelled: the server could not send the whole body.
    await sent.closed;
    expect(sent.closedEarly).toBe(true);
    expect(sent.bytes).toBeLessThan(HUGE);
    // Holding the body (as text: twice its size) would take 300 MB; the limit keeps it to a fraction of that.
    expect(grown).toBeLessThan(HUGE);
  });

  it('refuses a declared content-length over the limit before reading the body', async () => {
    const http = createHttpTransport({ aggregatorEndpoint: base, retry: 0 });
    const error = await rejection(http.getText('declared'));
    expect(isMithrilError(error, 'CLIENT_RESPONSE_TOO_LARGE')).toBe(true);
    expect((error as ClientError).details).toMatchObject({ received: HUGE });
  });

  it('is configurable, and a body within it is read whole', async () => {
    expect(await createHttpTransport({ aggregatorEndpoint: base, maxResponseBytes: 13 }).getText('small')).toBe('{"hash":"ab"}');
    const error = await rejection(createHttpTransport({ aggregatorEndpoint: base, maxResponseBytes: 12 }).getText('small'));
    expect(isMithrilError(error, 'CLIENT_RESPONSE_TOO_LARGE')).toBe(true);
    expect((error as ClientError).details).toMatchObject({ limit: 12 });
    expect(() => createHttpTransport({ aggregatorEndpoint: base, maxResponseBytes: -1 })).toThrow(ClientError);
  });
});
