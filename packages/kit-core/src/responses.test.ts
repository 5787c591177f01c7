import { JsonF64 } from '@mithril/sdk';
import { describe, expect, it } from 'vitest';
import { errorReply, RequestError } from './errors.js';
import { toFetchHandler } from './fetch-handler.js';
import { createResponses, DEFAULT_CORS_HEADERS } from './responses.js';

describe('createResponses', () => {
  const responses = createResponses({ apiVersion: '0.1.68' });

  it('writes JSON losslessly with the CORS and version headers', async () => {
    const response = responses.json(200, { big: 2n ** 64n - 1n, phi_f: new JsonF64(1), skipped: undefined, list: [1, 'a', null] });
    expect(await response.text()).toBe('{"big":18446744073709551615,"phi_f":1.0,"list":[1,"a",null]}');
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('mithril-api-version')).toBe('0.1.68');
    for (const [name, value] of Object.entries(DEFAULT_CORS_HEADERS)) expect(response.headers.get(name)).toBe(value);
  });

  it('sends stored JSON text as is, and empty bodies without a content type', async () => {
    expect(await responses.jsonText(200, '{"a":1.50}').text()).toBe('{"a":1.50}');
    const empty = responses.empty(201);
    expect(empty.headers.get('content-type')).toBeNull();
    expect(await empty.text()).toBe('');
  });

  it('takes other CORS headers', () => {
    const own = createResponses({ apiVersion: '1', cors: { 'access-control-allow-origin': 'https://x.test' } });
    expect(own.empty(204).headers.get('access-control-allow-origin')).toBe('https://x.test');
    expect(own.empty(204).headers.get('access-control-allow-methods')).toBeNull();
  });
});

describe('errorReply', () => {
  it('drops labels from server errors and keeps request errors their own answer', () => {
    expect(errorReply(new RequestError(400, 'x', 'bad'), {})).toEqual({ status: 400, label: 'x', message: 'bad', expected: true });
    expect(errorReply(new RequestError(500, 'x', 'boom'), {})).toEqual({ status: 500, message: 'boom', expected: true });
    expect(new RequestError(413, undefined, 'too large').code).toBe('HTTP_REQUEST_REFUSED');
    expect(errorReply('thrown string', {})).toEqual({ status: 500, message: 'internal error', expected: false });
  });
});

describe('toFetchHandler', () => {
  it('accepts a handler or a kit', async () => {
    const handler = async (): Promise<Response> => new Response('ok');
    expect(toFetchHandler(handler)).toBe(handler);
    expect(toFetchHandler({ fetch: handler })).toBe(handler);
  });
});
