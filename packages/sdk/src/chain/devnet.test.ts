import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFixtureText } from '@mithril/testing';
import { isMithrilError } from '../errors.js';
import { decodeJsonHex } from '../codec/json-hex.js';
import { bech32Decode, bech32Encode, poolIdFromColdVerificationKey } from './bech32.js';
import { createDevnetChain, devnetPoolId } from './devnet.js';

const poolA = devnetPoolId('pool-a');
const poolB = devnetPoolId('pool-b');

function stakes(entries: [string, bigint][]): Map<string, bigint> {
  return new Map(entries);
}

describe('bech32 pool ids', () => {
  it('derives the party ids of the fixture signers from their operational certificates (nodes.md §2.3.1)', () => {
    const distributions = JSON.parse(readFixtureText('aggregator-fake-2026-05', 'mithril-stake-distributions.json')) as Record<
      string,
      { signers: { party_id: string; operational_certificate?: string }[] }
    >;
    let checked = 0;
    for (const msd of Object.values(distributions)) {
      for (const signer of msd.signers) {
        if (signer.operational_certificate === undefined) continue;
        const opcert = decodeJsonHex(signer.operational_certificate) as unknown[];
        const coldVk = Uint8Array.from(opcert[1] as number[]);
        expect(poolIdFromColdVerificationKey(coldVk)).toBe(signer.party_id);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('round-trips any payload and rejects a flipped character', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 40 }), (data) => {
        const text = bech32Encode('pool', data);
        const decoded = bech32Decode(text);
        expect(decoded.hrp).toBe('pool');
        expect([...decoded.data]).toEqual([...data]);
        const last = text.at(-1) === 'q' ? 'p' : 'q';
        expect(() => bech32Decode(text.slice(0, -1) + last)).toThrow();
      }),
      { numRuns: 50 },
    );
  });

  it('devnet pool ids look like real pool ids', () => {
    expect(poolA).toMatch(/^pool1[02-9ac-hj-np-z]{51}$/);
    expect(bech32Decode(poolA).data).toHaveLength(28);
    expect(poolA).not.toBe(poolB);
    expect(devnetPoolId('pool-a')).toBe(poolA);
  });
});

