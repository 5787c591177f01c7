import { createStorage } from 'unstorage';
import memoryDriver from 'unstorage/drivers/memory';
import { describe, expect, it } from 'vitest';
import { isMithrilError } from '@mithril/sdk';
import { createSignerStore } from './store.js';

describe('createSignerStore', () => {
  it('round-trips initializers, stakes above 2^53 and signed beacons, and prunes old epochs only', async () => {
    const storage = createStorage({ driver: memoryDriver() });
    const store = createSignerStore(storage, 'signer:pool1a');
    const other = createSignerStore(storage, 'signer:pool1b');
    for (const epoch of [1n, 2n, 10n, 11n]) {
      await store.saveInitializer({ epoch, stake: 2n ** 60n + epoch, signingKey: 'aa', verificationKey: 'bb', registered: epoch > 1n, createdAt: 5 });
      await store.saveStakes(epoch, new Map([['pool1a', 2n ** 63n + epoch]]));
      await store.saveSignedBeacon({ epoch, signedEntityType: `MithrilStakeDistribution-${epoch}`, outcome: 'published', status: 201, signedAt: 7 });
    }
    await other.saveStakes(1n, new Map([['pool1b', 1n]]));
    expect(await store.getInitializer(2n)).toEqual({
      epoch: 2n,
      stake: 2n ** 60n + 2n,
      signingKey: 'aa',
      verificationKey: 'bb',
      registered: true,
      createdAt: 5,
    });
    expect((await store.getInitializer(1n))?.registered).toBe(false);
    expect(await store.getStakes(11n)).toEqual(new Map([['pool1a', 2n ** 63n + 11n]]));
    expect(await store.getSignedBeacon(10n, 'MithrilStakeDistribution-10')).toEqual({
      epoch: 10n,
      signedEntityType: 'MithrilStakeDistribution-10',
      outcome: 'published',
      status: 201,
      signedAt: 7,
    });
    await store.pruneBefore(10n);
    expect(await store.getInitializer(2n)).toBeUndefined();
    expect(await store.getStakes(1n)).toBeUndefined();
    expect(await store.getSignedBeacon(1n, 'MithrilStakeDistribution-1')).toBeUndefined();
    // Epoch 1 is a prefix of 10 and 11: those must survive.
    expect(await store.getInitializer(10n)).toBeDefined();
    expect(await store.getSignedBeacon(11n, 'MithrilStakeDistribution-11')).toBeDefined();
    expect(await other.getStakes(1n)).toEqual(new Map([['pool1b', 1n]]));
  });

  it('reports corrupted values as storage errors', async () => {
    const storage = createStorage({ driver: memoryDriver() });
    const store = createSignerStore(storage, 's');
    await storage.setItem('s:stakes:3', '{"pools":{"pool1a":"-5"}}');
    await storage.setItem('s:initializer:3', 'not json');
    for (const read of [() => store.getStakes(3n), () => store.getInitializer(3n)]) {
      await expect(read()).rejects.toSatisfy((e: unknown) => isMithrilError(e, 'SIGNER_STORAGE_FAILED'));
    }
  });
});
