/**
 * The artifact kinds, described once (nodes.md §1.3-§1.4, certificates.md §9): one descriptor per kind holds its
 * routes, its parse and encode, its list-item projection, its id and its binding to the certificate that signs it.
 * Aggregators, the client and the CLI iterate over {@link ARTIFACT_KIND_DESCRIPTORS}; a new kind is one descriptor
 * here plus its builder in the aggregator.
 */
import type { Certificate, ProtocolMessagePartKey, ProtocolMessageParts, SignedEntityTypeName } from '../certificate/types.js';
import { stringifyJson, type JsonObject } from '../codec/json.js';
import { ArtifactError } from '../certificate/errors.js';
import {
  cardanoDatabaseSnapshotListItemToJson,
  cardanoDatabaseSnapshotToJson,
  cardanoStakeDistributionToJson,
  mithrilStakeDistributionToJson,
  snapshotToJson,
  stakeDistributionListItemToJson,
} from './encode.js';
import { computeCardanoDatabaseId, computeCardanoStakeDistributionId, computeMithrilStakeDistributionId } from './ids.js';
import {
  parseCardanoStakeDistribution,
  parseCardanoStakeDistributionList,
  parseMithrilStakeDistribution,
  parseMithrilStakeDistributionList,
  type CardanoStakeDistribution,
  type MithrilStakeDistribution,
  type StakeDistributionListItem,
} from './stake-distribution-schemas.js';
import {
  parseCardanoDatabaseSnapshot,
  parseCardanoDatabaseSnapshotList,
  parseSnapshot,
  parseSnapshotList,
  type CardanoDatabaseDigest,
  type CardanoDatabaseSnapshot,
  type CardanoDatabaseSnapshotListItem,
  type Snapshot,
} from './cardano-database-schemas.js';
import { verifyArtifactAgainstCertificate, type ArtifactBinding } from './verify.js';

/** Key of an artifact kind; also the aggregator's storage namespace (`msd`, `csd` are stored under these). */
export type ArtifactKind = 'msd' | 'csd' | 'cardano-database' | 'snapshot';

/** A route beside the list and the item route. Paths have no leading slash and use `:name` parameters. */
export interface ArtifactExtraRoute {
  readonly path: string;
  /**
   * What it answers: `item-by-epoch` the artifact of an epoch, `list-by-epoch` the list items of an epoch (both take
   * `latest` / `latest-N`, `latest` being the current epoch plus the signed type's beacon offset), `digests` the
   * Cardano database digest list.
   */
  readonly serves: 'item-by-epoch' | 'list-by-epoch' | 'digests';
}

/** The routes of a kind, relative to the aggregator root, without a leading slash. */
export interface ArtifactRoutes {
  /** The list route, e.g. `artifact/mithril-stake-distributions`. */
  readonly list: string;
  /** The item route with its id parameter, e.g. `artifact/mithril-stake-distribution/:hash`. */
  readonly item: string;
  /** The name of the item route's parameter (`hash`, or `digest` for legacy snapshots). */
  readonly itemParameter: 'hash' | 'digest';
  readonly extra: readonly ArtifactExtraRoute[];
}

