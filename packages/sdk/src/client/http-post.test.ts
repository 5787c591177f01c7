import { describe, expect, it } from 'vitest';
import { JsonF64 } from '../codec/json.js';
import { isMithrilError } from '../errors.js';
import { API_VERSION_HEADER, CLIENT_TYPE_HEADER, createHttpTransport, MITHRIL_API_VERSION } from './http.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

function inProcess(answer: (seen: Seen) => Response) {
  const seen: Seen[] = [];
  const fetch = async (request: Request): Promise<Response> => {
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const s = { method: request.method, url: request.url, headers, body: await request.text() };
    seen.push(s);
    return answer(s);
  };
  return { seen, fetch };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('HTTP transport: POST', () => {
  it('writes the JSON body losslessly with the reference headers, and returns the 2xx status and text', async () => {
    const server = inProcess(() => new Response(null, { status: 202 }));
    const http = createHttpTransport({
      aggregatorEndpoint: 'http://in.process/aggregator/',
      fetch: server.fetch,
      headers: { 'signer-node-version': '1.2.3' },
    });
    const body = new Map<string, never>([
      ['epoch', 18446744073709551615n as never],
      ['phi_f', new JsonF64(1) as never],
    ]);
    expect(await http.post('/register-signer', { json: body })).toEqual({ status: 202, text: '' });
    const [s] = server.seen;
    expect(s).toMatchObject({
      method: 'POST',
      url: 'http://in.process/aggregator/register-signer',
      body: '{"epoch":18446744073709551615,"phi_f":1.0}',
    });
    expect(s!.headers).toMatchObject({
      'content-type': 'application/json',
      [API_VERSION_HEADER]: MITHRIL_API_VERSION,
      [CLIENT_TYPE_HEADER]: 'LIBRARY',
      'signer-node-version': '1.2.3',
    });
    await http.post('statistics/snapshot', { jsonText: '{"a":1.50}' });
    expect(server.seen[1]!.body).toBe('{"a":1.50}');
  });

  it('sends no client type when told so', async () => {
    const server = inProcess(() => new Response(null, { status: 201 }));
    await createHttpTransport({ aggregatorEndpoint: 'http://x/a', fetch: server.fetch, clientType: false }).post('p', { json: null });
    expect(server.seen[0]!.headers[CLIENT_TYPE_HEADER]).toBeUndefined();
  });

  it('never retries a POST and maps failures to typed errors with status and label', async () => {
    const server = inProcess(
      () => new Response(JSON.stringify({ label: 'expired', message: 'too late' }), { status: 410, headers: { 'content-type': 'application/json' } }),
    );
    const http = createHttpTransport({ aggregatorEndpoint: 'http://x/a', fetch: server.fetch, retry: 5 });
    const error = await rejection(http.post('register-signatures', { json: new Map() }));
    expect(isMithrilError(error, 'CLIENT_HTTP_ERROR')).toBe(true);
    expect((error as { details: unknown }).details).toEqual({ status: 410, path: 'register-signatures', label: 'expired', message: 'too late' });
    expect((error as Error).message).toBe('register-signatures: POST http://x/a/register-signatures answered 410: too late');
    expect(server.seen).toHaveLength(1);

    const down = createHttpTransport({ aggregatorEndpoint: 'http://x/a', retry: 5, fetch: async () => Promise.reject(new TypeError('refused')) });
    expect(isMithrilError(await rejection(down.post('p', { json: 1 })), 'CLIENT_NETWORK_ERROR')).toBe(true);
    const missing = createHttpTransport({ aggregatorEndpoint: 'http://x/a', fetch: async () => new Response(null, { status: 404 }) });
    expect(isMithrilError(await rejection(missing.post('p', { json: 1 })), 'CLIENT_NOT_FOUND')).toBe(true);
    const aborted = new AbortController();
    aborted.abort();
    expect(isMithrilError(await rejection(missing.post('p', { json: 1 }, { signal: aborted.signal })), 'CLIENT_ABORTED')).toBe(true);
  });

  it('serves GET through an in-process fetch handler too', async () => {
    const server = inProcess(() => new Response('[]', { status: 200 }));
    expect(await createHttpTransport({ aggregatorEndpoint: 'http://x/a', fetch: server.fetch }).getText('certificates')).toBe('[]');
    expect(server.seen[0]).toMatchObject({ method: 'GET', url: 'http://x/a/certificates' });
  });
});
