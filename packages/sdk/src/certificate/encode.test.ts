import { loadOpenApi, readFixtureText } from '@mithril/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJson, stringifyJson, toJsonText, type JsonObject } from '../codec/json.js';
import { protocolParametersToJson } from '../messages/json.js';
import { signedEntityTypeToJson } from '../messages/signed-entity-type.js';
import { U64_MAX } from '../utils/bytes.js';
import {
  certificateToJson,
  encodeCertificate,
  encodeCertificateList,
  encodeCertificateListItem,
  encodeCertificateV0,
  protocolMessageToJson,
} from './encode.js';
import { computeCertificateHash, computeCertificateV0Hash } from './hash.js';
import { parseCertificate, parseCertificateList, parseCertificateListItem, parseCertificateV0 } from './schemas.js';
import { parseTimestamp } from './timestamp.js';
import {
  PROTOCOL_MESSAGE_PART_KEYS,
  type Certificate,
  type CertificateListItem,
  type CertificateV0,
  type ProtocolMessage,
  type SignedEntityType,
} from './types.js';

const FIXTURE = 'aggregator-fake-2026-05';
const openapi = loadOpenApi();
const compact = (text: string): string => stringifyJson(parseJson(text));
const fixtureCertificates = [...(parseJson(readFixtureText(FIXTURE, 'certificates.json')) as JsonObject).values()];

const u64 = fc.bigInt({ min: 0n, max: U64_MAX });
const text = fc.string({ maxLength: 12 });
const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
const timestamp = fc
  .tuple(
    fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2262-01-01T00:00:00Z'), noInvalidDate: true }),
    fc.stringMatching(/^(\.[0-9]{1,9})?$/),
  )
  .map(([date, fraction]) => parseTimestamp(`${date.toISOString().slice(0, 19)}${fraction}Z`));
const parameters = fc.record({ k: u64, m: u64, phiF: fc.double({ noNaN: true, noDefaultInfinity: true }) });
const signedEntityType: fc.Arbitrary<SignedEntityType> = fc.oneof(
  fc.record({ type: fc.constantFrom('MithrilStakeDistribution' as const, 'CardanoStakeDistribution' as const), epoch: u64 }),
  fc.record({ type: fc.constant('CardanoDatabase' as const), epoch: u64, immutableFileNumber: u64 }),
  fc.record(
    { type: fc.constant('CardanoImmutableFilesFull' as const), epoch: u64, immutableFileNumber: u64, network: text },
    { requiredKeys: ['type', 'epoch', 'immutableFileNumber'] },
  ),
  fc.record({ type: fc.constant('CardanoTransactions' as const), epoch: u64, blockNumber: u64 }),
  fc.record(
    { type: fc.constant('CardanoBlocksTransactions' as const), epoch: u64, blockNumber: u64, blockNumberOffset: u64 },
    { requiredKeys: ['type', 'epoch', 'blockNumber'] },
  ),
);
const protocolMessage: fc.Arbitrary<ProtocolMessage> = fc.record(
  { parts: fc.dictionary(fc.constantFrom(...PROTOCOL_MESSAGE_PART_KEYS), text), hashScheme: text },
  { requiredKeys: ['parts'] },
);
const signers = fc.array(fc.record({ partyId: text, stake: u64 }), { maxLength: 4 });
const certificate: fc.Arbitrary<Certificate> = fc.record(
  {
    hash: hex64,
    previousHash: fc.oneof(fc.constant(''), hex64),
    epoch: u64,
    signedEntityType,
    metadata: fc.record({ network: text, version: text, parameters, initiatedAt: timestamp, sealedAt: timestamp, signers }),
    protocolMessage,
    signedMessage: hex64,
    aggregateVerificationKey: text,
    multiSignature: text,
    genesisSignature: text,
    aggregateVerificationKeySnark: text,
    ancillaryProverData: text,
    ancillaryVerifierData: text,
    genesisSchnorrSignature: text,
  },
  {
    requiredKeys: [
      'hash',
      'previousHash',
      'epoch',
      'signedEntityType',
      'metadata',
      'protocolMessage',
      'signedMessage',
      'aggregateVerificationKey',
      'multiSignature',
      'genesisSignature',
    ],
  },
);
const listItem: fc.Arbitrary<CertificateListItem> = fc.record({
  hash: hex64,
  previousHash: hex64,
  epoch: u64,
  signedEntityType,
  metadata: fc.record({ network: text, version: text, parameters, initiatedAt: timestamp, sealedAt: timestamp, totalSigners: u64 }),
  protocolMessage,
  signedMessage: hex64,
  aggregateVerificationKey: text,
});

