/**
 * Prometheus metrics of an aggregator, with the reference's names (nodes.md §8), through prom-client: counters fed
 * by the aggregator's events and by the requests its fetch handler answers, plus two gauges of this kit (the runner
 * state and its blocked reason) so that a stuck runner shows on a dashboard. Served as Prometheus text at `/metrics`.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import type { Aggregator } from '../aggregator.js';

/** Options of {@link createAggregatorMetrics}. */
export interface AggregatorMetricsOptions {
  /** Registry to register the metrics in (default: a new one, so that several aggregators can live in one process). */
  readonly registry?: Registry | undefined;
}

/**
 * The metrics of one aggregator.
 *
 * @example
 * const metrics = createAggregatorMetrics(aggregator);
 * serve({ fetch: (request) => metrics.fetch(request), port: 8080 }); // the routes, plus GET /metrics
 */
export interface AggregatorMetrics {
  /** The registry holding them. */
  readonly registry: Registry;
  /** The aggregator's fetch handler, counting what it serves and answering `GET /metrics` (outside the base path). */
  fetch(request: Request): Promise<Response>;
  /** The Prometheus text. */
  text(): Promise<string>;
  /** Stops listening to the aggregator's events. */
  close(): void;
}

const PREFIX = 'mithril_aggregator_';
const RUNNER_STATES = ['idle', 'ready', 'signing', 'blocked'] as const;
const BLOCKED_REASONS = ['NoGenesis', 'GenesisEpoch', 'EpochGap'] as const;

/** Artifact kind → the name part of the produced/served counters. */
const ARTIFACT_NAMES: Readonly<Record<string, string>> = {
  msd: 'mithril_stake_distribution',
  csd: 'cardano_stake_distribution',
  'cardano-database': 'cardano_database',
  'cardano-transaction': 'cardano_transaction',
  'cardano-blocks-transactions': 'cardano_blocks_transactions',
};

/** Route of an artifact detail → the name part of its served counter. */
const DETAIL_ROUTES: readonly (readonly [RegExp, string])[] = [
  [/\/artifact\/mithril-stake-distribution\/[^/]+$/, 'mithril_stake_distribution'],
  [/\/artifact\/cardano-stake-distribution\/[^/]+$/, 'cardano_stake_distribution'],
  [/\/artifact\/cardano-database\/[^/]+$/, 'cardano_database'],
  [/\/artifact\/cardano-transaction\/[^/]+$/, 'cardano_transaction'],
  [/\/artifact\/cardano-blocks-transactions\/[^/]+$/, 'cardano_blocks_transactions'],
];

function counter(registry: Registry, name: string, help: string, labelNames: readonly string[] = []): Counter {
  return new Counter({ name, help, labelNames: [...labelNames], registers: [registry] });
}

/**
 * Creates the metrics of an aggregator and starts counting.
 *
 * @param aggregator - the aggregator
 * @param options - the registry to use
 * @returns the metrics, with a fetch handler that serves `/metrics` beside the aggregator's routes
 * @example
 * import { createAggregatorMetrics } from '@mithril/aggregator-kit/node';
 * const metrics = createAggregatorMetrics(aggregator);
 * serve({ fetch: metrics.fetch, port: 8080 }); // GET /metrics → Prometheus text
 */
