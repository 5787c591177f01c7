/**
 * A storage driver for the systematic crash test: it forwards to a shared inner driver and "kills the process" right
 * after the n-th write (the write lands, then `CrashError` is thrown); every later write of that incarnation throws
 * without writing, as a dead process writes nothing more. A new incarnation on the same inner driver is a restart.
 */
import type { Driver } from 'unstorage';

/** Thrown at and after the simulated kill. */
class CrashError extends Error {
  constructor(write: number) {
    super(`crash after write ${write}`);
    this.name = 'CrashError';
  }
}

/** One incarnation of the process on the shared storage. */
export interface CrashIncarnation {
  /** The driver to build the aggregator's storage on. */
  readonly driver: Driver;
  /** Writes done by this incarnation. */
  readonly writes: number;
  /** Whether the simulated kill happened. */
  readonly dead: boolean;
}

/**
 * Wraps a driver so that the incarnation dies right after its `crashAfter`-th write (never when `undefined`).
 *
 * @param inner - the shared driver (the disk that survives the kill)
 * @param crashAfter - 1-based write number after which the kill happens
 * @returns the incarnation
 * @example
 * const life = crashingDriver(memoryDriver(), 17);
 */
export function crashingDriver(inner: Driver, crashAfter: number | undefined): CrashIncarnation {
  let writes = 0;
  let dead = false;
  const write = async (run: () => unknown): Promise<void> => {
    if (dead) throw new CrashError(writes);
    await run();
    writes++;
    if (writes === crashAfter) {
      dead = true;
      throw new CrashError(writes);
    }
  };
  const driver: Driver = {
    ...inner,
    name: 'crashing',
    setItem: (key, value, opts) => write(() => inner.setItem?.(key, value, opts)),
    setItemRaw: (key, value, opts) => write(() => inner.setItemRaw?.(key, value, opts)),
    removeItem: (key, opts) => write(() => inner.removeItem?.(key, opts)),
    // Bulk and clear operations are not used by the aggregator; refusing them keeps the count exact.
    setItems: undefined,
    clear: undefined,
  };
  return {
    driver,
    get writes() {
      return writes;
    },
    get dead() {
      return dead;
    },
  };
}

/**
 * A driver over a plain `Map` (the "disk" of the crash test), so that its state after any write can be copied.
 *
 * @param map - the key → text map
 * @returns the driver
 * @example
 * const disk = new Map<string, string>();
 * const storage = createStorage({ driver: mapDriver(disk) });
 */
export function mapDriver(map: Map<string, string>): Driver {
  return {
    name: 'map',
    hasItem: (key) => map.has(key),
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => {
      map.set(key, value);
    },
    removeItem: (key) => {
      map.delete(key);
    },
    getKeys: () => [...map.keys()],
    clear: () => {
      map.clear();
    },
  };
}

/**
 * Calls `after` right after every write that lands through the driver (to record the disk at each write point).
 *
 * @param inner - the driver
 * @param after - told the 1-based write number
 * @returns the driver
 * @example
 * const driver = observedDriver(mapDriver(disk), (n) => snapshots.push(new Map(disk)));
 */
export function observedDriver(inner: Driver, after: (write: number) => void): Driver {
  let writes = 0;
  const observe = async (run: () => unknown): Promise<void> => {
    await run();
    after(++writes);
  };
  return {
    ...inner,
    setItem: (key, value, opts) => observe(() => inner.setItem?.(key, value, opts)),
    setItemRaw: (key, value, opts) => observe(() => inner.setItemRaw?.(key, value, opts)),
    removeItem: (key, opts) => observe(() => inner.removeItem?.(key, opts)),
    setItems: undefined,
  };
}
