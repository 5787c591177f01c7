import { readFixtureText } from '@mithril/testing';
import { describe, expect, it } from 'vitest';
import { parseCardanoDatabaseSnapshot, parseCardanoDatabaseSnapshotList } from '../artifacts/cardano-database-schemas.js';
import { parseCardanoStakeDistributionList, parseMithrilStakeDistributionList } from '../artifacts/stake-distribution-schemas.js';
import { parseJson, type JsonObject } from '../codec/json.js';
import { concatBytes, bytesToHex, u64be, utf8 } from '../utils/bytes.js';
import { sha256 } from '../utils/hash.js';
import { parseAggregatorCapabilities, parseAggregatorStatus, parseEpochSettings } from './aggregator-messages.js';
import { computeCertificateHash, computeCertificateMetadataHash, computeProtocolParametersHash } from './hash.js';
import { parseCertificate, parseCertificateList, parseCertificateV0 } from './schemas.js';
import { parseSignedEntityType } from './signed-entity-type.js';
import { parseTimestamp } from './timestamp.js';

const FIXTURE = 'aggregator-fake-2026-05';
const text = (file: string): string => readFixtureText(FIXTURE, file);
const GENESIS = '57c16dc2c25471a1c55d66d944eaa334a32e05f8e267860b43f4ed8d5c3a65ea';
const CBT_23 = '05b960c3d620c762184069d1079b9e26cca41608abc44e26b134eecec17354c2';
const certificatesJson = JSON.parse(text('certificates.json')) as Record<string, Record<string, unknown>>;
const certificateText = (hash: string): string => JSON.stringify(certificatesJson[hash]);

const codeOf = (f: () => unknown): { code?: string; field?: string } => {
  try {
    f();
    return {};
  } catch (error) {
    const e = error as { code?: string; field?: string };
    return { code: e.code, field: e.field };
  }
};

