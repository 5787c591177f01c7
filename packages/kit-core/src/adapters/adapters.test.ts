import { serve, type ServerType } from '@hono/node-server';
import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResponses } from '../responses.js';
import { createRouter, get, post } from '../router.js';
import { toExpressMiddleware } from './express.js';
import { toFastifyPlugin } from './fastify.js';
import { toHonoApp } from './hono.js';
import { toNodeListener } from './node.js';

// The aggregator kit's conformance suite runs these adapters against a real aggregator; this one checks a toy kit.
const responses = createResponses({ apiVersion: '1.2.3' });
const kit = {
  fetch: createRouter(
    [
      get('/hello/:name', async ({ params }) => responses.json(200, { hello: params['name'] })),
      post('/echo', async ({ body }) => responses.json(200, await body())),
    ],
    { basePath: '/kit', bodyLimit: 1024, responses, errors: {} },
  ),
};

const targets: { name: string; base: string; close: () => Promise<void> }[] = [];
const listening = (server: Server | ServerType): Promise<string> =>
  new Promise((resolve) => server.once('listening', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
const closing = (server: Server | ServerType) => () => new Promise<void>((resolve) => server.close(() => resolve()));

beforeAll(async () => {
  const node = createServer(toNodeListener(kit)).listen(0, '127.0.0.1');
  targets.push({ name: 'node', base: await listening(node), close: closing(node) });
  const app = express();
  app.use(toExpressMiddleware(kit));
  const ex = app.listen(0, '127.0.0.1');
  targets.push({ name: 'express', base: await listening(ex), close: closing(ex) });
  const fastify: FastifyInstance = Fastify();
  await fastify.register(toFastifyPlugin(kit.fetch));
  targets.push({ name: 'fastify', base: await fastify.listen({ port: 0, host: '127.0.0.1' }), close: () => fastify.close() });
  const hono = serve({ fetch: toHonoApp(kit).fetch, port: 0, hostname: '127.0.0.1' });
  targets.push({ name: 'hono', base: await listening(hono), close: closing(hono) });
}, 30_000);

afterAll(async () => {
  for (const t of targets) await t.close();
});

describe('kit-core adapters on loopback', () => {
  it('answer like the bare handler: routes, headers, body limit, 404 and 405', async () => {
    const cases: [string, RequestInit?][] = [
      ['/kit/hello/world'],
      ['/kit/echo', { method: 'POST', body: '{"n":18446744073709551615}' }],
      ['/kit/echo', { method: 'POST', body: JSON.stringify({ pad: 'x'.repeat(2000) }) }],
      ['/kit/echo'],
      ['/kit/none'],
      ['/elsewhere'],
    ];
    for (const [path, init] of cases) {
      const bare = await kit.fetch(new Request(`http://x${path}`, init));
      const expected = { status: bare.status, version: bare.headers.get('mithril-api-version'), body: await bare.text() };
      for (const t of targets) {
        const served = await fetch(`${t.base}${path}`, init);
        expect({
          target: t.name,
          path,
          status: served.status,
          version: served.headers.get('mithril-api-version'),
          body: await served.text(),
        }).toEqual({
          target: t.name,
          path,
          ...expected,
        });
      }
    }
  });
});
