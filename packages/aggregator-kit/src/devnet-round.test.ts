import { closeRegistration } from '@mithril/sdk';
import { describe, expect, it } from 'vitest';
import {
  computeCardanoStakeDistributionMerkleRoot,
  decodeVerificationKeyPopJsonHex,
  encodeAvkJsonHex,
  parseCertificate,
  parseGenesisVerificationKey,
  walkCertificateChain,
} from './sdk.js';
import { loadOpenApi } from '@mithril/testing';
import { call, certifiedNetwork, losslessJson, TestSigner } from '@mithril/testing/test-network';

interface WireCert {
  hash: string;
  epoch: number;
  signed_entity_type: Record<string, number>;
  metadata: { signers: { party_id: string }[] };
  protocol_message: { message_parts: Record<string, string> };
}

describe('several epochs with a stake change and a late signer', () => {
  it('certifies MSD and CSD every epoch; every chain and artifact verifies', async () => {
    const net = await certifiedNetwork();
    const { aggregator, chain } = net;
    const delta = new TestSigner('pool1delta', 4);
    const openapi = loadOpenApi();
    for (let epoch = 13n; epoch <= 15n; epoch++) {
      await net.registerAll();
      if (epoch >= 14n) expect((await call(aggregator, 'POST', '/register-signer', delta.registration(epoch))).status).toBe(201);
      if (epoch === 13n) chain.stakes.set('pool1delta', 8_000_000_000_000_000n); // joins the stake distribution during 12
      chain.advance();
      if (epoch === 14n) chain.stakes.set('pool1beta', 4_000_000_000n); // a stake change from epoch 14 on
      expect(await aggregator.runner.tick()).toBe('signing');
      const all = [...net.signers, delta];
      await net.signAll({ type: 'MithrilStakeDistribution', epoch }, all);
      await net.signAll({ type: 'CardanoStakeDistribution', epoch: epoch - 1n }, all);
      expect(await aggregator.runner.tick()).toBe('ready');
    }
    const list = (await (await call(aggregator, 'GET', '/certificates')).json()) as { hash: string }[];
    expect(list).toHaveLength(9); // genesis + 4 epochs × (MSD + CSD)
    const genesisKey = parseGenesisVerificationKey(aggregator.config.genesisVerificationKey);
    const fetchCertificate = async (hash: string): Promise<WireCert> => {
      const response = await call(aggregator, 'GET', `/certificate/${hash}`);
      const text = await response.text();
      expect(openapi.validateResponse('get', `/certificate/${hash}`, 200, JSON.parse(text))).toBeUndefined();
      return JSON.parse(text) as WireCert;
    };
    const getCertificate = async (hash: string) => parseCertificate(await (await call(aggregator, 'GET', `/certificate/${hash}`)).text());
    for (const { hash } of list) await walkCertificateChain(hash, { getCertificate, genesisKey });

    const latestMsd = await fetchCertificate(list[1]!.hash);
    expect(latestMsd.signed_entity_type).toEqual({ MithrilStakeDistribution: 15 });
    expect(latestMsd.metadata.signers.map((s) => s.party_id)).toContain('pool1delta'); // signs from its third epoch

    // Artifacts bind to their certificates through the protocol message (certificates.md §9.1, §9.2).
    const msds = (await (await call(aggregator, 'GET', '/artifact/mithril-stake-distributions')).json()) as { hash: string }[];
    expect(msds).toHaveLength(4);
    for (const item of msds) {
      const msd = await losslessJson<{ certificate_hash: string; signers: { verification_key: string; stake: number | bigint }[] }>(
        await call(aggregator, 'GET', `/artifact/mithril-stake-distribution/${item.hash}`),
      );
      const certificate = await fetchCertificate(msd.certificate_hash);
      const avk = closeRegistration(
        msd.signers.map((s) => ({ vk: decodeVerificationKeyPopJsonHex(s.verification_key, 'vk', { mode: 'lenient' }).vk, stake: BigInt(s.stake) })),
      ).avk;
      expect(encodeAvkJsonHex(avk)).toBe(certificate.protocol_message.message_parts['next_aggregate_verification_key']);
    }
    const csds = (await (await call(aggregator, 'GET', '/artifact/cardano-stake-distributions')).json()) as { hash: string }[];
    expect(csds).toHaveLength(4);
    for (const item of csds) {
      const csd = await losslessJson<{ epoch: number; certificate_hash: string; stake_distribution: Record<string, number | bigint> }>(
        await call(aggregator, 'GET', `/artifact/cardano-stake-distribution/${item.hash}`),
      );
      const certificate = await fetchCertificate(csd.certificate_hash);
      const stakes = new Map(Object.entries(csd.stake_distribution).map(([p, s]) => [p, BigInt(s)]));
      expect(computeCardanoStakeDistributionMerkleRoot(stakes)).toBe(
        certificate.protocol_message.message_parts['cardano_stake_distribution_merkle_root'],
      );
      expect(certificate.protocol_message.message_parts['cardano_stake_distribution_epoch']).toBe(String(csd.epoch));
    }
  }, 120_000);
});
