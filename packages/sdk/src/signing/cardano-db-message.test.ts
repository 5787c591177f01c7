import { readFixtureJson } from '@mithril/testing';
import { describe, expect, it } from 'vitest';
import { isMithrilError } from '../errors.js';
import { computeCardanoDbSignableMessage } from './cardano-db-message.js';

interface WireCertificate {
  epoch: number;
  signed_entity_type: Record<string, { epoch: number; immutable_file_number: number }>;
  signed_message: string;
  protocol_message: { message_parts: Record<string, string> };
}
interface WireCardanoDatabase {
  merkle_root: string;
  beacon: { epoch: number; immutable_file_number: number };
  certificate_hash: string;
}
interface WireMsd {
  epoch: number;
  protocol_parameters: { k: number; m: number; phi_f: number };
}

const dir = 'aggregator-fake-2026-05';
const certificates = readFixtureJson<Record<string, WireCertificate>>(dir, 'certificates.json');
const databases = Object.values(readFixtureJson<Record<string, WireCardanoDatabase>>(dir, 'cardano-databases.json'));
const msds = Object.values(readFixtureJson<Record<string, WireMsd>>(dir, 'mithril-stake-distributions.json'));

describe('computeCardanoDbSignableMessage on the 2026-05 fixtures', () => {
  it('reproduces the signed message of every CardanoDatabase certificate from its artifact root', () => {
    expect(databases).toHaveLength(11);
    for (const db of databases) {
      const certificate = certificates[db.certificate_hash]!;
      const beacon = certificate.signed_entity_type['CardanoDatabase']!;
      expect(beacon).toEqual(db.beacon);
      const p = msds.find((m) => m.epoch === certificate.epoch)!.protocol_parameters;
      const { protocolMessage, signedMessage } = computeCardanoDbSignableMessage(
        { type: 'CardanoDatabase', epoch: BigInt(beacon.epoch), immutableFileNumber: BigInt(beacon.immutable_file_number) },
        {
          nextAggregateVerificationKey: certificate.protocol_message.message_parts['next_aggregate_verification_key']!,
          nextProtocolParameters: { k: BigInt(p.k), m: BigInt(p.m), phiF: p.phi_f },
          currentEpoch: BigInt(certificate.epoch),
          cardanoDatabaseMerkleRoot: db.merkle_root,
        },
      );
      expect(protocolMessage.parts).toEqual(certificate.protocol_message.message_parts);
      expect(signedMessage).toBe(certificate.signed_message);
    }
  });

  it('carries snapshot_digest for the legacy type, and refuses a missing value', () => {
    const seed = { nextAggregateVerificationKey: 'aa', nextProtocolParameters: { k: 5n, m: 50n, phiF: 0.65 }, currentEpoch: 3n };
    const legacy = { type: 'CardanoImmutableFilesFull', epoch: 3n, immutableFileNumber: 9n } as const;
    expect(computeCardanoDbSignableMessage(legacy, { ...seed, snapshotDigest: 'ab'.repeat(32) }).protocolMessage.parts).toMatchObject({
      snapshot_digest: 'ab'.repeat(32),
      current_epoch: '3',
    });
    const code = (run: () => unknown) => {
      try {
        run();
      } catch (e) {
        return isMithrilError(e) ? e.code : 'untyped';
      }
      return 'none';
    };
    expect(code(() => computeCardanoDbSignableMessage(legacy, { ...seed, cardanoDatabaseMerkleRoot: 'ab' }))).toBe('SIGNING_INPUT_MISSING');
    expect(code(() => computeCardanoDbSignableMessage({ ...legacy, type: 'CardanoDatabase' }, seed))).toBe('SIGNING_INPUT_MISSING');
  });
});
