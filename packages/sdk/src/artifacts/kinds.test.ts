import { readFixtureText } from '@mithril/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCertificate } from '../certificate/schemas.js';
import { parseTimestamp } from '../certificate/timestamp.js';
import { parseJson, stringifyJson, type JsonObject, type JsonValue } from '../codec/json.js';
import { SIGNED_ENTITY_TYPE_DESCRIPTORS } from '../signing/signed-entity-types.js';
import {
  ARTIFACT_KIND_DESCRIPTORS,
  artifactKindDescriptor,
  artifactKindsOf,
  CARDANO_DATABASE_KIND,
  CARDANO_STAKE_DISTRIBUTION_KIND,
  MITHRIL_STAKE_DISTRIBUTION_KIND,
  SNAPSHOT_KIND,
} from './kinds.js';
import type { CardanoStakeDistribution, MithrilStakeDistribution } from './stake-distribution-schemas.js';
import type { Snapshot } from './cardano-database-schemas.js';

const FIXTURE = 'aggregator-fake-2026-05';
const text = (file: string): string => readFixtureText(FIXTURE, file);
const values = (file: string): JsonValue[] => [...(parseJson(text(file)) as JsonObject).values()];
const certificates = new Map(
  values('certificates.json')
    .map((v) => parseCertificate(v))
    .map((c) => [c.hash, c]),
);

const FILES = [
  { kind: MITHRIL_STAKE_DISTRIBUTION_KIND, items: 'mithril-stake-distributions.json', list: 'mithril-stake-distributions-list.json' },
  { kind: CARDANO_STAKE_DISTRIBUTION_KIND, items: 'cardano-stake-distributions.json', list: 'cardano-stake-distributions-list.json' },
  { kind: CARDANO_DATABASE_KIND, items: 'cardano-databases.json', list: 'cardano-databases-list.json' },
] as const;

describe('artifact kind descriptors', () => {
  it('name each kind once, with its routes and its signed entity type', () => {
    expect(ARTIFACT_KIND_DESCRIPTORS.map((d) => d.kind)).toEqual(['msd', 'csd', 'cardano-database', 'snapshot']);
    const names = new Set(SIGNED_ENTITY_TYPE_DESCRIPTORS.map((d) => d.name as string));
    for (const d of ARTIFACT_KIND_DESCRIPTORS) {
      expect(artifactKindDescriptor(d.kind)).toBe(d);
      expect(names.has(d.signedEntityType)).toBe(true);
      expect(d.routes.item.endsWith(`/:${d.routes.itemParameter}`)).toBe(true);
      expect(d.routes.list.startsWith('artifact/')).toBe(true);
    }
    expect(MITHRIL_STAKE_DISTRIBUTION_KIND.itemPath('ab'.repeat(32))).toBe(`artifact/mithril-stake-distribution/${'ab'.repeat(32)}`);
    expect(CARDANO_STAKE_DISTRIBUTION_KIND.routes.extra).toEqual([
      { path: 'artifact/cardano-stake-distribution/epoch/:epoch', serves: 'item-by-epoch' },
    ]);
    expect(artifactKindsOf('CardanoStakeDistribution').map((d) => d.kind)).toEqual(['csd']);
    expect(artifactKindsOf('CardanoTransactions')).toEqual([]);
    expect(() => artifactKindDescriptor('ctx' as never)).toThrow(/unknown artifact kind/);
  });

  for (const { kind, items, list } of FILES) {
    describe(`${kind.title} on the 2026-05 fixtures`, () => {
      const wires = values(items);
      const artifacts = wires.map((w) => kind.parse(w) as never);

      it('round-trips parse → encode → parse, and recomputes each id', () => {
        expect(artifacts.length).toBeGreaterThan(0);
        wires.forEach((wire, i) => {
          const artifact = artifacts[i]!;
          const encoded = kind.encode(artifact);
          expect(kind.parse(encoded)).toEqual(artifact);
          expect(kind.encode(kind.parse(encoded) as never)).toBe(encoded);
          // Same members and values as received (key order may differ: see encode.ts).
          expect(parseJson(encoded)).toEqual(sortKeys(wire));
          expect(kind.computeId?.(artifact)).toBe(kind.id(artifact));
        });
      });

      it('projects each artifact to the list item the list route serves', () => {
        const listed = kind.parseList(text(list));
        const byId = new Map(artifacts.map((a) => [kind.id(a), a] as const));
        for (const item of listed as never[]) {
          const artifact = byId.get((item as { hash: string }).hash);
          if (artifact === undefined) continue;
          expect(kind.listItem(artifact)).toEqual(item);
        }
        const encodedList = kind.encodeList(listed as never);
        expect(kind.parseList(encodedList)).toEqual(listed);
        expect(encodedList).toBe(stringifyJson(parseJson(text(list))));
      });

      if (kind.kind !== 'cardano-database') {
        it('binds each artifact to the certificate that signs it', () => {
          for (const artifact of artifacts) {
            const certificate = certificates.get(kind.certificateHash(artifact))!;
            const parts = (kind.verify as (c: typeof certificate, a: unknown) => Record<string, string>)(certificate, artifact);
            expect(Object.keys(parts)).toEqual([...kind.boundParts]);
            for (const key of kind.boundParts) expect(parts[key]).toBe(certificate.protocolMessage.parts[key]);
          }
        });
      }
    });
  }

  it('encodes the Cardano stake distribution and the list items byte for byte as received', () => {
    for (const wire of values('cardano-stake-distributions.json')) {
      expect(CARDANO_STAKE_DISTRIBUTION_KIND.encode(CARDANO_STAKE_DISTRIBUTION_KIND.parse(wire))).toBe(stringifyJson(wire));
    }
    for (const wire of values('cardano-databases.json')) {
      expect(CARDANO_DATABASE_KIND.encode(CARDANO_DATABASE_KIND.parse(wire))).toBe(stringifyJson(wire));
    }
  });
});

