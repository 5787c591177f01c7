import { readFixtureJson } from '@mithril/testing';
import { createStorage } from 'unstorage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '@mithril/testing';
import { isMithrilError } from '../errors.js';
import { createMithrilClient, type MithrilClient } from './client.js';

const DIR = 'aggregator-fake-2026-05';
const DEVNET_KEY = readFixtureJson<{ devnet_genesis_verification_key: { json_hex: string } }>('genesis-keys.json').devnet_genesis_verification_key
  .json_hex;

interface RawArtifact {
  epoch: number;
  hash: string;
  certificate_hash: string;
}
const msds = readFixtureJson<Record<string, RawArtifact>>(DIR, 'mithril-stake-distributions.json');
const csds = readFixtureJson<Record<string, RawArtifact & { stake_distribution: Record<string, number> }>>(DIR, 'cardano-stake-distributions.json');

let server: FixtureServer;
let client: MithrilClient;
beforeAll(async () => {
  server = await startFixtureServer();
  // One shared cache: each artifact's chain is still fully verified in its tip epoch, and the test stays fast.
  client = createMithrilClient({ aggregatorEndpoint: server.url, genesisVerificationKey: DEVNET_KEY, cache: createStorage() });
});
afterAll(async () => {
  await server.close();
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('Mithril stake distributions', () => {
  it('lists them as served', async () => {
    const list = await client.listMithrilStakeDistributions();
    const expected = readFixtureJson<RawArtifact[]>(DIR, 'mithril-stake-distributions-list.json');
    expect(list.map((i) => [i.hash, i.epoch, i.certificateHash])).toEqual(expected.map((i) => [i.hash, BigInt(i.epoch), i.certificate_hash]));
  });

  it.each(Object.values(msds))('verifies MSD of epoch $epoch against its certificate chain', async (raw) => {
    const { artifact, certificate, chain } = await client.verifyMithrilStakeDistribution({ hash: raw.hash });
    expect(artifact.hash).toBe(raw.hash);
    expect(artifact.epoch).toBe(BigInt(raw.epoch));
    expect(certificate.hash).toBe(raw.certificate_hash);
    expect(chain.validated[0]).toBe(raw.certificate_hash);
  });

  it('rejects an MSD whose signers were changed', async () => {
    const raw = Object.values(msds)[0] as RawArtifact;
    const artifact = await client.getMithrilStakeDistribution(raw.hash);
    const forged = { ...artifact, signers: artifact.signers.slice(1) };
    const error = await rejection(client.verifyMithrilStakeDistribution({ artifact: forged }));
    expect(isMithrilError(error, 'ARTIFACT_MESSAGE_MISMATCH')).toBe(true);
  });
});

describe('Cardano stake distributions', () => {
  it('lists them as served', async () => {
    const list = await client.listCardanoStakeDistributions();
    const expected = readFixtureJson<RawArtifact[]>(DIR, 'cardano-stake-distributions-list.json');
    expect(list.map((i) => i.hash)).toEqual(expected.map((i) => i.hash));
  });

  it.each(Object.values(csds))('verifies CSD of epoch $epoch by hash and by epoch', async (raw) => {
    const byHash = await client.verifyCardanoStakeDistribution({ hash: raw.hash });
    expect(byHash.artifact.hash).toBe(raw.hash);
    expect(byHash.certificate.hash).toBe(raw.certificate_hash);
    expect([...byHash.artifact.stakeDistribution.keys()].sort()).toEqual(Object.keys(raw.stake_distribution).sort());
    const byEpoch = await client.verifyCardanoStakeDistribution({ epoch: BigInt(raw.epoch) });
    expect(byEpoch.artifact.hash).toBe(raw.hash);
  });

  it('keeps stakes exact (bigint) and resolves latest-N', async () => {
    const raw = Object.values(csds)[0] as RawArtifact & { stake_distribution: Record<string, number> };
    const artifact = await client.getCardanoStakeDistribution(raw.hash);
    for (const [pool, stake] of Object.entries(raw.stake_distribution)) {
      expect(artifact.stakeDistribution.get(pool)).toBe(BigInt(stake));
    }
    const status = readFixtureJson<{ epoch: number }>(DIR, 'status.json');
    const latest1 = await client.getCardanoStakeDistributionByEpoch('latest-1');
    expect(latest1.epoch).toBe(BigInt(status.epoch - 1));
    const tooFar = await rejection(client.getCardanoStakeDistributionByEpoch('latest-6'));
    expect(isMithrilError(tooFar, 'CLIENT_HTTP_ERROR')).toBe(true);
    expect((tooFar as { details: { status: number; label: string } }).details).toMatchObject({ status: 400, label: 'invalid_epoch' });
  });

  it('rejects a CSD whose stake was changed, and one bound to another certificate', async () => {
    const raw = Object.values(csds)[0] as RawArtifact;
    const artifact = await client.getCardanoStakeDistribution(raw.hash);
    const [pool, stake] = [...artifact.stakeDistribution][0] as [string, bigint];
    const forged = { ...artifact, stakeDistribution: new Map([...artifact.stakeDistribution, [pool, stake + 1n]]) };
    expect(isMithrilError(await rejection(client.verifyCardanoStakeDistribution({ artifact: forged })), 'ARTIFACT_MESSAGE_MISMATCH')).toBe(true);
    const otherCertificate = (Object.values(msds)[0] as RawArtifact).certificate_hash;
    const rebound = { ...artifact, certificateHash: otherCertificate };
    const error = await rejection(client.verifyCardanoStakeDistribution({ artifact: rebound }));
    expect(isMithrilError(error, 'ARTIFACT_SIGNED_ENTITY_TYPE_MISMATCH')).toBe(true);
  });
});
