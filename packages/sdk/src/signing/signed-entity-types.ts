/**
 * The signed entity types, described once (certificates.md §4, nodes.md §2.1, §2.4): one descriptor per type holds
 * its beacon shape and codec, its epoch offsets, its protocol-message parts, its storage key and its human label.
 * Aggregators, signers, the client and the CLI iterate over {@link SIGNED_ENTITY_TYPE_DESCRIPTORS} rather than
 * switching on type names; a new type is one descriptor here (plus its message builder when it becomes signable).
 */
import { parseSignedEntityTypeBeacon, SIGNED_ENTITY_TYPE_IDS } from '../certificate/signed-entity-type.js';
import type { ProtocolMessagePartKey, SignedEntityType, SignedEntityTypeName } from '../certificate/types.js';
import type { TimePoint } from '../chain/observer.js';
import type { JsonValue } from '../codec/json.js';
import { MithrilError } from '../errors.js';
import { signedEntityTypeToJson } from '../messages/signed-entity-type.js';
import { cardanoStakeDistributionStakesEpoch } from './epochs.js';
import { cardanoStakeDistributionMessageParts, type MessageParts, type ProtocolMessageInputs } from './message-parts.js';

/** The signed entity type value (with its beacon) of a given type name. */
export type SignedEntityTypeOf<N extends SignedEntityTypeName> = Extract<KnownSignedEntityType, { type: N }>;

/** A signed entity type this SDK knows (every variant but `Unknown`). */
export type KnownSignedEntityType = Exclude<SignedEntityType, { type: 'Unknown' }>;

/**
 * How a beacon looks on the wire: a bare epoch (`24`), a Cardano database beacon (`{epoch, immutable_file_number}`),
 * `[epoch, block_number]`, or `[epoch, block_number, block_number_offset]` (the offset absent in 2603.x data).
 */
export type BeaconShape = 'epoch' | 'cardano-db-beacon' | 'epoch-block-number' | 'epoch-block-number-offset';

/** Where the chain is when a beacon is chosen: the epoch, and what later types need of the time point. */
export type BeaconTimePoint = Pick<TimePoint, 'epoch'> & Partial<Omit<TimePoint, 'epoch'>>;

/** What a signed entity type needs to be signed by this SDK: its beacon per epoch and its message builder. */
export interface SignableBehaviour<N extends SignedEntityTypeName = SignedEntityTypeName> {
  /** Offset from the current epoch N to the beacon epoch signed during N: `0n` for MSD, `-1n` for CSD (nodes.md §2.4). */
  readonly beaconEpochOffset: bigint;
  /**
   * Offset from the beacon epoch to the epoch under which the stakes its message needs are recorded (`2n` for CSD,
   * nodes.md §2.1), or `undefined` when the message needs no recorded stakes.
   */
  readonly recordedStakesOffset: bigint | undefined;
  /** Open-message timeout of the reference aggregator, in seconds (nodes.md §2.4). */
  readonly openMessageTimeoutSeconds: number;
  /**
   * The beacon signed at a time point.
   *
   * @throws {MithrilError} `SIGNED_ENTITY_TYPE_UNSUPPORTED` when the time point has no beacon (CSD at epoch 0)
   */
  beaconAt(timePoint: BeaconTimePoint): SignedEntityTypeOf<N>;
  /** Epoch under which the stakes the message of `type` needs are recorded, or `undefined` when it needs none. */
  recordedStakesEpoch(type: SignedEntityTypeOf<N>): bigint | undefined;
  /**
   * The parts this type adds to the three seed parts.
   *
   * @throws {MithrilError} `SIGNING_INPUT_MISSING` when `inputs` lacks what the type needs
   */
  messageParts(type: SignedEntityTypeOf<N>, inputs: ProtocolMessageInputs): MessageParts;
}

