/**
 * Cardano database messages of the aggregator API (nodes.md §1.4): database snapshots (v2) with their digest lists,
 * and legacy full snapshots (v1), with their list items. Unknown fields are dropped; unknown location types are
 * skipped (trap 46).
 */
import * as v from 'valibot';
import type { Timestamp } from '../certificate/timestamp.js';
import { optionalString, parseMessage, timestampSchema, u64Schema } from '../certificate/wire.js';

/** A Cardano database beacon. */
export interface CardanoDbBeacon {
  readonly epoch: bigint;
  readonly immutableFileNumber: bigint;
}

/** Where a file (digests list, ancillary archive) can be downloaded. */
export type ArtifactLocation =
  | { readonly type: 'cloud_storage'; readonly uri: string; readonly compressionAlgorithm?: string | undefined }
  | { readonly type: 'aggregator'; readonly uri: string };

/** Where the immutable file archives can be downloaded: a URI template with `{immutable_file_number}`. */
export interface ImmutablesLocation {
  readonly type: 'cloud_storage';
  readonly uriTemplate: string;
  readonly compressionAlgorithm?: string | undefined;
}

/** `GET /artifact/cardano-database/{hash}` (Cardano database v2). */
export interface CardanoDatabaseSnapshot {
  readonly hash: string;
  /** Not trusted: the client recomputes it from the digests (certificates.md §9.3). */
  readonly merkleRoot: string;
  readonly network: string;
  readonly beacon: CardanoDbBeacon;
  readonly certificateHash: string;
  readonly totalDbSizeUncompressed: bigint;
  readonly digests: { readonly sizeUncompressed: bigint; readonly locations: readonly ArtifactLocation[] };
  readonly immutables: { readonly averageSizeUncompressed: bigint; readonly locations: readonly ImmutablesLocation[] };
  readonly ancillary: { readonly sizeUncompressed: bigint; readonly locations: readonly ArtifactLocation[] };
  readonly cardanoNodeVersion: string;
  readonly createdAt: Timestamp;
}

/** An item of `GET /artifact/cardano-database`. */
export interface CardanoDatabaseSnapshotListItem {
  readonly hash: string;
  readonly merkleRoot: string;
  readonly beacon: CardanoDbBeacon;
  readonly certificateHash: string;
  readonly totalDbSizeUncompressed: bigint;
  readonly cardanoNodeVersion: string;
  readonly createdAt: Timestamp;
}

/** An entry of `GET /artifact/cardano-database/digests` or of the digests archive. */
export interface CardanoDatabaseDigest {
  readonly immutableFileName: string;
  readonly digest: string;
}

/** Legacy full snapshot (v1, `GET /artifact/snapshot/{digest}`, served up to release 2617.x). */
export interface Snapshot {
  readonly digest: string;
  readonly network: string;
  readonly beacon: CardanoDbBeacon;
  readonly certificateHash: string;
  readonly size: bigint;
  readonly ancillarySize?: bigint | undefined;
  readonly createdAt: Timestamp;
  readonly locations: readonly string[];
  readonly ancillaryLocations?: readonly string[] | undefined;
  readonly compressionAlgorithm?: string | undefined;
  readonly cardanoNodeVersion?: string | undefined;
}

const beaconSchema = v.pipe(
  v.object({ epoch: u64Schema, immutable_file_number: u64Schema }),
  v.transform((b): CardanoDbBeacon => ({ epoch: b.epoch, immutableFileNumber: b.immutable_file_number })),
);

const SKIPPED = Symbol('unknown location type');

function locationsSchema<TSchema extends v.GenericSchema>(known: readonly string[], schema: TSchema) {
  // An unknown `type` decodes to the reference's catch-all variant and is dropped; a known type must be well formed.
  const unknownType = v.pipe(
    v.object({
      type: v.pipe(
        v.string(),
        v.check((t) => !known.includes(t), 'malformed location'),
      ),
    }),
    v.transform((): typeof SKIPPED => SKIPPED),
  );
  return v.pipe(
    v.array(v.union([schema, unknownType])),
    v.transform((items) => items.filter((item): item is v.InferOutput<TSchema> => item !== SKIPPED)),
  );
}