describe('encodeCertificate on the reference fixtures', () => {
  it('writes every fixture certificate back to its own compact text, with the same hash', () => {
    expect(fixtureCertificates.length).toBe(43);
    for (const raw of fixtureCertificates) {
      const parsed = parseCertificate(raw);
      const text = encodeCertificate(parsed);
      expect(text).toBe(stringifyJson(raw));
      const again = parseCertificate(text);
      expect(again).toEqual(parsed);
      expect(computeCertificateHash(again)).toBe(parsed.hash);
      expect(openapi.validateResponse('get', `/certificate/${parsed.hash}`, 200, JSON.parse(text))).toBeUndefined();
    }
  });

  it('writes the certificate list and its items back to their own compact text', () => {
    const listText = readFixtureText(FIXTURE, 'certificates-list.json');
    const items = parseCertificateList(listText);
    expect(encodeCertificateList(items)).toBe(compact(listText));
    for (const item of items) expect(parseCertificateListItem(encodeCertificateListItem(item))).toEqual(item);
  });

  it('matches the layout the aggregator kit stores (plain wire object written by toJsonText)', () => {
    for (const raw of fixtureCertificates) {
      const c = parseCertificate(raw);
      if (c.signedEntityType.type !== 'MithrilStakeDistribution' && c.signedEntityType.type !== 'CardanoStakeDistribution') continue;
      const wire = {
        hash: c.hash,
        previous_hash: c.previousHash,
        epoch: c.epoch,
        signed_entity_type: signedEntityTypeToJson(c.signedEntityType),
        metadata: {
          network: c.metadata.network,
          version: c.metadata.version,
          parameters: protocolParametersToJson(c.metadata.parameters),
          initiated_at: c.metadata.initiatedAt.text,
          sealed_at: c.metadata.sealedAt.text,
          signers: c.metadata.signers.map((s) => ({ party_id: s.partyId, stake: s.stake })),
        },
        protocol_message: { message_parts: c.protocolMessage.parts },
        signed_message: c.signedMessage,
        aggregate_verification_key: c.aggregateVerificationKey,
        multi_signature: c.multiSignature,
        genesis_signature: c.genesisSignature,
      };
      expect(encodeCertificate(c)).toBe(toJsonText(wire));
    }
  });

  it('writes message parts in enum order and hash_scheme after them', () => {
    const message: ProtocolMessage = { parts: { current_epoch: '3', snapshot_digest: 'd' }, hashScheme: 'legacy' };
    expect(stringifyJson(protocolMessageToJson(message))).toBe(
      '{"message_parts":{"snapshot_digest":"d","current_epoch":"3"},"hash_scheme":"legacy"}',
    );
  });

  it('places the optional future-era members where the reference does', () => {
    const c = parseCertificate(fixtureCertificates[0]);
    const keys = [
      ...certificateToJson({
        ...c,
        aggregateVerificationKeySnark: 'a',
        ancillaryProverData: '00',
        ancillaryVerifierData: '01',
        genesisSchnorrSignature: 's',
      }).keys(),
    ];
    expect(keys.slice(7)).toEqual([
      'aggregate_verification_key',
      'aggregate_verification_key_snark',
      'ancillary_prover_data',
      'ancillary_verifier_data',
      'multi_signature',
      'genesis_signature',
      'genesis_schnorr_signature',
    ]);
  });

  it('refuses an Unknown signed entity type and an out-of-range u64, naming the field', () => {
    const c = parseCertificate(fixtureCertificates[0]);
    expect(() => encodeCertificate({ ...c, signedEntityType: { type: 'Unknown', name: 'Foo' } })).toThrow(
      expect.objectContaining({ code: 'MESSAGE_INVALID', field: 'certificate.signed_entity_type' }),
    );
    expect(() => encodeCertificate({ ...c, epoch: U64_MAX + 1n })).toThrow(
      expect.objectContaining({ code: 'MESSAGE_INVALID', field: 'certificate.epoch' }),
    );
  });
});

describe('certificate codec properties', () => {
  it('parseCertificate(encodeCertificate(c)) equals c, and re-encoding is stable', () => {
    fc.assert(
      fc.property(certificate, (c) => {
        const text = encodeCertificate(c);
        const parsed = parseCertificate(text);
        expect(parsed).toEqual(c);
        expect(encodeCertificate(parsed)).toBe(text);
      }),
      { numRuns: 150 },
    );
  });

  it('list items and lists round-trip', () => {
    fc.assert(
      fc.property(fc.array(listItem, { maxLength: 3 }), (items) => {
        expect(parseCertificateList(encodeCertificateList(items))).toEqual(items);
      }),
      { numRuns: 80 },
    );
  });

  it('v0 certificates round-trip with their v0 hash', () => {
    const v0: fc.Arbitrary<CertificateV0> = fc.record({
      hash: hex64,
      previousHash: hex64,
      beacon: fc.record({ network: text, epoch: u64, immutableFileNumber: u64 }),
      metadata: fc.record({
        version: text,
        parameters: fc.record({ k: u64, m: u64, phiF: fc.double({ min: 0, max: 1, noNaN: true }) }),
        initiatedAt: timestamp,
        sealedAt: timestamp,
        signers,
      }),
      protocolMessage: fc.record({ parts: fc.dictionary(fc.constantFrom(...PROTOCOL_MESSAGE_PART_KEYS), text) }),
      signedMessage: hex64,
      aggregateVerificationKey: text,
      multiSignature: text,
      genesisSignature: text,
    });
    fc.assert(
      fc.property(v0, (c) => {
        const parsed = parseCertificateV0(encodeCertificateV0(c));
        expect(parsed).toEqual(c);
        expect(computeCertificateV0Hash(parsed)).toBe(computeCertificateV0Hash(c));
      }),
      { numRuns: 60 },
    );
  });
});
