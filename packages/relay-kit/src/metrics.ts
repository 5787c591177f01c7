/**
 * Prometheus metrics of a signer relay, served at `GET /metrics` beside the signer routes. The reference relay
 * (libp2p, nodes.md §6.2) exports none, so the names are this kit's, in the reference nodes' style
 * (`mithril_relay_…`): the relay's durable counters by kind (they survive restarts, hence no `_since_startup`) and
 * the outbox size.
 */
import { prometheusText, type MetricFamily } from '@mithril/kit-core';
import type { RelayCounters } from './outbox.js';
import type { SignerRelay } from './signer-relay.js';

const COUNTERS: readonly (readonly [keyof RelayCounters, string])[] = [
  ['received', 'accepted by the relay (forwarded at once or buffered)'],
  ['forwarded', 'answered by an upstream aggregator at once'],
  ['buffered', 'put in the outbox while no upstream answered'],
  ['delivered', 'delivered from the outbox'],
  ['expired', 'dropped from the outbox as expired'],
  ['rejected', 'delivered from the outbox and refused by the upstream'],
];

/**
 * Names of the relay's metrics, for dashboards and tests.
 *
 * @example
 * RELAY_METRIC_NAMES.includes('mithril_relay_outbox_pending'); // true
 */
export const RELAY_METRIC_NAMES: readonly string[] = [
  ...COUNTERS.flatMap(([c]) => [`mithril_relay_signer_registration_total_${c}`, `mithril_relay_signature_registration_total_${c}`]),
  'mithril_relay_outbox_pending',
];

/**
 * The Prometheus text of a relay's counters and outbox.
 *
 * @param relay - the relay
 * @returns the exposition
 * @throws {RelayError} `RELAY_STORAGE_FAILED` when the storage cannot be read
 * @example
 * const text = await relayMetricsText(relay);
 */
export async function relayMetricsText(relay: Pick<SignerRelay, 'stats' | 'pending'>): Promise<string> {
  const [stats, pending] = await Promise.all([relay.stats(), relay.pending()]);
  const families: MetricFamily[] = [];
  for (const [counter, help] of COUNTERS) {
    families.push(
      {
        name: `mithril_relay_signer_registration_total_${counter}`,
        help: `Signer registrations ${help}`,
        type: 'counter',
        samples: [{ value: stats.registrations[counter] }],
      },
      {
        name: `mithril_relay_signature_registration_total_${counter}`,
        help: `Signatures ${help}`,
        type: 'counter',
        samples: [{ value: stats.signatures[counter] }],
      },
    );
  }
  families.push({
    name: 'mithril_relay_outbox_pending',
    help: 'Registrations and signatures waiting in the outbox',
    type: 'gauge',
    samples: [{ value: pending }],
  });
  return prometheusText(families);
}
