import {
  encodeOperationalCertificateJsonHex,
  encodeSum6SignatureJsonHex,
  encodeVerificationKeyPopBytes,
  generateSum6Key,
  genesisVerificationKeyFromSecret,
  issueOperationalCertificate,
  operationalCertificatePartyId,
  signWithOperationalCertificate,
  type OperationalCertificate,
  type Sum6SecretKey,
} from '@mithril/sdk';
import { call, createTestChain, DEVNET_GENESIS_SEED, steppingClock, TestSigner } from '@mithril/testing/test-network';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAggregator, type Aggregator } from './index.js';

/** A pool: cold key, KES key and opcert starting at KES period 100. */
function pool(seed: number) {
  const kes = generateSum6Key(new Uint8Array(32).fill(seed));
  const cert = issueOperationalCertificate({
    kesVerificationKey: kes.verificationKey,
    issueNumber: 3n,
    startKesPeriod: 100n,
    coldSecretKey: new Uint8Array(32).fill(seed + 100),
  });
  return { kes: kes.secretKey, cert, signer: new TestSigner(operationalCertificatePartyId(cert), seed) };
}

type Pool = ReturnType<typeof pool>;

function body(p: Pool, epoch: bigint, kesPeriod: bigint, over: { cert?: OperationalCertificate; kes?: Sum6SecretKey } = {}) {
  const vk = p.signer.keyFor(epoch).verificationKey;
  const { signature, kesEvolutions } = signWithOperationalCertificate(
    over.kes ?? p.kes,
    over.cert ?? p.cert,
    kesPeriod,
    encodeVerificationKeyPopBytes(vk),
  );
  return {
    ...p.signer.registration(epoch),
    verification_key_signature: encodeSum6SignatureJsonHex(signature),
    operational_certificate: encodeOperationalCertificateJsonHex(p.cert),
    kes_period: kesEvolutions,
  };
}

async function refusal(aggregator: Aggregator, payload: unknown): Promise<{ status: number; label: unknown }> {
  const response = await call(aggregator, 'POST', '/register-signer', payload);
  const text = await response.text();
  return { status: response.status, label: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>)['label'] };
}

describe('POST /register-signer checks the opcert and KES signature off devnets (reference statuses and labels)', () => {
  const pools = [pool(1), pool(2), pool(3)];
  const [alpha, beta, gamma] = pools as [Pool, Pool, Pool];
  let kesPeriod = 107n;
  let aggregator: Aggregator;
  const FAILED = { status: 400, label: 'failed_signer_registration' };

  beforeAll(async () => {
    const stakes = new Map(pools.map((p, i) => [p.signer.partyId, BigInt(i + 1) * 1_000_000n]));
    const chain = Object.assign(createTestChain(10n, stakes), { getCurrentKesPeriod: async () => Number(kesPeriod) });
    aggregator = createAggregator({
      chain,
      network: 'preview',
      protocolParameters: { k: 5n, m: 50n, phiF: 0.65 },
      genesis: { verificationKey: genesisVerificationKeyFromSecret(DEVNET_GENESIS_SEED), signingKey: DEVNET_GENESIS_SEED },
      clock: steppingClock(),
    });
    await aggregator.runner.tick();
  });

  it('accepts a certified registration, with a KES signature one period off, under the opcert party id', async () => {
    const declaredElsewhere = { ...body(alpha, 11n, kesPeriod), party_id: 'pool1whatever', kes_period: 0 };
    expect(await refusal(aggregator, declaredElsewhere)).toEqual({ status: 201, label: undefined });
    expect(await refusal(aggregator, body(beta, 11n, kesPeriod - 1n))).toEqual({ status: 201, label: undefined });
    const registered = await call(aggregator, 'GET', '/signers/registered/10');
    const parties = ((await registered.json()) as { registrations: { party_id: string }[] }).registrations.map((r) => r.party_id);
    expect(parties.sort()).toEqual([alpha.signer.partyId, beta.signer.partyId].sort());
  });

  it('refuses a bad opcert, a wrong KES period and a forged KES signature with 400 failed_signer_registration', async () => {
    const good = body(gamma, 11n, kesPeriod);
    const badCert = { ...gamma.cert, issueNumber: 4n };
    expect(await refusal(aggregator, { ...good, operational_certificate: encodeOperationalCertificateJsonHex(badCert) })).toEqual(FAILED);
    expect(await refusal(aggregator, body(gamma, 11n, kesPeriod + 2n))).toEqual(FAILED);
    expect(await refusal(aggregator, body(gamma, 11n, kesPeriod - 2n))).toEqual(FAILED);
    const forged = body(gamma, 11n, kesPeriod, { kes: pool(9).kes });
    expect(await refusal(aggregator, forged)).toEqual(FAILED);
    expect(await refusal(aggregator, { ...good, verification_key_signature: body(beta, 11n, kesPeriod).verification_key_signature })).toEqual(FAILED);
    const { verification_key_signature: _s, operational_certificate: _c, ...bare } = good;
    expect(await refusal(aggregator, bare)).toEqual(FAILED);
    expect(await refusal(aggregator, { ...good, verification_key_signature: undefined })).toEqual(FAILED);
    expect(await refusal(aggregator, { ...good, operational_certificate: '5b5d' })).toEqual({
      status: 400,
      label: 'Could not decode signer payload',
    });
  });

  it('follows the chain KES period: the same signature is refused once the chain moves two periods on', async () => {
    const good = body(gamma, 11n, kesPeriod);
    kesPeriod += 2n;
    expect(await refusal(aggregator, good)).toEqual(FAILED);
    kesPeriod -= 2n;
    expect(await refusal(aggregator, good)).toEqual({ status: 201, label: undefined });
  });
});
