import { createAggregator, type Aggregator } from '@mithril/aggregator-kit';
import { describe, expect, it } from 'vitest';
import { createDevnetChain, devnetPoolId, type DevnetChain } from '@mithril/sdk/devnet';
import { genesisVerificationKeyFromSecret } from '@mithril/sdk';
import { createHttpAggregatorClient, createSigner, type Signer, type SignerEvents } from '../src/index.js';

const GENESIS_SECRET = '22'.repeat(32);
const pools = ['x', 'y', 'z'].map((name) => devnetPoolId(`signer-aggregator-${name}`));

interface Setup {
  chain: DevnetChain;
  aggregator: Aggregator;
  signers: Signer[];
  seen: { party: string; name: keyof SignerEvents; data: unknown }[];
  /** Bodies of the signatures posted by the signers. */
  posted: string[];
}

function setup(): Setup {
  const chain = createDevnetChain({ stakes: new Map([[0n, new Map(pools.map((p, i) => [p, BigInt(1000 * (i + 1))]))]]) });
  const aggregator = createAggregator({
    chain,
    protocolParameters: { k: 5n, m: 50n, phiF: 0.65 },
    genesis: { verificationKey: genesisVerificationKeyFromSecret(GENESIS_SECRET), signingKey: GENESIS_SECRET },
  });
  const seen: Setup['seen'] = [];
  const posted: string[] = [];
  const signers = pools.map((partyId, i) => {
    const signer = createSigner({
      partyId,
      chainObserver: chain,
      fetch: async (request) => {
        if (request.url.endsWith('/register-signatures')) posted.push(await request.clone().text());
        return aggregator.fetch(request);
      },
      randomBytes: (n) => new Uint8Array(n).fill(i + 1),
      publishRetry: { attempts: 2, delayMs: 1 },
    });
    signer.events.on('*', (name, data) => seen.push({ party: partyId, name, data }));
    return signer;
  });
  return { chain, aggregator, signers, seen, posted };
}

async function round(s: Setup): Promise<void> {
  await s.aggregator.runner.tick();
  for (const signer of s.signers) await signer.tick();
  await s.aggregator.runner.tick();
}

describe('signer against the aggregator kit (in-process fetch handler)', () => {
  it('waits while the aggregator has no epoch, then registers for epoch + 1 and signs what the aggregator certifies', async () => {
    const s = setup();
    // The runner has not ticked: no epoch settings yet, the signer reports it and stays unregistered.
    await s.signers[0]!.tick();
    expect(s.signers[0]!.state).toEqual({ name: 'unregistered', epoch: 1n });
    expect(s.seen.some((e) => e.name === 'error')).toBe(true);

    await round(s);
    const registered = s.seen.filter((e) => e.name === 'registered').map((e) => (e.data as { epoch: bigint }).epoch);
    expect(registered).toEqual([2n, 2n, 2n]);
    const settings = await createHttpAggregatorClient({
      aggregatorEndpoint: 'http://in.process/aggregator',
      fetch: (request) => s.aggregator.fetch(request),
    }).getEpochSettings();
    expect(settings.epoch).toBe(1n);

    for (let epoch = 2n; epoch <= 3n; epoch++) {
      s.chain.advance();
      await round(s);
    }
    expect(s.signers.map((signer) => signer.state)).toEqual(pools.map(() => ({ name: 'ready-to-sign', epoch: 3n })));
    const published = s.seen.filter((e) => e.name === 'signature-published').map((e) => e.data as SignerEvents['signature-published']);
    const types = new Set(published.map((p) => `${p.signedEntityType.type}-${p.signedEntityType.epoch}`));
    expect(types).toEqual(new Set(['MithrilStakeDistribution-3', 'CardanoStakeDistribution-2']));
    for (const p of published) expect([201, 202, 410]).toContain(p.status);
    expect(s.seen.filter((e) => e.name === 'error' || e.name === 'signature-rejected').length).toBe(1);

    // Replaying a signature once its message is certified: 410, which a signer counts as success (trap 47).
    const msd = s.posted.find((body) => body.includes('"MithrilStakeDistribution":3'))!;
    const replay = await s.aggregator.fetch(
      new Request('http://in.process/aggregator/register-signatures', { method: 'POST', body: msd, headers: { 'content-type': 'application/json' } }),
    );
    expect(replay.status).toBe(410);
  });
});
