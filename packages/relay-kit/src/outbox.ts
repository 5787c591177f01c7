/**
 * The signer relay's durable outbox: registrations and signatures received while no upstream could be reached, kept
 * in an unstorage `Storage` under increasing sequence numbers (so a restart delivers them in the order they came),
 * and the relay's counters, kept beside them so that a restart goes on counting.
 */
import type { Storage } from 'unstorage';
import { RelayError } from './errors.js';

/**
 * What an outbox item carries.
 *
 * @example
 * const kind: OutboxKind = 'signature';
 */
export type OutboxKind = 'registration' | 'signature';

/**
 * One buffered POST.
 *
 * @example
 * const item: OutboxItem = { seq: 1, kind: 'registration', body: '{"epoch":12}', headers: [], epoch: '12' };
 */
export interface OutboxItem {
  readonly seq: number;
  readonly kind: OutboxKind;
  /** The JSON body, as sent upstream. */
  readonly body: string;
  /** The allow-listed request headers, as `[name, value]` pairs. */
  readonly headers: readonly (readonly [string, string])[];
  /**
   * Registration: the epoch of the round it is for (`RegisterSignerMessage.epoch`). Signature: the aggregator epoch
   * the relay knew when it was received (its epoch settings), or absent when it knew none.
   */
  readonly epoch?: string;
}

/**
 * Counters of one kind of POST.
 *
 * @example
 * const c: RelayCounters = { received: 3, forwarded: 1, buffered: 2, delivered: 2, expired: 0, rejected: 0 };
 */
export interface RelayCounters {
  /** Accepted by the relay (forwarded at once or buffered). */
  received: number;
  /** Answered by an upstream at once. */
  forwarded: number;
  /** Put in the outbox. */
  buffered: number;
  /** Taken out of the outbox and answered by an upstream with a success status. */
  delivered: number;
  /** Dropped from the outbox as expired (round closed, open message gone: the reference's 410). */
  expired: number;
  /** Taken out of the outbox and refused by an upstream (any other status). */
  rejected: number;
}

/**
 * The relay's counters, by kind.
 *
 * @example
 * const lost = stats.signatures.buffered - stats.signatures.delivered - stats.signatures.expired - stats.signatures.rejected - pending;
 */
export interface RelayStats {
  registrations: RelayCounters;
  signatures: RelayCounters;
}

/**
 * The outbox over a storage.
 *
 * @example
 * const outbox = createOutbox(storage);
 * await outbox.enqueue({ kind: 'registration', body, headers: [] });
 */
export interface Outbox {
  /** Appends an item; returns it with its sequence number. */
  enqueue(item: Omit<OutboxItem, 'seq'>): Promise<OutboxItem>;
  /** Every item, oldest first. */
  items(): Promise<OutboxItem[]>;
  /** Number of items. */
  size(): Promise<number>;
  /** Removes a delivered or dropped item. */
  remove(seq: number): Promise<void>;
  /** Adds one to a counter. */
  count(kind: OutboxKind, counter: keyof RelayCounters): Promise<void>;
  /** The counters. */
  stats(): Promise<RelayStats>;
}

const ITEM_PREFIX = 'outbox:';
const NEXT_KEY = 'outbox-next';
const STATS_KEY = 'stats';

const zero = (): RelayCounters => ({ received: 0, forwarded: 0, buffered: 0, delivered: 0, expired: 0, rejected: 0 });

async function guarded<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (cause) {
    throw new RelayError('RELAY_STORAGE_FAILED', `cannot ${what}`, { field: 'storage', cause });
  }
}

/**
 * Creates the outbox over a storage (use a prefixed storage to share one).
 *
 * @param storage - where items and counters live (fs, redis, … for durability; memory for tests)
 * @returns the outbox
 * @example
 * const outbox = createOutbox(createStorage({ driver: fsDriver({ base: '/var/lib/mithril-relay' }) }));
 */
export function createOutbox(storage: Storage): Outbox {
  const keyOf = (seq: number): string => `${ITEM_PREFIX}${String(seq).padStart(12, '0')}`;
  const keys = async (): Promise<string[]> =>
    (await storage.getKeys(ITEM_PREFIX.slice(0, -1)))
      .map((k) => k.replaceAll('/', ':'))
      .filter((k) => k.startsWith(ITEM_PREFIX))
      .sort();
  let stats: RelayStats | undefined;
  const loadStats = async (): Promise<RelayStats> => {
    if (stats === undefined) {
      const saved = await storage.getItem<RelayStats>(STATS_KEY);
      stats = { registrations: { ...zero(), ...saved?.registrations }, signatures: { ...zero(), ...saved?.signatures } };
    }
    return stats;
  };
  return {
    enqueue: (item) =>
      guarded('store a buffered request', async () => {
        const seq = Number((await storage.getItem<number>(NEXT_KEY)) ?? 1);
        await storage.setItem(NEXT_KEY, seq + 1);
        const stored: OutboxItem = { ...item, seq };
        await storage.setItem(keyOf(seq), stored);
        return stored;
      }),
    items: () =>
      guarded('read the outbox', async () => {
        const out: OutboxItem[] = [];
        for (const key of await keys()) {
          const item = await storage.getItem<OutboxItem>(key);
          if (item !== null) out.push(item);
        }
        return out.sort((a, b) => a.seq - b.seq);
      }),
    size: () => guarded('read the outbox', async () => (await keys()).length),
    remove: (seq) => guarded('remove a delivered request', () => storage.removeItem(keyOf(seq))),
    count: (kind, counter) =>
      guarded('update the counters', async () => {
        const s = await loadStats();
        s[kind === 'registration' ? 'registrations' : 'signatures'][counter]++;
        await storage.setItem(STATS_KEY, s);
      }),
    stats: () =>
      guarded('read the counters', async () => {
        const s = await loadStats();
        return { registrations: { ...s.registrations }, signatures: { ...s.signatures } };
      }),
  };
}
