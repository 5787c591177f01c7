import { readFileSync } from 'node:fs';
import { createAggregator } from '@mithril/aggregator-kit';
import { createAggregatorMetrics } from '@mithril/aggregator-kit/node';
import { createSigner, createSignerMetrics } from '@mithril/signer-kit';
import { genesisVerificationKeyFromSecret } from '@mithril/sdk';
import { createDevnetChain, devnetPoolId } from '@mithril/sdk/devnet';
import { describe, expect, it } from 'vitest';

interface Panel {
  readonly type: string;
  readonly targets?: readonly { readonly expr: string }[];
}

/** PromQL words that are not metric names. */
const PROMQL = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset']);

/** The metric names a PromQL expression reads: identifiers that are not functions, keywords, labels or ranges. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/\{[^}]*\}/g, '') // label matchers
    .replace(/\[[^\]]*\]/g, '') // ranges
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, ''); // grouping labels
  return [...bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)]
    .filter((m) => !/^\s*\(/.test(bare.slice(m.index + m[0].length))) // a function call
    .map((m) => m[0])
    .filter((name) => !PROMQL.has(name));
}

describe('the example Grafana dashboard', () => {
  it('queries only metrics the aggregator and signer kits export', async () => {
    const dashboard = JSON.parse(readFileSync(new URL('./grafana-dashboard.json', import.meta.url), 'utf8')) as { panels: Panel[] };
    const chain = createDevnetChain({ stakes: new Map([[0n, new Map([[devnetPoolId('dashboard'), 1000n]])]]) });
    const aggregator = createAggregator({
      chain,
      protocolParameters: { k: 5n, m: 50n, phiF: 0.65 },
      genesis: { verificationKey: genesisVerificationKeyFromSecret('11'.repeat(32)) },
    });
    const aggregatorMetrics = createAggregatorMetrics(aggregator);
    const signerMetrics = createSignerMetrics(createSigner({ partyId: devnetPoolId('dashboard'), chainObserver: chain, fetch: aggregator.fetch }));
    const exported = new Set([...(await aggregatorMetrics.registry.getMetricsAsJSON()).map((m) => m.name), ...signerMetrics.values().keys()]);
    const queried = dashboard.panels.flatMap((p) => (p.targets ?? []).flatMap((t) => metricNames(t.expr)));
    expect(queried.length).toBeGreaterThan(20);
    expect(queried.filter((name) => !exported.has(name))).toEqual([]);
    // Every panel of the reference names' families shows up: the aggregator's and the signer's.
    expect(queried.some((n) => n.startsWith('mithril_aggregator_'))).toBe(true);
    expect(queried.some((n) => n.startsWith('mithril_signer_'))).toBe(true);
    expect(queried).toContain('certificate_detail_total_served_since_startup');
  });

  it('is caught when it queries a name nobody exports', () => {
    expect(metricNames('increase(mithril_aggregator_certificates_made{job="x"}[5m]) - max by (reason) (up)')).toEqual([
      'mithril_aggregator_certificates_made',
      'up',
    ]);
  });
});
