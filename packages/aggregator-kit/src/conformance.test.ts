import { serve, type ServerType } from '@hono/node-server';
import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOpenApi } from '@mithril/testing';
// Kit-core's adapters, run against a real aggregator; the aggregator kit's subpaths re-export them (checked below).
import { toExpressMiddleware } from '@mithril/kit-core/express';
import { toFastifyPlugin } from '@mithril/kit-core/fastify';
import { toHonoApp } from '@mithril/kit-core/hono';
import * as aggregatorExpress from './adapters/express.js';
import * as aggregatorFastify from './adapters/fastify.js';
import * as aggregatorHono from './adapters/hono.js';
import { certifiedNetwork, type TestNetwork } from '@mithril/testing/test-network';

interface Case {
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  readonly headers?: Record<string, string>;
}

interface Outcome {
  readonly status: number;
  readonly headers: Record<string, string | null>;
  readonly body: string;
}

const COMPARED_HEADERS = [
  'mithril-api-version',
  'content-type',
  'access-control-allow-origin',
  'access-control-allow-methods',
  'access-control-allow-headers',
];

let net: TestNetwork;
let cases: Case[];
const targets: { name: string; base: string; close: () => Promise<void> }[] = [];

async function outcome(response: Response): Promise<Outcome> {
  const headers: Record<string, string | null> = {};
  for (const h of COMPARED_HEADERS) headers[h] = response.headers.get(h);
  return { status: response.status, headers, body: await response.text() };
}

function request(base: string, c: Case): Request {
  const init: RequestInit = { method: c.method, headers: { ...(c.body !== undefined && { 'content-type': 'application/json' }), ...c.headers } };
  if (c.body !== undefined) init.body = c.body;
  return new Request(`${base}${c.path}`, init);
}

