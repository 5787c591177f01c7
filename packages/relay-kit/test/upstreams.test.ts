import { afterEach, describe, expect, it } from 'vitest';
import { createSignerRelay } from '../src/index.js';
import { startLoopbackServer, type LoopbackServer } from './servers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Seen {
  readonly path: string;
  readonly body: string;
  readonly headers: Headers;
}

/** A stub aggregator answering each route with a fixed status, recording what it received. */
async function stub(statuses: Record<string, number>, epoch = 7): Promise<{ server: LoopbackServer; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = await startLoopbackServer(() => async (request) => {
    const path = new URL(request.url).pathname;
    seen.push({ path, body: await request.text(), headers: request.headers });
    const status = statuses[path] ?? 200;
    const body = path.endsWith('/epoch-settings') ? `{"epoch":${epoch}}` : status === 200 ? '{}' : null;
    return new Response(body, { status, headers: { 'content-type': 'application/json', 'mithril-api-version': '0.1.68', connection: 'keep-alive' } });
  });
  cleanups.push(() => server.close());
  return { server, seen };
}

const registration = (epoch: number, party: string) => JSON.stringify({ epoch, party_id: party, verification_key: `vk-${party}` });
const signature = (party: string) =>
  JSON.stringify({ entity_type: { MithrilStakeDistribution: 7 }, party_id: party, signature: `sig-${party}`, indexes: [1] });

async function post(
  relay: { fetch: (r: Request) => Promise<Response> },
  route: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<number> {
  const response = await relay.fetch(
    new Request(`http://relay.test${route}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } }),
  );
  return response.status;
}

describe('signer relay upstreams', () => {
  it('fails over to the next upstream when the first is unreachable, keeping version headers and dropping identifying ones', async () => {
    const first = await stub({});
    const second = await stub({});
    await first.server.down();
    const relay = createSignerRelay({ upstreams: [`${first.server.origin}/aggregator`, `${second.server.origin}/aggregator`], timeoutMs: 2_000 });
    const status = await post(relay, '/register-signer', registration(8, 'pool1a'), {
      'mithril-api-version': '0.1.68',
      'signer-node-version': '0.1.0',
      'x-forwarded-for': '10.0.0.2',
      via: '1.1 bp',
      'x-secret': 's',
    });
    expect(status).toBe(200);
    const [got] = second.seen;
    expect(got?.path).toBe('/aggregator/register-signer');
    expect(JSON.parse(got!.body)).toEqual(JSON.parse(registration(8, 'pool1a')));
    expect(got?.headers.get('mithril-api-version')).toBe('0.1.68');
    expect(got?.headers.get('signer-node-version')).toBe('0.1.0');
    for (const name of ['x-forwarded-for', 'via', 'x-secret']) expect(got?.headers.get(name)).toBeNull();
    const read = await relay.fetch(new Request('http://relay.test/epoch-settings'));
    expect(read.status).toBe(200);
    expect(read.headers.get('mithril-api-version')).toBe('0.1.68');
    expect(read.headers.get('connection')).toBeNull();
  });

  it('delivers the outbox in arrival order, once each, and counts 410 answers as expired', async () => {
    const agg = await stub({ '/aggregator/register-signatures': 410 });
    await agg.server.down();
    const relay = createSignerRelay({ upstreams: [`${agg.server.origin}/aggregator`], timeoutMs: 2_000 });
    const sent = [
      ['/register-signer', registration(8, 'pool1a')],
      ['/register-signatures', signature('pool1a')],
      ['/register-signer', registration(8, 'pool1b')],
      ['/register-signatures', signature('pool1b')],
    ] as const;
    for (const [route, body] of sent) expect(await post(relay, route, body)).toBe(202);
    expect(await relay.pending()).toBe(4);
    await agg.server.up();
    expect(await relay.flush()).toEqual({ delivered: 2, expired: 2, rejected: 0, pending: 0 });
    expect(await relay.flush()).toEqual({ delivered: 0, expired: 0, rejected: 0, pending: 0 });
    const posts = agg.seen.filter((s) => s.path !== '/aggregator/epoch-settings');
    expect(posts.map((s) => [s.path.replace('/aggregator', ''), s.body])).toEqual(sent.map(([r, b]) => [r, b]));
    const stats = await relay.stats();
    expect(stats.registrations).toMatchObject({ received: 2, buffered: 2, delivered: 2, expired: 0 });
    expect(stats.signatures).toMatchObject({ received: 2, buffered: 2, delivered: 0, expired: 2 });
  });

  it('keeps a registration while the round is not open (550) and drops one whose round closed', async () => {
    const agg = await stub({ '/aggregator/register-signer': 550 }, 9);
    await agg.server.down();
    const relay = createSignerRelay({ upstreams: [`${agg.server.origin}/aggregator`], timeoutMs: 2_000 });
    expect(await post(relay, '/register-signer', registration(9, 'pool1old'))).toBe(202);
    expect(await post(relay, '/register-signer', registration(10, 'pool1new'))).toBe(202);
    await agg.server.up();
    // Epoch 9: the round for 9 closed (dropped unsent); the one for 10 answers 550 and waits.
    expect(await relay.flush()).toEqual({ delivered: 0, expired: 1, rejected: 0, pending: 1 });
    expect(agg.seen.filter((s) => s.path.endsWith('/register-signer')).map((s) => JSON.parse(s.body).party_id)).toEqual(['pool1new']);
  });

  it('serves the cached reads while no upstream answers, for a bounded time only', async () => {
    const agg = await stub({});
    let now = 1_000_000;
    const relay = createSignerRelay({ upstreams: [`${agg.server.origin}/aggregator`], timeoutMs: 2_000, cacheMaxAgeMs: 60_000, clock: () => now });
    await relay.refresh();
    await agg.server.down();
    now += 30_000;
    const cached = await relay.fetch(new Request('http://relay.test/protocol-configuration/7'));
    expect(cached.status).toBe(200);
    expect(cached.headers.get('age')).toBe('30');
    expect((await relay.fetch(new Request('http://relay.test/epoch-settings'))).status).toBe(200);
    now += 31_000;
    expect((await relay.fetch(new Request('http://relay.test/epoch-settings'))).status).toBe(502);
    expect((await relay.fetch(new Request('http://relay.test/'))).status).toBe(502);
  });
});
