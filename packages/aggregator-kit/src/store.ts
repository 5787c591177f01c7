/**
 * The aggregator's persistent state on an unstorage `Storage`, namespaced under one prefix. Items written by HTTP
 * replicas (registrations, signatures) live under one key each, so concurrent replicas never overwrite each other;
 * the certificate and artifact indexes are written by the single runner only, one key per item (O(1) per insert,
 * paginated reads). Stores in the older layout are migrated on first use (see `store-migration.ts`).
 */
import { prefixStorage, type Storage } from 'unstorage';
import { SequenceIndex, readJson, warnCorruptDocument, writeJson, type CorruptDocumentHandler, type PageOptions } from './store-index.js';
import { reindexDocuments } from './store-reindex.js';
import { RoundKeyIndex } from './store-keys.js';
import { migrateLegacyIndexes } from './store-migration.js';
import {
  ARTIFACT_KINDS,
  type ArtifactKind,
  type DocumentRecord,
  type EpochSettingsRecord,
  type OpenMessageRecord,
  type RunnerStateRecord,
  type SignatureRecord,
  type SignerRecord,
  type TimePointRecord,
} from './store-records.js';

export * from './store-records.js';
export type { CorruptDocumentHandler, PageOptions } from './store-index.js';

/**
 * Typed access to the aggregator's records.
 *
 * @example
 * const store = new AggregatorStore(createStorage(), 'mithril-aggregator');
 * const latest = await store.certificatePage({ limit: 20 });
 */
export class AggregatorStore {
  readonly storage: Storage;

  /**
   * @param storage - the unstorage instance
   * @param namespace - key prefix, e.g. `mithril-aggregator`
   * @param onCorrupt - told about an empty or torn document, which then reads as absent (default: a console warning)
   */
  constructor(storage: Storage, namespace: string, onCorrupt: CorruptDocumentHandler = warnCorruptDocument) {
    this.storage = prefixStorage(storage, namespace);
    this.#onCorrupt = onCorrupt;
    this.#certificates = new SequenceIndex(this.storage, 'certificate-seq', 'certificate-count', onCorrupt);
    this.#keys = new RoundKeyIndex(this.storage, onCorrupt);
  }

  readonly #onCorrupt: CorruptDocumentHandler;
  /** Stake distributions by epoch, as maps (a few recent epochs). */
  readonly #stakeMaps = new Map<string, Map<string, string>>();

  readonly #certificates: SequenceIndex;
  readonly #keys: RoundKeyIndex;
  readonly #artifacts = new Map<ArtifactKind, SequenceIndex>();
  #opened: Promise<void> | undefined;

  #get<T>(key: string): Promise<T | undefined> {
    return readJson<T>(this.storage, key, this.#onCorrupt);
  }

