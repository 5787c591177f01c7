import {
  closeRegistration,
  createSingleSignature,
  decodeVerificationKeyPopJsonHex,
  encodeSingleSignatureJsonHex,
  findSignerIndex,
  isMithrilError,
  sha256,
  bytesToHex,
} from '@mithril/sdk';
import { describe, expect, it } from 'vitest';
import { call, certifiedNetwork, type TestNetwork, type TestSigner } from '@mithril/testing/test-network';
import { MAX_BUFFERED_PER_SIGNER } from './register-signature.js';
import { AggregatorStore } from '../store.js';
import { createStorage } from 'unstorage';

type WireSigner = { party_id: string; verification_key: string };

/**
 * An authentic signature of `signer` over any message, for a beacon of our choosing: what one registered key can
 * send at will (the authentication checks the key, not which message it signs).
 */
async function authenticBody(net: TestNetwork, signer: TestSigner, beacon: number, message: string): Promise<Record<string, unknown> | undefined> {
  const settings = (await (await call(net.aggregator, 'GET', '/epoch-settings')).json()) as { epoch: number; current_signers: WireSigner[] };
  const epoch = BigInt(settings.epoch);
  const stakes = net.chain.stakesDuring(epoch - 2n);
  const closed = closeRegistration(
    settings.current_signers.map((s) => ({
      vk: decodeVerificationKeyPopJsonHex(s.verification_key, 'verification_key', { mode: 'lenient' }).vk,
      stake: stakes.get(s.party_id)!,
    })),
  );
  const key = signer.keyFor(epoch - 1n);
  const signerIndex = findSignerIndex(closed, key.verificationKey.vk, stakes.get(signer.partyId))!;
  const signedMessage = bytesToHex(sha256(new TextEncoder().encode(message)));
  try {
    const signature = createSingleSignature({
      parameters: { k: 5n, m: 50n, phiF: 0.65 },
      signingKey: key.signingKey,
      closedRegistration: closed,
      signerIndex,
      message: new TextEncoder().encode(signedMessage),
    });
    return {
      entity_type: { MithrilStakeDistribution: beacon },
      party_id: signer.partyId,
      signature: encodeSingleSignatureJsonHex(signature),
      indexes: [...signature.indexes],
      signed_message: signedMessage,
    };
  } catch (error) {
    if (isMithrilError(error, 'STM_LOTTERY_LOST')) return undefined;
    throw error;
  }
}

/** Authentic bodies for a beacon, each over another message, until `count` won a lottery. */
async function bodies(net: TestNetwork, signer: TestSigner, beacon: number, count: number): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; out.length < count && i < count * 10; i++) {
    const body = await authenticBody(net, signer, beacon, `message ${beacon} ${i}`);
    if (body !== undefined) out.push(body);
  }
  return out;
}

describe('the buffer of early signatures', () => {
  it('refuses beacons far ahead and past ones, and keeps at most a few per signer', async () => {
    const storage = createStorage();
    const net = await certifiedNetwork({ storage });
    const store = new AggregatorStore(storage, 'mithril-aggregator');
    const signer = net.signers[2]!; // the largest stake: it wins lotteries for almost any message
    // Epoch 12: MSD(13) has no open message yet and may be buffered; MSD(70) (58 epochs ahead) may not.
    const [far] = await bodies(net, signer, 70, 1);
    const refused = await call(net.aggregator, 'POST', '/register-signatures', far);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('too far ahead');
    const [past] = await bodies(net, signer, 11, 1);
    expect((await call(net.aggregator, 'POST', '/register-signatures', past)).status).toBe(410);

    const early = await bodies(net, signer, 13, MAX_BUFFERED_PER_SIGNER + 3);
    const statuses: number[] = [];
    for (const body of early) statuses.push((await call(net.aggregator, 'POST', '/register-signatures', body)).status);
    expect(statuses).toEqual([...Array(MAX_BUFFERED_PER_SIGNER).fill(202), 400, 400, 400]);
    // A replay of a buffered signature changes nothing and is still answered 202.
    expect((await call(net.aggregator, 'POST', '/register-signatures', early[0])).status).toBe(202);
    expect(await store.countBuffered('MithrilStakeDistribution', signer.partyId)).toBe(MAX_BUFFERED_PER_SIGNER);
    expect(await store.countBuffered('MithrilStakeDistribution')).toBe(MAX_BUFFERED_PER_SIGNER);
  });

  it('expires: once the beacon has opened, its buffered signatures are gone and the signer may buffer again', async () => {
    const storage = createStorage();
    const net = await certifiedNetwork({ storage });
    const store = new AggregatorStore(storage, 'mithril-aggregator');
    const signer = net.signers[2]!;
    for (const body of await bodies(net, signer, 13, MAX_BUFFERED_PER_SIGNER)) {
      expect((await call(net.aggregator, 'POST', '/register-signatures', body)).status).toBe(202);
    }
    expect(await store.countBuffered('MithrilStakeDistribution', signer.partyId)).toBe(MAX_BUFFERED_PER_SIGNER);
    await net.registerAll();
    net.chain.advance();
    await net.aggregator.runner.tick(); // epoch 13: MSD(13) opens and replays (then drops) the buffer of its beacon
    expect(await store.countBuffered('MithrilStakeDistribution')).toBe(0);
    const [next] = await bodies(net, signer, 14, 1);
    expect((await call(net.aggregator, 'POST', '/register-signatures', next)).status).toBe(202);
  });
});
