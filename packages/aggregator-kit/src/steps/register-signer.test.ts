import { createStorage, type Storage } from 'unstorage';
import { describe, expect, it } from 'vitest';
import { createAggregator } from '../aggregator.js';
import { AggregatorStore } from '../store.js';
import { call, createTestNetwork } from '@mithril/testing/test-network';

const PARAMETERS = { k: 5n, m: 50n, phiF: 0.65 };

/** A memory storage that records the base of every key listing. */
function listingStorage(): { storage: Storage; listings: string[] } {
  const storage = createStorage();
  const listings: string[] = [];
  const getKeys = storage.getKeys.bind(storage);
  storage.getKeys = ((base?: string, options?: Parameters<Storage['getKeys']>[1]) => {
    listings.push(base ?? '');
    return getKeys(base, options);
  }) as Storage['getKeys'];
  return { storage, listings };
}

describe('signer registration', () => {
  it('lists no registration of the round: the duplicate-key check reads the round key index', async () => {
    const { storage, listings } = listingStorage();
    const net = createTestNetwork(PARAMETERS, { storage });
    await net.aggregator.runner.tick();
    const [first, ...others] = net.signers;
    // The first registration of a round indexes the round (empty here) once.
    expect((await call(net.aggregator, 'POST', '/register-signer', first!.registration(11n))).status).toBe(201);
    listings.length = 0;
    for (const s of others) expect((await call(net.aggregator, 'POST', '/register-signer', s.registration(11n))).status).toBe(201);
    expect(listings).toEqual([]);
    expect((await new AggregatorStore(storage, 'mithril-aggregator').listSigners(11n)).map((r) => r.partyId).sort()).toEqual(
      net.signers.map((s) => s.partyId).sort(),
    );
  });

  it('refuses a key another party registered, also in a round stored before the key index existed', async () => {
    const storage = createStorage();
    const net = createTestNetwork(PARAMETERS, { storage });
    await net.aggregator.runner.tick();
    const [alpha, beta, gamma] = net.signers;
    expect((await call(net.aggregator, 'POST', '/register-signer', alpha!.registration(11n))).status).toBe(201);
    const stolen = { ...beta!.registration(11n), verification_key: alpha!.registration(11n)['verification_key'] };
    const refused = await call(net.aggregator, 'POST', '/register-signer', stolen);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('already registered by another party');
    // The same party registering again keeps its registration.
    expect((await call(net.aggregator, 'POST', '/register-signer', alpha!.registration(11n))).status).toBe(201);

    // A data folder of the previous layout: registrations without any key index.
    for (const key of await storage.getKeys('mithril-aggregator:signer-key')) await storage.removeItem(key);
    await storage.removeItem('mithril-aggregator:signer-key-index:11');
    expect(await storage.getKeys('mithril-aggregator:signer-key')).toEqual([]);
    const restarted = createAggregator(net.options);
    const stolenAgain = { ...gamma!.registration(11n), verification_key: alpha!.registration(11n)['verification_key'] };
    expect((await call(restarted, 'POST', '/register-signer', stolenAgain)).status).toBe(400);
    expect((await call(restarted, 'POST', '/register-signer', beta!.registration(11n))).status).toBe(201);
    expect(await storage.hasItem('mithril-aggregator:signer-key-index:11')).toBe(true);
    // Rebuilt from the stored registrations: alpha's and now beta's keys.
    expect(await storage.getKeys('mithril-aggregator:signer-key:11')).toHaveLength(2);
  });
});