/** Everything the SDK knows about one artifact kind. `Local` is the local data its binding needs (none: `void`). */
export interface ArtifactKindDescriptor<K extends ArtifactKind, A, L, Local = void> {
  readonly kind: K;
  /** Human name, e.g. `Mithril stake distribution`. */
  readonly title: string;
  /** The signed entity type whose certificates sign this kind. */
  readonly signedEntityType: SignedEntityTypeName;
  /** Served by releases up to 2617.x only (removed from the reference at HEAD). */
  readonly legacy: boolean;
  readonly routes: ArtifactRoutes;
  /** The protocol-message parts recomputed from the artifact (certificates.md §9), e.g. `next_aggregate_verification_key`. */
  readonly boundParts: readonly ProtocolMessagePartKey[];
  /** Parses an artifact (JSON text, parsed losslessly, or a parsed value). @throws {CertificateError} `MESSAGE_INVALID` */
  parse(input: unknown): A;
  /** Parses the list route's answer. @throws {CertificateError} `MESSAGE_INVALID` */
  parseList(input: unknown): L[];
  /** The artifact in the lossless JSON model. @throws {CertificateError} `MESSAGE_INVALID` on an out-of-range u64 */
  toJson(artifact: A): JsonObject;
  /** The artifact as compact wire JSON text; `parse(encode(a))` equals `a`. */
  encode(artifact: A): string;
  /** What the list route serves for an artifact. */
  listItem(artifact: A): L;
  /** A list item in the lossless JSON model. */
  listItemToJson(item: L): JsonObject;
  /** The list route's answer as compact wire JSON text. */
  encodeList(items: readonly L[]): string;
  /** The artifact's id, the value of its item route parameter. */
  id(artifact: A): string;
  /** Recomputes the id from the content (nodes.md §10.1); absent when the id is the certified digest itself. */
  computeId?(artifact: A): string;
  /** The hash of the certificate that signs the artifact. */
  certificateHash(artifact: A): string;
  /** The binding {@link verifyArtifactAgainstCertificate} checks, from the artifact and its local data. */
  binding(artifact: A, local: Local): ArtifactBinding;
  /**
   * Checks that a chain-verified certificate signs the artifact (certificates.md §9).
   *
   * @returns the recomputed message parts
   * @throws {ArtifactError} `ARTIFACT_INVALID`, `ARTIFACT_SIGNED_ENTITY_TYPE_MISMATCH`, `ARTIFACT_MESSAGE_MISMATCH`
   */
  verify(certificate: Certificate, artifact: A, local: Local): ProtocolMessageParts;
  /** The item route for an id, e.g. `artifact/mithril-stake-distribution/<hash>`. */
  itemPath(id: string): string;
}

type Spec<K extends ArtifactKind, A, L, Local> = Omit<ArtifactKindDescriptor<K, A, L, Local>, 'encode' | 'encodeList' | 'verify' | 'itemPath'>;

function describe<K extends ArtifactKind, A, L, Local = void>(spec: Spec<K, A, L, Local>): ArtifactKindDescriptor<K, A, L, Local> {
  const itemPrefix = spec.routes.item.slice(0, spec.routes.item.lastIndexOf('/') + 1);
  return Object.freeze({
    ...spec,
    encode: (artifact: A) => stringifyJson(spec.toJson(artifact)),
    encodeList: (items: readonly L[]) => stringifyJson(items.map((item) => spec.listItemToJson(item))),
    verify: (certificate: Certificate, artifact: A, local: Local) => verifyArtifactAgainstCertificate(certificate, spec.binding(artifact, local)),
    itemPath: (id: string) => `${itemPrefix}${encodeURIComponent(id)}`,
  });
}

const stakeDistributionListItem = (a: StakeDistributionListItem): StakeDistributionListItem => ({
  epoch: a.epoch,
  hash: a.hash,
  certificateHash: a.certificateHash,
  createdAt: a.createdAt,
});

/**
 * Mithril stake distribution (`msd`): bound to its certificate through the next AVK (certificates.md §9.1).
 *
 * @example
 * MITHRIL_STAKE_DISTRIBUTION_KIND.boundParts // ['next_aggregate_verification_key']
 */
export const MITHRIL_STAKE_DISTRIBUTION_KIND = describe<'msd', MithrilStakeDistribution, StakeDistributionListItem>({
  kind: 'msd',
  title: 'Mithril stake distribution',
  signedEntityType: 'MithrilStakeDistribution',
  legacy: false,
  routes: {
    list: 'artifact/mithril-stake-distributions',
    item: 'artifact/mithril-stake-distribution/:hash',
    itemParameter: 'hash',
    extra: [],
  },
  boundParts: ['next_aggregate_verification_key'],
  parse: parseMithrilStakeDistribution,
  parseList: parseMithrilStakeDistributionList,
  toJson: mithrilStakeDistributionToJson,
  listItem: stakeDistributionListItem,
  listItemToJson: stakeDistributionListItemToJson,
  id: (a) => a.hash,
  computeId: (a) => computeMithrilStakeDistributionId(a.epoch, a.signers),
  certificateHash: (a) => a.certificateHash,
  binding: (artifact) => ({ type: 'MithrilStakeDistribution', artifact }),
});

