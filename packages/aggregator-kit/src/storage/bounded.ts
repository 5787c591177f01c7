/**
 * Storage calls that fail fast: every asynchronous method of an unstorage `Storage` gets a deadline, and a call that
 * misses it rejects with `AGGREGATOR_STORAGE_FAILED` naming the method (a driver's own failure is passed on as it is). Without it, a
 * Redis outage holds each request for as long as the client retries (about 11 s with ioredis' defaults). Repeated
 * failures are told through a rate-limited handler, and a Redis client's own `error` events get a rate-limited
 * listener too, so that an outage writes a bounded number of lines instead of one per reconnection attempt.
 */
import type { Storage } from 'unstorage';
import { AggregatorError } from '../errors.js';
import { isMithrilError } from '../sdk.js';

/** Options of {@link boundStorage}. */
export interface BoundedStorageOptions {
  /** Deadline of one read (`getItem`, `hasItem`, `getKeys`, …), in milliseconds (default 3000). */
  readonly timeoutMs?: number | undefined;
  /**
   * Deadline of one write, in milliseconds (default 30 000): long, because an fsync on a busy disk can take seconds and
   * a write that lands after its deadline was reported failed for nothing; it only ends a storage that never answers.
   */
  readonly writeTimeoutMs?: number | undefined;
  /** Told about failures, at most once per `quietMs` for the same message (default: one `console.warn` line). */
  readonly onFailure?: ((message: string, repeated: number) => void) | undefined;
  /** Quiet period of {@link BoundedStorageOptions.onFailure} per distinct message, in milliseconds (default 30 000). */
  readonly quietMs?: number | undefined;
  /** The clock of the quiet periods (default `Date.now`). */
  readonly now?: (() => number) | undefined;
}

/** Default deadline of one storage call. */
const DEFAULT_TIMEOUT_MS = 3000;
const DEFAULT_WRITE_TIMEOUT_MS = 30_000;
/** Methods that only read. */
const READS: ReadonlySet<string> = new Set(['getItem', 'getItemRaw', 'getItems', 'hasItem', 'getKeys', 'getMeta', 'keys', 'get', 'has']);
const DEFAULT_QUIET_MS = 30_000;
const BOUNDED = Symbol.for('mithril.aggregator.boundedStorage');

/**
 * A rate-limited reporter: the first occurrence of a message is told at once, later ones are counted and told with
 * their count when the quiet period of that message is over.
 *
 * @param report - where lines go
 * @param quietMs - the quiet period per message
 * @param now - the clock
 * @returns the function to call on every occurrence
 * @example
 * const tell = rateLimited((m, n) => console.warn(m, n), 30_000);
 * tell('storage down'); // told; the next ones within 30 s are only counted
 */
export function rateLimited(
  report: (message: string, repeated: number) => void,
  quietMs: number,
  now: () => number = Date.now,
): (message: string) => void {
  const seen = new Map<string, { until: number; count: number }>();
  return (message) => {
    const t = now();
    const entry = seen.get(message);
    if (entry !== undefined && t < entry.until) {
      entry.count++;
      return;
    }
    report(message, entry?.count ?? 0);
    seen.set(message, { until: t + quietMs, count: 0 });
    if (seen.size > 64) seen.delete(seen.keys().next().value as string);
  };
}

const defaultFailure = (message: string, repeated: number): void => {
  console.warn(`mithril-aggregator: ${message}${repeated > 0 ? ` (${repeated} more since the last report)` : ''}`);
};

function deadline<T>(call: Promise<T>, timeoutMs: number, method: string, tell: (message: string) => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    // The method only: keys and driver messages are internals that an HTTP answer must not carry.
    // After a stalled event loop the timer can run before the I/O callback that already completed the call: let
    // pending I/O run first (setImmediate comes after the poll phase), so that only a call still pending fails.
    const fail = (): void => reject(new AggregatorError('AGGREGATOR_STORAGE_FAILED', `storage ${method} did not answer within ${timeoutMs} ms`));
    timer = setTimeout(() => (typeof setImmediate === 'function' ? setImmediate(fail) : fail()), timeoutMs);
  });
  return Promise.race([call, timeout])
    .catch((error: unknown) => {
      // A driver's own failure is passed on as it is (an unexpected error: 500 `internal error`, reported), once told.
      tell(
        isMithrilError<string>(error)
          ? `storage unavailable: ${error.message}`
          : `storage failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      throw error;
    })
    .finally(() => clearTimeout(timer));
}

interface ErrorEmitter {
  on(event: 'error', listener: (error: unknown) => void): unknown;
  listenerCount(event: string): number;
}

/** Gives a Redis (or any event-emitting) driver client a rate-limited `error` listener, if it has none. */
function quietDriverErrors(storage: Storage, tell: (message: string) => void): void {
  const driver = (storage as Partial<Pick<Storage, 'getMount'>>).getMount?.('')?.driver as { getInstance?: () => unknown } | undefined;
  let client: unknown;
  try {
    client = driver?.getInstance?.();
  } catch {
    return;
  }
  const emitter = client as Partial<ErrorEmitter> | undefined;
  if (typeof emitter?.on !== 'function' || typeof emitter.listenerCount !== 'function' || emitter.listenerCount('error') > 0) return;
  emitter.on('error', (error) => tell(`storage client: ${error instanceof Error ? error.message : String(error)}`));
}

/**
 * Wraps a storage so that every call fails fast with a typed error and failures are reported in bounded volume.
 * `createAggregator` applies it to the storage it is given (a storage already wrapped is returned as it is).
 *
 * @param storage - any unstorage `Storage`
 * @param options - deadline, failure handler and its quiet period
 * @returns the same storage, bounded
 * @throws {AggregatorError} from the returned storage's methods: `AGGREGATOR_STORAGE_FAILED` on a missed deadline
 * @example
 * const storage = boundStorage(createStorage({ driver: redisDriver({ url }) }), { timeoutMs: 1000 });
 * await storage.getItem('k'); // rejects within 1 s when Redis is down
 */
export function boundStorage(storage: Storage, options: BoundedStorageOptions = {}): Storage {
  if ((storage as unknown as Record<symbol, unknown>)[BOUNDED] === true) return storage;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const writeTimeoutMs = options.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS;
  for (const [field, value] of [
    ['timeoutMs', timeoutMs],
    ['writeTimeoutMs', writeTimeoutMs],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 1)
      throw new AggregatorError('AGGREGATOR_INVALID_CONFIGURATION', 'must be a positive integer', { field });
  }
  const tell = rateLimited(options.onFailure ?? defaultFailure, options.quietMs ?? DEFAULT_QUIET_MS, options.now);
  quietDriverErrors(storage, tell);
  return new Proxy(storage, {
    get(target, property, receiver) {
      if (property === BOUNDED) return true;
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        let result: unknown;
        try {
          result = (value as (...a: unknown[]) => unknown).apply(target, args);
        } catch (error) {
          result = Promise.reject(error);
        }
        if (!(result instanceof Promise)) return result;
        return deadline(result, READS.has(property) ? timeoutMs : writeTimeoutMs, property, tell);
      };
    },
  });
}
