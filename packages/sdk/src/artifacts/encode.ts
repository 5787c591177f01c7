/**
 * Encoding side of the artifact messages (nodes.md §1.4): typed artifacts to the lossless JSON model, so that
 * `parse(encode(artifact))` equals the artifact. Field order is the one this project's aggregator serves (the
 * reference order except for the Mithril stake distribution, whose `signers` this project writes after
 * `certificate_hash`); timestamps keep their received text, u64 values stay exact.
 */
import type { JsonObject, JsonValue } from '../codec/json.js';
import { objectToJson, protocolParametersToJson, signerToJson, u64ToJson } from '../messages/json.js';
import type { CardanoStakeDistribution, MithrilStakeDistribution, StakeDistributionListItem } from './stake-distribution-schemas.js';
import type {
  ArtifactLocation,
  CardanoDatabaseSnapshot,
  CardanoDatabaseSnapshotListItem,
  CardanoDbBeacon,
  ImmutablesLocation,
  Snapshot,
} from './cardano-database-schemas.js';

/**
 * Wire form of a Mithril stake distribution: `epoch, hash, certificate_hash, signers, created_at,
 * protocol_parameters`, each signer with its `stake` last.
 *
 * @param artifact - the artifact
 * @returns the JSON object
 * @throws {CertificateError} `MESSAGE_INVALID` on an out-of-range u64 or a non-finite `phi_f`
 * @example
 * stringifyJson(mithrilStakeDistributionToJson(parseMithrilStakeDistribution(text)));
 */
export function mithrilStakeDistributionToJson(artifact: MithrilStakeDistribution): JsonObject {
  return objectToJson([
    ['epoch', u64ToJson(artifact.epoch, 'epoch')],
    ['hash', artifact.hash],
    ['certificate_hash', artifact.certificateHash],
    [
      'signers',
      artifact.signers.map((signer, i) => {
        const json = signerToJson(signer, `signers[${i}]`);
        json.set('stake', u64ToJson(signer.stake, `signers[${i}].stake`));
        return json;
      }),
    ],
    ['created_at', artifact.createdAt.text],
    ['protocol_parameters', protocolParametersToJson(artifact.protocolParameters)],
  ]);
}

/**
 * Wire form of a Cardano stake distribution: `epoch, hash, certificate_hash, stake_distribution, created_at`, the
 * pools in the artifact's order.
 *
 * @param artifact - the artifact
 * @returns the JSON object
 * @throws {CertificateError} `MESSAGE_INVALID` on an out-of-range u64
 * @example
 * stringifyJson(cardanoStakeDistributionToJson(csd));
 */
export function cardanoStakeDistributionToJson(artifact: CardanoStakeDistribution): JsonObject {
  const stakes: JsonObject = new Map();
  for (const [pool, stake] of artifact.stakeDistribution) stakes.set(pool, u64ToJson(stake, `stake_distribution.${pool}`));
  return objectToJson([
    ['epoch', u64ToJson(artifact.epoch, 'epoch')],
    ['hash', artifact.hash],
    ['certificate_hash', artifact.certificateHash],
    ['stake_distribution', stakes],
    ['created_at', artifact.createdAt.text],
  ]);
}

/**
 * Wire form of a stake distribution list item (Mithril or Cardano): `epoch, hash, certificate_hash, created_at`.
 *
 * @param item - the list item
 * @returns the JSON object
 * @throws {CertificateError} `MESSAGE_INVALID` on an out-of-range epoch
 * @example
 * stringifyJson(stakeDistributionListItemToJson(items[0]));
 */
export function stakeDistributionListItemToJson(item: StakeDistributionListItem): JsonObject {
  return objectToJson([
    ['epoch', u64ToJson(item.epoch, 'epoch')],
    ['hash', item.hash],
    ['certificate_hash', item.certificateHash],
    ['created_at', item.createdAt.text],
  ]);
}

function beaconToJson(beacon: CardanoDbBeacon): JsonObject {
  return objectToJson([
    ['epoch', u64ToJson(beacon.epoch, 'beacon.epoch')],
    ['immutable_file_number', u64ToJson(beacon.immutableFileNumber, 'beacon.immutable_file_number')],
  ]);
}

function locationToJson(location: ArtifactLocation): JsonObject {
  return location.type === 'cloud_storage'
    ? objectToJson([
        ['type', location.type],
        ['uri', location.uri],
        ['compression_algorithm', location.compressionAlgorithm],
      ])
    : objectToJson([
        ['type', location.type],
        ['uri', location.uri],
      ]);
}

