import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSignerRelay } from '../src/index.js';
import { createForwardProxy, createSignerRelayServer } from '../src/node.js';
import { hitsOf, listenLoopback, rawStatus, startLoopbackServer, type LoopbackServer } from './servers.js';

/** Refused attempts: the upstream must never see one of them. */
let upstream: LoopbackServer;
let other: LoopbackServer;
let relayPort = 0;
let proxyPort = 0;
const servers: Server[] = [];

beforeAll(async () => {
  upstream = await startLoopbackServer(
    () => async () => new Response('{"epoch":3}', { status: 200, headers: { 'content-type': 'application/json' } }),
  );
  other = await startLoopbackServer(() => async () => new Response('{}', { status: 200 }));
  const relayServer = createSignerRelayServer(createSignerRelay({ upstreams: [`${upstream.origin}/aggregator`] }));
  const proxy = createForwardProxy({ destinations: [`${upstream.origin}/aggregator`], sources: ['127.0.0.1'] });
  servers.push(relayServer, proxy);
  relayPort = await listenLoopback(relayServer);
  proxyPort = await listenLoopback(proxy);
});

afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
  await upstream.close();
  await other.close();
});

const big = `{"epoch":5,"verification_key":"${'a'.repeat(300 * 1024)}"}`;
const json = (body: string): string => `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}`;

describe('the signer relay refuses what is not a signer request', () => {
  const cases: [string, () => string, string, number][] = [
    ['another route', () => 'GET /certificates HTTP/1.1', '', 404],
    ['another route (status)', () => 'GET /status HTTP/1.1', '', 404],
    ['a path outside the routes', () => 'GET /aggregator/epoch-settings HTTP/1.1', '', 404],
    ['another method on a read route', () => 'DELETE /epoch-settings HTTP/1.1', '', 405],
    ['PUT on a write route', () => 'PUT /register-signer HTTP/1.1', '', 405],
    ['POST on a read route', () => 'POST /epoch-settings HTTP/1.1\r\ncontent-length: 0', '', 405],
    ['an epoch that is not a number', () => 'GET /protocol-configuration/latest HTTP/1.1', '', 400],
    ['an oversize body', () => `POST /register-signer HTTP/1.1\r\n${json(big)}`, big, 413],
    ['a body that is not JSON', () => `POST /register-signer HTTP/1.1\r\n${json('nope')}`, 'nope', 400],
    ['a JSON body that is not a registration', () => `POST /register-signer HTTP/1.1\r\n${json('{"epoch":"x"}')}`, '{"epoch":"x"}', 400],
    ['a JSON body that is not a signature', () => `POST /register-signatures HTTP/1.1\r\n${json('[1]')}`, '[1]', 400],
    ['an absolute-form URL to another host', () => `GET ${other.origin}/epoch-settings HTTP/1.1`, '', 403],
    ['an absolute-form URL to the upstream', () => `GET ${upstream.origin}/aggregator/certificates HTTP/1.1`, '', 403],
    ['a CONNECT tunnel', () => `CONNECT 127.0.0.1:${other.port} HTTP/1.1`, '', 405],
  ];
  it.each(cases)('%s → %i', async (_name, head, body, status) => {
    const before = hitsOf(upstream, '') + hitsOf(other, '');
    expect(await rawStatus(relayPort, `${head()}\r\nhost: relay.test`, body)).toBe(status);
    expect(hitsOf(upstream, '') + hitsOf(other, '')).toBe(before);
  });
});

describe('the forward proxy refuses what is not signer traffic to the configured aggregator', () => {
  const cases: [string, () => string, string, number][] = [
    ['CONNECT to another host', () => 'CONNECT example.org:443 HTTP/1.1', '', 403],
    ['CONNECT to another port of the aggregator host', () => `CONNECT 127.0.0.1:${other.port} HTTP/1.1`, '', 403],
    ['CONNECT without a port', () => 'CONNECT 127.0.0.1 HTTP/1.1', '', 400],
    ['an absolute-form URL to another host', () => `GET ${other.origin}/aggregator/epoch-settings HTTP/1.1`, '', 403],
    ['another route of the aggregator', () => `GET ${upstream.origin}/aggregator/certificates HTTP/1.1`, '', 403],
    ['a route outside the base path', () => `GET ${upstream.origin}/epoch-settings HTTP/1.1`, '', 403],
    ['a query string', () => `GET ${upstream.origin}/aggregator/epoch-settings?x=1 HTTP/1.1`, '', 403],
    ['another method', () => `DELETE ${upstream.origin}/aggregator/epoch-settings HTTP/1.1`, '', 405],
    ['POST on a read route', () => `POST ${upstream.origin}/aggregator/epoch-settings HTTP/1.1\r\ncontent-length: 0`, '', 403],
    ['an oversize body', () => `POST ${upstream.origin}/aggregator/register-signer HTTP/1.1\r\n${json(big)}`, big, 413],
    ['an origin-form request (not a proxy request)', () => 'GET /aggregator/epoch-settings HTTP/1.1', '', 400],
    ['https in absolute form (must be CONNECT)', () => `GET https://127.0.0.1:${upstream.port}/aggregator/epoch-settings HTTP/1.1`, '', 403],
    ['credentials in the URL', () => `GET http://user:pw@127.0.0.1:${upstream.port}/aggregator/epoch-settings HTTP/1.1`, '', 403],
    ['a protocol upgrade', () => `GET ${upstream.origin}/aggregator/epoch-settings HTTP/1.1\r\nconnection: upgrade\r\nupgrade: websocket`, '', 403],
  ];
  it.each(cases)('%s → %i', async (_name, head, body, status) => {
    const before = hitsOf(upstream, '') + hitsOf(other, '');
    expect(await rawStatus(proxyPort, `${head()}\r\nhost: 127.0.0.1:${upstream.port}`, body)).toBe(status);
    expect(hitsOf(upstream, '') + hitsOf(other, '')).toBe(before);
  });

  it('lets the allowed requests through (the table is not refusing everything)', async () => {
    expect(await rawStatus(proxyPort, `GET ${upstream.origin}/aggregator/epoch-settings HTTP/1.1\r\nhost: 127.0.0.1:${upstream.port}`)).toBe(200);
    expect(await rawStatus(proxyPort, `CONNECT 127.0.0.1:${upstream.port} HTTP/1.1\r\nhost: 127.0.0.1:${upstream.port}`)).toBe(200);
    expect(await rawStatus(relayPort, 'GET /epoch-settings HTTP/1.1\r\nhost: relay.test')).toBe(200);
  });
});
