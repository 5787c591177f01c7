import { describe, expect, it } from 'vitest';
import { createAggregator } from '@mithril/aggregator-kit';
import { genesisVerificationKeyFromSecret } from '@mithril/sdk';
import { createTestChain, DEVNET_GENESIS_SEED, steppingClock } from '@mithril/testing/test-network';
import { devnetPoolId } from '@mithril/sdk/devnet';
import { createJsonLineLogger, createSignerMetrics, watchCertification, type CertificationStall } from './observability.js';
import { createSigner } from './signer.js';

/** Strict Prometheus text: HELP and TYPE before each sample, `name value` lines only. */
function parse(text: string): Map<string, { type: string; value: number }> {
  const out = new Map<string, { type: string; value: number }>();
  let type = '';
  for (const line of text.trimEnd().split('\n')) {
    const typed = /^# TYPE ([a-z_]+) (counter|gauge)$/.exec(line);
    if (typed !== null) type = typed[2]!;
    if (line.startsWith('# ')) continue;
    const sample = /^([a-z_]+) (\d+)$/.exec(line);
    if (sample === null) throw new Error(`not Prometheus text: ${line}`);
    out.set(sample[1]!, { type, value: Number(sample[2]) });
  }
  return out;
}

describe('signer observability', () => {
  it('counts registrations, signatures and cycles under the reference names, and warns when nothing gets certified', async () => {
    const pool = devnetPoolId('observability-test');
    const chain = createTestChain(12n, new Map([[pool, 5_000_000_000n]]));
    // No genesis signing key: the aggregator stays Blocked(NoGenesis), follows epochs and buffers every signature.
    const aggregator = createAggregator({
      chain,
      protocolParameters: { k: 5n, m: 50n, phiF: 0.65 },
      genesis: { verificationKey: genesisVerificationKeyFromSecret(DEVNET_GENESIS_SEED) },
      clock: steppingClock(),
    });
    const signer = createSigner({
      partyId: pool,
      chainObserver: chain,
      fetch: (r) => aggregator.fetch(r),
      randomBytes: (n) => new Uint8Array(n).fill(7),
    });
    const metrics = createSignerMetrics(signer);
    const stalls: CertificationStall[] = [];
    watchCertification(signer, { epochs: 3, onStall: (s) => stalls.push(s) });
    let registered = 0;
    let published = 0;
    const statuses: number[] = [];
    signer.events.on('registered', () => registered++);
    signer.events.on('signature-published', (e) => {
      published++;
      statuses.push(e.status);
    });
    for (let i = 0; i < 7; i++) {
      await aggregator.runner.tick();
      await signer.tick();
      chain.advance();
    }
    expect(aggregator.runner.blockedReason).toBe('NoGenesis');
    expect(new Set(statuses)).toEqual(new Set([202]));

    const values = parse(metrics.text());
    const value = (name: string) => values.get(`mithril_signer_${name}`)?.value;
    expect(registered).toBe(7);
    expect(value('signer_registration_success_since_startup')).toBe(7);
    expect(value('signer_registration_total_since_startup')).toBe(7);
    expect(value('signer_registration_success_last_epoch')).toBe(19); // registered at epoch 18 for 19
    expect(published).toBeGreaterThan(0);
    expect(value('signature_registration_success_since_startup')).toBe(published);
    expect(value('signature_registration_total_since_startup')).toBe(published);
    expect(value('runtime_cycle_total_since_startup')).toBe(7);
    expect(value('runtime_cycle_success_since_startup')).toBe(7);
    expect(values.get('mithril_signer_signer_registration_success_last_epoch')?.type).toBe('gauge');
    expect(values.get('mithril_signer_runtime_cycle_total_since_startup')?.type).toBe('counter');
    expect(values.size).toBe(8);

    // Told once, naming the epochs, although every publication kept answering 202.
    expect(stalls).toHaveLength(1);
    expect(stalls[0]!.epochs).toHaveLength(3);
    expect(stalls[0]!.message).toMatch(/only buffered by the aggregator \(HTTP 202\)/);
    metrics.close();
  }, 60_000);

  it('writes JSON lines with RFC 3339 times', () => {
    const lines: string[] = [];
    createJsonLineLogger(
      'mithril-signer',
      (l) => lines.push(l),
      () => Date.UTC(2026, 0, 2, 3, 4, 5, 6),
    ).info({ epoch: 3n }, 'Starting');
    expect(JSON.parse(lines[0]!)).toEqual({ level: 30, time: '2026-01-02T03:04:05.006Z', name: 'mithril-signer', epoch: '3', msg: 'Starting' });
  });
});
