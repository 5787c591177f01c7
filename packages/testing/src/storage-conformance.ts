/**
 * Conformance suite for the storage the aggregator runs on: an unstorage `Storage` on any driver (memory, fs, redis)
 * must behave as the stores rely on (get/set/remove/has, prefix listing on `:` separators, exact string values,
 * `prefixStorage`), and an ordered document store built on it must keep its indexes, pages and migration of the older
 * layout. Call {@link describeStorageConformance} from a vitest file with one factory per driver.
 */
import { prefixStorage, type Storage } from 'unstorage';
import { describe, expect, it } from 'vitest';

/** A stored document as the aggregator keeps it. */
export interface ConformanceDocument {
  readonly json: string;
  readonly epoch: string;
  readonly hash: string;
}

/** The ordered document store operations checked by the suite (the aggregator kit's `AggregatorStore`). */
export interface OrderedDocumentStore {
  open(): Promise<void>;
  insertCertificate(record: ConformanceDocument): Promise<void>;
  getCertificate(hash: string): Promise<ConformanceDocument | undefined>;
  certificateCount(): Promise<number>;
  certificatePage(options?: { limit?: number; offset?: number }): Promise<string[]>;
  insertArtifact(kind: 'msd' | 'csd', record: ConformanceDocument): Promise<void>;
  artifactCount(kind: 'msd' | 'csd'): Promise<number>;
  artifactPage(kind: 'msd' | 'csd', options?: { limit?: number; offset?: number }): Promise<string[]>;
  getArtifactByEpoch(kind: 'msd' | 'csd', epoch: bigint): Promise<ConformanceDocument | undefined>;
}

/** Options of {@link describeStorageConformance}. */
export interface StorageConformanceOptions {
  /** Label of the describe block, e.g. the driver name. */
  readonly name: string;
  /** Creates an empty storage (each test gets its own: use a fresh base or directory). */
  readonly create: () => Storage | Promise<Storage>;
  /** Releases a storage (close connections, remove directories). */
  readonly dispose?: ((storage: Storage) => Promise<void>) | undefined;
  /** Builds the ordered document store under test on a storage and namespace. */
  readonly store?: ((storage: Storage, namespace: string) => OrderedDocumentStore) | undefined;
}

const hashOf = (n: number): string => n.toString(16).padStart(64, '0');
const doc = (n: number, epoch: number): ConformanceDocument => ({
  json: `{"hash":"${hashOf(n)}","epoch":${epoch}}`,
  epoch: String(epoch),
  hash: hashOf(n),
});

/**
 * Registers the storage conformance tests for one driver.
 *
 * @param options - name, storage factory and optional store factory
 * @example
 * describeStorageConformance({ name: 'memory', create: () => createStorage(), store: (s, ns) => new AggregatorStore(s, ns) });
 */
