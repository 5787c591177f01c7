import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseCardanoDatabaseDigestList,
  parseCardanoDatabaseSnapshot,
  parseCardanoDatabaseSnapshotList,
  parseSnapshot,
  parseSnapshotList,
} from '../artifacts/cardano-database-schemas.js';
import {
  parseCardanoStakeDistribution,
  parseCardanoStakeDistributionList,
  parseMithrilStakeDistribution,
  parseMithrilStakeDistributionList,
} from '../artifacts/stake-distribution-schemas.js';
import { MithrilError } from '../errors.js';
import { parseAggregatorCapabilities, parseAggregatorStatus, parseEpochSettings } from './aggregator-messages.js';
import { parseGenesisVerificationKey } from './genesis.js';
import { phiFToU8F24 } from './hash.js';
import { parseCertificate, parseCertificateList, parseCertificateListItem, parseCertificateV0 } from './schemas.js';
import { parseSignedEntityType } from './signed-entity-type.js';
import { parseTimestamp } from './timestamp.js';

const parsers: [string, (input: unknown) => unknown][] = [
  ['parseCertificate', parseCertificate],
  ['parseCertificateV0', parseCertificateV0],
  ['parseCertificateListItem', parseCertificateListItem],
  ['parseCertificateList', parseCertificateList],
  ['parseAggregatorStatus', parseAggregatorStatus],
  ['parseEpochSettings', parseEpochSettings],
  ['parseAggregatorCapabilities', parseAggregatorCapabilities],
  ['parseMithrilStakeDistribution', parseMithrilStakeDistribution],
  ['parseMithrilStakeDistributionList', parseMithrilStakeDistributionList],
  ['parseCardanoStakeDistribution', parseCardanoStakeDistribution],
  ['parseCardanoStakeDistributionList', parseCardanoStakeDistributionList],
  ['parseCardanoDatabaseSnapshot', parseCardanoDatabaseSnapshot],
  ['parseCardanoDatabaseSnapshotList', parseCardanoDatabaseSnapshotList],
  ['parseCardanoDatabaseDigestList', parseCardanoDatabaseDigestList],
  ['parseSnapshot', parseSnapshot],
  ['parseSnapshotList', parseSnapshotList],
  ['parseSignedEntityType', parseSignedEntityType],
  ['parseGenesisVerificationKey', (x) => parseGenesisVerificationKey(x as string)],
  ['parseTimestamp', (x) => parseTimestamp(x as string)],
];

const malformed: unknown[] = [
  undefined,
  null,
  0,
  -1,
  1.5,
  2n ** 70n,
  true,
  '',
  ' ',
  '{',
  '[',
  '{}',
  '[{}]',
  '[null]',
  'null',
  '"x"',
  '{"a":1,"a":2}',
  '{"__proto__":{"polluted":1}}',
  {},
  [],
  [null],
  [1, 2],
  { epoch: 'x' },
  { hash: 1 },
  new Map([['epoch', -1]]),
  Symbol('s'),
  () => 1,
];

describe('every parser rejects malformed input with a MithrilError', () => {
  for (const [name, parse] of parsers) {
    it(name, () => {
      for (const input of malformed) {
        let thrown: unknown;
        try {
          parse(input);
        } catch (error) {
          thrown = error;
        }
        // Empty lists are valid lists; everything else must fail with a coded error, never a TypeError.
        if (thrown === undefined) {
          const result = parse(input) as { type?: string };
          // Lists may be empty; a single unknown tag is a (future) signed entity type, kept as `Unknown`.
          expect(Array.isArray(result) || result.type === 'Unknown').toBe(true);
        } else expect(thrown).toBeInstanceOf(MithrilError);
      }
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });
  }

  it('never throws anything but a MithrilError on arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        for (const [, parse] of parsers) {
          try {
            parse(value);
          } catch (error) {
            if (!(error instanceof MithrilError)) throw error;
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('properties', () => {
  it('U8F24 equals exact round-half-to-even of phi_f × 2^24', () => {
    // Independent oracle: decompose the double into mantissa × 2^exponent and round with bigints.
    const exact = (x: number): bigint => {
      const view = new DataView(new ArrayBuffer(8));
      view.setFloat64(0, x);
      const bits = view.getBigUint64(0);
      const biased = Number((bits >> 52n) & 0x7ffn);
      const fraction = bits & ((1n << 52n) - 1n);
      const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
      const shift = (biased === 0 ? -1074 : biased - 1075) + 24;
      if (shift >= 0) return mantissa << BigInt(shift);
      const k = BigInt(-shift);
      const q = mantissa >> k;
      const r = mantissa - (q << k);
      const half = 1n << (k - 1n);
      return r > half || (r === half && (q & 1n) === 1n) ? q + 1n : q;
    };
    fc.assert(
      fc.property(fc.double({ min: 0, max: 255.99, noNaN: true }), (phiF) => {
        expect(BigInt(phiFToU8F24(phiF))).toBe(exact(phiF));
      }),
      { numRuns: 2000 },
    );
    for (let n = 0; n < 64; n++) expect(BigInt(phiFToU8F24((n + 0.5) / 16777216))).toBe(exact((n + 0.5) / 16777216));
  });

  it('timestamps agree with Date at millisecond precision and keep the extra digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8_000_000_000_000, max: 8_000_000_000_000 }), fc.integer({ min: 0, max: 999_999 }), (ms, subMs) => {
        // ±8e12 ms stays within years 1716-2223: always a 4-digit ISO year.
        const iso = new Date(ms).toISOString().replace('Z', `${String(subMs).padStart(6, '0')}Z`);
        expect(parseTimestamp(iso).nanos).toBe(BigInt(ms) * 1_000_000n + BigInt(subMs));
      }),
      { numRuns: 500 },
    );
  });
});