const fileLocationSchema = v.variant('type', [
  v.pipe(
    v.object({ type: v.literal('cloud_storage'), uri: v.string(), compression_algorithm: optionalString }),
    v.transform(
      (l): ArtifactLocation => ({
        type: 'cloud_storage',
        uri: l.uri,
        ...(l.compression_algorithm !== undefined && { compressionAlgorithm: l.compression_algorithm }),
      }),
    ),
  ),
  v.pipe(
    v.object({ type: v.literal('aggregator'), uri: v.string() }),
    v.transform((l): ArtifactLocation => ({ type: 'aggregator', uri: l.uri })),
  ),
]);

const immutablesLocationSchema = v.pipe(
  v.object({ type: v.literal('cloud_storage'), uri: v.object({ Template: v.string() }), compression_algorithm: optionalString }),
  v.transform(
    (l): ImmutablesLocation => ({
      type: 'cloud_storage',
      uriTemplate: l.uri.Template,
      ...(l.compression_algorithm !== undefined && { compressionAlgorithm: l.compression_algorithm }),
    }),
  ),
);

const cdbSchema = v.pipe(
  v.object({
    hash: v.string(),
    merkle_root: v.string(),
    network: v.string(),
    beacon: beaconSchema,
    certificate_hash: v.string(),
    total_db_size_uncompressed: u64Schema,
    digests: v.object({ size_uncompressed: u64Schema, locations: locationsSchema(['cloud_storage', 'aggregator'], fileLocationSchema) }),
    immutables: v.object({ average_size_uncompressed: u64Schema, locations: locationsSchema(['cloud_storage'], immutablesLocationSchema) }),
    ancillary: v.object({ size_uncompressed: u64Schema, locations: locationsSchema(['cloud_storage', 'aggregator'], fileLocationSchema) }),
    cardano_node_version: v.string(),
    created_at: timestampSchema,
  }),
  v.transform(
    (m): CardanoDatabaseSnapshot => ({
      hash: m.hash,
      merkleRoot: m.merkle_root,
      network: m.network,
      beacon: m.beacon,
      certificateHash: m.certificate_hash,
      totalDbSizeUncompressed: m.total_db_size_uncompressed,
      digests: { sizeUncompressed: m.digests.size_uncompressed, locations: m.digests.locations },
      immutables: { averageSizeUncompressed: m.immutables.average_size_uncompressed, locations: m.immutables.locations },
      ancillary: { sizeUncompressed: m.ancillary.size_uncompressed, locations: m.ancillary.locations },
      cardanoNodeVersion: m.cardano_node_version,
      createdAt: m.created_at,
    }),
  ),
);

const cdbListItemSchema = v.pipe(
  v.object({
    hash: v.string(),
    merkle_root: v.string(),
    beacon: beaconSchema,
    certificate_hash: v.string(),
    total_db_size_uncompressed: u64Schema,
    cardano_node_version: v.string(),
    created_at: timestampSchema,
  }),
  v.transform(
    (m): CardanoDatabaseSnapshotListItem => ({
      hash: m.hash,
      merkleRoot: m.merkle_root,
      beacon: m.beacon,
      certificateHash: m.certificate_hash,
      totalDbSizeUncompressed: m.total_db_size_uncompressed,
      cardanoNodeVersion: m.cardano_node_version,
      createdAt: m.created_at,
    }),
  ),
);

const digestListSchema = v.array(
  v.pipe(
    v.object({ immutable_file_name: v.string(), digest: v.string() }),
    v.transform((d): CardanoDatabaseDigest => ({ immutableFileName: d.immutable_file_name, digest: d.digest })),
  ),
);

