import { concatBytes, U64_MAX, u64be, utf8 } from '../utils/bytes.js';
import { CertificateError } from './errors.js';
import { jsonToPlain } from './wire.js';
import type { SignedEntityType, SignedEntityTypeName } from './types.js';

/**
 * Permanent numeric ids of the signed entity types; CardanoBlocksTransactions' id is its hash prefix (certificates.md §4).
 *
 * @example
 * SIGNED_ENTITY_TYPE_IDS.CardanoStakeDistribution // 1
 */
export const SIGNED_ENTITY_TYPE_IDS = {
  MithrilStakeDistribution: 0,
  CardanoStakeDistribution: 1,
  CardanoImmutableFilesFull: 2,
  CardanoTransactions: 3,
  CardanoDatabase: 4,
  CardanoBlocksTransactions: 5,
} as const;

function invalid(field: string, message: string): CertificateError {
  return new CertificateError('MESSAGE_INVALID', message, { field });
}

function u64Of(value: unknown, field: string): bigint {
  if (typeof value === 'bigint' && value >= 0n && value <= U64_MAX) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  throw invalid(field, 'expected an unsigned 64-bit integer');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tuple(value: unknown, lengths: readonly number[], field: string): readonly unknown[] {
  if (!Array.isArray(value) || !lengths.includes(value.length)) {
    throw invalid(field, `expected an array of ${lengths.join(' or ')} integers`);
  }
  return value;
}

function dbBeacon(value: unknown, field: string): { epoch: bigint; immutableFileNumber: bigint; network?: string } {
  if (!isPlainObject(value)) throw invalid(field, 'expected a beacon object');
  const epoch = u64Of(value['epoch'], `${field}.epoch`);
  const immutableFileNumber = u64Of(value['immutable_file_number'], `${field}.immutable_file_number`);
  const network = value['network'];
  if (network !== undefined && typeof network !== 'string') throw invalid(`${field}.network`, 'expected a string');
  return network === undefined ? { epoch, immutableFileNumber } : { epoch, immutableFileNumber, network };
}

/** Reads the untagged beacon of each known signed entity type (the value under its JSON tag). */
const BEACON_READERS: { readonly [N in SignedEntityTypeName]: (inner: unknown, at: string) => Extract<SignedEntityType, { type: N }> } = {
  MithrilStakeDistribution: (inner, at) => ({ type: 'MithrilStakeDistribution', epoch: u64Of(inner, at) }),
  CardanoStakeDistribution: (inner, at) => ({ type: 'CardanoStakeDistribution', epoch: u64Of(inner, at) }),
  CardanoImmutableFilesFull: (inner, at) => ({ type: 'CardanoImmutableFilesFull', ...dbBeacon(inner, at) }),
  CardanoDatabase: (inner, at) => {
    const { epoch, immutableFileNumber } = dbBeacon(inner, at);
    return { type: 'CardanoDatabase', epoch, immutableFileNumber };
  },
  CardanoTransactions: (inner, at) => {
    const [epoch, blockNumber] = tuple(inner, [2], at);
    return { type: 'CardanoTransactions', epoch: u64Of(epoch, `${at}[0]`), blockNumber: u64Of(blockNumber, `${at}[1]`) };
  },
  CardanoBlocksTransactions: (inner, at) => {
    const items = tuple(inner, [2, 3], at);
    const epoch = u64Of(items[0], `${at}[0]`);
    const blockNumber = u64Of(items[1], `${at}[1]`);
    return items.length === 3
      ? { type: 'CardanoBlocksTransactions', epoch, blockNumber, blockNumberOffset: u64Of(items[2], `${at}[2]`) }
      : { type: 'CardanoBlocksTransactions', epoch, blockNumber };
  },
};

/**
 * Decodes the beacon of a known signed entity type, i.e. the value under its tag in the externally tagged JSON
 * (`24` for `{"MithrilStakeDistribution":24}`, `[23,705,1]` for CardanoBlocksTransactions).
 *
 * @param name - the signed entity type name
 * @param beacon - the parsed JSON value under the tag (plain values or the lossless parser's `Map`s)
 * @param field - the path of the beacon, for errors
 * @returns the typed signed entity type
 * @throws {CertificateError} `MESSAGE_INVALID` on a malformed beacon
 * @example
 * parseSignedEntityTypeBeacon('CardanoTransactions', [12, 1500]); // { type: 'CardanoTransactions', epoch: 12n, blockNumber: 1500n }
 */
export function parseSignedEntityTypeBeacon<N extends SignedEntityTypeName>(
  name: N,
  beacon: unknown,
  field = `signed_entity_type.${name}`,
): Extract<SignedEntityType, { type: N }> {
  return BEACON_READERS[name](jsonToPlain(beacon), field) as Extract<SignedEntityType, { type: N }>;
}

function isKnownName(name: string): name is SignedEntityTypeName {
  return Object.hasOwn(BEACON_READERS, name);
}

/**
 * Decodes the externally tagged JSON form of a signed entity type (certificates.md §4, nodes.md §1.4), e.g.
 * `{"CardanoBlocksTransactions":[23,705,1]}`. Unknown type names decode to `{type: 'Unknown'}` so that list views
 * keep working; hashing such a certificate fails later.
 *
 * @param input - the parsed JSON value (plain objects or the lossless parser's `Map`s)
 * @param field - the field name, for errors
 * @returns the typed signed entity type
 * @throws {CertificateError} `MESSAGE_INVALID` on a malformed value
 * @example
 * parseSignedEntityType({ MithrilStakeDistribution: 24 }); // { type: 'MithrilStakeDistribution', epoch: 24n }
 */
export function parseSignedEntityType(input: unknown, field = 'signed_entity_type'): SignedEntityType {
  const value = jsonToPlain(input);
  if (!isPlainObject(value)) throw invalid(field, 'expected an externally tagged object');
  const keys = Object.keys(value);
  if (keys.length !== 1) throw invalid(field, 'expected exactly one signed entity type tag');
  const name = keys[0]!;
  if (!isKnownName(name)) return { type: 'Unknown', name };
  return BEACON_READERS[name](value[name], `${field}.${name}`);
}

/** Options of {@link signedEntityTypeHashFeed}. */
export interface SignedEntityTypeFeedOptions {
  /**
   * Width of the CardanoBlocksTransactions type prefix for the 3-element form: `'u16'` (2617.0 and later, default) or
   * `'u64'` (data produced between commits `7c5fcf9dd` and `ee1c37aec`, e.g. the 2617.0 fixture set). The
   * 2-element form (2603.x) always uses the 8-byte prefix (certificates.md §8.2 item 7).
   */
  readonly blocksTransactionsPrefix?: 'u16' | 'u64';
}

/**
 * Bytes a signed entity type appends to the hash of a standard certificate (certificates.md §4, §8.3).
 * MSD / CSD feed the same bytes, as do CardanoImmutableFilesFull / CardanoDatabase (trap 26).
 *
 * @param signedEntityType - the decoded type
 * @param options - historical CardanoBlocksTransactions prefix width
 * @returns the raw feed bytes
 * @throws {CertificateError} `CERTIFICATE_UNSUPPORTED_FORMAT` for an unknown type
 * @example
 * signedEntityTypeHashFeed({ type: 'MithrilStakeDistribution', epoch: 24n }); // u64_be(24)
 */
export function signedEntityTypeHashFeed(signedEntityType: SignedEntityType, options: SignedEntityTypeFeedOptions = {}): Uint8Array {
  const field = 'signed_entity_type';
  switch (signedEntityType.type) {
    case 'MithrilStakeDistribution':
    case 'CardanoStakeDistribution':
      return u64be(signedEntityType.epoch, field);
    case 'CardanoImmutableFilesFull':
      return concatBytes(
        signedEntityType.network === undefined ? new Uint8Array(0) : utf8(signedEntityType.network),
        u64be(signedEntityType.epoch, field),
        u64be(signedEntityType.immutableFileNumber, field),
      );
    case 'CardanoDatabase':
      return concatBytes(u64be(signedEntityType.epoch, field), u64be(signedEntityType.immutableFileNumber, field));
    case 'CardanoTransactions':
      return concatBytes(u64be(signedEntityType.epoch, field), u64be(signedEntityType.blockNumber, field));
    case 'CardanoBlocksTransactions': {
      const id = SIGNED_ENTITY_TYPE_IDS.CardanoBlocksTransactions;
      const offset = signedEntityType.blockNumberOffset;
      const wide = offset === undefined || options.blocksTransactionsPrefix === 'u64';
      const prefix = wide ? u64be(id) : new Uint8Array([id >> 8, id & 0xff]);
      return concatBytes(
        prefix,
        u64be(signedEntityType.epoch, field),
        u64be(signedEntityType.blockNumber, field),
        offset === undefined ? new Uint8Array(0) : u64be(offset, field),
      );
    }
    case 'Unknown':
      throw new CertificateError(
        'CERTIFICATE_UNSUPPORTED_FORMAT',
        `unknown signed entity type ${JSON.stringify(signedEntityType.name)} cannot be hashed`,
        { field },
      );
  }
}
