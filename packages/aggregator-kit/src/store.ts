/**
 * The aggregator's persistent state on an unstorage `Storage`, namespaced under one prefix. Records keep u64 values
 * as decimal strings so that every driver (memory, fs, redis) round-trips them exactly. Items written by HTTP
 * replicas (registrations, signatures) live under one key each, so concurrent replicas never overwrite each other;
 * ordered lists are written by the single runner only.
 */
import { prefixStorage, type Storage } from 'unstorage';

/** Protocol parameters as stored. */
export interface ParametersRecord {
  readonly k: string;
  readonly m: string;
  readonly phiF: number;
}

/** Epoch settings stored under an epoch (nodes.md §2.1: registration configuration recorded under N+1). */
export interface EpochSettingsRecord {
  readonly epoch: string;
  readonly protocolParameters: ParametersRecord;
  readonly signedEntityTypes: readonly string[];
}

/** A signer registration stored under its recording epoch. */
export interface SignerRecord {
  readonly epoch: string;
  readonly partyId: string;
  readonly verificationKey: string;
  readonly verificationKeySignature?: string | undefined;
  readonly operationalCertificate?: string | undefined;
  readonly kesPeriod?: number | undefined;
  readonly stake: string;
  readonly registeredAt: string;
}

/** What the runner learned at its last epoch change; HTTP replicas read it. */
export interface TimePointRecord {
  readonly epoch: string;
  readonly immutableFileNumber: string;
  readonly cardanoEra: string;
  readonly totalCardanoSpo: number;
  readonly totalCardanoStake: string;
}

/** An open message (nodes.md §2.4). */
export interface OpenMessageRecord {
  readonly key: string;
  readonly type: string;
  /** Beacon epoch of the signed entity type. */
  readonly beacon: string;
  /** Epoch during which it is signed. */
  readonly epoch: string;
  readonly parts: Readonly<Record<string, string>>;
  readonly signedMessage: string;
  readonly createdAt: string;
  readonly createdAtNanos: string;
  readonly expiresAtNanos: string;
  readonly isCertified: boolean;
  readonly isExpired: boolean;
}

/** A single signature stored for an open message, or buffered for a type. */
export interface SignatureRecord {
  readonly partyId: string;
  readonly signature: string;
  readonly indexes: readonly number[];
  readonly signedMessage: string;
  readonly type: string;
  readonly beacon: string;
  readonly receivedAtNanos: string;
}

/** A served document (certificate or artifact) kept as its exact JSON text. */
export interface DocumentRecord {
  readonly json: string;
  readonly epoch: string;
  readonly hash: string;
}

/** Runner state that survives restarts. */
export interface RunnerStateRecord {
  readonly state: 'idle' | 'ready' | 'signing' | 'blocked';
  readonly epoch?: string | undefined;
  readonly openMessageKey?: string | undefined;
  readonly blockedReason?: string | undefined;
}

/** Artifact families served by the kit. */
export type ArtifactKind = 'msd' | 'csd';

/** Typed access to the aggregator's records. */
export class AggregatorStore {
  readonly storage: Storage;

  /**
   * @param storage - the unstorage instance
   * @param namespace - key prefix, e.g. `mithril-aggregator`
   */
  constructor(storage: Storage, namespace: string) {
    this.storage = prefixStorage(storage, namespace);
  }

  async #get<T>(key: string): Promise<T | undefined> {
    const value = await this.storage.getItem(key);
    if (value === null || value === undefined) return undefined;
    return (typeof value === 'string' ? JSON.parse(value) : value) as T;
  }

  async #set(key: string, value: unknown): Promise<void> {
    await this.storage.setItem(key, JSON.stringify(value));
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
  setStakes(epoch: bigint, stakes: [string, string][]): Promise<void> {
    return this.#set(`stakes:${epoch}`, stakes);
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
  /** Stores a registration. */
  setSigner(record: SignerRecord): Promise<void> {
    return this.#set(`signers:${record.epoch}:${record.partyId}`, record);
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

  /** Buffered signatures of a type. */
  listBuffered(type: string): Promise<SignatureRecord[]> {
    return this.#list(`buffered:${type}`);
  }
  /** Buffers a signature (keyed by party and signed message, so replays overwrite). */
  setBuffered(record: SignatureRecord): Promise<void> {
    return this.#set(`buffered:${record.type}:${record.partyId}:${record.signedMessage}`, record);
  }
  /** Drops a buffered signature. */
  async removeBuffered(record: SignatureRecord): Promise<void> {
    await this.storage.removeItem(`buffered:${record.type}:${record.partyId}:${record.signedMessage}`);
  }

  /** Certificate hashes in insertion order (oldest first). */
  async certificateOrder(): Promise<string[]> {
    return (await this.#get<string[]>('certificate-order')) ?? [];
  }
  /** A certificate document. */
  getCertificate(hash: string): Promise<DocumentRecord | undefined> {
    return this.#get(`certificate:${hash}`);
  }
  /** Inserts a certificate and appends it to the order. */
  async insertCertificate(record: DocumentRecord): Promise<void> {
    await this.#set(`certificate:${record.hash}`, record);
    const order = await this.certificateOrder();
    if (!order.includes(record.hash)) await this.#set('certificate-order', [...order, record.hash]);
  }
  /** Replaces the whole certificate set (used by the hash-recomputation tool). */
  async replaceCertificates(records: readonly DocumentRecord[]): Promise<void> {
    for (const hash of await this.certificateOrder()) await this.storage.removeItem(`certificate:${hash}`);
    for (const record of records) await this.#set(`certificate:${record.hash}`, record);
    await this.#set(
      'certificate-order',
      records.map((r) => r.hash),
    );
  }
  /** Hash of the genesis certificate, when one was imported. */
  async getGenesisHash(): Promise<string | undefined> {
    return (await this.#get<{ hash: string }>('genesis'))?.hash;
  }
  /** Records the latest genesis certificate hash. */
  setGenesisHash(hash: string): Promise<void> {
    return this.#set('genesis', { hash });
  }

  /** Artifact ids of a kind in insertion order. */
  async artifactOrder(kind: ArtifactKind): Promise<string[]> {
    return (await this.#get<string[]>(`artifact-order:${kind}`)) ?? [];
  }
  /** An artifact document. */
  getArtifact(kind: ArtifactKind, hash: string): Promise<DocumentRecord | undefined> {
    return this.#get(`artifact:${kind}:${hash}`);
  }
  /** Inserts an artifact. */
  async insertArtifact(kind: ArtifactKind, record: DocumentRecord): Promise<void> {
    await this.#set(`artifact:${kind}:${record.hash}`, record);
    const order = await this.artifactOrder(kind);
    if (!order.includes(record.hash)) await this.#set(`artifact-order:${kind}`, [...order, record.hash]);
  }

  /** Runner state. */
  getRunnerState(): Promise<RunnerStateRecord | undefined> {
    return this.#get('runner-state');
  }
  /** Stores the runner state. */
  setRunnerState(record: RunnerStateRecord): Promise<void> {
    return this.#set('runner-state', record);
  }

  /** A counter for the statistics routes. */
  async increment(name: string, by = 1): Promise<void> {
    const current = (await this.#get<number>(`stats:${name}`)) ?? 0;
    await this.#set(`stats:${name}`, current + by);
  }
}
