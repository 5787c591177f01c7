import { describe, expect, it } from 'vitest';
import { createLocalNetwork, type EpochReport, type LocalNetworkPool } from '../scripts/local-network.js';

const GENESIS_SECRET = '11'.repeat(32);

/** Pools: a stake change for bob at epoch 5, and dave joining at epoch 4 (signing from epoch 6, trap 42). */
const POOLS: readonly LocalNetworkPool[] = [
  { name: 'alice', stake: 3_000_000n },
  { name: 'bob', stake: (epoch) => (epoch >= 5n ? 4_000_000n : 2_000_000n) },
  { name: 'carol', stake: 1_000_000n },
  { name: 'dave', stake: 2_500_000n, joinEpoch: 4n },
];

function seeded(): (length: number) => Uint8Array {
  let n = 0;
  return (length) => {
    n++;
    return Uint8Array.from({ length }, (_, i) => (n * 131 + i * 17 + 3) & 0xff);
  };
}

describe('local network (in process)', () => {
  it('certifies MSD and CSD every epoch after genesis, through a stake change and a late signer, and the client verifies all', async () => {
    const network = createLocalNetwork({ genesisSecretKey: GENESIS_SECRET, pools: POOLS, randomBytes: seeded() });
    const reports: EpochReport[] = [];
    for (let epoch = 1n; epoch <= 7n; epoch++) {
      if (epoch > 1n) network.advanceEpoch();
      await network.settleEpoch(6);
      reports.push(await network.verifyEpoch(epoch));
    }
    for (const report of reports) expect(report.failures).toEqual([]);
    const byEpoch = new Map(reports.map((r) => [r.epoch, r]));
    // Genesis at epoch 2 (the first epoch with registered next signers), standard certificates from epoch 3 on.
    expect(byEpoch.get(2n)?.genesis).toBe(true);
    for (let epoch = 3n; epoch <= 7n; epoch++) {
      const report = byEpoch.get(epoch)!;
      expect(report.certificates).toEqual(
        expect.arrayContaining([`MithrilStakeDistribution-${epoch}`, `CardanoStakeDistribution-${epoch - 1n}`]),
      );
      expect([...report.verifiedArtifacts].sort()).toEqual([`CardanoStakeDistribution-${epoch - 1n}`, `MithrilStakeDistribution-${epoch}`]);
      expect(report.genesisHash).toBe(byEpoch.get(3n)?.genesisHash);
    }
    // Dave joins at 4, registers during 4 for 5, and signs from epoch 6.
    expect(byEpoch.get(5n)?.signers).toEqual(['alice', 'bob', 'carol']);
    expect(byEpoch.get(6n)?.signers).toContain('dave');
    // The chain grows by one master certificate per epoch.
    expect(byEpoch.get(7n)!.chainLength).toBeGreaterThan(byEpoch.get(4n)!.chainLength);
    // Bob's stake change reaches the certificates' signers two epochs after the chain changed (recorded at 5 under 6,
    // registered keys sign at 7).
    const tip = await network.client.listCertificates();
    const latest = tip.find((c) => c.epoch === 7n && c.signedEntityType.type === 'MithrilStakeDistribution')!;
    const full = await network.client.getCertificate(latest.hash);
    const bob = full.metadata.signers.find((s) => s.partyId === network.poolIds.get('bob'));
    expect(bob?.stake).toBe(4_000_000n);
    await network.close();
  });
});