describe('createDevnetChain', () => {
  it('moves by hand: epochs, immutable files and chain point grow', async () => {
    const chain = createDevnetChain({ stakes: new Map([[0n, stakes([[poolA, 10n]])]]), startEpoch: 5n, immutableFilesPerEpoch: 3 });
    expect(chain.network).toBe('devnet');
    const first = await chain.getCurrentTimePoint();
    expect(first.epoch).toBe(5n);
    expect(first.immutableFileNumber).toBe(15n);
    const added = chain.addImmutableFile();
    expect(added.epoch).toBe(5n);
    expect(added.immutableFileNumber).toBe(16n);
    expect(added.chainPoint.slotNumber).toBeGreaterThan(first.chainPoint.slotNumber);
    const next = chain.advance();
    expect(next.epoch).toBe(6n);
    expect(next.immutableFileNumber).toBeGreaterThan(added.immutableFileNumber);
    expect(next.chainPoint.blockNumber).toBeGreaterThan(added.chainPoint.blockNumber);
    expect(next.chainPoint.blockHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await chain.setEpoch(9n)).epoch).toBe(9n);
    expect(await chain.getCurrentEpoch()).toBe(9n);
    expect(() => chain.setEpoch(8n)).toThrow(/cannot move back/);
  });

  it('follows the injected clock, one epoch per epochDurationMs', async () => {
    let now = 1_000_000;
    const chain = createDevnetChain({
      stakes: new Map([[0n, stakes([[poolA, 10n]])]]),
      clock: () => now,
      epochDurationMs: 1000,
      immutableFilesPerEpoch: 4,
    });
    expect((await chain.getCurrentTimePoint()).epoch).toBe(1n);
    now += 600;
    const mid = await chain.getCurrentTimePoint();
    expect(mid.epoch).toBe(1n);
    expect(mid.immutableFileNumber).toBe(4n + 2n);
    now += 400;
    expect(await chain.getCurrentEpoch()).toBe(2n);
    now += 2500;
    expect(await chain.getCurrentEpoch()).toBe(4n);
    // A manual jump lands at the start of the target epoch and the clock keeps running from there.
    expect(chain.advance().epoch).toBe(5n);
    expect(chain.timePoint().immutableFileNumber).toBe(20n);
    now += 999;
    expect(await chain.getCurrentEpoch()).toBe(5n);
    now += 1;
    expect(await chain.getCurrentEpoch()).toBe(6n);
  });

  it('never lets the immutable file number go backwards', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('advance', 'file'), { maxLength: 30 }), (moves) => {
        const chain = createDevnetChain({ stakes: new Map([[0n, stakes([[poolA, 1n]])]]), immutableFilesPerEpoch: 2 });
        let last = chain.timePoint();
        for (const move of moves) {
          const point = move === 'advance' ? chain.advance() : chain.addImmutableFile();
          expect(point.immutableFileNumber).toBeGreaterThan(last.immutableFileNumber);
          expect(point.chainPoint.slotNumber).toBeGreaterThanOrEqual(last.chainPoint.slotNumber);
          last = point;
        }
      }),
      { numRuns: 50 },
    );
  });

  it('applies a stake schedule map from each entry epoch on', async () => {
    const early = stakes([[poolA, 100n]]);
    const later = stakes([
      [poolA, 100n],
      [poolB, 2n ** 60n],
    ]);
    const chain = createDevnetChain({
      stakes: new Map([
        [3n, later],
        [1n, early],
      ]),
    });
    expect(await chain.getCurrentStakeDistribution()).toBe(early);
    chain.advance();
    expect(await chain.getCurrentStakeDistribution()).toBe(early);
    chain.advance();
    expect(await chain.getCurrentStakeDistribution()).toBe(later);
    expect(chain.stakeDistributionAt(100n)).toBe(later);
    expect(chain.stakeDistributionAt(0n)).toBe(early);
  });

  it('reports only pools with stake, like the mark snapshot of a real node', async () => {
    const chain = createDevnetChain({
      stakes: (epoch) =>
        stakes([
          [poolA, 5n],
          [poolB, epoch >= 2n ? 7n : 0n],
        ]),
    });
    expect([...(await chain.getCurrentStakeDistribution())]).toEqual([[poolA, 5n]]);
    chain.advance();
    expect([...(await chain.getCurrentStakeDistribution())]).toEqual([
      [poolA, 5n],
      [poolB, 7n],
    ]);
    const scheduled = createDevnetChain({
      stakes: new Map([
        [
          0n,
          stakes([
            [poolA, 0n],
            [poolB, 1n],
          ]),
        ],
      ]),
    });
    expect([...scheduled.stakeDistributionAt(0n).keys()]).toEqual([poolB]);
  });

  it('accepts a schedule function', async () => {
    const chain = createDevnetChain({ stakes: (epoch) => stakes([[poolA, 10n * epoch]]), startEpoch: 2n });
    expect((await chain.getCurrentStakeDistribution()).get(poolA)).toBe(20n);
    chain.advance(3);
    expect((await chain.getCurrentStakeDistribution()).get(poolA)).toBe(50n);
  });

  it('reports era and KES period', async () => {
    const chain = createDevnetChain({
      stakes: new Map([[0n, stakes([[poolA, 1n]])]]),
      slotsPerEpoch: 100,
      slotsPerKesPeriod: 250,
    });
    expect(await chain.getCurrentEra()).toBe('Conway');
    expect(await chain.getCurrentKesPeriod()).toBe(0);
    chain.setEpoch(5n);
    expect(await chain.getCurrentKesPeriod()).toBe(2);
  });

  it('rejects bad configurations with a typed error naming the field', () => {
    const bad: [string, () => unknown][] = [
      ['stakes', () => createDevnetChain({ stakes: new Map() })],
      ['epochDurationMs', () => createDevnetChain({ stakes: new Map([[0n, stakes([[poolA, 1n]])]]), epochDurationMs: 0 })],
      [`stakes[0].${poolA}`, () => createDevnetChain({ stakes: new Map([[0n, stakes([[poolA, -1n]])]]) })],
      [
        'stakes[0]',
        () =>
          createDevnetChain({
            stakes: new Map([
              [
                0n,
                stakes([
                  [poolA, 2n ** 63n],
                  [poolB, 2n ** 63n],
                ]),
              ],
            ]),
          }),
      ],
      ['startEpoch', () => createDevnetChain({ stakes: new Map([[0n, stakes([[poolA, 1n]])]]), startEpoch: -1n })],
      ['immutableFilesPerEpoch', () => createDevnetChain({ stakes: new Map([[0n, stakes([[poolA, 1n]])]]), immutableFilesPerEpoch: 1.5 })],
    ];
    for (const [field, make] of bad) {
      try {
        make();
        expect.unreachable(`${field} accepted`);
      } catch (error) {
        expect(isMithrilError(error, 'CHAIN_INVALID_CONFIGURATION')).toBe(true);
        expect((error as { field?: string }).field).toBe(field);
      }
    }
  });

  it('agrees across instances that share the clock, the origin and the duration', async () => {
    let now = 1_000_000;
    const clock = (): number => now;
    const stakes = () => new Map([[devnetPoolId('a'), 10n]]);
    const first = createDevnetChain({ stakes, clock, originMs: 1_000_000, epochDurationMs: 1000, startEpoch: 5n });
    now += 2500;
    const late = createDevnetChain({ stakes, clock, originMs: 1_000_000, epochDurationMs: 1000, startEpoch: 5n });
    expect(await first.getCurrentEpoch()).toBe(7n);
    expect(await late.getCurrentEpoch()).toBe(7n);
    expect(() => createDevnetChain({ stakes, clock, originMs: Number.NaN })).toThrow(/originMs/);
  });
});
