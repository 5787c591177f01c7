import { readFixtureText } from '@mithril/testing';
import { describe, expect, it } from 'vitest';
import { computeCardanoStakeDistributionId, computeMithrilStakeDistributionId } from './artifact-ids.js';
import { jsonToPlain, parseJson } from './sdk.js';

function fixture<T>(name: string): Record<string, T> {
  return jsonToPlain(parseJson(readFixtureText('aggregator-fake-2026-05', name), name)) as Record<string, T>;
}

const u64 = (v: unknown): bigint => (typeof v === 'bigint' ? v : BigInt(v as number));

describe('artifact ids (nodes.md §10.1) on the 2026-05 fixtures', () => {
  it('reproduces every Mithril stake distribution id', () => {
    const artifacts = Object.values(fixture<Record<string, unknown>>('mithril-stake-distributions.json'));
    expect(artifacts.length).toBe(9);
    for (const a of artifacts) {
      const signers = (a['signers'] as Record<string, unknown>[]).map((s) => ({
        partyId: s['party_id'] as string,
        verificationKey: s['verification_key'] as string,
        verificationKeySignature: s['verification_key_signature'] as string | undefined,
        operationalCertificate: s['operational_certificate'] as string | undefined,
        stake: u64(s['stake']),
      }));
      expect(computeMithrilStakeDistributionId(u64(a['epoch']), signers)).toBe(a['hash']);
    }
  });

  it('reproduces every Cardano stake distribution id', () => {
    const artifacts = Object.values(fixture<Record<string, unknown>>('cardano-stake-distributions.json'));
    expect(artifacts.length).toBe(9);
    for (const a of artifacts) {
      const stakes = Object.entries(a['stake_distribution'] as Record<string, unknown>).map(([p, s]) => [p, u64(s)] as const);
      expect(computeCardanoStakeDistributionId(u64(a['epoch']), stakes.reverse())).toBe(a['hash']);
    }
  });
});
