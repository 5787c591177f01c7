import { MithrilError } from '@mithril/sdk';
import { describe, expect, it } from 'vitest';
import { badRequest, RequestError } from './errors.js';
import { createResponses } from './responses.js';
import { createRouter, get, post, type Route } from './router.js';

const responses = createResponses({ apiVersion: '9.9.9' });
const echo =
  (name: string) =>
  async ({ params }: { params: Readonly<Record<string, string>> }) =>
    responses.json(200, { name, params });

function router(routes: Route[], extra: { basePath?: string; bodyLimit?: number; onUnexpectedError?: (e: unknown) => void } = {}) {
  return createRouter(routes, {
    basePath: extra.basePath ?? '/base',
    ...(extra.bodyLimit === undefined ? {} : { bodyLimit: extra.bodyLimit }),
    responses,
    errors: { AGGREGATOR_ALREADY_CERTIFIED: { status: 410, label: 'already_certified' }, AGGREGATOR_NOT_FOUND: { status: 404 } },
    ...(extra.onUnexpectedError === undefined ? {} : { onUnexpectedError: extra.onUnexpectedError }),
  });
}

async function call(fetch: (r: Request) => Promise<Response>, path: string, init?: RequestInit) {
  const response = await fetch(new Request(`http://k.test${path}`, init));
  return { status: response.status, text: await response.text(), headers: response.headers };
}

describe('createRouter', () => {
  const routes = [
    get('/certificate/:hash', echo('param')),
    get('/certificate/genesis', echo('genesis')),
    get('/artifact/csd/:hash', echo('hash')),
    get('/artifact/csd/epoch/:epoch', echo('epoch')),
    get('/', echo('root')),
    post('/register', async ({ body }) => responses.json(201, { got: await body() })),
  ];
  const fetch = router(routes);

  it('prefers literal segments to parameters whatever the registration order', async () => {
    expect(JSON.parse((await call(fetch, '/base/certificate/genesis')).text).name).toBe('genesis');
    expect(JSON.parse((await call(fetch, '/base/certificate/abc')).text)).toEqual({ name: 'param', params: { hash: 'abc' } });
    expect(JSON.parse((await call(fetch, '/base/artifact/csd/epoch/12')).text)).toEqual({ name: 'epoch', params: { epoch: '12' } });
    expect(JSON.parse((await call(fetch, '/base/artifact/csd/epoch')).text)).toEqual({ name: 'hash', params: { hash: 'epoch' } });
    const reversed = router([...routes].reverse());
    expect(JSON.parse((await call(reversed, '/base/certificate/genesis')).text).name).toBe('genesis');
  });

  it('decodes each segment, keeps an encoded slash inside its parameter, and answers 404 to a bad escape', async () => {
    expect(JSON.parse((await call(fetch, '/base/certificate/a%2Fb')).text).params).toEqual({ hash: 'a/b' });
    expect(JSON.parse((await call(fetch, '/base/certifi%63ate/genesis')).text).name).toBe('genesis');
    expect(await call(fetch, '/base/certificate/%E0%A4%A')).toMatchObject({ status: 404, text: '' });
  });

  it('serves under the base path only, ignoring empty segments', async () => {
    expect((await call(fetch, '/base')).status).toBe(200);
    expect((await call(fetch, '//base//certificate/genesis/')).status).toBe(200);
    expect(await call(fetch, '/other/certificate/genesis')).toMatchObject({ status: 404, text: '' });
    expect((await call(router(routes, { basePath: '/' }), '/certificate/genesis')).status).toBe(200);
  });

  it('answers HEAD as GET, OPTIONS 204 with CORS, unknown paths 404 and wrong methods 405, all with the headers', async () => {
    expect((await call(fetch, '/base/certificate/x', { method: 'HEAD' })).status).toBe(200);
    const preflight = await call(fetch, '/base/anything', { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    const missing = await call(fetch, '/base/nope');
    expect(missing).toMatchObject({ status: 404, text: '' });
    expect(missing.headers.get('mithril-api-version')).toBe('9.9.9');
    expect((await call(fetch, '/base/certificate/genesis', { method: 'POST', body: '{}' })).status).toBe(405);
    expect((await call(fetch, '/base/register')).status).toBe(405);
  });

  it('reads POST bodies as lossless JSON under the limit', async () => {
    const ok = await call(fetch, '/base/register', { method: 'POST', body: '{"n":18446744073709551615}' });
    expect(ok).toMatchObject({ status: 201, text: '{"got":{"n":18446744073709551615}}' });
    const small = router(routes, { bodyLimit: 8 });
    expect(await call(small, '/base/register', { method: 'POST', body: '"123456"' })).toMatchObject({ status: 201 });
    expect(await call(small, '/base/register', { method: 'POST', body: '"1234567"' })).toMatchObject({ status: 413, text: '' });
    const bad = await call(fetch, '/base/register', { method: 'POST', body: '{"n":' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).label).toBe('Bad Request');
    const notUtf8 = await call(fetch, '/base/register', { method: 'POST', body: new Uint8Array([0x22, 0xff, 0x22]) });
    expect(JSON.parse(notUtf8.text)).toEqual({ label: 'Bad Request', message: 'the body is not UTF-8' });
  });

  it('answers errors through the table: request errors, coded errors, and unexpected errors without internals', async () => {
    const seen: unknown[] = [];
    const failing = router(
      [
        get('/refused', async () => badRequest('invalid_epoch', "invalid epoch 'x'")),
        get('/server', async () => {
          throw new RequestError(503, 'ignored', 'busy');
        }),
        get('/certified', async () => {
          throw new MithrilError('AGGREGATOR_ALREADY_CERTIFIED', 'already certified');
        }),
        get('/missing', async () => {
          throw new MithrilError('AGGREGATOR_NOT_FOUND', 'no such thing');
        }),
        get('/unmapped', async () => {
          throw new MithrilError('AGGREGATOR_CRITICAL', 'stopped');
        }),
        get('/bug', async () => {
          throw new Error('secret /path');
        }),
      ],
      { onUnexpectedError: (e) => seen.push(e) },
    );
    expect(JSON.parse((await call(failing, '/base/refused')).text)).toEqual({ label: 'invalid_epoch', message: "invalid epoch 'x'" });
    expect(await call(failing, '/base/server')).toMatchObject({ status: 503, text: '{"message":"busy"}' });
    expect(await call(failing, '/base/certified')).toMatchObject({
      status: 410,
      text: '{"label":"already_certified","message":"already certified"}',
    });
    expect(await call(failing, '/base/missing')).toMatchObject({ status: 404, text: '' });
    expect(await call(failing, '/base/unmapped')).toMatchObject({ status: 500, text: '{"message":"stopped"}' });
    expect(seen).toEqual([]);
    expect(await call(failing, '/base/bug')).toMatchObject({ status: 500, text: '{"message":"internal error"}' });
    expect(seen).toHaveLength(1);
  });
});