export function describeStorageConformance(options: StorageConformanceOptions): void {
  const withStorage = (test: (storage: Storage) => Promise<void>) => async () => {
    const storage = await options.create();
    try {
      await test(storage);
    } finally {
      await options.dispose?.(storage);
    }
  };

  describe(`storage conformance: ${options.name}`, () => {
    it(
      'gets, sets, tests and removes items',
      withStorage(async (storage) => {
        expect(await storage.getItem('absent')).toBeNull();
        expect(await storage.hasItem('absent')).toBe(false);
        await storage.setItem('one', JSON.stringify({ a: 1 }));
        expect(await storage.hasItem('one')).toBe(true);
        expect(await storage.getItem('one')).toEqual({ a: 1 });
        await storage.setItem('one', JSON.stringify({ a: 2 }));
        expect(await storage.getItem('one')).toEqual({ a: 2 });
        await storage.removeItem('one');
        expect(await storage.hasItem('one')).toBe(false);
        expect(await storage.getItem('one')).toBeNull();
      }),
    );

    it(
      'round-trips values exactly: u64 decimal strings, unicode, JSON text',
      withStorage(async (storage) => {
        const record = { stake: '18446744073709551615', party: 'pool1ünï', phiF: 0.65, nested: { list: ['a', 'b'] } };
        await storage.setItem('record', JSON.stringify(record));
        const back = await storage.getItem('record');
        expect(typeof back === 'string' ? JSON.parse(back) : back).toEqual(record);
        await storage.setItem('plain', 'pool1abc');
        expect(await storage.getItem('plain')).toBe('pool1abc');
        // JSON text comes back parsed (or as the same text), its u64 strings untouched.
        await storage.setItem('json-text', '{"a":"9007199254740993"}');
        const text = await storage.getItem('json-text');
        expect(typeof text === 'string' ? JSON.parse(text) : text).toEqual({ a: '9007199254740993' });
      }),
    );

    it(
      'lists keys by prefix on `:` separators only',
      withStorage(async (storage) => {
        for (const key of ['a:b:c', 'a:b:d', 'a:bc', 'ab', 'a-b:x']) await storage.setItem(key, JSON.stringify({ key }));
        expect((await storage.getKeys('a:b')).sort()).toEqual(['a:b:c', 'a:b:d']);
        expect((await storage.getKeys('a')).sort()).toEqual(['a:b:c', 'a:b:d', 'a:bc']);
        expect((await storage.getKeys('a-b')).sort()).toEqual(['a-b:x']);
        expect((await storage.getKeys()).sort()).toEqual(['a-b:x', 'a:b:c', 'a:b:d', 'a:bc', 'ab']);
      }),
    );

    it(
      'orders zero-padded sequence keys numerically once sorted',
      withStorage(async (storage) => {
        const keys = [10, 2, 1, 100, 0].map((n) => `seq:${n.toString().padStart(16, '0')}`);
        for (const key of keys) await storage.setItem(key, JSON.stringify({ key }));
        expect((await storage.getKeys('seq')).sort()).toEqual([0, 1, 2, 10, 100].map((n) => `seq:${n.toString().padStart(16, '0')}`));
      }),
    );

    it(
      'namespaces with prefixStorage',
      withStorage(async (storage) => {
        const inner = prefixStorage(storage, 'ns');
        await inner.setItem('x:y', JSON.stringify({ v: 1 }));
        expect(await storage.getItem('ns:x:y')).toEqual({ v: 1 });
        expect(await inner.getKeys('x')).toEqual(['x:y']);
        expect(await prefixStorage(storage, 'other').getKeys()).toEqual([]);
        await inner.removeItem('x:y');
        expect(await storage.hasItem('ns:x:y')).toBe(false);
      }),
    );

    const makeStore = options.store;
    if (makeStore === undefined) return;

    it(
      'indexes certificates and artifacts in insertion order, pages newest first',
      withStorage(async (storage) => {
        const store = makeStore(storage, 'agg');
        for (let n = 0; n < 25; n++) await store.insertCertificate(doc(n, 10 + Math.floor(n / 3)));
        // Re-inserting a known hash rewrites its document only.
        await store.insertCertificate({ ...doc(3, 11), json: '{"rewritten":true}' });
        expect(await store.certificateCount()).toBe(25);
        expect((await store.getCertificate(hashOf(3)))?.json).toBe('{"rewritten":true}');
        expect(await store.certificatePage()).toEqual([...Array(20).keys()].map((i) => hashOf(24 - i)));
        expect(await store.certificatePage({ limit: 3, offset: 23 })).toEqual([hashOf(1), hashOf(0)]);
        for (let n = 0; n < 4; n++) await store.insertArtifact('csd', doc(100 + n, 10 + n));
        await store.insertArtifact('msd', doc(200, 10));
        expect(await store.artifactPage('csd', { limit: 2 })).toEqual([hashOf(103), hashOf(102)]);
        expect(await store.artifactCount('msd')).toBe(1);
        expect((await store.getArtifactByEpoch('csd', 12n))?.hash).toBe(hashOf(102));
        expect(await store.getArtifactByEpoch('csd', 99n)).toBeUndefined();
        // A second instance on the same storage sees the same indexes.
        expect(await makeStore(storage, 'agg').certificatePage({ limit: 1 })).toEqual([hashOf(24)]);
      }),
    );

    it(
      'migrates the older single-array layout, idempotently',
      withStorage(async (storage) => {
        const raw = prefixStorage(storage, 'agg');
        const certificates = [0, 1, 2].map((n) => doc(n, 10 + n));
        for (const c of certificates) await raw.setItem(`certificate:${c.hash}`, JSON.stringify(c));
        await raw.setItem('certificate-order', JSON.stringify(certificates.map((c) => c.hash)));
        const artifacts = [doc(50, 10), doc(51, 11), doc(52, 11)];
        for (const a of artifacts) await raw.setItem(`artifact:csd:${a.hash}`, JSON.stringify(a));
        await raw.setItem('artifact-order:csd', JSON.stringify(artifacts.map((a) => a.hash)));
        const store = makeStore(storage, 'agg');
        await store.open();
        expect(await store.certificatePage()).toEqual([hashOf(2), hashOf(1), hashOf(0)]);
        expect(await store.artifactPage('csd')).toEqual([hashOf(52), hashOf(51), hashOf(50)]);
        // The newest artifact of an epoch wins, as the old newest-first scan gave.
        expect((await store.getArtifactByEpoch('csd', 11n))?.hash).toBe(hashOf(52));
        expect(await raw.hasItem('certificate-order')).toBe(false);
        await store.insertCertificate(doc(3, 13));
        const again = makeStore(storage, 'agg');
        await again.open();
        expect(await again.certificatePage()).toEqual([hashOf(3), hashOf(2), hashOf(1), hashOf(0)]);
      }),
    );

    it(
      'finishes a migration interrupted before the old array was removed',
      withStorage(async (storage) => {
        const raw = prefixStorage(storage, 'agg');
        const certificates = [0, 1, 2, 3].map((n) => doc(n, 10));
        for (const c of certificates) await raw.setItem(`certificate:${c.hash}`, JSON.stringify(c));
        await raw.setItem('certificate-order', JSON.stringify(certificates.map((c) => c.hash)));
        // A crash after two positions were copied, before the counter was written.
        await raw.setItem(`certificate-seq:${'0'.repeat(16)}`, JSON.stringify({ hash: hashOf(0) }));
        await raw.setItem(`certificate-seq:${'1'.padStart(16, '0')}`, JSON.stringify({ hash: hashOf(1) }));
        const store = makeStore(storage, 'agg');
        await store.open();
        expect(await store.certificateCount()).toBe(4);
        expect(await store.certificatePage()).toEqual([hashOf(3), hashOf(2), hashOf(1), hashOf(0)]);
      }),
    );

    it(
      'repairs an append interrupted between its position and its counter',
      withStorage(async (storage) => {
        const store = makeStore(storage, 'agg');
        await store.insertCertificate(doc(0, 10));
        const raw = prefixStorage(storage, 'agg');
        await raw.setItem(`certificate:${hashOf(1)}`, JSON.stringify(doc(1, 10)));
        await raw.setItem(`certificate-seq:${'1'.padStart(16, '0')}`, JSON.stringify({ hash: hashOf(1) }));
        const restarted = makeStore(storage, 'agg');
        await restarted.open();
        expect(await restarted.certificateCount()).toBe(2);
        await restarted.insertCertificate(doc(2, 11));
        expect(await restarted.certificatePage()).toEqual([hashOf(2), hashOf(1), hashOf(0)]);
      }),
    );
  });
}
