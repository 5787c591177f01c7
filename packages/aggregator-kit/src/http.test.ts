import { createStorage, defineDriver } from 'unstorage';
import { describe, expect, it } from 'vitest';
import { createTestNetwork } from '@mithril/testing/test-network';

const parameters = { k: 5n, m: 50n, phiF: 0.65 };

function post(base: string, body: string): Request {
  return new Request(`http://a.test${base}/register-signer`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
}

describe('fetch handler conventions', () => {
  it('honours the 256 KiB body limit to the byte', async () => {
    const { aggregator } = createTestNetwork(parameters);
    const exactly = (size: number): string => `"${'x'.repeat(size - 2)}"`;
    expect((await aggregator.fetch(post('/aggregator', exactly(256 * 1024)))).status).toBe(400);
    expect((await aggregator.fetch(post('/aggregator', exactly(256 * 1024 + 1)))).status).toBe(413);
  });

  it('serves under a configurable base path', async () => {
    const { aggregator } = createTestNetwork(parameters, { basePath: '/mithril/v1' });
    expect((await aggregator.fetch(new Request('http://a.test/mithril/v1/'))).status).toBe(200);
    expect((await aggregator.fetch(new Request('http://a.test/aggregator/'))).status).toBe(404);
  });

  it('answers 500 without internals when storage fails, and reports the error', async () => {
    const failing = defineDriver(() => ({
      name: 'failing',
      hasItem: () => Promise.reject(new Error('disk on fire at /secret/path')),
      getItem: () => Promise.reject(new Error('disk on fire at /secret/path')),
      getKeys: () => Promise.reject(new Error('disk on fire at /secret/path')),
    }));
    const reported: unknown[] = [];
    const { aggregator } = createTestNetwork(parameters, {
      storage: createStorage({ driver: failing(undefined) }),
      onUnexpectedError: (e) => reported.push(e),
    });
    const response = await aggregator.fetch(new Request('http://a.test/aggregator/certificates'));
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'internal error' });
    expect(response.headers.get('mithril-api-version')).toBe('0.1.68');
    expect(reported).toHaveLength(1);
  });

  it('answers 500 on /epoch-settings before the runner recorded an epoch', async () => {
    const { aggregator } = createTestNetwork(parameters);
    const response = await aggregator.fetch(new Request('http://a.test/aggregator/epoch-settings'));
    expect(response.status).toBe(500);
    expect(Object.keys((await response.json()) as object)).toEqual(['message']);
  });
});

describe('runner timer', () => {
  it('ticks by itself once started and stops cleanly', async () => {
    const net = createTestNetwork(parameters);
    const states: string[] = [];
    net.aggregator.events.on('state', (e) => states.push(e.to));
    net.aggregator.runner.start({ intervalMs: 5 });
    for (let i = 0; i < 200 && states.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    await net.aggregator.runner.stop();
    expect(states[0]).toBe('blocked');
    expect(net.aggregator.runner.state).toBe('blocked');
  });
});
