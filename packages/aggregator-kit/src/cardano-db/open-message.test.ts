import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config.js';
import type { AggregatorContext } from '../context.js';
import { genesisVerificationKeyFromSecret, type ChainObserver } from '../sdk.js';
import type { OpenMessageRecord } from '../store.js';
import type { AggregatorOptions } from '../types.js';
import { currentCardanoDbBeacon, isOpenMessageOutdated, openMessageSignedEntityType } from './open-message.js';
import type { CardanoDbArtifacts } from './ports.js';
import type { CardanoDbSource } from './source.js';

function sourceAt(numbers: (bigint | undefined)[]): CardanoDbSource {
  let i = 0;
  return {
    latestImmutableFileNumber: async () => numbers[Math.min(i++, numbers.length - 1)],
    cardanoDatabaseMerkleRoot: async (n) => `root-${n}`,
  };
}

function artifacts(source: CardanoDbSource | undefined): CardanoDbArtifacts {
  return {
    cardanoNodeVersion: '10.5.1',
    aggregatorUrl: 'http://h/aggregator',
    source,
    buildCardanoDatabase: async () => ({}) as never,
    latestDigests: async () => [],
  };
}

const options = (extra: Partial<AggregatorOptions>): AggregatorOptions => ({
  chain: { network: 'devnet' } as unknown as ChainObserver,
  protocolParameters: { k: 5n, m: 50n, phiF: 0.65 },
  genesis: { verificationKey: genesisVerificationKeyFromSecret('11'.repeat(32)) },
  ...extra,
});

const ctxWith = (source: CardanoDbSource | undefined) =>
  ({ config: resolveConfig(options({ cardanoDatabase: artifacts(source) })) }) as AggregatorContext;

const open = (key: string, type: OpenMessageRecord['type'], beacon: string): OpenMessageRecord =>
  ({ key, type, beacon, epoch: beacon }) as OpenMessageRecord;

describe('CardanoDatabase open messages', () => {
  it('are certified (and listed to signers) only when the aggregator has a database to sign from', () => {
    expect(resolveConfig(options({})).signedEntityTypes).toEqual(['MithrilStakeDistribution', 'CardanoStakeDistribution']);
    expect(resolveConfig(options({ cardanoDatabase: artifacts(undefined) })).signedEntityTypes).not.toContain('CardanoDatabase');
    const withSource = resolveConfig(options({ cardanoDatabase: artifacts(sourceAt([3n])) }));
    expect(withSource.signedEntityTypes).toEqual(['MithrilStakeDistribution', 'CardanoStakeDistribution', 'CardanoDatabase']);
    expect(withSource.openMessageTimeouts.CardanoDatabase).toBe(600);
    const msdOnly = resolveConfig(options({ cardanoDatabase: artifacts(sourceAt([3n])), signedEntityTypes: ['CardanoDatabase'] }));
    expect(msdOnly.signedEntityTypes).toEqual(['MithrilStakeDistribution', 'CardanoDatabase']);
  });

  it('include the legacy CardanoImmutableFilesFull only when asked for and the source computes its digest', () => {
    const legacy = { ...sourceAt([3n]), snapshotDigest: async () => 'digest' };
    const asked = ['CardanoDatabase', 'CardanoImmutableFilesFull'] as const;
    expect(resolveConfig(options({ cardanoDatabase: artifacts(legacy) })).signedEntityTypes).not.toContain('CardanoImmutableFilesFull');
    expect(resolveConfig(options({ cardanoDatabase: artifacts(sourceAt([3n])), signedEntityTypes: asked })).signedEntityTypes).toEqual([
      'MithrilStakeDistribution',
      'CardanoDatabase',
    ]);
    expect(resolveConfig(options({ cardanoDatabase: artifacts(legacy), signedEntityTypes: asked })).signedEntityTypes).toEqual([
      'MithrilStakeDistribution',
      'CardanoImmutableFilesFull',
      'CardanoDatabase',
    ]);
  });

  it('take the beacon {epoch, newest completed immutable file}, and none before a file is completed', async () => {
    expect(await currentCardanoDbBeacon(ctxWith(sourceAt([7n])), 12n)).toEqual({ type: 'CardanoDatabase', epoch: 12n, immutableFileNumber: 7n });
    expect(await currentCardanoDbBeacon(ctxWith(sourceAt([undefined])), 12n)).toBeUndefined();
    expect(await currentCardanoDbBeacon(ctxWith(undefined), 12n)).toBeUndefined();
    expect(await currentCardanoDbBeacon(ctxWith(sourceAt([7n])), 12n, 'CardanoImmutableFilesFull')).toEqual({
      type: 'CardanoImmutableFilesFull',
      epoch: 12n,
      immutableFileNumber: 7n,
    });
  });

  it('read their full beacon back from the open-message key', () => {
    expect(openMessageSignedEntityType(open('CardanoDatabase-12-7', 'CardanoDatabase', '12'))).toEqual({
      type: 'CardanoDatabase',
      epoch: 12n,
      immutableFileNumber: 7n,
    });
    expect(openMessageSignedEntityType(open('CardanoStakeDistribution-11', 'CardanoStakeDistribution', '11'))).toEqual({
      type: 'CardanoStakeDistribution',
      epoch: 11n,
    });
  });

  it('become outdated when a newer immutable file is completed, so the runner opens the new beacon', async () => {
    const message = open('CardanoDatabase-12-7', 'CardanoDatabase', '12');
    const ctx = ctxWith(sourceAt([7n, 8n]));
    expect(await isOpenMessageOutdated(ctx, message)).toBe(false);
    expect(await isOpenMessageOutdated(ctx, message)).toBe(true);
    expect(await isOpenMessageOutdated(ctx, open('MithrilStakeDistribution-12', 'MithrilStakeDistribution', '12'))).toBe(false);
  });
});