/** Everything the SDK knows about one signed entity type. */
export interface SignedEntityTypeDescriptor<N extends SignedEntityTypeName = SignedEntityTypeName> {
  /** The type name, the JSON tag (`MithrilStakeDistribution`, …). */
  readonly name: N;
  /** Permanent numeric id (certificates.md §4). */
  readonly id: number;
  /** The wire shape of the beacon. */
  readonly beaconShape: BeaconShape;
  /** Refused by current aggregators (`410`, e.g. CardanoImmutableFilesFull); still hashed and verified. */
  readonly discontinued: boolean;
  /** Offset from the beacon epoch to the certificate epoch, the epoch during which it is signed (`1n` for CSD). */
  readonly signingEpochOffset: bigint;
  /** The protocol-message parts only this type carries, besides the three seed parts (certificates.md §4). */
  readonly messagePartKeys: readonly ProtocolMessagePartKey[];
  /** Reads the beacon, the JSON value under the type's tag. @throws {CertificateError} `MESSAGE_INVALID` */
  parseBeacon(beacon: unknown, field?: string): SignedEntityTypeOf<N>;
  /** Writes the beacon, the JSON value under the type's tag. @throws {CertificateError} `MESSAGE_INVALID` */
  encodeBeacon(type: SignedEntityTypeOf<N>): JsonValue;
  /** The certificate epoch of a beacon: beacon epoch + {@link signingEpochOffset}. */
  signingEpoch(type: SignedEntityTypeOf<N>): bigint;
  /** The message parts whose values are beacon values (e.g. `latest_block_number`), as the message must carry them. */
  beaconMessageParts(type: SignedEntityTypeOf<N>): MessageParts;
  /**
   * A stable text key of the type with its beacon, e.g. `MithrilStakeDistribution-12`: the open-message key of the
   * aggregator and the signed-beacon key of the signer.
   */
  key(type: SignedEntityTypeOf<N>): string;
  /** A short human label, e.g. `CardanoStakeDistribution(24)` or `CardanoDatabase(20, 5)`. */
  label(type: SignedEntityTypeOf<N>): string;
  /** How this SDK signs the type, or `undefined` when it cannot compute its message yet. */
  readonly signable: SignableBehaviour<N> | undefined;
}

function unsupported(message: string): MithrilError {
  return new MithrilError('SIGNED_ENTITY_TYPE_UNSUPPORTED', message, { field: 'signed_entity_type' });
}

type Base<N extends SignedEntityTypeName> = Omit<
  SignedEntityTypeDescriptor<N>,
  'id' | 'parseBeacon' | 'encodeBeacon' | 'signingEpoch' | 'key' | 'label' | 'signable' | 'beaconMessageParts'
> & {
  /** The beacon values after the epoch, for keys and labels. */
  readonly beaconValues: (type: SignedEntityTypeOf<N>) => readonly (bigint | undefined)[];
  readonly beaconMessageParts?: (type: SignedEntityTypeOf<N>) => MessageParts;
  readonly signable?: SignableBehaviour<N>;
};

function describe<N extends SignedEntityTypeName>(base: Base<N>): SignedEntityTypeDescriptor<N> {
  const { beaconValues, beaconMessageParts, signable, ...rest } = base;
  const descriptor: SignedEntityTypeDescriptor<N> = {
    ...rest,
    id: SIGNED_ENTITY_TYPE_IDS[base.name],
    parseBeacon: (beacon, field) => parseSignedEntityTypeBeacon(base.name, beacon, field),
    encodeBeacon: (type) => signedEntityTypeToJson(type).get(base.name)!,
    signingEpoch: (type) => type.epoch + base.signingEpochOffset,
    beaconMessageParts: beaconMessageParts ?? (() => ({})),
    // The key keeps an empty last segment for an absent optional value (the signer kit's historical keys).
    key: (type) => [type.type, type.epoch, ...beaconValues(type)].map((x) => (x === undefined ? '' : String(x))).join('-'),
    label: (type) => `${type.type}(${[type.epoch, ...beaconValues(type).filter((x) => x !== undefined)].join(', ')})`,
    signable,
  };
  return Object.freeze(descriptor);
}

/**
 * Mithril stake distribution: beacon `N`, signed during N, no part of its own (the next AVK is the artifact).
 *
 * @example
 * MITHRIL_STAKE_DISTRIBUTION_TYPE.id // 0
 */
export const MITHRIL_STAKE_DISTRIBUTION_TYPE = describe<'MithrilStakeDistribution'>({
  name: 'MithrilStakeDistribution',
  beaconShape: 'epoch',
  discontinued: false,
  signingEpochOffset: 0n,
  messagePartKeys: [],
  beaconValues: () => [],
  signable: {
    beaconEpochOffset: 0n,
    recordedStakesOffset: undefined,
    openMessageTimeoutSeconds: 3600,
    beaconAt: ({ epoch }) => ({ type: 'MithrilStakeDistribution', epoch }),
    recordedStakesEpoch: () => undefined,
    messageParts: () => ({}),
  },
});