/**
 * Cardano stake distribution (`csd`): bound through its MMR root and epoch (certificates.md §9.2).
 *
 * @example
 * const { artifact } = await verifyArtifact(client, CARDANO_STAKE_DISTRIBUTION_KIND, await getArtifactByEpoch(client, CARDANO_STAKE_DISTRIBUTION_KIND, 'latest'), undefined);
 */
export const CARDANO_STAKE_DISTRIBUTION_KIND = describe<'csd', CardanoStakeDistribution, StakeDistributionListItem>({
  kind: 'csd',
  title: 'Cardano stake distribution',
  signedEntityType: 'CardanoStakeDistribution',
  legacy: false,
  routes: {
    list: 'artifact/cardano-stake-distributions',
    item: 'artifact/cardano-stake-distribution/:hash',
    itemParameter: 'hash',
    extra: [{ path: 'artifact/cardano-stake-distribution/epoch/:epoch', serves: 'item-by-epoch' }],
  },
  boundParts: ['cardano_stake_distribution_epoch', 'cardano_stake_distribution_merkle_root'],
  parse: parseCardanoStakeDistribution,
  parseList: parseCardanoStakeDistributionList,
  toJson: cardanoStakeDistributionToJson,
  listItem: stakeDistributionListItem,
  listItemToJson: stakeDistributionListItemToJson,
  id: (a) => a.hash,
  computeId: (a) => computeCardanoStakeDistributionId(a.epoch, a.stakeDistribution),
  certificateHash: (a) => a.certificateHash,
  binding: (artifact) => ({ type: 'CardanoStakeDistribution', artifact }),
});

/**
 * Cardano database snapshot (v2): bound through the MMR root of its digest list (certificates.md §9.3).
 *
 * @example
 * CARDANO_DATABASE_KIND.boundParts // ['cardano_database_merkle_root']
 */
export const CARDANO_DATABASE_KIND = describe<
  'cardano-database',
  CardanoDatabaseSnapshot,
  CardanoDatabaseSnapshotListItem,
  readonly CardanoDatabaseDigest[]
>({
  kind: 'cardano-database',
  title: 'Cardano database snapshot',
  signedEntityType: 'CardanoDatabase',
  legacy: false,
  routes: {
    list: 'artifact/cardano-database',
    item: 'artifact/cardano-database/:hash',
    itemParameter: 'hash',
    extra: [
      { path: 'artifact/cardano-database/digests', serves: 'digests' },
      { path: 'artifact/cardano-database/epoch/:epoch', serves: 'list-by-epoch' },
    ],
  },
  boundParts: ['cardano_database_merkle_root'],
  parse: parseCardanoDatabaseSnapshot,
  parseList: parseCardanoDatabaseSnapshotList,
  toJson: cardanoDatabaseSnapshotToJson,
  listItem: (a) => ({
    hash: a.hash,
    merkleRoot: a.merkleRoot,
    beacon: a.beacon,
    certificateHash: a.certificateHash,
    totalDbSizeUncompressed: a.totalDbSizeUncompressed,
    cardanoNodeVersion: a.cardanoNodeVersion,
    createdAt: a.createdAt,
  }),
  listItemToJson: cardanoDatabaseSnapshotListItemToJson,
  id: (a) => a.hash,
  computeId: (a) => computeCardanoDatabaseId(a.beacon.epoch, a.merkleRoot),
  certificateHash: (a) => a.certificateHash,
  binding: (artifact, digests) => ({ type: 'CardanoDatabase', artifact, digests }),
});

/**
 * Legacy full snapshot (v1, served up to 2617.x): bound through the snapshot digest of the local files (§9.4).
 *
 * @example
 * SNAPSHOT_KIND.legacy // true: the v1 full snapshots
 */