const snapshotSchema = v.pipe(
  v.object({
    digest: v.string(),
    network: v.string(),
    beacon: beaconSchema,
    certificate_hash: v.string(),
    size: u64Schema,
    ancillary_size: v.optional(u64Schema),
    created_at: timestampSchema,
    locations: v.array(v.string()),
    ancillary_locations: v.optional(v.array(v.string())),
    compression_algorithm: optionalString,
    cardano_node_version: optionalString,
  }),
  v.transform(
    (m): Snapshot => ({
      digest: m.digest,
      network: m.network,
      beacon: m.beacon,
      certificateHash: m.certificate_hash,
      size: m.size,
      createdAt: m.created_at,
      locations: m.locations,
      ...(m.ancillary_size !== undefined && { ancillarySize: m.ancillary_size }),
      ...(m.ancillary_locations !== undefined && { ancillaryLocations: m.ancillary_locations }),
      ...(m.compression_algorithm !== undefined && { compressionAlgorithm: m.compression_algorithm }),
      ...(m.cardano_node_version !== undefined && { cardanoNodeVersion: m.cardano_node_version }),
    }),
  ),
);

/**
 * Parses a Cardano database snapshot (v2); locations of unknown type are skipped.
 *
 * @param input - JSON text or parsed value
 * @returns the typed artifact
 * @throws {CertificateError} `MESSAGE_INVALID` naming the field
 *
 * @example
 * const snapshot = parseCardanoDatabaseSnapshot(await (await fetch(`${endpoint}/artifact/cardano-database/${hash}`)).text());
 * snapshot.beacon.immutableFileNumber // bigint
 */
export function parseCardanoDatabaseSnapshot(input: unknown): CardanoDatabaseSnapshot {
  return parseMessage(cdbSchema, input, 'cardano_database');
}

/**
 * Parses the Cardano database snapshot list.
 *
 * @param input - JSON text or parsed array
 * @returns the list items
 * @throws {CertificateError} `MESSAGE_INVALID` naming the item and field
 *
 * @example
 * const [latest] = parseCardanoDatabaseSnapshotList(await (await fetch(`${endpoint}/artifact/cardano-database`)).text());
 */
export function parseCardanoDatabaseSnapshotList(input: unknown): CardanoDatabaseSnapshotListItem[] {
  return parseMessage(v.array(cdbListItemSchema), input, 'cardano_database_list');
}

/**
 * Parses a Cardano database digest list (`[{immutable_file_name, digest}]`).
 *
 * @param input - JSON text or parsed array
 * @returns the entries, in the received order
 * @throws {CertificateError} `MESSAGE_INVALID` naming the item and field
 *
 * @example
 * const digests = parseCardanoDatabaseDigestList(text); // [{ immutableFileName, digest }, …]
 */
export function parseCardanoDatabaseDigestList(input: unknown): CardanoDatabaseDigest[] {
  return parseMessage(digestListSchema, input, 'cardano_database_digests');
}

/**
 * Parses a legacy full snapshot (v1).
 *
 * @param input - JSON text or parsed value
 * @returns the typed artifact
 * @throws {CertificateError} `MESSAGE_INVALID` naming the field
 *
 * @example
 * const snapshot = parseSnapshot(await (await fetch(`${endpoint}/artifact/snapshot/${digest}`)).text());
 */
export function parseSnapshot(input: unknown): Snapshot {
  return parseMessage(snapshotSchema, input, 'snapshot');
}

/**
 * Parses the legacy snapshot list (its items have the snapshot shape).
 *
 * @param input - JSON text or parsed array
 * @returns the snapshots
 * @throws {CertificateError} `MESSAGE_INVALID` naming the item and field
 *
 * @example
 * const [latest] = parseSnapshotList(await (await fetch(`${endpoint}/artifact/snapshots`)).text());
 */
export function parseSnapshotList(input: unknown): Snapshot[] {
  return parseMessage(v.array(snapshotSchema), input, 'snapshot_list');
}