/**
 * Cardano stake distribution: beacon `N − 1`, signed during N, over the stakes recorded under beacon + 2.
 *
 * @example
 * CARDANO_STAKE_DISTRIBUTION_TYPE.messagePartKeys // ['cardano_stake_distribution_epoch', 'cardano_stake_distribution_merkle_root']
 * CARDANO_STAKE_DISTRIBUTION_TYPE.signingEpochOffset // 1n: the distribution of epoch N is signed during N + 1
 */
export const CARDANO_STAKE_DISTRIBUTION_TYPE = describe<'CardanoStakeDistribution'>({
  name: 'CardanoStakeDistribution',
  beaconShape: 'epoch',
  discontinued: false,
  signingEpochOffset: 1n,
  messagePartKeys: ['cardano_stake_distribution_epoch', 'cardano_stake_distribution_merkle_root'],
  beaconValues: () => [],
  beaconMessageParts: (type) => ({ cardano_stake_distribution_epoch: type.epoch.toString(10) }),
  signable: {
    beaconEpochOffset: -1n,
    recordedStakesOffset: 2n,
    openMessageTimeoutSeconds: 1800,
    beaconAt: ({ epoch }) => {
      if (epoch <= 0n) throw unsupported(`no CardanoStakeDistribution beacon at epoch ${epoch}`);
      return { type: 'CardanoStakeDistribution', epoch: epoch - 1n };
    },
    recordedStakesEpoch: (type) => cardanoStakeDistributionStakesEpoch(type.epoch),
    messageParts: (type, inputs) => cardanoStakeDistributionMessageParts(type.epoch, inputs),
  },
});

/**
 * Legacy full snapshot (discontinued): a Cardano database beacon, `snapshot_digest`.
 *
 * @example
 * CARDANO_IMMUTABLE_FILES_FULL_TYPE.messagePartKeys // ['snapshot_digest']
 */
export const CARDANO_IMMUTABLE_FILES_FULL_TYPE = describe<'CardanoImmutableFilesFull'>({
  name: 'CardanoImmutableFilesFull',
  beaconShape: 'cardano-db-beacon',
  discontinued: true,
  signingEpochOffset: 0n,
  messagePartKeys: ['snapshot_digest'],
  beaconValues: (type) => [type.immutableFileNumber],
});

/**
 * Cardano database (incremental snapshots): a Cardano database beacon, `cardano_database_merkle_root`.
 *
 * @example
 * CARDANO_DATABASE_TYPE.messagePartKeys // ['cardano_database_merkle_root']
 */
export const CARDANO_DATABASE_TYPE = describe<'CardanoDatabase'>({
  name: 'CardanoDatabase',
  beaconShape: 'cardano-db-beacon',
  discontinued: false,
  signingEpochOffset: 0n,
  messagePartKeys: ['cardano_database_merkle_root'],
  beaconValues: (type) => [type.immutableFileNumber],
});

/**
 * Cardano transactions: `[epoch, block_number]`, a transactions Merkle root and `latest_block_number`.
 *
 * @example
 * CARDANO_TRANSACTIONS_TYPE.messagePartKeys // ['cardano_transactions_merkle_root', 'latest_block_number']
 */
export const CARDANO_TRANSACTIONS_TYPE = describe<'CardanoTransactions'>({
  name: 'CardanoTransactions',
  beaconShape: 'epoch-block-number',
  discontinued: false,
  signingEpochOffset: 0n,
  messagePartKeys: ['cardano_transactions_merkle_root', 'latest_block_number'],
  beaconValues: (type) => [type.blockNumber],
  beaconMessageParts: (type) => ({ latest_block_number: type.blockNumber.toString(10) }),
});

/**
 * Cardano blocks and transactions (unstable): `[epoch, block_number, block_number_offset]`.
 *
 * @example
 * CARDANO_BLOCKS_TRANSACTIONS_TYPE.id // 5
 */
