import { createAggregator } from '@mithril/aggregator-kit';
import {
  decodeOperationalCertificateJsonHex,
  decodeSum6SignatureJsonHex,
  decodeVerificationKeyPopJsonHex,
  encodeVerificationKeyPopBytes,
  generateSum6Key,
  genesisVerificationKeyFromSecret,
  issueOperationalCertificate,
  operationalCertificatePartyId,
  verifySignerCertification,
} from '@mithril/sdk';
import { call, createTestChain, DEVNET_GENESIS_SEED, steppingClock } from '@mithril/testing/test-network';
import { describe, expect, it } from 'vitest';
import { createSigner, type SignerEvents } from './signer.js';

function pool(seed: number, startKesPeriod: bigint) {
  const kes = generateSum6Key(new Uint8Array(32).fill(seed));
  const operationalCertificate = issueOperationalCertificate({
    kesVerificationKey: kes.verificationKey,
    issueNumber: 1n,
    startKesPeriod,
    coldSecretKey: new Uint8Array(32).fill(seed + 50),
  });
  return { kesSecretKey: kes.secretKey, operationalCertificate, partyId: operationalCertificatePartyId(operationalCertificate) };
}

describe('a certified signer registers with its KES signature and opcert', () => {
  it('is accepted by an aggregator that requires certification, and a KES key of another opcert is refused', async () => {
    const kesPeriod = 42;
    const pools = [pool(1, 40n), pool(2, 30n), pool(3, 42n)];
    const chain = Object.assign(createTestChain(10n, new Map(pools.map((p, i) => [p.partyId, BigInt(i + 1) * 1_000_000n]))), {
      getCurrentKesPeriod: async () => kesPeriod,
    });
    const aggregator = createAggregator({
      chain,
      network: 'preview',
      protocolParameters: { k: 5n, m: 50n, phiF: 0.65 },
      genesis: { verificationKey: genesisVerificationKeyFromSecret(DEVNET_GENESIS_SEED), signingKey: DEVNET_GENESIS_SEED },
      clock: steppingClock(),
    });
    const sent: unknown[] = [];
    const errors: SignerEvents['error'][] = [];
    const mismatched = { ...pools[2]!, kesSecretKey: pool(9, 42n).kesSecretKey };
    const signers = [pools[0]!, pools[1]!, mismatched].map((p, i) =>
      createSigner({
        partyId: p.partyId,
        chainObserver: chain,
        certification: { kesSecretKey: p.kesSecretKey, operationalCertificate: p.operationalCertificate },
        randomBytes: (n) => new Uint8Array(n).fill(i + 7),
        fetch: async (request) => {
          if (request.url.endsWith('/register-signer')) sent.push(await request.clone().json());
          return aggregator.fetch(request);
        },
      }),
    );
    signers[2]!.events.on('error', (e) => errors.push(e));
    await aggregator.runner.tick();
    for (const s of signers) await s.tick();

    const bodies = sent as {
      party_id: string;
      verification_key: string;
      verification_key_signature: string;
      operational_certificate: string;
      kes_period: number;
    }[];
    expect(bodies.map((b) => b.kes_period)).toEqual([2, 12, 0]);
    for (const [i, b] of bodies.entries()) {
      const key = decodeVerificationKeyPopJsonHex(b.verification_key, 'vk', { mode: 'lenient' });
      const check = () =>
        verifySignerCertification({
          operationalCertificate: decodeOperationalCertificateJsonHex(b.operational_certificate),
          verificationKeySignature: decodeSum6SignatureJsonHex(b.verification_key_signature),
          message: encodeVerificationKeyPopBytes(key),
          kesEvolutions: BigInt(b.kes_period),
        });
      if (i < 2) expect(check()).toBe(b.party_id);
      else expect(check).toThrow(expect.objectContaining({ code: 'KES_SIGNATURE_INVALID' }));
    }
    const registered = (await (await call(aggregator, 'GET', '/signers/registered/10')).json()) as { registrations: { party_id: string }[] };
    expect(registered.registrations.map((r) => r.party_id).sort()).toEqual([pools[0]!.partyId, pools[1]!.partyId].sort());
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ phase: 'register', error: { details: { status: 400, label: 'failed_signer_registration' } } });
  });

  it('refuses a party id that is not the opcert pool id', () => {
    const p = pool(4, 0n);
    const chain = createTestChain(10n, new Map());
    expect(() => createSigner({ partyId: 'pool1other', chainObserver: chain, certification: p, fetch: async () => new Response(null) })).toThrow(
      expect.objectContaining({ code: 'SIGNER_INVALID_CONFIGURATION', field: 'partyId' }),
    );
  });
});
