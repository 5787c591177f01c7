/**
 * An append-only sequence index on any unstorage driver: one key per position (`<prefix>:<zero-padded n>` → hash)
 * plus a counter, so that an insert writes two small keys and a page reads only the keys it shows. The runner is the
 * only writer, so the counter needs no compare-and-set.
 */
import type { Storage } from 'unstorage';

/** Width of the zero-padded position in sequence keys (room for 10^16 items). */
const SEQUENCE_DIGITS = 16;

/** A page request: newest first, skipping `offset` items. */
export interface PageOptions {
  /** Items to return (default 20). */
  readonly limit?: number | undefined;
  /** Newest items to skip (default 0). */
  readonly offset?: number | undefined;
}

/** Told about a stored document that is empty or not JSON (left torn by a writer without atomic writes). */
export type CorruptDocumentHandler = (key: string, error: unknown) => void;

/** The default handler: one warning line on the console. */
export const warnCorruptDocument: CorruptDocumentHandler = (key, error) => {
  console.warn(`mithril-aggregator: stored document ${key} is empty or torn (${String(error)}); treated as absent`);
};

/**
 * Reads an item stored as JSON, whatever the driver handed back (parsed or text). An empty or torn document (left by
 * a kill during a non-atomic write) reads as absent, and the handler is told, so the next write replaces it.
 *
 * @param storage - the storage
 * @param key - the key
 * @param onCorrupt - told about an empty or torn document (default: a console warning)
 * @returns the value, or `undefined` when absent, empty or torn
 * @example
 * const record = await readJson<{ hash: string }>(storage, 'genesis');
 */
export async function readJson<T>(storage: Storage, key: string, onCorrupt: CorruptDocumentHandler = warnCorruptDocument): Promise<T | undefined> {
  const value = await storage.getItem(key);
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string') return value as T;
  try {
    if (value.trim() === '') throw new SyntaxError('empty document');
    return JSON.parse(value) as T;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    onCorrupt(key, error);
    return undefined;
  }
}

/**
 * Writes an item as JSON text.
 *
 * @param storage - the storage
 * @param key - the key
 * @param value - a JSON-serialisable value (u64 values as decimal strings)
 * @example
 * await writeJson(storage, 'genesis', { hash });
 */
export async function writeJson(storage: Storage, key: string, value: unknown): Promise<void> {
  await storage.setItem(key, JSON.stringify(value));
}

/**
 * One ordered index of hashes.
 *
 * @example
 * const index = new SequenceIndex(storage, 'certificate-seq', 'certificate-count');
 * await index.append(hash);
 * await index.page({ limit: 20 }); // newest first
 */
export class SequenceIndex {
  readonly #storage: Storage;
  readonly #prefix: string;
  readonly #countKey: string;
  readonly #onCorrupt: CorruptDocumentHandler;

  /**
   * @param storage - the (namespaced) storage
   * @param prefix - key prefix of the positions, e.g. `certificate-seq`
   * @param countKey - key of the counter, e.g. `certificate-count`
   * @param onCorrupt - told about a torn position or counter
   */
  constructor(storage: Storage, prefix: string, countKey: string, onCorrupt: CorruptDocumentHandler = warnCorruptDocument) {
    this.#storage = storage;
    this.#prefix = prefix;
    this.#countKey = countKey;
    this.#onCorrupt = onCorrupt;
  }

  #key(position: number): string {
    return `${this.#prefix}:${position.toString().padStart(SEQUENCE_DIGITS, '0')}`;
  }

  /** Number of items. */
  async count(): Promise<number> {
    return Number((await readJson<{ count: string }>(this.#storage, this.#countKey, this.#onCorrupt))?.count ?? 0);
  }

  async #setCount(count: number): Promise<void> {
    await writeJson(this.#storage, this.#countKey, { count: count.toString() });
  }

  /** The hash at a position (0 = oldest). */
  async at(position: number): Promise<string | undefined> {
    return (await readJson<{ hash: string }>(this.#storage, this.#key(position), this.#onCorrupt))?.hash;
  }

  /** Writes the hash at a position (migration and the hash-recomputation tool). */
  async set(position: number, hash: string): Promise<void> {
    await writeJson(this.#storage, this.#key(position), { hash });
  }

  /** Appends a hash: the position first, then the counter (a crash in between is repaired by {@link repair}). */
  async append(hash: string): Promise<void> {
    const count = await this.count();
    await this.set(count, hash);
    await this.#setCount(count + 1);
  }

  /** Raises the counter to at least `count` (never lowers it, so a late migration cannot hide newer items). */
  async raiseCount(count: number): Promise<void> {
    if ((await this.count()) < count) await this.#setCount(count);
  }

  /** Counts positions written past the counter by an interrupted append. */
  async repair(): Promise<void> {
    let count = await this.count();
    const start = count;
    while ((await this.at(count)) !== undefined) count++;
    if (count !== start) await this.#setCount(count);
  }

  /** Shrinks or sets the counter exactly (the hash-recomputation tool rewrites the whole index). */
  async resetCount(count: number): Promise<void> {
    for (let position = count, total = await this.count(); position < total; position++) await this.#storage.removeItem(this.#key(position));
    await this.#setCount(count);
  }

  /**
   * One page of hashes, newest first.
   *
   * @param options - limit and offset
   * @returns the hashes
   */
  async page(options: PageOptions = {}): Promise<string[]> {
    const limit = Math.max(0, options.limit ?? 20);
    const offset = Math.max(0, options.offset ?? 0);
    const out: string[] = [];
    for (let position = (await this.count()) - 1 - offset; position >= 0 && out.length < limit; position--) {
      const hash = await this.at(position);
      if (hash !== undefined) out.push(hash);
    }
    return out;
  }

  /** Hashes newest first, read one key at a time (callers stop early). */
  async *newestFirst(): AsyncGenerator<string> {
    for (let position = (await this.count()) - 1; position >= 0; position--) {
      const hash = await this.at(position);
      if (hash !== undefined) yield hash;
    }
  }

  /** Hashes oldest first. */
  async *oldestFirst(): AsyncGenerator<string> {
    const count = await this.count();
    for (let position = 0; position < count; position++) {
      const hash = await this.at(position);
      if (hash !== undefined) yield hash;
    }
  }
}