  #set(key: string, value: unknown): Promise<void> {
    return writeJson(this.storage, key, value);
  }

  #artifactIndex(kind: ArtifactKind): SequenceIndex {
    let index = this.#artifacts.get(kind);
    if (index === undefined) {
      index = new SequenceIndex(this.storage, `artifact-seq:${kind}`, `artifact-count:${kind}`, this.#onCorrupt);
      this.#artifacts.set(kind, index);
    }
    return index;
  }

  /**
   * Migrates an older layout and repairs interrupted appends, once per instance; every index operation awaits it.
   * A failed attempt is retried by the next call.
   *
   * @example
   * await store.open();
   */
  open(): Promise<void> {
    this.#opened ??= migrateLegacyIndexes(this.storage, {
      certificates: this.#certificates,
      artifacts: (kind) => this.#artifactIndex(kind),
      artifactEpochKey: artifactEpochKey,
      artifactKey: artifactKey,
    }).catch((error: unknown) => {
      this.#opened = undefined;
      throw error;
    });
    return this.#opened;
  }

  /**
   * Lists every certificate and artifact document its index misses (a kill between the document and its position)
   * and rewrites missing by-epoch artifact entries; run by the runner at start-up.
   *
   * @returns the number of documents indexed again and of by-epoch entries rewritten
   * @example
   * const { appended } = await store.reindex();
   */
  async reindex(): Promise<{ appended: number; epochEntries: number }> {
    await this.open();
    const total = { ...(await reindexDocuments(this.storage, this.#certificates, 'certificate', this.#onCorrupt)) };
    for (const kind of ARTIFACT_KINDS) {
      const r = await reindexDocuments(this.storage, this.#artifactIndex(kind), `artifact:${kind}`, this.#onCorrupt, (epoch) =>
        artifactEpochKey(kind, epoch),
      );
      total.appended += r.appended;
      total.epochEntries += r.epochEntries;
    }
    return total;
  }

  async #list<T>(base: string): Promise<T[]> {
    const keys = (await this.storage.getKeys(base)).sort();
    const out: T[] = [];
    for (const key of keys) {
      const item = await this.#get<T>(key);
      if (item !== undefined) out.push(item);
    }
    return out;
  }

  /** Epoch settings stored under an epoch. */
  getEpochSettings(epoch: bigint): Promise<EpochSettingsRecord | undefined> {
    return this.#get(`epoch-settings:${epoch}`);
  }
  /** Stores epoch settings. */
  setEpochSettings(record: EpochSettingsRecord): Promise<void> {
    return this.#set(`epoch-settings:${record.epoch}`, record);
  }

  /** Stake distribution recorded under an epoch, as `[poolId, stake]` pairs. */
  getStakes(epoch: bigint): Promise<[string, string][] | undefined> {
    return this.#get(`stakes:${epoch}`);
  }
  /** Records a stake distribution under an epoch. */
  async setStakes(epoch: bigint, stakes: [string, string][]): Promise<void> {
    this.#stakeMaps.delete(epoch.toString());
    await this.#set(`stakes:${epoch}`, stakes);
  }
  /**
   * One pool's stake recorded under an epoch, from a per-instance map of the distribution: a registration then costs
   * a lookup instead of reading and parsing the whole distribution (a recorded distribution never changes).
   */
  async getStake(epoch: bigint, partyId: string): Promise<string | undefined> {
    const key = epoch.toString();
    let map = this.#stakeMaps.get(key);
    if (map === undefined) {
      const stakes = await this.getStakes(epoch);
      if (stakes === undefined) return undefined;
      map = new Map(stakes);
      this.#stakeMaps.set(key, map);
      while (this.#stakeMaps.size > STAKE_MAPS_KEPT) this.#stakeMaps.delete(this.#stakeMaps.keys().next().value as string);
    }
    return map.get(partyId);
  }

  /** Registrations stored under a recording epoch, ordered by party id. */
  listSigners(epoch: bigint): Promise<SignerRecord[]> {
    return this.#list(`signers:${epoch}`);
  }
  /** Number of registrations stored under a recording epoch (keys only: cheaper than listing them). */
  async countSigners(epoch: bigint): Promise<number> {
    return (await this.storage.getKeys(`signers:${epoch}`)).length;
  }
  /** One registration. */
  getSigner(epoch: bigint, partyId: string): Promise<SignerRecord | undefined> {
    return this.#get(`signers:${epoch}:${partyId}`);
  }
  /**
   * Stores a registration. With `keyHex` (the hex of the verification key's 96 bytes) the round's key index is
   * written first, so that the index never lags behind the registrations it covers.
   */
  async setSigner(record: SignerRecord, keyHex?: string): Promise<void> {
    if (keyHex !== undefined) await this.#keys.record(record.epoch, keyHex, record.partyId);
    await this.#set(`signers:${record.epoch}:${record.partyId}`, record);
  }
  /**
   * The party that registered a verification key in a round, from the round's key index (so that the duplicate-key
   * check of a registration does not list the round).
   *
   * @param epoch - the recording epoch
   * @param keyHex - hex of the 96-byte verification key
   * @param keyHexOf - decodes a stored registration's key (once per round, for a round stored before the index)
   */
  signerWithKey(epoch: bigint, keyHex: string, keyHexOf: (record: SignerRecord) => string): Promise<string | undefined> {
    return this.#keys.holder(epoch.toString(), keyHex, () => this.listSigners(epoch), keyHexOf);
  }
  /** Every party id that ever registered (for `/signers/tickers`). */
  async knownParties(): Promise<Set<string>> {
    const keys = await this.storage.getKeys('signers');
    return new Set(keys.map((k) => k.split(':').pop() ?? '').filter((k) => k !== ''));
  }

  /** The open registration round (recording epoch), if any. */
  async getRegistrationRound(): Promise<bigint | undefined> {
    const r = await this.#get<{ epoch: string }>('registration-round');
    return r === undefined ? undefined : BigInt(r.epoch);
  }
  /** Opens (or closes with `undefined`) the registration round. */
  async setRegistrationRound(epoch: bigint | undefined): Promise<void> {
    if (epoch === undefined) await this.storage.removeItem('registration-round');
    else await this.#set('registration-round', { epoch: epoch.toString() });
  }

  /** The runner's time point. */
  getTimePoint(): Promise<TimePointRecord | undefined> {
    return this.#get('time-point');
  }
  /** Stores the runner's time point. */
  setTimePoint(record: TimePointRecord): Promise<void> {
    return this.#set('time-point', record);
  }

  /** An open message by key. */
  getOpenMessage(key: string): Promise<OpenMessageRecord | undefined> {
    return this.#get(`open-message:${key}`);
  }
  /** Stores an open message. */
  setOpenMessage(record: OpenMessageRecord): Promise<void> {
    return this.#set(`open-message:${record.key}`, record);
  }
  /** All open messages. */
  listOpenMessages(): Promise<OpenMessageRecord[]> {
    return this.#list('open-message');
  }
  /** Deletes an open message and its signatures. */
  async removeOpenMessage(key: string): Promise<void> {
    for (const k of await this.storage.getKeys(`signature:${key}`)) await this.storage.removeItem(k);
    await this.storage.removeItem(`open-message:${key}`);
  }

  /** Signatures collected for an open message, ordered by arrival. */
  async listSignatures(openMessageKey: string): Promise<SignatureRecord[]> {
    const items = await this.#list<SignatureRecord>(`signature:${openMessageKey}`);
    return items.sort((a, b) => (BigInt(a.receivedAtNanos) < BigInt(b.receivedAtNanos) ? -1 : 1));
  }
  /** Whether this party already has a signature on this open message. */
  async hasSignature(openMessageKey: string, partyId: string): Promise<boolean> {
    return this.storage.hasItem(`signature:${openMessageKey}:${partyId}`);
  }
  /** Stores a signature for an open message (one per party). */
  setSignature(openMessageKey: string, record: SignatureRecord): Promise<void> {
    return this.#set(`signature:${openMessageKey}:${record.partyId}`, record);
  }

  /** Buffered signatures of a type (of one party, when given). */
  listBuffered(type: string, partyId?: string): Promise<SignatureRecord[]> {
    return this.#list(partyId === undefined ? `buffered:${type}` : `buffered:${type}:${partyId}`);
  }
  /** Buffers a signature (keyed by party and signed message, so replays overwrite). */
  setBuffered(record: SignatureRecord): Promise<void> {
    return this.#set(`buffered:${record.type}:${record.partyId}:${record.signedMessage}`, record);
  }
  /** Number of buffered signatures of a type, or of one party for that type (keys only). */
  async countBuffered(type: string, partyId?: string): Promise<number> {
    return (await this.storage.getKeys(partyId === undefined ? `buffered:${type}` : `buffered:${type}:${partyId}`)).length;
  }
  /** Whether this very signature (party and signed message) is already buffered. */
  hasBuffered(record: SignatureRecord): Promise<boolean> {
    return this.storage.hasItem(`buffered:${record.type}:${record.partyId}:${record.signedMessage}`);
  }
  /** Drops a buffered signature. */
  async removeBuffered(record: SignatureRecord): Promise<void> {
    await this.storage.removeItem(`buffered:${record.type}:${record.partyId}:${record.signedMessage}`);
  }

  /** Number of indexed certificates. */
  async certificateCount(): Promise<number> {
    await this.open();
    return this.#certificates.count();
  }
  /** One page of certificate hashes, newest first (reads only the keys of the page). */
  async certificatePage(options: PageOptions = {}): Promise<string[]> {
    await this.open();
    return this.#certificates.page(options);
  }
  /** Certificate hashes newest first, read lazily (stop iterating to stop reading). */
  async *certificatesNewestFirst(): AsyncGenerator<string> {
    await this.open();
    yield* this.#certificates.newestFirst();
  }
  /** Certificate hashes in insertion order (oldest first), read lazily. */
  async *certificatesOldestFirst(): AsyncGenerator<string> {
    await this.open();
    yield* this.#certificates.oldestFirst();
  }
  /** A certificate document. */
  getCertificate(hash: string): Promise<DocumentRecord | undefined> {
    return this.#get(`certificate:${hash}`);
  }
  /**
   * Inserts a certificate: the document first, then its index position (a document without a position is never
   * listed nor chained to). A known hash only has its document rewritten.
   */
  async insertCertificate(record: DocumentRecord): Promise<void> {
    await this.open();
    const known = await this.storage.hasItem(`certificate:${record.hash}`);
    await this.#set(`certificate:${record.hash}`, record);
    if (!known) await this.#certificates.append(record.hash);
  }
  /** Replaces the whole certificate set, in order (used by the hash-recomputation tool). */
  async replaceCertificates(records: readonly DocumentRecord[]): Promise<void> {
    await this.open();
    for await (const hash of this.#certificates.oldestFirst()) await this.storage.removeItem(`certificate:${hash}`);
    for (const [position, record] of records.entries()) {
      await this.#set(`certificate:${record.hash}`, record);
      await this.#certificates.set(position, record.hash);
    }
    await this.#certificates.resetCount(records.length);
  }
  /** Hash of the genesis certificate, when one was imported. */
  async getGenesisHash(): Promise<string | undefined> {
    return (await this.#get<{ hash: string }>('genesis'))?.hash;
  }
  /** Records the latest genesis certificate hash. */
  setGenesisHash(hash: string): Promise<void> {
    return this.#set('genesis', { hash });
  }

  /** Number of indexed artifacts of a kind. */
  async artifactCount(kind: ArtifactKind): Promise<number> {
    await this.open();
    return this.#artifactIndex(kind).count();
  }
  /** One page of artifact ids of a kind, newest first. */
  async artifactPage(kind: ArtifactKind, options: PageOptions = {}): Promise<string[]> {
    await this.open();
    return this.#artifactIndex(kind).page(options);
  }
  /** Artifact ids of a kind in insertion order, read lazily. */
  async *artifactsOldestFirst(kind: ArtifactKind): AsyncGenerator<string> {
    await this.open();
    yield* this.#artifactIndex(kind).oldestFirst();
  }
  /** An artifact document. */
  getArtifact(kind: ArtifactKind, hash: string): Promise<DocumentRecord | undefined> {
    return this.#get(artifactKey(kind, hash));
  }
  /** The newest artifact of a kind for a beacon epoch. */
  async getArtifactByEpoch(kind: ArtifactKind, epoch: bigint): Promise<DocumentRecord | undefined> {
    await this.open();
    const entry = await this.#get<{ hash: string }>(artifactEpochKey(kind, epoch.toString()));
    return entry === undefined ? undefined : this.getArtifact(kind, entry.hash);
  }
  /** Inserts an artifact (document, index position, by-epoch entry); a known id only has its document rewritten. */
  async insertArtifact(kind: ArtifactKind, record: DocumentRecord): Promise<void> {
    await this.open();
    const known = await this.storage.hasItem(artifactKey(kind, record.hash));
    await this.#set(artifactKey(kind, record.hash), record);
    if (known) return;
    await this.#artifactIndex(kind).append(record.hash);
    await this.#set(artifactEpochKey(kind, record.epoch), { hash: record.hash });
  }

  /** Runner state. */
  getRunnerState(): Promise<RunnerStateRecord | undefined> {
    return this.#get('runner-state');
  }
  /** Stores the runner state. */
  setRunnerState(record: RunnerStateRecord): Promise<void> {
    return this.#set('runner-state', record);
  }

  /** A statistics counter (u64, stored as `{ "count": "<decimal>" }`; counters stored as numbers by older versions are read). */
  async getStatistic(name: string): Promise<bigint> {
    const stored = await this.#get<{ count?: unknown } | number>(`stats:${name}`);
    if (typeof stored === 'number') return Number.isFinite(stored) && stored >= 0 ? BigInt(Math.trunc(stored)) : 0n;
    const count = stored?.count;
    return typeof count === 'string' && /^\d+$/.test(count) ? BigInt(count) : 0n;
  }
  /** Adds to a statistics counter, exactly (bigint arithmetic). */
  async increment(name: string, by: bigint | number = 1n): Promise<void> {
    const next = (await this.getStatistic(name)) + BigInt(by);
    await this.#set(`stats:${name}`, { count: next.toString() });
  }
}

/** Stake maps and indexed rounds kept per store instance (current, next and a previous epoch, plus slack). */
const STAKE_MAPS_KEPT = 4;

function artifactKey(kind: ArtifactKind, hash: string): string {
  return `artifact:${kind}:${hash}`;
}

function artifactEpochKey(kind: ArtifactKind, epoch: string): string {
  return `artifact-epoch:${kind}:${epoch}`;
}