function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, sortKeys(v)] as const).sort(([a], [b]) => (a < b ? -1 : 1)));
  return value;
}

const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
const createdAt = fc
  .tuple(fc.integer({ min: 2000, max: 2200 }), fc.stringMatching(/^\d{1,9}$/))
  .map(([year, fraction]) => parseTimestamp(`${year}-05-21T14:41:59.${fraction}Z`));
const pool = fc.stringMatching(/^pool1[a-z0-9]{6,20}$/);
const url = fc.stringMatching(/^https:\/\/[a-z]{1,10}\.example\/[a-z0-9.]{0,12}$/);

describe('artifact encoders (properties)', () => {
  it('round-trip any Cardano stake distribution', () => {
    const csd: fc.Arbitrary<CardanoStakeDistribution> = fc.record({
      epoch: u64,
      hash: hex,
      certificateHash: hex,
      stakeDistribution: fc.uniqueArray(fc.tuple(pool, u64), { selector: ([p]) => p, maxLength: 8 }).map((e) => new Map(e)),
      createdAt,
    });
    fc.assert(
      fc.property(csd, (a) => {
        expect(CARDANO_STAKE_DISTRIBUTION_KIND.parse(CARDANO_STAKE_DISTRIBUTION_KIND.encode(a))).toEqual(a);
      }),
    );
  });

  it('round-trip any Mithril stake distribution', () => {
    const signer = fc.record(
      { partyId: pool, verificationKey: hex, verificationKeySignature: hex, operationalCertificate: hex, kesPeriod: u64, stake: u64 },
      { requiredKeys: ['partyId', 'verificationKey', 'stake'] },
    );
    const msd: fc.Arbitrary<MithrilStakeDistribution> = fc.record({
      epoch: u64,
      hash: hex,
      certificateHash: hex,
      signers: fc.array(signer, { maxLength: 4 }),
      createdAt,
      protocolParameters: fc.record({ k: u64, m: u64, phiF: fc.double({ min: 0, max: 1, noNaN: true }) }),
    });
    fc.assert(
      fc.property(msd, (a) => {
        expect(MITHRIL_STAKE_DISTRIBUTION_KIND.parse(MITHRIL_STAKE_DISTRIBUTION_KIND.encode(a))).toEqual(a);
      }),
    );
  });

  it('round-trip any legacy snapshot', () => {
    const snapshot: fc.Arbitrary<Snapshot> = fc.record(
      {
        digest: hex,
        network: fc.constantFrom('mainnet', 'preprod', 'devnet'),
        beacon: fc.record({ epoch: u64, immutableFileNumber: u64 }),
        certificateHash: hex,
        size: u64,
        ancillarySize: u64,
        createdAt,
        locations: fc.array(url, { maxLength: 3 }),
        ancillaryLocations: fc.array(url, { maxLength: 3 }),
        compressionAlgorithm: fc.constantFrom('zstandard', 'gzip'),
        cardanoNodeVersion: fc.constantFrom('10.1.4', '11.0.1'),
      },
      { requiredKeys: ['digest', 'network', 'beacon', 'certificateHash', 'size', 'createdAt', 'locations'] },
    );
    fc.assert(
      fc.property(snapshot, (a) => {
        expect(SNAPSHOT_KIND.parse(SNAPSHOT_KIND.encode(a))).toEqual(a);
      }),
    );
  });
});
