import { createServer, type Server } from 'node:http';
import { createLocalNetwork, type LocalNetwork } from '@mithril/devnet';
import { afterEach, describe, expect, it } from 'vitest';
import { createForwardProxy, createProxyFetch, type ForwardProxyEvent } from '../src/node.js';
import { hitsOf, listenLoopback, rawStatus, startLoopbackServer } from './servers.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function startProxy(destinations: string[], sources: string[]): Promise<{ port: number; events: ForwardProxyEvent[] }> {
  const events: ForwardProxyEvent[] = [];
  const server: Server = createForwardProxy({ destinations, sources, onEvent: (e) => events.push(e) });
  const port = await listenLoopback(server);
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { port, events };
}

describe('forward proxy', () => {
  it('carries a signer network over CONNECT to the aggregator: it registers, signs and every epoch certifies', async () => {
    let network: LocalNetwork | undefined;
    const aggregator = await startLoopbackServer(() => (request) => network!.aggregator.fetch(request));
    cleanups.push(() => aggregator.close());
    const endpoint = `${aggregator.origin}/aggregator`;
    const proxy = await startProxy([endpoint], ['127.0.0.1']);
    network = createLocalNetwork({
      genesisSecretKey: '44'.repeat(32),
      pools: [
        { name: 'alice', stake: 3_000_000n },
        { name: 'bob', stake: 2_000_000n },
      ],
      aggregatorEndpoint: endpoint,
      signerFetch: createProxyFetch({ proxy: `http://127.0.0.1:${proxy.port}`, tunnelHttp: true }),
    });
    cleanups.push(() => network!.close());
    for (let epoch = 1n; epoch <= 4n; epoch++) {
      if (epoch > 1n) network.advanceEpoch();
      await network.settleEpoch(6);
    }
    for (const epoch of [3n, 4n]) {
      const report = await network.verifyEpoch(epoch);
      expect(report.failures).toEqual([]);
      expect(report.signers).toEqual(['alice', 'bob']);
    }
    const tunnels = proxy.events.filter((e) => e.kind === 'tunnel');
    expect(tunnels.length).toBeGreaterThan(0);
    expect(new Set(tunnels.map((e) => e.target))).toEqual(new Set([`127.0.0.1:${aggregator.port}`]));
    expect(hitsOf(aggregator, 'POST /aggregator/register-signer')).toBeGreaterThan(0);
    expect(hitsOf(aggregator, 'POST /aggregator/register-signatures')).toBeGreaterThan(0);
    expect(proxy.events.filter((e) => e.kind === 'refused')).toEqual([]);
  });

  it('forwards plain HTTP with the header allow-list only: no X-Forwarded-For, no Via, version headers kept', async () => {
    let seen: Record<string, string | string[] | undefined> = {};
    const upstream = createServer((req, res) => {
      seen = req.headers;
      res.writeHead(200, { 'content-type': 'application/json', 'mithril-api-version': '0.1.68', 'set-cookie': 'a=b' });
      res.end('{"epoch":7}');
    });
    const upstreamPort = await listenLoopback(upstream);
    cleanups.push(() => new Promise<void>((resolve) => upstream.close(() => resolve())));
    const proxy = await startProxy([`http://127.0.0.1:${upstreamPort}/aggregator`], ['127.0.0.1']);
    const fetch = createProxyFetch({ proxy: `http://127.0.0.1:${proxy.port}` });
    const response = await fetch(
      new Request(`http://127.0.0.1:${upstreamPort}/aggregator/epoch-settings`, {
        headers: {
          'mithril-api-version': '0.1.68',
          'signer-node-version': '0.1.0',
          'x-forwarded-for': '10.0.0.2',
          via: '1.1 block-producer',
          'x-custom': 'leak',
          'user-agent': 'signer',
          cookie: 'c=d',
        },
      }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ epoch: 7 });
    expect(response.headers.get('mithril-api-version')).toBe('0.1.68');
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(seen['mithril-api-version']).toBe('0.1.68');
    expect(seen['signer-node-version']).toBe('0.1.0');
    for (const name of ['x-forwarded-for', 'via', 'x-custom', 'user-agent', 'cookie', 'forwarded']) expect(seen[name]).toBeUndefined();
    expect(proxy.events.map((e) => e.kind)).toEqual(['forward']);
  });

  it('refuses a block producer outside the source list and a destination outside the allow-list', async () => {
    const aggregator = await startLoopbackServer(() => async () => new Response('{}', { status: 200 }));
    cleanups.push(() => aggregator.close());
    const elsewhere = await startLoopbackServer(() => async () => new Response('{}', { status: 200 }));
    cleanups.push(() => elsewhere.close());
    const closed = await startProxy([`${aggregator.origin}/aggregator`], ['10.20.30.40', '192.168.0.0/16']);
    expect(await rawStatus(closed.port, `CONNECT 127.0.0.1:${aggregator.port} HTTP/1.1\r\nhost: 127.0.0.1:${aggregator.port}`)).toBe(403);
    expect(await rawStatus(closed.port, `GET ${aggregator.origin}/aggregator/epoch-settings HTTP/1.1\r\nhost: 127.0.0.1:${aggregator.port}`)).toBe(
      403,
    );
    expect(closed.events.map((e) => e.reason)).toEqual(['source not allowed', 'source not allowed']);
    const open = await startProxy([`${aggregator.origin}/aggregator`], ['127.0.0.1']);
    expect(await rawStatus(open.port, `CONNECT 127.0.0.1:${elsewhere.port} HTTP/1.1\r\nhost: 127.0.0.1:${elsewhere.port}`)).toBe(403);
    expect(await rawStatus(open.port, `GET ${elsewhere.origin}/aggregator/epoch-settings HTTP/1.1\r\nhost: 127.0.0.1:${elsewhere.port}`)).toBe(403);
    await expect(
      createProxyFetch({ proxy: `http://127.0.0.1:${open.port}`, tunnelHttp: true })(new Request(`${elsewhere.origin}/aggregator/epoch-settings`)),
    ).rejects.toThrow(/proxy refused CONNECT .*: 403/);
    expect(open.events.map((e) => e.reason)).toEqual(['destination not allowed', 'destination not allowed', 'destination not allowed']);
    expect(elsewhere.hits.size).toBe(0);
    expect(aggregator.hits.size).toBe(0);
  });
});