export const SNAPSHOT_KIND = describe<'snapshot', Snapshot, Snapshot, readonly string[]>({
  kind: 'snapshot',
  title: 'Snapshot',
  signedEntityType: 'CardanoImmutableFilesFull',
  legacy: true,
  routes: { list: 'artifact/snapshots', item: 'artifact/snapshot/:digest', itemParameter: 'digest', extra: [] },
  boundParts: ['snapshot_digest'],
  parse: parseSnapshot,
  parseList: parseSnapshotList,
  toJson: snapshotToJson,
  listItem: (a) => a,
  listItemToJson: snapshotToJson,
  id: (a) => a.digest,
  // No computeId: the id is the certified digest itself, computed from the immutable files (computeSnapshotDigest).
  certificateHash: (a) => a.certificateHash,
  binding: (artifact, fileDigests) => ({ type: 'CardanoImmutableFilesFull', artifact, fileDigests }),
});

/** Any artifact kind descriptor. */
export type AnyArtifactKindDescriptor =
  | typeof MITHRIL_STAKE_DISTRIBUTION_KIND
  | typeof CARDANO_STAKE_DISTRIBUTION_KIND
  | typeof CARDANO_DATABASE_KIND
  | typeof SNAPSHOT_KIND;

/**
 * Every artifact kind descriptor, by kind key.
 *
 * @example
 * const csd = await getArtifactByEpoch(client, ARTIFACT_KINDS.csd, 'latest');
 * const { certificate } = await verifyArtifact(client, ARTIFACT_KINDS.csd, csd, undefined);
 */
export const ARTIFACT_KINDS: {
  readonly msd: typeof MITHRIL_STAKE_DISTRIBUTION_KIND;
  readonly csd: typeof CARDANO_STAKE_DISTRIBUTION_KIND;
  readonly 'cardano-database': typeof CARDANO_DATABASE_KIND;
  readonly snapshot: typeof SNAPSHOT_KIND;
} = Object.freeze({
  msd: MITHRIL_STAKE_DISTRIBUTION_KIND,
  csd: CARDANO_STAKE_DISTRIBUTION_KIND,
  'cardano-database': CARDANO_DATABASE_KIND,
  snapshot: SNAPSHOT_KIND,
});

/**
 * Every artifact kind descriptor, in route-catalogue order (nodes.md §1.3).
 *
 * @example
 * for (const kind of ARTIFACT_KIND_DESCRIPTORS) console.log(kind.kind, kind.routes.list);
 */
export const ARTIFACT_KIND_DESCRIPTORS: readonly AnyArtifactKindDescriptor[] = Object.freeze(Object.values(ARTIFACT_KINDS));

/**
 * The descriptor of an artifact kind key.
 *
 * @param kind - `msd`, `csd`, `cardano-database` or `snapshot`
 * @returns its descriptor
 * @throws {ArtifactError} `ARTIFACT_INVALID` for another key
 * @example
 * artifactKindDescriptor('csd').routes.list; // 'artifact/cardano-stake-distributions'
 */
export function artifactKindDescriptor<K extends ArtifactKind>(kind: K): (typeof ARTIFACT_KINDS)[K] {
  if (!Object.hasOwn(ARTIFACT_KINDS, kind)) {
    throw new ArtifactError('ARTIFACT_INVALID', `unknown artifact kind ${JSON.stringify(kind)}`, { field: 'kind' });
  }
  return ARTIFACT_KINDS[kind];
}

/**
 * The artifact kinds a signed entity type's certificates sign (one today for every signable type).
 *
 * @param type - the signed entity type name
 * @returns the descriptors, possibly none (CardanoTransactions has no artifact descriptor yet)
 * @example
 * artifactKindsOf('MithrilStakeDistribution')[0]?.kind; // 'msd'
 */
export function artifactKindsOf(type: SignedEntityTypeName): AnyArtifactKindDescriptor[] {
  return ARTIFACT_KIND_DESCRIPTORS.filter((d) => d.signedEntityType === type);
}
