/**
 * The aggregator's protocol logic shared by the HTTP handlers and the runner: epoch data, registration, signature
 * intake, open messages, certificates and artifacts (nodes.md §2). I/O goes through the store, the chain port and the
 * clock only.
 */
import type { Emitter } from 'mitt';
import { sortStakes } from './stake-order.js';
import { AggregatorError } from './errors.js';
import { toJsonText } from './json.js';
import {
  aggregateSignatures,
  bytesToHex,
  closeRegistration,
  computeCardanoStakeDistributionId,
  computeMithrilStakeDistributionId,
  computeCardanoStakeDistributionMerkleRoot,
  computeCertificateHash,
  computeSignableMessage,
  decodeSingleSignatureJsonHex,
  decodeVerificationKeyPopJsonHex,
  encodeAggregateSignatureJsonHex,
  encodeAvkJsonHex,
  encodeVerificationKeyPopJsonHex,
  findSignerIndex,
  isMithrilError,
  jsonToPlain,
  KeyRegistration,
  createStmVerificationCache,
  parseCertificate,
  parseGenesisVerificationKey,
  parseJson,
  protocolParametersToJson,
  signedEntityTypeToJson,
  verifyCertificate,
  SIGNABLE_ENTITY_TYPES,
  type ChainObserver,
  type ClosedKeyRegistration,
  type ProtocolParameters,
  type SignableEntityType,
  type SignableEntityTypeName,
  type SingleSignature,
  type StmVerificationCache,
} from './sdk.js';
import type {
  ArtifactKind,
  AggregatorStore,
  DocumentRecord,
  OpenMessageRecord,
  ParametersRecord,
  SignatureRecord,
  SignerRecord,
} from './store.js';
import { formatRfc3339Nanos, type Clock } from './time.js';
import type { AggregatorEvents, AggregatorOptions, SignerRegistrationRequest } from './types.js';
import { SignatureVerification } from './verification.js';

const PROTOCOL_VERSION = '0.1.0';
const DEFAULT_TIMEOUTS: Record<SignableEntityTypeName, number> = {
  MithrilStakeDistribution: 3600,
  CardanoStakeDistribution: 1800,
};
const ENCODER = new TextEncoder();

/** Epoch data: signers, parameters and closed registrations (nodes.md §2.2). */
export interface EpochData {
  readonly epoch: bigint;
  readonly currentParameters: ProtocolParameters;
  readonly nextParameters: ProtocolParameters;
  readonly currentSigners: readonly SignerRecord[];
  readonly nextSigners: readonly SignerRecord[];
  /** Undefined when no signer is registered for the epoch. */
  readonly current: ClosedKeyRegistration | undefined;
  readonly next: ClosedKeyRegistration | undefined;
  /** Signer index of each current party in `current` (found once per epoch rather than per signature). */
  readonly currentIndexes: ReadonlyMap<string, number>;
  readonly nextIndexes: ReadonlyMap<string, number>;
  /** Verification caches of `current` and `next` (decoded keys, `H(msgp)`, lottery evaluators). */
  readonly currentCache: StmVerificationCache;
  readonly nextCache: StmVerificationCache;
}

/** Converts protocol parameters to their stored form. */
export function parametersToRecord(p: ProtocolParameters): ParametersRecord {
  return { k: p.k.toString(), m: p.m.toString(), phiF: p.phiF };
}

/** Converts stored protocol parameters back. */
export function parametersFromRecord(r: ParametersRecord): ProtocolParameters {
  return { k: BigInt(r.k), m: BigInt(r.m), phiF: r.phiF };
}

/** The aggregator service: every protocol operation the routes and the runner need. */
export class AggregatorService {
  readonly store: AggregatorStore;
  readonly chain: ChainObserver;
  readonly clock: Clock;
  /** Backend, hasher, caches and the way single signatures are verified (inline, batched or on worker threads). */
  readonly verification: SignatureVerification;
  readonly network: string;
  readonly signedEntityTypes: readonly SignableEntityTypeName[];
  readonly events: Emitter<AggregatorEvents>;
  readonly options: AggregatorOptions;
  readonly genesisKey: Uint8Array;
  readonly #epochCache = new Map<string, EpochData>();
  readonly #verifiedCertificates = new Set<string>();
  // Certificates of every epoch are checked with one cache (bounded, keyed by key bytes).
  readonly #certificateCache = createStmVerificationCache();