export const CARDANO_BLOCKS_TRANSACTIONS_TYPE = describe<'CardanoBlocksTransactions'>({
  name: 'CardanoBlocksTransactions',
  beaconShape: 'epoch-block-number-offset',
  discontinued: false,
  signingEpochOffset: 0n,
  messagePartKeys: ['cardano_blocks_transactions_merkle_root', 'latest_block_number', 'cardano_blocks_transactions_block_number_offset'],
  beaconValues: (type) => [type.blockNumber, type.blockNumberOffset],
  beaconMessageParts: (type) => ({
    latest_block_number: type.blockNumber.toString(10),
    ...(type.blockNumberOffset !== undefined && {
      cardano_blocks_transactions_block_number_offset: type.blockNumberOffset.toString(10),
    }),
  }),
});

/**
 * Every descriptor, by name.
 *
 * @example
 * SIGNED_ENTITY_TYPES_BY_NAME[certificate.signedEntityType.type]?.messagePartKeys
 */
export const SIGNED_ENTITY_TYPES_BY_NAME: { readonly [N in SignedEntityTypeName]: SignedEntityTypeDescriptor<N> } = Object.freeze({
  MithrilStakeDistribution: MITHRIL_STAKE_DISTRIBUTION_TYPE,
  CardanoStakeDistribution: CARDANO_STAKE_DISTRIBUTION_TYPE,
  CardanoImmutableFilesFull: CARDANO_IMMUTABLE_FILES_FULL_TYPE,
  CardanoDatabase: CARDANO_DATABASE_TYPE,
  CardanoTransactions: CARDANO_TRANSACTIONS_TYPE,
  CardanoBlocksTransactions: CARDANO_BLOCKS_TRANSACTIONS_TYPE,
});

/**
 * Every signed entity type descriptor, in the reference enum order (the order an aggregator walks them each tick,
 * nodes.md §2.4): MSD, CSD, CardanoImmutableFilesFull, CardanoDatabase, CardanoTransactions, CardanoBlocksTransactions.
 *
 * @example
 * const signable = SIGNED_ENTITY_TYPE_DESCRIPTORS.filter((d) => d.signable !== undefined).map((d) => d.name);
 */
export const SIGNED_ENTITY_TYPE_DESCRIPTORS: readonly SignedEntityTypeDescriptor[] = Object.freeze([
  MITHRIL_STAKE_DISTRIBUTION_TYPE,
  CARDANO_STAKE_DISTRIBUTION_TYPE,
  CARDANO_IMMUTABLE_FILES_FULL_TYPE,
  CARDANO_DATABASE_TYPE,
  CARDANO_TRANSACTIONS_TYPE,
  CARDANO_BLOCKS_TRANSACTIONS_TYPE,
] as unknown as SignedEntityTypeDescriptor[]);

/**
 * Signed entity types this SDK can compute messages for, in the reference enum order.
 *
 * @example
 * SIGNABLE_ENTITY_TYPES // ['MithrilStakeDistribution', 'CardanoStakeDistribution']
 */
export const SIGNABLE_ENTITY_TYPES = ['MithrilStakeDistribution', 'CardanoStakeDistribution'] as const;

/** A signed entity type name this SDK can compute messages for. */
export type SignableEntityTypeName = (typeof SIGNABLE_ENTITY_TYPES)[number];

/** A signed entity type (with its beacon) this SDK can compute messages for. */
export type SignableEntityType = SignedEntityTypeOf<SignableEntityTypeName>;

/**
 * The descriptor of a signed entity type name, or `undefined` for a name this SDK does not know.
 *
 * @param name - any type name, e.g. from the wire
 * @returns the descriptor, or `undefined`
 * @example
 * findSignedEntityTypeDescriptor('CardanoDatabase')?.discontinued; // false
 */
export function findSignedEntityTypeDescriptor(name: string): SignedEntityTypeDescriptor | undefined {
  return Object.hasOwn(SIGNED_ENTITY_TYPES_BY_NAME, name)
    ? (SIGNED_ENTITY_TYPES_BY_NAME[name as SignedEntityTypeName] as unknown as SignedEntityTypeDescriptor)
    : undefined;
}

/**
 * The descriptor of a signed entity type name.
 *
 * @param name - the type name
 * @returns its descriptor
 * @throws {MithrilError} `SIGNED_ENTITY_TYPE_UNSUPPORTED` for a name this SDK does not know
 * @example
 * signedEntityTypeDescriptor('CardanoStakeDistribution').signable?.recordedStakesEpoch({ type: 'CardanoStakeDistribution', epoch: 23n }); // 25n
 */
