/**
 * The signer relay's read cache: the last successful answer of each GET route a signer uses, served when no upstream
 * can be reached and the answer is younger than a bound, so that a signer keeps signing through an upstream blip.
 */
import type { UpstreamAnswer } from './upstreams.js';

/**
 * A cached answer and when it was received (milliseconds of the relay's clock).
 *
 * @example
 * const entry: CachedAnswer = { answer, receivedAt: Date.now() };
 */
interface CachedAnswer {
  readonly answer: UpstreamAnswer;
  readonly receivedAt: number;
}

/**
 * The cache.
 *
 * @example
 * cache.put('/epoch-settings', answer);
 * cache.fresh('/epoch-settings'); // the entry while younger than maxAgeMs
 */
export interface GetCache {
  /** Keeps a 200 answer. */
  put(route: string, answer: UpstreamAnswer): void;
  /** The entry for a route when it is not older than the bound, else `undefined`. */
  fresh(route: string): CachedAnswer | undefined;
}

/**
 * Creates a read cache.
 *
 * @param maxAgeMs - oldest answer served, in milliseconds
 * @param clock - milliseconds now
 * @returns the cache
 * @example
 * const cache = createGetCache(30 * 60_000, Date.now);
 */
export function createGetCache(maxAgeMs: number, clock: () => number): GetCache {
  const entries = new Map<string, CachedAnswer>();
  return {
    put(route, answer) {
      if (answer.status === 200) entries.set(route, { answer, receivedAt: clock() });
    },
    fresh(route) {
      const entry = entries.get(route);
      if (entry === undefined) return undefined;
      if (clock() - entry.receivedAt > maxAgeMs) {
        entries.delete(route);
        return undefined;
      }
      return entry;
    },
  };
}