describe('certificate messages', () => {
  it('parses a certificate from JSON text into camelCase with bigints and original strings', () => {
    const c = parseCertificate(certificateText(CBT_23));
    expect(c.epoch).toBe(23n);
    expect(c.signedEntityType).toEqual({ type: 'CardanoBlocksTransactions', epoch: 23n, blockNumber: 705n, blockNumberOffset: 1n });
    expect(c.metadata.signers[0]).toEqual({ partyId: 'pool1rkyqttkmw75xswfudh3g68trlgfvgg5c3kmau0gp2s0d7rz6y4x', stake: 20000000001n });
    expect(c.metadata.initiatedAt.text).toBe('2026-05-21T14:42:19.370724260Z');
    expect(c.metadata.parameters).toEqual({ k: 70n, m: 105n, phiF: 0.95 });
    expect(c.multiSignature).toBe(certificatesJson[CBT_23]!['multi_signature']);
  });

  it('accepts a JSON.parse value, a lossless Map value and text alike', () => {
    const fromText = parseCertificate(certificateText(GENESIS));
    expect(parseCertificate(certificatesJson[GENESIS])).toEqual(fromText);
    expect(parseCertificate(parseJson(certificateText(GENESIS)))).toEqual(fromText);
  });

  it('tolerates unknown fields', () => {
    const value = { ...certificatesJson[GENESIS], surprise: { nested: [1, 2] } };
    expect(parseCertificate(value).hash).toBe(GENESIS);
  });

  it('keeps u64 values beyond 2^53 exact from parse to hash', () => {
    const big = (1n << 63n) + 5n;
    const json = certificateText(CBT_23)
      .replace('"stake":20000000001', `"stake":${big}`)
      .replace('"epoch":23', `"epoch":${(1n << 60n) + 1n}`);
    const c = parseCertificate(json);
    expect(c.metadata.signers[0]!.stake).toBe(big);
    expect(c.epoch).toBe((1n << 60n) + 1n);
    const signerHash = (party: string, stake: bigint): string => bytesToHex(sha256(concatBytes(utf8(party), u64be(stake))));
    const i64 = (n: bigint): Uint8Array => u64be(n);
    const expected = bytesToHex(
      sha256(
        concatBytes(
          utf8('devnet'),
          utf8('0.1.0'),
          utf8(computeProtocolParametersHash(c.metadata.parameters)),
          i64(c.metadata.initiatedAt.nanos),
          i64(c.metadata.sealedAt.nanos),
          utf8(signerHash(c.metadata.signers[0]!.partyId, big)),
          utf8(signerHash(c.metadata.signers[1]!.partyId, 20000000001n)),
        ),
      ),
    );
    expect(computeCertificateMetadataHash(c.metadata)).toBe(expected);
    expect(computeCertificateHash(c)).not.toBe(CBT_23);
  });

  it.each([
    ['a missing field', (j: string) => j.replace('"signed_message"', '"signed_massage"'), 'MESSAGE_INVALID', 'certificate.signed_message'],
    ['a negative stake', (j: string) => j.replace('"stake":20000000001', '"stake":-1'), 'MESSAGE_INVALID', 'certificate.metadata.signers[0].stake'],
    [
      'a fractional stake',
      (j: string) => j.replace('"stake":20000000001', '"stake":1.5'),
      'MESSAGE_INVALID',
      'certificate.metadata.signers[0].stake',
    ],
    [
      'a stake beyond u64',
      (j: string) => j.replace('"stake":20000000001', '"stake":18446744073709551616'),
      'MESSAGE_INVALID',
      'certificate.metadata.signers[0].stake',
    ],
    [
      'an unknown message part',
      (j: string) => j.replace('"current_epoch"', '"future_part"'),
      'MESSAGE_INVALID',
      'certificate.protocol_message.message_parts.future_part',
    ],
    [
      'a bad timestamp',
      (j: string) => j.replace('2026-05-21T14:42:19.370724260Z', '2026-02-30T14:42:19Z'),
      'MESSAGE_INVALID',
      'certificate.metadata.initiated_at',
    ],
    ['a string epoch', (j: string) => j.replace('"epoch":23', '"epoch":"23"'), 'MESSAGE_INVALID', 'certificate.epoch'],
    [
      'a malformed beacon',
      (j: string) => j.replace('[23,705,1]', '[23]'),
      'MESSAGE_INVALID',
      'certificate.signed_entity_type.CardanoBlocksTransactions',
    ],
    ['a duplicate key', (j: string) => j.replace('"epoch":23', '"epoch":23,"epoch":24'), 'ENCODING_INVALID_JSON', 'certificate'],
    ['malformed JSON', (j: string) => j.slice(0, -1), 'ENCODING_INVALID_JSON', 'certificate'],
  ])('rejects %s naming the field', (_name, mutate, code, field) => {
    const json = mutate(certificateText(CBT_23));
    expect(codeOf(() => parseCertificate(json))).toEqual({ code, field });
  });

  it('rejects non-objects without crashing', () => {
    for (const bad of [null, 42, [], 'null', '"text"', true]) expect(codeOf(() => parseCertificate(bad)).code).toBe('MESSAGE_INVALID');
  });

  it('parses the 20 list items, which carry total_signers and no signatures', () => {
    const list = parseCertificateList(text('certificates-list.json'));
    expect(list).toHaveLength(20);
    expect(list[0]!.hash).toBe('3e2956f8d42accfc4efbea02773737d745dfceff8013d96bc3db04aa506c65f3');
    expect(list[0]!.metadata.totalSigners).toBe(2n);
    expect('multiSignature' in list[0]!).toBe(false);
  });

  it('names the list index in errors', () => {
    const items = JSON.parse(text('certificates-list.json')) as Record<string, unknown>[];
    items[3] = { ...items[3], epoch: -4 };
    expect(codeOf(() => parseCertificateList(items))).toEqual({ code: 'MESSAGE_INVALID', field: 'certificate_list[3].epoch' });
  });

  it('refuses a v0 certificate in parseCertificate and reads it with parseCertificateV0', () => {
    const { epoch: _e, signed_entity_type: _s, ...rest } = certificatesJson[CBT_23]!;
    const v0 = { ...rest, beacon: { network: 'devnet', epoch: 23, immutable_file_number: 7 } };
    expect(codeOf(() => parseCertificate(v0)).code).toBe('CERTIFICATE_UNSUPPORTED_FORMAT');
    expect(parseCertificateV0(v0).beacon).toEqual({ network: 'devnet', epoch: 23n, immutableFileNumber: 7n });
  });
});

describe('signed entity types (nodes.md §1.4)', () => {
  it.each([
    [{ MithrilStakeDistribution: 24 }, { type: 'MithrilStakeDistribution', epoch: 24n }],
    [{ CardanoStakeDistribution: 23 }, { type: 'CardanoStakeDistribution', epoch: 23n }],
    [{ CardanoDatabase: { epoch: 20, immutable_file_number: 5 } }, { type: 'CardanoDatabase', epoch: 20n, immutableFileNumber: 5n }],
    [{ CardanoTransactions: [23, 689] }, { type: 'CardanoTransactions', epoch: 23n, blockNumber: 689n }],
    [{ CardanoBlocksTransactions: [23, 705] }, { type: 'CardanoBlocksTransactions', epoch: 23n, blockNumber: 705n }],
    [
      { CardanoImmutableFilesFull: { network: 'devnet', epoch: 10, immutable_file_number: 1 } },
      { type: 'CardanoImmutableFilesFull', epoch: 10n, immutableFileNumber: 1n, network: 'devnet' },
    ],
    [
      { CardanoImmutableFilesFull: { epoch: 10, immutable_file_number: 1 } },
      { type: 'CardanoImmutableFilesFull', epoch: 10n, immutableFileNumber: 1n },
    ],
    [{ CardanoFuture: 1 }, { type: 'Unknown', name: 'CardanoFuture' }],
  ])('decodes %j', (json, expected) => {
    expect(parseSignedEntityType(json)).toEqual(expected);
  });

  it.each([
    [{}],
    [{ a: 1, b: 2 }],
    [{ MithrilStakeDistribution: -1 }],
    [{ CardanoTransactions: [1, 2, 3] }],
    [{ CardanoDatabase: 5 }],
    ['MithrilStakeDistribution'],
  ])('rejects %j', (json) => {
    expect(codeOf(() => parseSignedEntityType(json)).code).toBe('MESSAGE_INVALID');
  });
});

