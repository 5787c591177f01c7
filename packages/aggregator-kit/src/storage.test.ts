import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestRedis, type TestRedis } from '@mithril/testing';
import { describeStorageConformance } from '@mithril/testing/storage-conformance';
import { createStorage, type Storage } from 'unstorage';
import fsDriver from 'unstorage/drivers/fs';
import redisDriver from 'unstorage/drivers/redis';
import { afterAll, beforeAll } from 'vitest';
import { AggregatorStore } from './store.js';

const store = (storage: Storage, namespace: string): AggregatorStore => new AggregatorStore(storage, namespace);

describeStorageConformance({ name: 'memory', create: () => createStorage(), store });

const directories = new Map<Storage, string>();
describeStorageConformance({
  name: 'fs',
  create() {
    const dir = mkdtempSync(join(tmpdir(), 'mithril-storage-'));
    const storage = createStorage({ driver: fsDriver({ base: dir }) });
    directories.set(storage, dir);
    return storage;
  },
  async dispose(storage) {
    await storage.dispose();
    rmSync(directories.get(storage)!, { recursive: true, force: true });
  },
  store,
});

let redis: TestRedis;
let runs = 0;
const runId = `storage-test-${Date.now()}-${Math.floor(Math.random() * 1e9)}`;
beforeAll(async () => {
  redis = await startTestRedis();
}, 30_000);
afterAll(async () => {
  await redis.stop();
});
describeStorageConformance({
  name: 'redis',
  create: () => createStorage({ driver: redisDriver({ url: redis.url, base: `${runId}-${runs++}`, lazyConnect: false }) }),
  async dispose(storage) {
    for (const key of await storage.getKeys()) await storage.removeItem(key);
    await storage.dispose();
  },
  store,
});
