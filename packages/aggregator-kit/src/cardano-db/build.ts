/**
 * The Cardano database artifacts of a certified open message (nodes.md §2.8, §10.1): the v2 snapshot document from
 * what the {@link CardanoDbArtifacts} port built, and the legacy v1 snapshot document.
 */
import type { AggregatorContext } from '../context.js';
import { AggregatorError } from '../errors.js';
import {
  CARDANO_DATABASE_KIND,
  computeCardanoDatabaseId,
  computeCardanoDatabaseMerkleRoot,
  parseTimestamp,
  SNAPSHOT_KIND,
  type ArtifactLocation,
} from '../sdk.js';
import type { DocumentRecord, OpenMessageRecord } from '../store.js';
import { formatRfc3339Nanos } from '../time.js';
import type { CardanoDbArtifacts } from './ports.js';

/**
 * The `{epoch, immutable_file_number}` beacon of a CardanoDatabase / CardanoImmutableFilesFull open message, read
 * from its key (`CardanoDatabase-{epoch}-{n}`).
 *
 * @param open - the open message
 * @returns the beacon
 * @throws {AggregatorError} `AGGREGATOR_ARTIFACT_FAILED` when the key holds no such beacon
 * @example
 * cardanoDbBeacon(open); // { epoch: 19n, immutableFileNumber: 4n }
 */
function cardanoDbBeacon(open: OpenMessageRecord): { epoch: bigint; immutableFileNumber: bigint } {
  const match = /-(\d+)-(\d+)$/.exec(open.key);
  if (match === null) throw new AggregatorError('AGGREGATOR_ARTIFACT_FAILED', `no Cardano database beacon in open message ${open.key}`);
  return { epoch: BigInt(match[1]!), immutableFileNumber: BigInt(match[2]!) };
}

function requirePort(ctx: AggregatorContext): CardanoDbArtifacts {
  const port = ctx.config.cardanoDatabase;
  if (port === undefined) {
    throw new AggregatorError('AGGREGATOR_ARTIFACT_FAILED', 'no cardanoDatabase artifact builder is configured', { field: 'cardanoDatabase' });
  }
  return port;
}

/**
 * The aggregator route location of the digests, always the last digests location.
 *
 * @param publicUrl - the public URL of the aggregator root, e.g. `http://localhost:8080/aggregator`
 * @returns the `{type: "aggregator", uri}` location
 * @example
 * aggregatorDigestsLocation('http://h/aggregator').uri; // 'http://h/aggregator/artifact/cardano-database/digests'
 */
function aggregatorDigestsLocation(publicUrl: string): ArtifactLocation {
  return { type: 'aggregator', uri: `${publicUrl.replace(/\/+$/, '')}/artifact/cardano-database/digests` };
}

/**
 * Builds the Cardano database (v2) artifact of a certified open message.
 *
 * @param ctx - the aggregator context (its `cardanoDatabase` port does the file work)
 * @param open - the certified CardanoDatabase open message
 * @param certificateHash - the certificate that signs it
 * @returns the document to store under `cardano-database`
 * @throws {AggregatorError} `AGGREGATOR_ARTIFACT_FAILED` when no port is configured, a file fails, or the digests do
 *   not give the signed Merkle root
 * @example
 * const record = await buildCardanoDatabaseArtifact(ctx, open, certificateHash);
 */
export async function buildCardanoDatabaseArtifact(
  ctx: AggregatorContext,
  open: OpenMessageRecord,
  certificateHash: string,
): Promise<DocumentRecord> {
  const port = requirePort(ctx);
  const beacon = cardanoDbBeacon(open);
  const built = await port.buildCardanoDatabase({ network: ctx.config.network, ...beacon });
  const merkleRoot = computeCardanoDatabaseMerkleRoot(built.digests, beacon.immutableFileNumber);
  const signed = open.parts['cardano_database_merkle_root'];
  if (signed !== undefined && signed !== merkleRoot) {
    throw new AggregatorError('AGGREGATOR_ARTIFACT_FAILED', `the database digests give root ${merkleRoot}, the certificate signs ${signed}`);
  }
  const hash = computeCardanoDatabaseId(beacon.epoch, merkleRoot);
  const n = beacon.immutableFileNumber;
  const json = CARDANO_DATABASE_KIND.encode({
    hash,
    merkleRoot,
    network: ctx.config.network,
    beacon,
    certificateHash,
    totalDbSizeUncompressed: built.immutablesTotalSize + built.ancillarySizeUncompressed,
    digests: {
      sizeUncompressed: built.digestsSizeUncompressed,
      locations: [...built.digestsLocations, aggregatorDigestsLocation(port.aggregatorUrl)],
    },
    immutables: { averageSizeUncompressed: n === 0n ? 0n : built.immutablesTotalSize / n, locations: built.immutablesLocations },
    ancillary: { sizeUncompressed: built.ancillarySizeUncompressed, locations: built.ancillaryLocations },
    cardanoNodeVersion: port.cardanoNodeVersion,
    createdAt: parseTimestamp(formatRfc3339Nanos(ctx.clock.nowNanos()), 'created_at'),
  });
  return { json, epoch: beacon.epoch.toString(), hash };
}

/**
 * Builds the legacy full snapshot (v1) artifact of a certified CardanoImmutableFilesFull open message.
 *
 * @param ctx - the aggregator context
 * @param open - the certified open message (its `snapshot_digest` part is the artifact id)
 * @param certificateHash - the certificate that signs it
 * @returns the document to store under `snapshot`
 * @throws {AggregatorError} `AGGREGATOR_ARTIFACT_FAILED` when no port builds legacy snapshots or a file fails
 * @example
 * const record = await buildLegacySnapshotArtifact(ctx, open, certificateHash);
 */
export async function buildLegacySnapshotArtifact(ctx: AggregatorContext, open: OpenMessageRecord, certificateHash: string): Promise<DocumentRecord> {
  const port = requirePort(ctx);
  const digest = open.parts['snapshot_digest'];
  if (port.buildSnapshot === undefined || digest === undefined) {
    throw new AggregatorError('AGGREGATOR_ARTIFACT_FAILED', 'legacy snapshots need a snapshot_digest and a port that builds them');
  }
  const beacon = cardanoDbBeacon(open);
  const built = await port.buildSnapshot({ network: ctx.config.network, ...beacon, digest });
  const json = SNAPSHOT_KIND.encode({
    digest,
    network: ctx.config.network,
    beacon,
    certificateHash,
    size: built.size,
    ancillarySize: built.ancillarySize,
    createdAt: parseTimestamp(formatRfc3339Nanos(ctx.clock.nowNanos()), 'created_at'),
    locations: built.locations,
    ancillaryLocations: built.ancillaryLocations,
    compressionAlgorithm: built.compressionAlgorithm,
    cardanoNodeVersion: port.cardanoNodeVersion,
  });
  return { json, epoch: beacon.epoch.toString(), hash: digest };
}