  constructor(options: AggregatorOptions, store: AggregatorStore, clock: Clock, events: Emitter<AggregatorEvents>) {
    this.options = options;
    this.genesisKey = parseGenesisVerificationKey(options.genesis.verificationKey);
    this.store = store;
    this.chain = options.chain;
    this.clock = clock;
    this.events = events;
    this.verification = new SignatureVerification(options);
    this.network = options.network ?? options.chain.network;
    const wanted = new Set<string>(['MithrilStakeDistribution', ...(options.signedEntityTypes ?? SIGNABLE_ENTITY_TYPES)]);
    this.signedEntityTypes = SIGNABLE_ENTITY_TYPES.filter((t) => wanted.has(t));
  }

  /** Protocol parameters configured for an epoch. */
  configuredParameters(epoch: bigint): ProtocolParameters {
    const p = this.options.protocolParameters;
    return typeof p === 'function' ? p(epoch) : p;
  }

  /** The current epoch as recorded by the runner. */
  async currentEpoch(): Promise<bigint | undefined> {
    const tp = await this.store.getTimePoint();
    return tp === undefined ? undefined : BigInt(tp.epoch);
  }

  /** Protocol parameters stored for an epoch, if any. */
  async parametersAt(epoch: bigint): Promise<ProtocolParameters | undefined> {
    const settings = await this.store.getEpochSettings(epoch);
    return settings === undefined ? undefined : parametersFromRecord(settings.protocolParameters);
  }

  /** Stores the configured settings for an epoch when missing (startup back-fill, nodes.md §2.1). */
  async ensureEpochSettings(epoch: bigint): Promise<void> {
    if (epoch < 0n || (await this.store.getEpochSettings(epoch)) !== undefined) return;
    await this.store.setEpochSettings({
      epoch: epoch.toString(),
      protocolParameters: parametersToRecord(this.configuredParameters(epoch)),
      signedEntityTypes: [...this.signedEntityTypes],
    });
  }