export function createAggregatorMetrics(aggregator: Aggregator, options: AggregatorMetricsOptions = {}): AggregatorMetrics {
  const registry = options.registry ?? new Registry();
  const labels = ['origin_tag', 'client_type'] as const;
  const cycleTotal = counter(registry, `${PREFIX}runtime_cycle_total_since_startup`, 'Runtime cycles run');
  const cycleSuccess = counter(registry, `${PREFIX}runtime_cycle_success_since_startup`, 'Runtime cycles that succeeded');
  const certificates = counter(registry, `${PREFIX}certificate_total_produced_since_startup`, 'Certificates produced');
  const produced = new Map<string, Counter>();
  const served = new Map<string, Counter>();
  for (const name of Object.values(ARTIFACT_NAMES)) {
    produced.set(name, counter(registry, `${PREFIX}artifact_${name}_total_produced_since_startup`, `Artifacts ${name} produced`));
    served.set(name, counter(registry, `${PREFIX}artifact_detail_${name}_total_served_since_startup`, `Artifact ${name} details served`, labels));
  }
  // The reference lost the prefix of this one (nodes.md §8, trap 54).
  const certificateServed = counter(registry, 'certificate_detail_total_served_since_startup', 'Certificate details served', labels);
  const signerReceived = counter(registry, `${PREFIX}signer_registration_total_received_since_startup`, 'Signer registrations received', labels);
  const signerSuccess = counter(registry, `${PREFIX}signer_registration_total_successful_since_startup`, 'Signer registrations accepted', labels);
  const signatureReceived = counter(registry, `${PREFIX}signature_registration_total_received_since_startup`, 'Signatures received', labels);
  const signatureSuccess = counter(registry, `${PREFIX}signature_registration_total_successful_since_startup`, 'Signatures accepted', labels);
  const state = new Gauge({
    name: `${PREFIX}runner_state`,
    help: 'Runner state (1 for the current one; not in the reference)',
    labelNames: ['state'],
    registers: [registry],
  });
  const blocked = new Gauge({
    name: `${PREFIX}runner_blocked`,
    help: 'Whether the runner is blocked, by reason (not in the reference)',
    labelNames: ['reason'],
    registers: [registry],
  });
  const showState = (current: string, reason?: string): void => {
    for (const s of RUNNER_STATES) state.set({ state: s }, s === current ? 1 : 0);
    for (const r of BLOCKED_REASONS) blocked.set({ reason: r }, r === reason ? 1 : 0);
  };
  showState(aggregator.runner.state);

  const onCycle = (e: { ok: boolean }): void => {
    cycleTotal.inc();
    if (e.ok) cycleSuccess.inc();
    showState(aggregator.runner.state, aggregator.runner.blockedReason);
  };
  const onCertificate = (): void => certificates.inc();
  const onArtifact = (e: { kind: string }): void => {
    const name = ARTIFACT_NAMES[e.kind];
    if (name !== undefined) produced.get(name)?.inc();
  };
  const onState = (): void => showState(aggregator.runner.state, aggregator.runner.blockedReason);
  aggregator.events.on('cycle', onCycle);
  aggregator.events.on('certificate', onCertificate);
  aggregator.events.on('artifact', onArtifact);
  aggregator.events.on('state', onState);

  const text = (): Promise<string> => registry.metrics();
  return {
    registry,
    text,
    async fetch(request) {
      const { pathname } = new URL(request.url);
      if (request.method === 'GET' && pathname === '/metrics') {
        return new Response(await text(), { status: 200, headers: { 'content-type': registry.contentType } });
      }
      const response = await aggregator.fetch(request);
      const tags = {
        origin_tag: request.headers.get('origin-tag') ?? '',
        client_type: request.headers.get('client-type') ?? '',
      };
      const ok = response.status < 300;
      if (request.method === 'POST' && pathname.endsWith('/register-signer')) {
        signerReceived.inc(tags);
        if (ok) signerSuccess.inc(tags);
      } else if (request.method === 'POST' && pathname.endsWith('/register-signatures')) {
        signatureReceived.inc(tags);
        if (ok) signatureSuccess.inc(tags);
      } else if (request.method === 'GET' && response.status === 200) {
        if (/\/certificate\/[^/]+$/.test(pathname) && !pathname.endsWith('/genesis')) certificateServed.inc(tags);
        for (const [route, name] of DETAIL_ROUTES) if (route.test(pathname)) served.get(name)?.inc(tags);
      }
      return response;
    },
    close() {
      aggregator.events.off('cycle', onCycle);
      aggregator.events.off('certificate', onCertificate);
      aggregator.events.off('artifact', onArtifact);
      aggregator.events.off('state', onState);
    },
  };
}