function immutablesLocationToJson(location: ImmutablesLocation): JsonObject {
  return objectToJson([
    ['type', location.type],
    ['uri', new Map<string, JsonValue>([['Template', location.uriTemplate]])],
    ['compression_algorithm', location.compressionAlgorithm],
  ]);
}

/**
 * Wire form of a Cardano database snapshot (v2), in the reference field order. Locations of unknown type were
 * dropped when parsing and are not written back.
 *
 * @param artifact - the artifact
 * @returns the JSON object
 * @throws {CertificateError} `MESSAGE_INVALID` on an out-of-range u64
 * @example
 * stringifyJson(cardanoDatabaseSnapshotToJson(parseCardanoDatabaseSnapshot(text)));
 */
export function cardanoDatabaseSnapshotToJson(artifact: CardanoDatabaseSnapshot): JsonObject {
  return objectToJson([
    ['hash', artifact.hash],
    ['merkle_root', artifact.merkleRoot],
    ['network', artifact.network],
    ['beacon', beaconToJson(artifact.beacon)],
    ['certificate_hash', artifact.certificateHash],
    ['total_db_size_uncompressed', u64ToJson(artifact.totalDbSizeUncompressed, 'total_db_size_uncompressed')],
    [
      'digests',
      objectToJson([
        ['size_uncompressed', u64ToJson(artifact.digests.sizeUncompressed, 'digests.size_uncompressed')],
        ['locations', artifact.digests.locations.map(locationToJson)],
      ]),
    ],
    [
      'immutables',
      objectToJson([
        ['average_size_uncompressed', u64ToJson(artifact.immutables.averageSizeUncompressed, 'immutables.average_size_uncompressed')],
        ['locations', artifact.immutables.locations.map(immutablesLocationToJson)],
      ]),
    ],
    [
      'ancillary',
      objectToJson([
        ['size_uncompressed', u64ToJson(artifact.ancillary.sizeUncompressed, 'ancillary.size_uncompressed')],
        ['locations', artifact.ancillary.locations.map(locationToJson)],
      ]),
    ],
    ['cardano_node_version', artifact.cardanoNodeVersion],
    ['created_at', artifact.createdAt.text],
  ]);
}

/**
 * Wire form of a Cardano database snapshot list item, in the reference field order.
 *
 * @param item - the list item
 * @returns the JSON object
 * @throws {CertificateError} `MESSAGE_INVALID` on an out-of-range u64
 * @example
 * stringifyJson(cardanoDatabaseSnapshotListItemToJson(items[0]));
 */
export function cardanoDatabaseSnapshotListItemToJson(item: CardanoDatabaseSnapshotListItem): JsonObject {
  return objectToJson([
    ['hash', item.hash],
    ['merkle_root', item.merkleRoot],
    ['beacon', beaconToJson(item.beacon)],
    ['certificate_hash', item.certificateHash],
    ['total_db_size_uncompressed', u64ToJson(item.totalDbSizeUncompressed, 'total_db_size_uncompressed')],
    ['cardano_node_version', item.cardanoNodeVersion],
    ['created_at', item.createdAt.text],
  ]);
}

/**
 * Wire form of a legacy full snapshot (v1), in the reference field order; absent optional fields are left out.
 *
 * @param artifact - the snapshot
 * @returns the JSON object
 * @throws {CertificateError} `MESSAGE_INVALID` on an out-of-range u64
 * @example
 * stringifyJson(snapshotToJson(parseSnapshot(text)));
 */
export function snapshotToJson(artifact: Snapshot): JsonObject {
  return objectToJson([
    ['digest', artifact.digest],
    ['network', artifact.network],
    ['beacon', beaconToJson(artifact.beacon)],
    ['certificate_hash', artifact.certificateHash],
    ['size', u64ToJson(artifact.size, 'size')],
    ['ancillary_size', artifact.ancillarySize === undefined ? undefined : u64ToJson(artifact.ancillarySize, 'ancillary_size')],
    ['created_at', artifact.createdAt.text],
    ['locations', [...artifact.locations]],
    ['ancillary_locations', artifact.ancillaryLocations === undefined ? undefined : [...artifact.ancillaryLocations]],
    ['compression_algorithm', artifact.compressionAlgorithm],
    ['cardano_node_version', artifact.cardanoNodeVersion],
  ]);
}