  #closeSigners(signers: readonly SignerRecord[]): { closed: ClosedKeyRegistration | undefined; indexes: Map<string, number> } {
    const indexes = new Map<string, number>();
    if (signers.length === 0) return { closed: undefined, indexes };
    const entries = signers.map((s) => ({
      vk: decodeVerificationKeyPopJsonHex(s.verificationKey, 'verification_key', { mode: 'lenient' }).vk,
      stake: BigInt(s.stake),
    }));
    const closed = closeRegistration(entries);
    signers.forEach((s, i) => {
      const index = findSignerIndex(closed, entries[i]!.vk, entries[i]!.stake);
      if (index !== undefined) indexes.set(s.partyId, index);
    });
    return { closed, indexes };
  }

  /**
   * Epoch data for epoch N: current signers and parameters (stored under N−1), next ones (stored under N).
   *
   * @param epoch - the aggregator epoch
   * @throws {AggregatorError} `AGGREGATOR_EPOCH_SETTINGS_MISSING` when the settings are not stored
   */
  async epochData(epoch: bigint): Promise<EpochData> {
    const previous = epoch > 0n ? epoch - 1n : 0n;
    // Once the registration round is past `epoch`, both signer lists are closed: the data is kept for the epoch, as
    // the reference epoch service does, without touching the signer keys on every signature.
    const round = await this.store.getRegistrationRound();
    const settledKey = round !== undefined && round > epoch ? `settled:${epoch}` : undefined;
    const settled = settledKey === undefined ? undefined : this.#epochCache.get(settledKey);
    if (settled !== undefined) return settled;
    // Before that, counting keys is enough to know whether cached data still holds (registrations are only added).
    const cacheKey = `${epoch}:${await this.store.countSigners(previous)}:${await this.store.countSigners(epoch)}`;
    const cached = settledKey === undefined ? this.#epochCache.get(cacheKey) : undefined;
    if (cached !== undefined) return cached;
    const currentSigners = await this.store.listSigners(previous);
    const nextSigners = await this.store.listSigners(epoch);
    const currentParameters = await this.parametersAt(previous);
    const nextParameters = await this.parametersAt(epoch);
    if (currentParameters === undefined || nextParameters === undefined) {
      throw new AggregatorError('AGGREGATOR_EPOCH_SETTINGS_MISSING', `epoch settings of ${previous} or ${epoch} are missing`);
    }
    const current = this.#closeSigners(currentSigners);
    const next = this.#closeSigners(nextSigners);
    const data: EpochData = {
      epoch,
      currentParameters,
      nextParameters,
      currentSigners,
      nextSigners,
      current: current.closed,
      next: next.closed,
      currentIndexes: current.indexes,
      nextIndexes: next.indexes,
      currentCache: this.verification.cacheFor(`${previous}:${currentSigners.length}`),
      nextCache: this.verification.cacheFor(`${epoch}:${nextSigners.length}`),
    };
    // Data of older epochs is not asked for again once the runner moved on.
    if (this.#epochCache.size >= 8) this.#epochCache.delete(this.#epochCache.keys().next().value as string);
    this.#epochCache.set(settledKey ?? cacheKey, data);
    return data;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Registration (nodes.md §2.3)

  /**
   * Registers a signer in the open round.
   *
   * @returns the stored record (the existing one for a duplicate)
   * @throws {AggregatorError} `AGGREGATOR_REGISTRATION_ROUND_NOT_OPEN` (550), `AGGREGATOR_REGISTRATION_EPOCH_MISMATCH`
   *   (500), `AGGREGATOR_SIGNER_REGISTRATION_FAILED` (400)
   * @throws {MithrilError} decoding errors of the key (400)
   */
  async registerSigner(request: SignerRegistrationRequest): Promise<SignerRecord> {
    const round = await this.store.getRegistrationRound();
    if (round === undefined) {
      throw new AggregatorError('AGGREGATOR_REGISTRATION_ROUND_NOT_OPEN', 'the signer registration round is not opened yet');
    }
    if (request.epoch !== round) {
      throw new AggregatorError(
        'AGGREGATOR_REGISTRATION_EPOCH_MISMATCH',
        `unexpected registration epoch ${request.epoch}, the open round is for epoch ${round}`,
      );
    }
    const key = decodeVerificationKeyPopJsonHex(request.verificationKey, 'verification_key', { mode: 'lenient' });
    let partyId = request.partyId;
    if (this.options.verifySignerRegistration !== undefined) {
      const derived = await this.options.verifySignerRegistration(request, { chain: this.chain });
      if (typeof derived === 'string') partyId = derived;
    }
    const stakes = await this.store.getStakes(round);
    const stake = stakes?.find(([pool]) => pool === partyId)?.[1];
    if (stake === undefined || BigInt(stake) === 0n) {
      throw new AggregatorError('AGGREGATOR_SIGNER_REGISTRATION_FAILED', `party ${partyId} has no stake in epoch ${round}`, {
        field: 'party_id',
      });
    }
    const existing = await this.store.getSigner(round, partyId);
    if (existing !== undefined) return existing;
    const registration = new KeyRegistration(await this.verification.backend());
    try {
      registration.register(BigInt(stake), key);
    } catch (error) {
      if (!isMithrilError(error)) throw error;
      throw new AggregatorError('AGGREGATOR_SIGNER_REGISTRATION_FAILED', error.message, { field: 'verification_key', cause: error });
    }
    const others = await this.store.listSigners(round);
    const vkHex = bytesToHex(key.vk);
    if (others.some((o) => bytesToHex(decodeVerificationKeyPopJsonHex(o.verificationKey, 'verification_key', { mode: 'lenient' }).vk) === vkHex)) {
      throw new AggregatorError('AGGREGATOR_SIGNER_REGISTRATION_FAILED', 'verification key already registered by another party', {
        field: 'verification_key',
      });
    }
    const record: SignerRecord = {
      epoch: round.toString(),
      partyId,
      // Served and hashed in canonical form, whatever spelling the signer sent (certificates.md §2.4).
      verificationKey: encodeVerificationKeyPopJsonHex(key),
      verificationKeySignature: request.verificationKeySignature,
      operationalCertificate: request.operationalCertificate,
      kesPeriod: request.kesPeriod,
      stake,
      registeredAt: formatRfc3339Nanos(this.clock.nowNanos()),
    };
    await this.store.setSigner(record);
    return record;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Signatures (nodes.md §1.3 decision tree)

  async #authenticate(data: EpochData, partyId: string, signature: SingleSignature, message: Uint8Array): Promise<'current' | 'next' | undefined> {
    const tries: ['current' | 'next', ClosedKeyRegistration | undefined, ReadonlyMap<string, number>, ProtocolParameters, StmVerificationCache][] = [
      ['current', data.current, data.currentIndexes, data.currentParameters, data.currentCache],
      ['next', data.next, data.nextIndexes, data.nextParameters, data.nextCache],
    ];
    for (const [which, closed, indexes, parameters, cache] of tries) {
      const index = indexes.get(partyId);
      if (closed === undefined || index === undefined || index !== signature.signerIndex) continue;
      // Only whether it verifies matters: every failure answers the same "not authentic" error.
      const error = await this.verification.verify({ message, signature, registration: closed.entries[index]!, avk: closed.avk, parameters, cache });
      if (error === undefined) return which;
    }
    return undefined;
  }

  /**
   * Takes a single signature: authenticates it, buffers it (202) when no open message exists, stores it (201) or
   * refuses it (410 certified / expired, 500 for another message).
   *
   * @returns 201 or 202
   * @throws {AggregatorError} with the status-mapped codes of the decision tree
   */
  async registerSignature(input: {
    readonly type: SignableEntityType;
    readonly partyId: string;
    readonly signature: string;
    readonly indexes: readonly number[];
    readonly signedMessage: string;
  }): Promise<201 | 202> {
    const epoch = await this.currentEpoch();
    if (epoch === undefined) throw new AggregatorError('AGGREGATOR_SIGNATURE_NOT_AUTHENTIC', 'the aggregator has no epoch yet');
    const signature = decodeSingleSignatureJsonHex(input.signature, 'signature', { mode: 'lenient' });
    const data = await this.epochData(epoch);
    const message = ENCODER.encode(input.signedMessage);
    const authenticatedWith = await this.#authenticate(data, input.partyId, signature, message);
    if (authenticatedWith === undefined) {
      throw new AggregatorError('AGGREGATOR_SIGNATURE_NOT_AUTHENTIC', `the signature of ${input.partyId} does not verify`, {
        field: 'signature',
      });
    }
    const record: SignatureRecord = {
      partyId: input.partyId,
      signature: input.signature,
      indexes: [...input.indexes],
      signedMessage: input.signedMessage,
      type: input.type.type,
      beacon: input.type.epoch.toString(),
      receivedAtNanos: this.clock.nowNanos().toString(),
    };
    const open = await this.store.getOpenMessage(openMessageKey(input.type));
    if (open === undefined) {
      await this.store.setBuffered(record);
      this.events.emit('signature', { type: record.type, beacon: input.type.epoch, partyId: record.partyId, status: 202 });
      return 202;
    }
    await this.#storeForOpenMessage(open, record, signature, authenticatedWith === 'current' ? undefined : data);
    this.events.emit('signature', { type: record.type, beacon: input.type.epoch, partyId: record.partyId, status: 201 });
    return 201;
  }

  async #storeForOpenMessage(
    open: OpenMessageRecord,
    record: SignatureRecord,
    signature: SingleSignature,
    recheckWith: EpochData | undefined,
  ): Promise<void> {
    if (open.isCertified) throw new AggregatorError('AGGREGATOR_ALREADY_CERTIFIED', `open message ${open.key} is already certified`);
    if (open.isExpired || this.clock.nowNanos() > BigInt(open.expiresAtNanos)) {
      throw new AggregatorError('AGGREGATOR_OPEN_MESSAGE_EXPIRED', `open message ${open.key} has expired`);
    }
    if (record.signedMessage !== open.signedMessage) {
      throw new AggregatorError(
        'AGGREGATOR_SIGNATURE_MESSAGE_MISMATCH',
        `the signature is for message ${record.signedMessage}, the open message is ${open.signedMessage}`,
      );
    }
    if (recheckWith !== undefined) {
      // Authenticated with next-epoch keys only: it must still verify with the keys that certify this message.
      const data = await this.epochData(BigInt(open.epoch));
      if ((await this.#authenticate(data, record.partyId, signature, ENCODER.encode(open.signedMessage))) !== 'current') {
        throw new AggregatorError('AGGREGATOR_SIGNATURE_MESSAGE_MISMATCH', 'the signature does not verify for the open message');
      }
    }
    // The first signature of a party is kept; a replay changes nothing (de-duplication before aggregation, trap 15).
    if (await this.store.hasSignature(open.key, record.partyId)) return;
    await this.store.setSignature(open.key, record);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Open messages (nodes.md §2.4)

  /**
   * Creates the open message of a type for the current epoch when possible, replaying buffered signatures.
   *
   * @returns the open message, or `undefined` when the epoch has no signers yet
   */
  async createOpenMessage(type: SignableEntityType, epoch: bigint): Promise<OpenMessageRecord | undefined> {
    const data = await this.epochData(epoch);
    if (data.current === undefined || data.next === undefined) return undefined;
    let cardanoStakeDistribution: Map<string, bigint> | undefined;
    if (type.type === 'CardanoStakeDistribution') {
      const stakes = await this.store.getStakes(type.epoch + 2n);
      if (stakes === undefined || stakes.length === 0) return undefined;
      cardanoStakeDistribution = new Map(stakes.map(([p, s]) => [p, BigInt(s)]));
    }
    const { protocolMessage, signedMessage } = computeSignableMessage(type, {
      nextAggregateVerificationKey: data.next.avk,
      nextProtocolParameters: data.nextParameters,
      currentEpoch: epoch,
      cardanoStakeDistribution,
    });
    const now = this.clock.nowNanos();
    const timeout = this.options.openMessageTimeouts?.[type.type] ?? DEFAULT_TIMEOUTS[type.type];
    const record: OpenMessageRecord = {
      key: openMessageKey(type),
      type: type.type,
      beacon: type.epoch.toString(),
      epoch: epoch.toString(),
      parts: { ...protocolMessage.parts } as Record<string, string>,
      signedMessage,
      createdAt: formatRfc3339Nanos(now),
      createdAtNanos: now.toString(),
      expiresAtNanos: (now + BigInt(Math.round(timeout * 1e9))).toString(),
      isCertified: false,
      isExpired: false,
    };
    await this.store.setOpenMessage(record);
    this.events.emit('open-message', { type: type.type, beacon: type.epoch, signedMessage });
    for (const buffered of await this.store.listBuffered(type.type)) {
      if (buffered.beacon === record.beacon) {
        try {
          const signature = decodeSingleSignatureJsonHex(buffered.signature, 'signature', { mode: 'lenient' });
          await this.#storeForOpenMessage(record, buffered, signature, data.currentSigners.some((s) => s.partyId === buffered.partyId) ? undefined : data);
        } catch (error) {
          if (!isMithrilError(error)) throw error;
        }
      }
      if (BigInt(buffered.beacon) <= type.epoch) await this.store.removeBuffered(buffered);
    }
    return record;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Certificates (nodes.md §2.6-§2.7)

  /**
   * The master certificate of an epoch: among certificates of N−1 and N, those that are genesis or whose parent has
   * another epoch; the most recently inserted (nodes.md §2.7). Certificates are inserted in epoch order, so the scan
   * from the newest stops at the first one older than N−1.
   */
  async masterCertificate(epoch: bigint): Promise<string | undefined> {
    const order = await this.store.certificateOrder();
    for (let i = order.length - 1; i >= 0; i--) {
      const doc = await this.store.getCertificate(order[i]!);
      if (doc === undefined) continue;
      const certificateEpoch = BigInt(doc.epoch);
      if (certificateEpoch < epoch - 1n) break;
      if (certificateEpoch > epoch) continue;
      const previousHash = (JSON.parse(doc.json) as { previous_hash: string }).previous_hash;
      if (previousHash === '') return doc.hash;
      const parent = await this.store.getCertificate(previousHash);
      if (parent === undefined || BigInt(parent.epoch) !== certificateEpoch) return doc.hash;
    }
    return undefined;
  }

  /** Epoch of the latest inserted certificate. */
  async latestCertificateEpoch(): Promise<bigint | undefined> {
    const order = await this.store.certificateOrder();
    const last = order[order.length - 1];
    if (last === undefined) return undefined;
    const doc = await this.store.getCertificate(last);
    return doc === undefined ? undefined : BigInt(doc.epoch);
  }

  /**
   * Tries to certify an open message: aggregates its signatures and, once the quorum is reached, stores a
   * certificate chained to the epoch's master certificate and marks the message certified.
   *
   * @returns the certificate hash, or `undefined` while the quorum is not reached
   * @throws {AggregatorError} `AGGREGATOR_GENESIS_MISSING` when there is no master certificate
   */
  async tryCertify(open: OpenMessageRecord): Promise<string | undefined> {
    if (open.isCertified || open.isExpired) return undefined;
    const epoch = BigInt(open.epoch);
    const data = await this.epochData(epoch);
    if (data.current === undefined) return undefined;
    const records = await this.store.listSignatures(open.key);
    if (records.length === 0) return undefined;
    const message = ENCODER.encode(open.signedMessage);
    const signatures = records.map((r) => decodeSingleSignatureJsonHex(r.signature, 'signature', { mode: 'lenient' }));
    let aggregate;
    try {
      aggregate = aggregateSignatures({
        message,
        signatures,
        closedRegistration: data.current,
        parameters: data.currentParameters,
        backend: await this.verification.backend(),
        cache: data.currentCache,
        lotteryHasher: await this.verification.lotteryHasher(),
        // One randomized pairing check for all the inputs (same selection as checking each, stm.md §6.1).
        randomBytes: (length) => globalThis.crypto.getRandomValues(new Uint8Array(length)),
      });
    } catch (error) {
      if (isMithrilError(error, 'STM_NOT_ENOUGH_SIGNATURES')) return undefined;
      throw error;
    }
    const previousHash = await this.masterCertificate(epoch);
    if (previousHash === undefined) {
      throw new AggregatorError('AGGREGATOR_GENESIS_MISSING', `no master certificate for epoch ${epoch}`);
    }
    const signedParties = new Set(records.map((r) => r.partyId));
    const signers = data.currentSigners.filter((s) => signedParties.has(s.partyId));
    const type = { type: open.type, epoch: BigInt(open.beacon) } as SignableEntityType;
    const wire = {
      hash: '',
      previous_hash: previousHash,
      epoch,
      signed_entity_type: signedEntityTypeToJson(type),
      metadata: {
        network: this.network,
        version: PROTOCOL_VERSION,
        parameters: protocolParametersToJson(data.currentParameters),
        initiated_at: open.createdAt,
        sealed_at: formatRfc3339Nanos(this.clock.nowNanos()),
        signers: signers.map((s) => ({ party_id: s.partyId, stake: BigInt(s.stake) })),
      },
      protocol_message: { message_parts: open.parts },
      signed_message: open.signedMessage,
      aggregate_verification_key: encodeAvkJsonHex(data.current.avk),
      multi_signature: encodeAggregateSignatureJsonHex(aggregate.signature),
      genesis_signature: '',
    };
    const hash = hashWireCertificate(wire);
    if (this.options.verifyNewCertificates !== false) await this.#verifyNew({ ...wire, hash }, previousHash);
    await this.insertCertificate(wire);
    if (this.options.verifyNewCertificates !== false) this.#verifiedCertificates.add(hash);
    await this.store.setOpenMessage({ ...open, isCertified: true });
    this.events.emit('certificate', { hash, epoch, type: open.type, beacon: type.epoch });
    return hash;
  }

  /** Verifies a new certificate and its link to its parent with the SDK verifier, as the reference does (§2.6 step 5). */
  async #verifyNew(wire: Record<string, unknown>, previousHash: string): Promise<void> {
    const parent = await this.store.getCertificate(previousHash);
    if (parent === undefined) throw new AggregatorError('AGGREGATOR_GENESIS_MISSING', `parent certificate ${previousHash} is missing`);
    await verifyCertificate(parseCertificate(toJsonText(wire)), {
      previous: parseCertificate(parent.json),
      genesisKey: this.genesisKey,
      verifyMultiSignature: await this.verification.multiSignatureVerifier(this.#certificateCache),
    });
  }

  /**
   * Verifies the chain from the latest certificate down to genesis (run at each epoch change, nodes.md §2.5).
   * Certificates verified before by this process are trusted (stored certificates are content-addressed), so each
   * epoch change costs one link per new certificate rather than a full walk.
   *
   * @throws {CertificateError} when a link is invalid
   */
  async verifyLatestChain(): Promise<void> {
    const order = await this.store.certificateOrder();
    let hash = order[order.length - 1];
    const load = async (h: string) => {
      const doc = await this.store.getCertificate(h);
      if (doc === undefined) throw new AggregatorError('AGGREGATOR_NOT_FOUND', `certificate ${h} is missing`);
      return parseCertificate(doc.json);
    };
    const options = { genesisKey: this.genesisKey, verifyMultiSignature: await this.verification.multiSignatureVerifier(this.#certificateCache) };
    const visited = new Set<string>();
    while (hash !== undefined && !this.#verifiedCertificates.has(hash)) {
      if (visited.has(hash) || visited.size > order.length) {
        throw new AggregatorError('AGGREGATOR_STORAGE_FAILED', `certificate chain loops at ${hash}`);
      }
      visited.add(hash);
      const certificate = await load(hash);
      if (certificate.hash !== hash) throw new AggregatorError('AGGREGATOR_STORAGE_FAILED', `certificate stored under ${hash} has another hash`);
      const previous = certificate.genesisSignature !== '' ? undefined : await load(certificate.previousHash);
      await verifyCertificate(certificate, { ...options, previous });
      hash = previous?.hash;
    }
    for (const h of visited) this.#verifiedCertificates.add(h);
  }

  /**
   * Computes the hash of a wire certificate (with `hash` ignored) through the SDK parser and hasher, stores it.
   *
   * @returns the hash
   */
  async insertCertificate(wire: Record<string, unknown>): Promise<string> {
    const hash = hashWireCertificate(wire);
    const json = toJsonText({ ...wire, hash });
    await this.store.insertCertificate({ json, epoch: String(wire['epoch']), hash });
    return hash;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Artifacts (nodes.md §2.8, §10.1)

  /**
   * Builds and stores the artifact of a certified open message (2 attempts, as the reference).
   *
   * @returns the artifact id, or `undefined` when both attempts failed (the certificate then has no artifact)
   */
  async createArtifact(open: OpenMessageRecord, certificateHash: string): Promise<string | undefined> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const { kind, record } = await this.#buildArtifact(open, certificateHash);
        await this.store.insertArtifact(kind, record);
        this.events.emit('artifact', { kind, hash: record.hash, certificateHash });
        return record.hash;
      } catch (error) {
        lastError = error;
      }
    }
    this.events.emit('error', { error: lastError, critical: false });
    return undefined;
  }

  async #buildArtifact(open: OpenMessageRecord, certificateHash: string): Promise<{ kind: ArtifactKind; record: DocumentRecord }> {
    const createdAt = formatRfc3339Nanos(this.clock.nowNanos());
    const beacon = BigInt(open.beacon);
    if (open.type === 'MithrilStakeDistribution') {
      const data = await this.epochData(BigInt(open.epoch));
      const signers = data.nextSigners.map((s) => ({
        party_id: s.partyId,
        verification_key: s.verificationKey,
        verification_key_signature: s.verificationKeySignature,
        operational_certificate: s.operationalCertificate,
        kes_period: s.kesPeriod,
        stake: BigInt(s.stake),
      }));
      const hash = computeMithrilStakeDistributionId(
        beacon,
        data.nextSigners.map((s) => ({
          partyId: s.partyId,
          verificationKey: s.verificationKey,
          verificationKeySignature: s.verificationKeySignature,
          operationalCertificate: s.operationalCertificate,
          stake: BigInt(s.stake),
        })),
      );
      const json = toJsonText({
        epoch: beacon,
        hash,
        certificate_hash: certificateHash,
        signers,
        created_at: createdAt,
        protocol_parameters: protocolParametersToJson(data.nextParameters),
      });
      return { kind: 'msd', record: { json, epoch: open.beacon, hash } };
    }
    const stakes = await this.store.getStakes(beacon + 2n);
    if (stakes === undefined) throw new AggregatorError('AGGREGATOR_NOT_FOUND', `no stakes recorded under ${beacon + 2n}`);
    const sorted = sortStakes(stakes.map(([p, s]) => [p, BigInt(s)] as const));
    const root = computeCardanoStakeDistributionMerkleRoot(new Map(sorted));
    if (root !== open.parts['cardano_stake_distribution_merkle_root']) {
      throw new AggregatorError('AGGREGATOR_STORAGE_FAILED', 'the recorded stakes no longer match the signed Merkle root');
    }
    const hash = computeCardanoStakeDistributionId(beacon, new Map(sorted));
    const json = toJsonText({
      epoch: beacon,
      hash,
      certificate_hash: certificateHash,
      stake_distribution: Object.fromEntries(sorted),
      created_at: createdAt,
    });
    return { kind: 'csd', record: { json, epoch: open.beacon, hash } };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Genesis (nodes.md §2.10)

  /**
   * The genesis payload for the current epoch N: signers stored under N, parameters stored under N−1.
   *
   * @returns the protocol message and the bytes to sign (ASCII of the signed message)
   * @throws {AggregatorError} `AGGREGATOR_GENESIS_MISSING` when no signer is registered for N
   */
  async exportGenesisPayload(epoch: bigint): Promise<GenesisPayload> {
    const data = await this.epochData(epoch);
    if (data.next === undefined) {
      throw new AggregatorError('AGGREGATOR_GENESIS_MISSING', `no signer registered for epoch ${epoch}: genesis impossible`);
    }
    const { protocolMessage, signedMessage } = computeSignableMessage(
      { type: 'MithrilStakeDistribution', epoch },
      { nextAggregateVerificationKey: data.next.avk, nextProtocolParameters: data.currentParameters, currentEpoch: epoch },
    );
    return {
      epoch,
      parameters: data.currentParameters,
      aggregateVerificationKey: encodeAvkJsonHex(data.next.avk),
      parts: { ...protocolMessage.parts } as Record<string, string>,
      signedMessage,
      toSign: ENCODER.encode(signedMessage),
    };
  }

  /**
   * Builds, checks and stores the genesis certificate from a payload and its Ed25519 signature.
   *
   * @param payload - from {@link exportGenesisPayload}
   * @param genesisSignature - 128 hex characters
   * @param verify - verifies the signature with the configured genesis key (throws when it does not verify)
   * @returns the genesis certificate hash
   */
  async importGenesis(payload: GenesisPayload, genesisSignature: string, verify: (signedMessage: string, signature: string) => void): Promise<string> {
    verify(payload.signedMessage, genesisSignature);
    const now = formatRfc3339Nanos(this.clock.nowNanos());
    const wire = {
      hash: '',
      previous_hash: '',
      epoch: payload.epoch,
      signed_entity_type: signedEntityTypeToJson({ type: 'MithrilStakeDistribution', epoch: payload.epoch }),
      metadata: {
        network: this.network,
        version: PROTOCOL_VERSION,
        parameters: protocolParametersToJson(payload.parameters),
        initiated_at: now,
        sealed_at: now,
        signers: [],
      },
      protocol_message: { message_parts: payload.parts },
      signed_message: payload.signedMessage,
      aggregate_verification_key: payload.aggregateVerificationKey,
      multi_signature: '',
      genesis_signature: genesisSignature,
    };
    const hash = await this.insertCertificate(wire);
    await this.store.setGenesisHash(hash);
    this.events.emit('genesis', { hash, epoch: payload.epoch });
    return hash;
  }

  /**
   * Recomputes every certificate hash in insertion order (after a hashing change), rewriting `previous_hash` links
   * and the artifacts' `certificate_hash`.
   *
   * @returns old hash → new hash
   */
  async recomputeCertificatesHash(): Promise<Map<string, string>> {
    const mapping = new Map<string, string>();
    const records: DocumentRecord[] = [];
    for (const hash of await this.store.certificateOrder()) {
      const doc = await this.store.getCertificate(hash);
      if (doc === undefined) continue;
      const wire = jsonToWire(doc.json);
      const previous = String(wire['previous_hash']);
      wire['previous_hash'] = mapping.get(previous) ?? previous;
      const newHash = hashWireCertificate(wire);
      mapping.set(hash, newHash);
      records.push({ json: toJsonText({ ...wire, hash: newHash }), epoch: doc.epoch, hash: newHash });
    }
    await this.store.replaceCertificates(records);
    const genesis = await this.store.getGenesisHash();
    if (genesis !== undefined) await this.store.setGenesisHash(mapping.get(genesis) ?? genesis);
    for (const kind of ['msd', 'csd'] as const) {
      for (const id of await this.store.artifactOrder(kind)) {
        const doc = await this.store.getArtifact(kind, id);
        if (doc === undefined) continue;
        const wire = jsonToWire(doc.json);
        const updated = mapping.get(String(wire['certificate_hash']));
        if (updated !== undefined) {
          wire['certificate_hash'] = updated;
          await this.store.insertArtifact(kind, { ...doc, json: toJsonText(wire) });
        }
      }
    }
    return mapping;
  }
}

/** What the genesis ceremony exports and signs. */
export interface GenesisPayload {
  readonly epoch: bigint;
  readonly parameters: ProtocolParameters;
  readonly aggregateVerificationKey: string;
  readonly parts: Readonly<Record<string, string>>;
  readonly signedMessage: string;
  /** The bytes to sign with the genesis key: ASCII of `signedMessage` (trap 29). */
  readonly toSign: Uint8Array;
}

/** Storage key of the open message of a signed entity type. */
export function openMessageKey(type: SignableEntityType): string {
  return `${type.type}-${type.epoch}`;
}

/** Parses stored JSON back to a wire object with u64 values as bigint where needed. */
function jsonToWire(json: string): Record<string, unknown> {
  return plainObject(parseJsonLossless(json)) as Record<string, unknown>;
}

function parseJsonLossless(text: string): unknown {
  return parseJson(text, 'stored');
}

function plainObject(value: unknown): unknown {
  // The SDK's converter yields null-prototype objects; spread them back into ordinary ones for re-serialisation.
  const plain = jsonToPlain(value);
  const normalise = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(normalise);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalise(x)]));
    return v;
  };
  return normalise(plain);
}

/**
 * Hash of a wire certificate computed by the SDK from the exact JSON the aggregator serves.
 *
 * @param wire - the certificate (its `hash` is ignored)
 * @returns the certificate hash
 */
export function hashWireCertificate(wire: Record<string, unknown>): string {
  const text = toJsonText({ ...wire, hash: '0'.repeat(64) });
  const certificate = parseCertificate(text);
  return computeCertificateHash(certificate);
}