beforeAll(async () => {
  net = await certifiedNetwork();
  const list = (await (await net.aggregator.fetch(new Request('http://x/aggregator/certificates'))).json()) as { hash: string }[];
  const msd = (await (await net.aggregator.fetch(new Request('http://x/aggregator/artifact/mithril-stake-distributions'))).json()) as {
    hash: string;
  }[];
  const csd = (await (await net.aggregator.fetch(new Request('http://x/aggregator/artifact/cardano-stake-distributions'))).json()) as {
    hash: string;
  }[];
  const get = (path: string, name = path): Case => ({ name, method: 'GET', path: `/aggregator${path}` });
  const post = (path: string, body: string, name: string): Case => ({ name, method: 'POST', path: `/aggregator${path}`, body });
  cases = [
    get('/'),
    get('/status'),
    get('/epoch-settings'),
    get('/protocol-configuration/12'),
    get('/protocol-configuration/999'),
    get('/protocol-configuration/latest'),
    get('/certificates'),
    get('/certificate/genesis'),
    get(`/certificate/${list[0]!.hash}`, '/certificate/{hash}'),
    get(`/certificate/${'0'.repeat(64)}`, '/certificate/{unknown}'),
    get('/artifact/mithril-stake-distributions'),
    get(`/artifact/mithril-stake-distribution/${msd[0]!.hash}`, '/artifact/mithril-stake-distribution/{hash}'),
    get('/artifact/mithril-stake-distribution/nope'),
    get('/artifact/cardano-stake-distributions'),
    get(`/artifact/cardano-stake-distribution/${csd[0]!.hash}`, '/artifact/cardano-stake-distribution/{hash}'),
    get('/artifact/cardano-stake-distribution/epoch/11'),
    get('/artifact/cardano-stake-distribution/epoch/LATEST'),
    get('/artifact/cardano-stake-distribution/epoch/latest-9'),
    get('/artifact/cardano-stake-distribution/epoch/eleven'),
    get('/artifact/cardano-database'),
    get('/artifact/cardano-database/digests'),
    get('/artifact/cardano-database/epoch/latest'),
    get('/artifact/cardano-database/abc'),
    get('/artifact/snapshots'),
    get('/artifact/snapshot/abc'),
    get('/signers/registered/latest'),
    get('/signers/registered/latest-1'),
    get('/signers/registered/3'),
    get('/signers/tickers'),
    get('/no-such-route'),
    { name: 'outside the base path', method: 'GET', path: '/elsewhere' },
    {
      name: 'CORS preflight',
      method: 'OPTIONS',
      path: '/aggregator/register-signatures',
      headers: { origin: 'http://browser.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    },
    { name: 'wrong method', method: 'PUT', path: '/aggregator/certificates', body: '{}' },
    post('/register-signer', '{"epoch":', 'malformed JSON'),
    post('/register-signer', JSON.stringify({ epoch: 'x', party_id: 1 }), 'wrong types'),
    post('/register-signer', JSON.stringify({ epoch: 1, pad: 'x'.repeat(300 * 1024) }), 'oversize body'),
    post(
      '/register-signatures',
      JSON.stringify({ entity_type: { Foo: 1 }, party_id: 'p', signature: 'aa', indexes: [], signed_message: 'a'.repeat(64) }),
      'unknown entity type',
    ),
    post('/statistics/cardano-database/immutable-files-restored', JSON.stringify({ nb_immutable_files: 3 }), 'statistics'),
  ];
  const expressApp = express();
  expressApp.use(toExpressMiddleware(net.aggregator));
  const expressServer: Server = await new Promise((resolve) => {
    const s = expressApp.listen(0, '127.0.0.1', () => resolve(s));
  });
  targets.push({
    name: 'express',
    base: `http://127.0.0.1:${(expressServer.address() as AddressInfo).port}`,
    close: () => new Promise((r) => expressServer.close(() => r())),
  });
  const fastify: FastifyInstance = Fastify();
  await fastify.register(toFastifyPlugin(net.aggregator));
  const fastifyAddress = await fastify.listen({ port: 0, host: '127.0.0.1' });
  targets.push({ name: 'fastify', base: fastifyAddress, close: () => fastify.close() });
  const honoServer: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: toHonoApp(net.aggregator).fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  targets.push({
    name: 'hono',
    base: `http://127.0.0.1:${(honoServer.address() as AddressInfo).port}`,
    close: () => new Promise((r) => honoServer.close(() => r())),
  });
}, 60_000);

afterAll(async () => {
  for (const t of targets) await t.close();
});

describe('route conformance: bare fetch handler vs Express, Fastify and Hono on loopback', () => {
  it('serves the aggregator subpaths with the kit-core adapters', () => {
    expect(aggregatorExpress.toExpressMiddleware).toBe(toExpressMiddleware);
    expect(aggregatorFastify.toFastifyPlugin).toBe(toFastifyPlugin);
    expect(aggregatorHono.toHonoApp).toBe(toHonoApp);
  });

  it('answers every case identically (status, reference headers, body)', async () => {
    for (const c of cases) {
      const bare = await outcome(await net.aggregator.fetch(request('http://127.0.0.1', c)));
      for (const t of targets) {
        const started = Date.now();
        let served: Outcome;
        try {
          served = await outcome(await fetch(request(t.base, c)));
        } catch (error) {
          throw new Error(`${t.name} ${c.name} failed after ${Date.now() - started} ms: ${String((error as Error).cause ?? error)}`);
        }
        if (Date.now() - started > 2000) throw new Error(`${t.name} ${c.name} took ${Date.now() - started} ms`);
        expect({ target: t.name, case: c.name, ...served }).toEqual({ target: t.name, case: c.name, ...bare });
      }
    }
  });

  it('sets mithril-api-version on every response (404 included) and answers CORS preflights', async () => {
    for (const c of cases) {
      const response = await net.aggregator.fetch(request('http://127.0.0.1', c));
      expect(response.headers.get('mithril-api-version'), c.name).toBe('0.1.68');
      expect(response.headers.get('access-control-allow-origin'), c.name).toBe('*');
    }
    const preflight = cases.find((c) => c.method === 'OPTIONS')!;
    const response = await net.aggregator.fetch(request('http://127.0.0.1', preflight));
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-headers')).toContain('mithril-api-version');
  });

  it('answers the documented statuses', async () => {
    const statuses: Record<string, number> = {};
    for (const c of cases) statuses[c.name] = (await net.aggregator.fetch(request('http://127.0.0.1', c))).status;
    expect(statuses).toMatchObject({
      '/': 200,
      '/protocol-configuration/999': 404,
      '/protocol-configuration/latest': 400,
      '/certificate/genesis': 200,
      '/certificate/{unknown}': 404,
      '/artifact/cardano-stake-distribution/epoch/11': 200,
      '/artifact/cardano-stake-distribution/epoch/LATEST': 200,
      '/artifact/cardano-stake-distribution/epoch/latest-9': 400,
      '/artifact/cardano-database/abc': 404,
      '/signers/registered/latest': 404,
      '/signers/registered/latest-1': 200,
      '/signers/registered/3': 404,
      '/no-such-route': 404,
      'outside the base path': 404,
      'wrong method': 405,
      'malformed JSON': 400,
      'wrong types': 400,
      'oversize body': 413,
      'unknown entity type': 400,
      statistics: 201,
    });
  });

  it('validates every JSON body against the reference OpenAPI document', async () => {
    const openapi = loadOpenApi();
    let checked = 0;
    for (const c of cases) {
      const response = await net.aggregator.fetch(request('http://127.0.0.1', c));
      const text = await response.text();
      const path = c.path.replace(/^\/aggregator/, '');
      if (text === '' || openapi.matchPath(path) === undefined) continue;
      const errors = openapi.validateResponse(c.method.toLowerCase(), path, response.status, JSON.parse(text));
      expect(errors, `${c.method} ${c.path} ${response.status}`).toBeUndefined();
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });
});
