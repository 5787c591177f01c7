/**
 * What a signer persists (the reference signer's `protocol_initializer`, `stake_pool` and `signed_beacon` tables,
 * nodes.md §3.3) over any unstorage `Storage`. Values are plain JSON with u64 values as decimal strings, so every
 * driver (memory, fs, Redis) round-trips them.
 */
import type { Storage } from 'unstorage';
import type { StakeDistribution } from './sdk.js';
import { SignerError } from './errors.js';

/** A key generated for a recording epoch; holds the STM secret key. */
export interface StoredInitializer {
  /** Recording epoch the key was registered for. */
  readonly epoch: bigint;
  /** Stake at registration time. */
  readonly stake: bigint;
  /** 32-byte big-endian BLS signing key, hex. */
  readonly signingKey: string;
  /** JSON-hex VK + PoP, as registered. */
  readonly verificationKey: string;
  /** Whether the aggregator acknowledged the registration (201). */
  readonly registered: boolean;
  /** Creation time, milliseconds since the epoch of the injected clock. */
  readonly createdAt: number;
}

/** A beacon already handled, so that it is never signed twice. */
interface SignedBeaconRecord {
  readonly epoch: bigint;
  readonly signedEntityType: string;
  /** `published` with the status, or `lottery-lost`. */
  readonly outcome: 'published' | 'lottery-lost';
  readonly status?: number | undefined;
  readonly signedAt: number;
}

/** The signer's persistent state. */
export interface SignerStore {
  getInitializer(epoch: bigint): Promise<StoredInitializer | undefined>;
  saveInitializer(initializer: StoredInitializer): Promise<void>;
  getStakes(epoch: bigint): Promise<StakeDistribution | undefined>;
  saveStakes(epoch: bigint, stakes: StakeDistribution): Promise<void>;
  getSignedBeacon(epoch: bigint, key: string): Promise<SignedBeaconRecord | undefined>;
  saveSignedBeacon(record: SignedBeaconRecord): Promise<void>;
  /** Removes everything stored for epochs below `epoch`. */
  pruneBefore(epoch: bigint): Promise<void>;
}

type Plain = Record<string, unknown>;

function failure(message: string, cause: unknown): SignerError {
  return new SignerError('SIGNER_STORAGE_FAILED', message, { field: 'storage', cause });
}

function corrupt(key: string): SignerError {
  return new SignerError('SIGNER_STORAGE_FAILED', `stored value at ${key} is malformed`, { field: key });
}

function bigintOf(value: unknown, key: string): bigint {
  if (typeof value !== 'string' || !/^\d{1,20}$/.test(value)) throw corrupt(key);
  return BigInt(value);
}

/**
 * A {@link SignerStore} over an unstorage `Storage`, with every key under `prefix` (so that several signers can
 * share one storage).
 *
 * @param storage - any unstorage storage (memory in tests, fs or Redis in real deployments)
 * @param prefix - key prefix, e.g. `signer:pool1…`
 * @returns the store
 */
export function createSignerStore(storage: Storage, prefix: string): SignerStore {
  const key = (...parts: (string | bigint)[]): string => [prefix, ...parts.map(String)].join(':');

  const read = async (k: string): Promise<Plain | undefined> => {
    let value: unknown;
    try {
      value = await storage.getItem(k);
    } catch (cause) {
      throw failure(`reading ${k} failed`, cause);
    }
    if (value === null || value === undefined) return undefined;
    if (typeof value === 'string') {
      try {
        value = JSON.parse(value) as unknown;
      } catch {
        throw corrupt(k);
      }
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw corrupt(k);
    return value as Plain;
  };

  const write = async (k: string, value: Plain): Promise<void> => {
    try {
      await storage.setItem(k, JSON.stringify(value));
    } catch (cause) {
      throw failure(`writing ${k} failed`, cause);
    }
  };

  const epochsUnder = async (base: string): Promise<bigint[]> => {
    let keys: string[];
    try {
      keys = await storage.getKeys(base);
    } catch (cause) {
      throw failure(`listing ${base} failed`, cause);
    }
    const epochs = new Set<bigint>();
    for (const k of keys) {
      const rest = k.slice(base.length).replace(/^:/, '');
      const epoch = rest.split(':')[0];
      if (epoch !== undefined && /^\d{1,20}$/.test(epoch)) epochs.add(BigInt(epoch));
    }
    return [...epochs];
  };

  return {
    async getInitializer(epoch) {
      const k = key('initializer', epoch);
      const v = await read(k);
      if (v === undefined) return undefined;
      if (typeof v['signingKey'] !== 'string' || typeof v['verificationKey'] !== 'string' || typeof v['createdAt'] !== 'number') {
        throw corrupt(k);
      }
      return {
        epoch: bigintOf(v['epoch'], k),
        stake: bigintOf(v['stake'], k),
        signingKey: v['signingKey'],
        verificationKey: v['verificationKey'],
        registered: v['registered'] === true,
        createdAt: v['createdAt'],
      };
    },
    async saveInitializer(init) {
      await write(key('initializer', init.epoch), {
        epoch: init.epoch.toString(),
        stake: init.stake.toString(),
        signingKey: init.signingKey,
        verificationKey: init.verificationKey,
        registered: init.registered,
        createdAt: init.createdAt,
      });
    },
    async getStakes(epoch) {
      const k = key('stakes', epoch);
      const v = await read(k);
      if (v === undefined) return undefined;
      const pools = v['pools'];
      if (typeof pools !== 'object' || pools === null || Array.isArray(pools)) throw corrupt(k);
      return new Map(Object.entries(pools as Plain).map(([pool, stake]) => [pool, bigintOf(stake, k)]));
    },
    async saveStakes(epoch, stakes) {
      const pools: Plain = {};
      for (const [pool, stake] of stakes) pools[pool] = stake.toString();
      await write(key('stakes', epoch), { epoch: epoch.toString(), pools });
    },
    async getSignedBeacon(epoch, beacon) {
      const k = key('signed', epoch, beacon);
      const v = await read(k);
      if (v === undefined) return undefined;
      const outcome = v['outcome'];
      if ((outcome !== 'published' && outcome !== 'lottery-lost') || typeof v['signedAt'] !== 'number') throw corrupt(k);
      return {
        epoch: bigintOf(v['epoch'], k),
        signedEntityType: String(v['signedEntityType']),
        outcome,
        status: typeof v['status'] === 'number' ? v['status'] : undefined,
        signedAt: v['signedAt'],
      };
    },
    async saveSignedBeacon(record) {
      await write(key('signed', record.epoch, record.signedEntityType), {
        epoch: record.epoch.toString(),
        signedEntityType: record.signedEntityType,
        outcome: record.outcome,
        ...(record.status === undefined ? {} : { status: record.status }),
        signedAt: record.signedAt,
      });
    },
    async pruneBefore(epoch) {
      for (const table of ['initializer', 'stakes', 'signed']) {
        const base = key(table);
        for (const old of await epochsUnder(base)) {
          if (old >= epoch) continue;
          try {
            if (table === 'signed') {
              for (const k of await storage.getKeys(key(table, old))) await storage.removeItem(k);
            } else {
              await storage.removeItem(key(table, old));
            }
          } catch (cause) {
            throw failure(`pruning ${base} failed`, cause);
          }
        }
      }
    },
  };
}