export function signedEntityTypeDescriptor<N extends SignedEntityTypeName>(name: N): SignedEntityTypeDescriptor<N>;
export function signedEntityTypeDescriptor(name: string): SignedEntityTypeDescriptor;
export function signedEntityTypeDescriptor(name: string): SignedEntityTypeDescriptor {
  const descriptor = findSignedEntityTypeDescriptor(name);
  if (descriptor === undefined) throw unsupported(`unknown signed entity type ${JSON.stringify(name)}`);
  return descriptor;
}

/**
 * The descriptor of a signed entity type value, typed by its name.
 *
 * @param type - the type with its beacon
 * @returns its descriptor
 * @throws {MithrilError} `SIGNED_ENTITY_TYPE_UNSUPPORTED` for an `Unknown` type
 * @example
 * descriptorOf(certificate.signedEntityType).label(certificate.signedEntityType);
 */
export function descriptorOf<T extends SignedEntityType>(type: T): SignedEntityTypeDescriptor<Exclude<T['type'], 'Unknown'>> {
  if (type.type === 'Unknown') throw unsupported(`unknown signed entity type ${JSON.stringify(type.name)}`);
  return signedEntityTypeDescriptor(type.type) as unknown as SignedEntityTypeDescriptor<Exclude<T['type'], 'Unknown'>>;
}

/**
 * The storage / open-message key of a signed entity type with its beacon, e.g. `MithrilStakeDistribution-12` or
 * `CardanoDatabase-20-5`; an `Unknown` type keys as `Unknown-<name>`.
 *
 * @param type - the type with its beacon
 * @returns the key
 * @example
 * signedEntityTypeKey({ type: 'CardanoStakeDistribution', epoch: 9n }); // 'CardanoStakeDistribution-9'
 */
export function signedEntityTypeKey(type: SignedEntityType): string {
  return type.type === 'Unknown' ? `Unknown-${type.name}` : descriptorOf(type).key(type);
}

/**
 * A short human label of a signed entity type with its beacon, e.g. `CardanoStakeDistribution(24)`; an `Unknown`
 * type is labelled by its name.
 *
 * @param type - the type with its beacon
 * @returns the label
 * @example
 * signedEntityTypeLabel({ type: 'CardanoTransactions', epoch: 12n, blockNumber: 1500n }); // 'CardanoTransactions(12, 1500)'
 */
export function signedEntityTypeLabel(type: SignedEntityType): string {
  return type.type === 'Unknown' ? type.name : descriptorOf(type).label(type);
}

/**
 * The beacon a signable type takes during `epoch` (nodes.md §2.4): MSD signs `N`, CSD signs `N − 1`.
 *
 * @param type - the type name
 * @param epoch - the current epoch
 * @returns the signed entity type with its beacon
 * @throws {MithrilError} `SIGNED_ENTITY_TYPE_UNSUPPORTED` for a type this SDK cannot sign, or CSD at epoch 0
 * @example
 * signedEntityTypeAt('CardanoStakeDistribution', 24n); // { type: 'CardanoStakeDistribution', epoch: 23n }
 */
export function signedEntityTypeAt<N extends SignableEntityTypeName>(type: N, epoch: bigint): SignedEntityTypeOf<N>;
export function signedEntityTypeAt(type: SignableEntityTypeName, epoch: bigint): SignableEntityType;
export function signedEntityTypeAt(type: SignableEntityTypeName, epoch: bigint): SignableEntityType {
  const signable = findSignedEntityTypeDescriptor(type)?.signable;
  if (signable === undefined) throw unsupported(`no ${String(type)} beacon at epoch ${epoch}`);
  return signable.beaconAt({ epoch }) as SignableEntityType;
}

/**
 * The epoch during which a signed entity type is signed, i.e. its certificate's epoch (certificates.md §4).
 *
 * @param signedEntityType - the signed entity type with its beacon
 * @returns the certificate epoch
 * @throws {MithrilError} `SIGNED_ENTITY_TYPE_UNSUPPORTED` for an unknown type
 * @example
 * signedEntityTypeSigningEpoch({ type: 'CardanoStakeDistribution', epoch: 23n }); // 24n
 */
export function signedEntityTypeSigningEpoch(signedEntityType: SignedEntityType): bigint {
  if (signedEntityType.type === 'Unknown') {
    throw unsupported(`unknown type ${signedEntityType.name}`);
  }
  return descriptorOf(signedEntityType).signingEpoch(signedEntityType);
}
