/**
 * Index repair from the documents: a document is always written before its index position, so a kill in between
 * leaves a valid but unlisted document. At start-up every document missing from its index is appended (oldest epoch
 * first), and by-epoch artifact entries that are missing are written again.
 */
import type { Storage } from 'unstorage';
import { readJson, writeJson, type CorruptDocumentHandler, type SequenceIndex } from './store-index.js';
import type { DocumentRecord } from './store-records.js';

/** What one index repair did. */
export interface ReindexResult {
  /** Documents appended to the index. */
  readonly appended: number;
  /** By-epoch entries written again. */
  readonly epochEntries: number;
}

/**
 * Appends to an index every document stored under a prefix that the index does not list.
 *
 * @param storage - the namespaced storage
 * @param index - the sequence index
 * @param prefix - the documents' key prefix, e.g. `certificate`
 * @param onCorrupt - told about a torn document
 * @param epochKey - when set, the key of the by-epoch entry each newest document of an epoch must have
 * @returns the counts of repairs
 * @example
 * await reindexDocuments(storage, certificates, 'certificate', warnCorruptDocument);
 */
export async function reindexDocuments(
  storage: Storage,
  index: SequenceIndex,
  prefix: string,
  onCorrupt: CorruptDocumentHandler,
  epochKey?: (epoch: string) => string,
): Promise<ReindexResult> {
  const indexed: string[] = [];
  for await (const hash of index.oldestFirst()) indexed.push(hash);
  const listed = new Set(indexed);
  const orphans: DocumentRecord[] = [];
  for (const key of await storage.getKeys(prefix)) {
    const doc = await readJson<DocumentRecord>(storage, key, onCorrupt);
    if (doc !== undefined && !listed.has(doc.hash)) orphans.push(doc);
  }
  orphans.sort((a, b) => (BigInt(a.epoch) < BigInt(b.epoch) ? -1 : BigInt(a.epoch) > BigInt(b.epoch) ? 1 : 0));
  for (const doc of orphans) await index.append(doc.hash);
  let epochEntries = 0;
  if (epochKey !== undefined) {
    // The newest document of each epoch owns the entry (as inserts do); only missing or dangling entries are rewritten.
    const newest = new Map<string, string>();
    for (const hash of [...indexed, ...orphans.map((d) => d.hash)]) {
      const doc = await readJson<DocumentRecord>(storage, `${prefix}:${hash}`, onCorrupt);
      if (doc !== undefined) newest.set(doc.epoch, hash);
    }
    for (const [epoch, hash] of newest) {
      const entry = await readJson<{ hash: string }>(storage, epochKey(epoch), onCorrupt);
      if (entry !== undefined && (await storage.hasItem(`${prefix}:${entry.hash}`))) continue;
      await writeJson(storage, epochKey(epoch), { hash });
      epochEntries++;
    }
  }
  return { appended: orphans.length, epochEntries };
}
