import { readFixtureText } from '@mithril/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSignedEntityType, SIGNED_ENTITY_TYPE_IDS } from '../certificate/signed-entity-type.js';
import type { SignedEntityType } from '../certificate/types.js';
import { parseJson, stringifyJson, type JsonObject } from '../codec/json.js';
import { isMithrilError } from '../errors.js';
import { signedEntityTypeToJson } from '../messages/signed-entity-type.js';
import { CARDANO_STAKE_DISTRIBUTION_SNAPSHOT_OFFSET, cardanoStakeDistributionStakesEpoch, signerSigningEpoch } from './epochs.js';
import {
  descriptorOf,
  type KnownSignedEntityType,
  findSignedEntityTypeDescriptor,
  SIGNABLE_ENTITY_TYPES,
  SIGNED_ENTITY_TYPE_DESCRIPTORS,
  signedEntityTypeAt,
  signedEntityTypeDescriptor,
  signedEntityTypeKey,
  signedEntityTypeLabel,
  signedEntityTypeSigningEpoch,
} from './signed-entity-types.js';

const certificates = parseJson(readFixtureText('aggregator-fake-2026-05', 'certificates.json')) as JsonObject;
const fixtureTypes = [...certificates.values()].map((c) => (c as JsonObject).get('signed_entity_type'));

const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const signedEntityType: fc.Arbitrary<KnownSignedEntityType> = fc.oneof(
  u64.map((epoch) => ({ type: 'MithrilStakeDistribution' as const, epoch })),
  u64.map((epoch) => ({ type: 'CardanoStakeDistribution' as const, epoch })),
  fc.record({ epoch: u64, immutableFileNumber: u64 }).map((b) => ({ type: 'CardanoImmutableFilesFull' as const, ...b })),
  fc.record({ epoch: u64, immutableFileNumber: u64, network: fc.string() }).map((b) => ({ type: 'CardanoImmutableFilesFull' as const, ...b })),
  fc.record({ epoch: u64, immutableFileNumber: u64 }).map((b) => ({ type: 'CardanoDatabase' as const, ...b })),
  fc.record({ epoch: u64, blockNumber: u64 }).map((b) => ({ type: 'CardanoTransactions' as const, ...b })),
  fc.record({ epoch: u64, blockNumber: u64 }).map((b) => ({ type: 'CardanoBlocksTransactions' as const, ...b })),
  fc.record({ epoch: u64, blockNumber: u64, blockNumberOffset: u64 }).map((b) => ({ type: 'CardanoBlocksTransactions' as const, ...b })),
);

