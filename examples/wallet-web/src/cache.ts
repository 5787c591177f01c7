/**
 * The page's verified-chain cache: an unstorage `Storage` over IndexedDB (the `idb-keyval` based driver). The SDK
 * client takes any unstorage `Storage` as its `cache`, so this is the whole adapter.
 */
import { createStorage, type Storage } from 'unstorage';
import indexedDbDriver from 'unstorage/drivers/indexedb';

/** IndexedDB database and object store that hold the cache. */
const CACHE_DATABASE = { dbName: 'mithril-wallet', storeName: 'verified-certificates' } as const;

/**
 * Opens the IndexedDB-backed cache (the database is created on first use).
 *
 * @returns an unstorage `Storage` to pass as the client's `cache`
 * @example
 * const client = createMithrilClient({ aggregatorEndpoint, genesisVerificationKey, cache: openIndexedDbCache() });
 */
export function openIndexedDbCache(): Storage {
  // #region indexeddb-cache
  return createStorage({ driver: indexedDbDriver({ dbName: CACHE_DATABASE.dbName, storeName: CACHE_DATABASE.storeName }) });
  // #endregion indexeddb-cache
}