describe('RFC 3339 timestamps in nanoseconds (trap 23)', () => {
  it.each([
    ['1970-01-01T00:00:00Z', 0n],
    ['1970-01-01T00:00:00.000000001Z', 1n],
    ['1970-01-01T00:00:01.5Z', 1_500_000_000n],
    ['1969-12-31T23:59:59.999999999Z', -1n],
    ['2024-02-12T13:11:47.0123043Z', 1707743507012304300n],
    ['2026-05-21T14:41:53.660381099Z', 1779374513660381099n],
    ['2026-05-21T16:41:53.660381099+02:00', 1779374513660381099n],
    ['2026-05-21T09:11:53.660381099-05:30', 1779374513660381099n],
    ['2000-02-29T00:00:00Z', 951782400000000000n],
    ['2262-04-11T23:47:16.854775807Z', 9223372036854775807n],
    ['2262-04-11T23:47:16.854775808Z', 0n],
    ['1677-09-21T00:12:43.145224192Z', -9223372036854775808n],
    ['1677-09-21T00:12:43.145224191Z', 0n],
  ])('%s → %s', (input, nanos) => {
    expect(parseTimestamp(input)).toEqual({ text: input, nanos });
  });

  it.each([
    '2026-05-21',
    '2026-05-21T14:41:53',
    '2026-05-21T14:41:53.1234567891Z',
    '2026-13-01T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2026-05-21T24:00:00Z',
    '2026-05-21T23:59:60Z',
    '2026-05-21T14:41:53.Z',
  ])('rejects %s', (input) => {
    expect(codeOf(() => parseTimestamp(input)).code).toBe('MESSAGE_INVALID');
  });
});

describe('aggregator and artifact messages of the fixtures', () => {
  it('parses status and epoch settings', () => {
    const status = parseAggregatorStatus(text('status.json'));
    expect(status).toMatchObject({ epoch: 24n, cardanoEra: 'Conway', mithrilEra: 'pythagoras', totalStakesSigners: 40000000002n });
    const settings = parseEpochSettings(text('epoch-settings.json'));
    expect(settings.epoch).toBe(24n);
    expect(settings.currentSigners).toHaveLength(2);
    expect(settings.nextSigners).toHaveLength(2);
    expect(settings.cardanoTransactionsSigningConfig).toEqual({ securityParameter: 1n, step: 15n });
    expect(settings.currentSigners[0]!.kesPeriod).toBe(0n);
  });

  it('parses the capabilities of the root route (OpenAPI example shape)', () => {
    const caps = parseAggregatorCapabilities(
      '{"open_api_version":"0.1.17","documentation_url":"https://mithril.network","capabilities":{"signed_entity_types":["MithrilStakeDistribution","CardanoDatabase","CardanoTransactions"],"aggregate_signature_type":"Concatenation","cardano_transactions_prover":{"max_hashes_allowed_by_request":100}}}',
    );
    expect(caps.capabilities.signedEntityTypes).toEqual(['MithrilStakeDistribution', 'CardanoDatabase', 'CardanoTransactions']);
    expect(caps.capabilities.cardanoTransactionsProver).toEqual({ maxHashesAllowedByRequest: 100n });
  });

  it('parses the artifact lists', () => {
    expect(parseMithrilStakeDistributionList(text('mithril-stake-distributions-list.json'))).toHaveLength(9);
    expect(parseCardanoStakeDistributionList(text('cardano-stake-distributions-list.json'))).toHaveLength(9);
    expect(parseCardanoDatabaseSnapshotList(text('cardano-databases-list.json'))).toHaveLength(11);
  });

  it('reads Cardano database locations and skips unknown location types (trap 46)', () => {
    const all = parseJson(text('cardano-databases.json')) as JsonObject;
    const first = [...all.values()][0]!;
    const snapshot = parseCardanoDatabaseSnapshot(first);
    expect(snapshot.digests.locations.map((l) => l.type)).toEqual(['cloud_storage', 'aggregator']);
    expect(snapshot.immutables.locations[0]!.uriTemplate).toContain('{immutable_file_number}');
    const plain = JSON.parse(text('cardano-databases.json')) as Record<string, { digests: { locations: unknown[] } }>;
    const value = Object.values(plain)[0]!;
    const withUnknown = { ...value, digests: { ...value.digests, locations: [{ type: 'ipfs', cid: 'Qm…' }, ...value.digests.locations] } };
    expect(parseCardanoDatabaseSnapshot(withUnknown).digests.locations).toEqual(snapshot.digests.locations);
    const malformedKnown = { ...value, digests: { ...value.digests, locations: [{ type: 'aggregator' }] } };
    expect(codeOf(() => parseCardanoDatabaseSnapshot(malformedKnown)).code).toBe('MESSAGE_INVALID');
  });
});