describe('signed entity type descriptors', () => {
  it('describe every type the SDK parses, once, with its permanent id', () => {
    expect(SIGNED_ENTITY_TYPE_DESCRIPTORS.map((d) => d.name)).toEqual([
      'MithrilStakeDistribution',
      'CardanoStakeDistribution',
      'CardanoImmutableFilesFull',
      'CardanoDatabase',
      'CardanoTransactions',
      'CardanoBlocksTransactions',
    ]);
    for (const d of SIGNED_ENTITY_TYPE_DESCRIPTORS) {
      expect(d.id).toBe(SIGNED_ENTITY_TYPE_IDS[d.name]);
      expect(signedEntityTypeDescriptor(d.name)).toBe(d);
      expect(Object.isFrozen(d)).toBe(true);
    }
    expect(SIGNED_ENTITY_TYPE_DESCRIPTORS.filter((d) => d.signable !== undefined).map((d) => d.name)).toEqual([...SIGNABLE_ENTITY_TYPES]);
    expect(findSignedEntityTypeDescriptor('constructor')).toBeUndefined();
    expect(() => signedEntityTypeDescriptor('SomethingNew')).toThrow(/unknown signed entity type/);
    expect(() => descriptorOf({ type: 'Unknown', name: 'X' })).toThrow(/unknown signed entity type/);
  });

  it('round-trip every beacon of the 2026-05 certificates through the descriptor codec', () => {
    const seen = new Set<string>();
    for (const wire of fixtureTypes) {
      const type = parseSignedEntityType(wire);
      const d = descriptorOf(type);
      seen.add(d.name);
      const inner = (wire as JsonObject).get(d.name);
      expect(d.parseBeacon(inner)).toEqual(type);
      expect(stringifyJson(d.encodeBeacon(type as never))).toBe(stringifyJson(inner!));
      // The signed message carries current_epoch = the signing epoch, and the beacon's own parts.
      const certificate = [...certificates.values()].find((c) => (c as JsonObject).get('signed_entity_type') === wire) as JsonObject;
      const parts = (certificate.get('protocol_message') as JsonObject).get('message_parts') as JsonObject;
      expect(parts.get('current_epoch')).toBe(d.signingEpoch(type as never).toString());
      for (const [key, value] of Object.entries(d.beaconMessageParts(type as never))) expect(parts.get(key)).toBe(value);
      for (const key of d.messagePartKeys) expect(parts.has(key)).toBe(true);
    }
    expect(seen.size).toBe(5);
  });

  it('round-trip any beacon (property)', () => {
    fc.assert(
      fc.property(signedEntityType, (type) => {
        const d = descriptorOf(type);
        expect(d.parseBeacon(d.encodeBeacon(type as never))).toEqual(type);
        expect(parseSignedEntityType(signedEntityTypeToJson(type))).toEqual(type);
        expect(d.key(type as never).startsWith(`${type.type}-${type.epoch}`)).toBe(true);
      }),
    );
  });

  it('keep the storage keys and labels of the signer kit, the aggregator and the CLI', () => {
    const cases: [SignedEntityType, string, string][] = [
      [{ type: 'MithrilStakeDistribution', epoch: 12n }, 'MithrilStakeDistribution-12', 'MithrilStakeDistribution(12)'],
      [{ type: 'CardanoStakeDistribution', epoch: 9n }, 'CardanoStakeDistribution-9', 'CardanoStakeDistribution(9)'],
      [
        { type: 'CardanoImmutableFilesFull', epoch: 3n, immutableFileNumber: 7n, network: 'devnet' },
        'CardanoImmutableFilesFull-3-7',
        'CardanoImmutableFilesFull(3, 7)',
      ],
      [{ type: 'CardanoDatabase', epoch: 20n, immutableFileNumber: 5n }, 'CardanoDatabase-20-5', 'CardanoDatabase(20, 5)'],
      [{ type: 'CardanoTransactions', epoch: 23n, blockNumber: 689n }, 'CardanoTransactions-23-689', 'CardanoTransactions(23, 689)'],
      [
        { type: 'CardanoBlocksTransactions', epoch: 23n, blockNumber: 705n, blockNumberOffset: 1n },
        'CardanoBlocksTransactions-23-705-1',
        'CardanoBlocksTransactions(23, 705, 1)',
      ],
      [
        { type: 'CardanoBlocksTransactions', epoch: 23n, blockNumber: 705n },
        'CardanoBlocksTransactions-23-705-',
        'CardanoBlocksTransactions(23, 705)',
      ],
      [{ type: 'Unknown', name: 'SomethingNew' }, 'Unknown-SomethingNew', 'SomethingNew'],
    ];
    for (const [type, key, label] of cases) {
      expect(signedEntityTypeKey(type)).toBe(key);
      expect(signedEntityTypeLabel(type)).toBe(label);
    }
  });

  it('hold the epoch offsets: beacon, signing epoch, recorded stakes', () => {
    const msd = signedEntityTypeDescriptor('MithrilStakeDistribution');
    const csd = signedEntityTypeDescriptor('CardanoStakeDistribution');
    expect(signedEntityTypeAt('MithrilStakeDistribution', 24n)).toEqual({ type: 'MithrilStakeDistribution', epoch: 24n });
    expect(signedEntityTypeAt('CardanoStakeDistribution', 24n)).toEqual({ type: 'CardanoStakeDistribution', epoch: 23n });
    expect(csd.signable?.beaconEpochOffset).toBe(-1n);
    expect(msd.signable?.beaconEpochOffset).toBe(0n);
    expect(signedEntityTypeSigningEpoch({ type: 'CardanoStakeDistribution', epoch: 23n })).toBe(24n);
    expect(signedEntityTypeSigningEpoch({ type: 'CardanoDatabase', epoch: 20n, immutableFileNumber: 5n })).toBe(20n);
    expect(csd.signable?.recordedStakesOffset).toBe(CARDANO_STAKE_DISTRIBUTION_SNAPSHOT_OFFSET);
    expect(csd.signable?.recordedStakesEpoch({ type: 'CardanoStakeDistribution', epoch: 23n })).toBe(25n);
    expect(cardanoStakeDistributionStakesEpoch(23n)).toBe(25n);
    expect(msd.signable?.recordedStakesEpoch({ type: 'MithrilStakeDistribution', epoch: 23n })).toBeUndefined();
    expect(signerSigningEpoch(100n)).toBe(102n);
    expect([msd.signable?.openMessageTimeoutSeconds, csd.signable?.openMessageTimeoutSeconds]).toEqual([3600, 1800]);
    try {
      signedEntityTypeAt('CardanoDatabase' as never, 3n);
      expect.unreachable();
    } catch (error) {
      expect(isMithrilError(error) && error.code).toBe('SIGNED_ENTITY_TYPE_UNSUPPORTED');
    }
  });
});
