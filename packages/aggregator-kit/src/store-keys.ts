/**
 * The per-round index of registered verification keys (`signer-key:<epoch>:<vk hex>` → party), which makes the
 * duplicate-key check of a registration one read instead of a listing of the round. Rounds stored before the index
 * existed are indexed once from their registrations, then marked complete (`signer-key-index:<epoch>`); a crash
 * before the mark only rebuilds the same entries.
 */
import type { Storage } from 'unstorage';
import { readJson, writeJson, type CorruptDocumentHandler } from './store-index.js';
import type { SignerRecord } from './store-records.js';

/** Rounds remembered as complete per instance (current, next and a previous round, plus slack). */
const ROUNDS_KEPT = 4;

function entryKey(epoch: string, keyHex: string): string {
  return `signer-key:${epoch}:${keyHex}`;
}

/**
 * The key index of every registration round.
 *
 * @example
 * const keys = new RoundKeyIndex(storage);
 * await keys.record('12', vkHex, 'pool1…');
 */
export class RoundKeyIndex {
  readonly #storage: Storage;
  readonly #onCorrupt: CorruptDocumentHandler | undefined;
  readonly #complete = new Set<string>();

  /**
   * @param storage - the (namespaced) storage
   * @param onCorrupt - told about a torn entry
   */
  constructor(storage: Storage, onCorrupt?: CorruptDocumentHandler) {
    this.#storage = storage;
    this.#onCorrupt = onCorrupt;
  }

  /** Records that `partyId` registered the key in the round. */
  async record(epoch: string, keyHex: string, partyId: string): Promise<void> {
    await writeJson(this.#storage, entryKey(epoch, keyHex), { partyId });
  }

  /**
   * The party holding a key in a round, indexing the round first when it was stored without an index.
   *
   * @param epoch - the recording epoch
   * @param keyHex - hex of the verification key
   * @param list - the round's stored registrations
   * @param keyHexOf - the key of a stored registration
   * @returns the party id, or `undefined`
   */
  async holder(
    epoch: string,
    keyHex: string,
    list: () => Promise<SignerRecord[]>,
    keyHexOf: (record: SignerRecord) => string,
  ): Promise<string | undefined> {
    if (!this.#complete.has(epoch)) {
      if ((await readJson(this.#storage, `signer-key-index:${epoch}`, this.#onCorrupt)) === undefined) {
        for (const record of await list()) await this.record(epoch, keyHexOf(record), record.partyId);
        await writeJson(this.#storage, `signer-key-index:${epoch}`, { complete: true });
      }
      this.#complete.add(epoch);
      while (this.#complete.size > ROUNDS_KEPT) this.#complete.delete(this.#complete.values().next().value as string);
    }
    return (await readJson<{ partyId: string }>(this.#storage, entryKey(epoch, keyHex), this.#onCorrupt))?.partyId;
  }
}
