import { describe, expect, it } from 'vitest';
import { createStorage } from 'unstorage';
import { createTestNetwork } from '@mithril/testing/test-network';
import { AggregatorStore } from './store.js';

describe('hostile input on the aggregator routes', () => {
  it('answers 404 to an odd certificate path and 201 to the body-less statistics POSTs, as the reference', async () => {
    const net = createTestNetwork({ k: 5n, m: 50n, phiF: 0.65 });
    await net.aggregator.runner.tick();
    const get = (path: string) => net.aggregator.fetch(new Request(`http://localhost/aggregator${path}`));
    expect((await get('/certificate/..%2f..%2fetc%2fpasswd')).status).toBe(404);
    expect((await get(`/certificate/${'0'.repeat(64)}`)).status).toBe(404);
    for (const name of ['ancillary-files-restored', 'complete-restoration', 'partial-restoration']) {
      const response = await net.aggregator.fetch(new Request(`http://localhost/aggregator/statistics/cardano-database/${name}`, { method: 'POST' }));
      expect(response.status).toBe(201);
    }
    // A route that needs a body still refuses an empty or malformed one.
    const post = (path: string, body?: string) => net.aggregator.fetch(new Request(`http://localhost/aggregator${path}`, { method: 'POST', body }));
    expect((await post('/statistics/cardano-database/immutable-files-restored')).status).toBe(400);
    expect((await post('/statistics/cardano-database/complete-restoration', '{"a":')).status).toBe(400);
    expect((await post('/statistics/snapshot')).status).toBe(400);
    // A u64 counter spelled as a float is refused, as serde_json refuses it.
    for (const spelling of ['17.0', '1.7e1', '-0']) {
      expect((await post('/statistics/cardano-database/immutable-files-restored', `{"nb_immutable_files":${spelling}}`)).status).toBe(400);
    }
  });

  it('counts u64 statistics exactly, in decimal strings', async () => {
    const net = createTestNetwork({ k: 5n, m: 50n, phiF: 0.65 }, { storage: createStorage() });
    const big = '18446744073709551000';
    for (let i = 0; i < 2; i++) {
      const response = await net.aggregator.fetch(
        new Request('http://localhost/aggregator/statistics/cardano-database/immutable-files-restored', {
          method: 'POST',
          body: `{"nb_immutable_files":${i === 0 ? big : 7}}`,
        }),
      );
      expect(response.status).toBe(201);
    }
    const store = new AggregatorStore(net.options.storage!, 'mithril-aggregator');
    expect(await store.getStatistic('immutable-files-restored')).toBe(18_446_744_073_709_551_007n);
    expect(await net.options.storage!.getItem('mithril-aggregator:stats:immutable-files-restored')).toEqual({ count: '18446744073709551007' });
  });
});
