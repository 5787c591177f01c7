/**
 * The read queries the routes need, in one place: today over the service and its store, to be served by the
 * aggregator's query steps (over the narrow context) once they exist. No route module reads the store itself.
 */
import { jsonToPlain, parseJson } from '../sdk.js';
import { parametersFromRecord, type AggregatorService } from '../service.js';
import type { ArtifactKind, EpochSettingsRecord, SignerRecord, TimePointRecord } from '../store.js';

/** Lists return at most this many items, newest first. */
export const LIST_MAX_ITEMS = 20;

/** A stored JSON document (certificate or artifact) as served. */
export interface StoredDocument {
  readonly json: string;
  readonly epoch: bigint;
}

/** What the routes read. */
export interface AggregatorQueries {
  /** The newest certificates (at most {@link LIST_MAX_ITEMS}), newest first, parsed. */
  latestCertificates(): Promise<Record<string, unknown>[]>;
  certificate(hash: string): Promise<StoredDocument | undefined>;
  genesisCertificate(): Promise<StoredDocument | undefined>;
  /** The newest artifacts of a kind (at most {@link LIST_MAX_ITEMS}), newest first, parsed. */
  latestArtifacts(kind: ArtifactKind): Promise<Record<string, unknown>[]>;
  artifact(kind: ArtifactKind, hash: string): Promise<StoredDocument | undefined>;
  /** The newest artifact of a kind for an epoch. */
  artifactAtEpoch(kind: ArtifactKind, epoch: bigint): Promise<StoredDocument | undefined>;
  epochSettings(epoch: bigint): Promise<EpochSettingsRecord | undefined>;
  timePoint(): Promise<TimePointRecord | undefined>;
  signersRecordedFor(epoch: bigint): Promise<SignerRecord[]>;
  knownParties(): Promise<Set<string>>;
  stakes(epoch: bigint): Promise<readonly (readonly [string, string])[] | undefined>;
  /** Adds to a usage counter (statistics routes). */
  count(name: string, by?: number): Promise<void>;
}

/**
 * The queries over the current service.
 *
 * @param service - the aggregator service
 * @returns the queries
 * @example
 * const queries = serviceQueries(aggregator.service);
 * const certificates = await queries.latestCertificates();
 */
export function serviceQueries(service: AggregatorService): AggregatorQueries {
  const store = service.store;
  const doc = (d: { json: string; epoch: string } | undefined): StoredDocument | undefined =>
    d === undefined ? undefined : { json: d.json, epoch: BigInt(d.epoch) };
  const parsed = (json: string, field: string): Record<string, unknown> => jsonToPlain(parseJson(json, field)) as Record<string, unknown>;
  return {
    async latestCertificates() {
      const out: Record<string, unknown>[] = [];
      for (const hash of (await store.certificateOrder()).slice(-LIST_MAX_ITEMS).reverse()) {
        const d = await store.getCertificate(hash);
        if (d !== undefined) out.push(parsed(d.json, 'certificate'));
      }
      return out;
    },
    certificate: async (hash) => doc(await store.getCertificate(hash)),
    async genesisCertificate() {
      const hash = await store.getGenesisHash();
      return hash === undefined ? undefined : doc(await store.getCertificate(hash));
    },
    async latestArtifacts(kind) {
      const out: Record<string, unknown>[] = [];
      for (const hash of (await store.artifactOrder(kind)).slice(-LIST_MAX_ITEMS).reverse()) {
        const d = await store.getArtifact(kind, hash);
        if (d !== undefined) out.push(parsed(d.json, 'artifact'));
      }
      return out;
    },
    artifact: async (kind, hash) => doc(await store.getArtifact(kind, hash)),
    async artifactAtEpoch(kind, epoch) {
      for (const hash of [...(await store.artifactOrder(kind))].reverse()) {
        const d = doc(await store.getArtifact(kind, hash));
        if (d !== undefined && d.epoch === epoch) return d;
      }
      return undefined;
    },
    epochSettings: (epoch) => store.getEpochSettings(epoch),
    timePoint: () => store.getTimePoint(),
    signersRecordedFor: (epoch) => store.listSigners(epoch),
    knownParties: () => store.knownParties(),
    stakes: (epoch) => store.getStakes(epoch),
    count: (name, by) => store.increment(name, by),
  };
}

export { parametersFromRecord };
