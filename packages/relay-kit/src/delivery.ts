/**
 * Delivery of the outbox: in order, each item once, stopping at the first one an upstream cannot take yet (none
 * reachable, a failing gateway, or a registration round not open: 550), and dropping what expired — a registration
 * whose round has closed, or a signature received during an epoch the aggregator has left (the reference answers
 * those 410 too).
 */
import { isMithrilError, jsonToPlain, parseJson } from '@mithril/sdk';
import type { Outbox, OutboxItem } from './outbox.js';
import type { UpstreamAnswer, Upstreams } from './upstreams.js';

/**
 * What one delivery pass did.
 *
 * @example
 * const report: FlushReport = { delivered: 4, expired: 1, rejected: 0, pending: 0 };
 */
export interface FlushReport {
  delivered: number;
  expired: number;
  rejected: number;
  /** Items still in the outbox after the pass. */
  pending: number;
}

/** Statuses after which an item stays in the outbox and delivery pauses. */
const RETRY_LATER: ReadonlySet<number> = new Set([502, 503, 504]);
const ROUND_NOT_OPEN = 550;
const GONE = 410;

/**
 * The aggregator epoch in an epoch-settings answer, or `undefined` when it has none.
 *
 * @param answer - an answer of `GET /epoch-settings`
 * @returns the epoch
 * @example
 * epochOfSettings({ status: 200, headers: new Headers(), body: '{"epoch":12}', upstream: '' }); // 12n
 */
export function epochOfSettings(answer: UpstreamAnswer): bigint | undefined {
  if (answer.status !== 200) return undefined;
  try {
    const value = jsonToPlain(parseJson(answer.body, 'epoch-settings')) as { epoch?: unknown };
    return typeof value.epoch === 'number' || typeof value.epoch === 'bigint' ? BigInt(value.epoch) : undefined;
  } catch (error) {
    if (isMithrilError(error)) return undefined;
    throw error;
  }
}

function expired(item: OutboxItem, epoch: bigint | undefined): boolean {
  if (epoch === undefined || item.epoch === undefined) return false;
  const itemEpoch = BigInt(item.epoch);
  // During epoch N the open round records registrations for N + 1 (trap 41); signatures are made with epoch N's keys.
  return item.kind === 'registration' ? itemEpoch <= epoch : itemEpoch < epoch;
}

const routeOf = (item: OutboxItem): string => (item.kind === 'registration' ? '/register-signer' : '/register-signatures');

/**
 * Delivers the outbox once.
 *
 * @param outbox - the outbox
 * @param upstreams - the upstream pool
 * @param onSettings - receives the epoch-settings answer read at the start of the pass (to refresh the read cache)
 * @returns what the pass did
 * @throws {RelayError} `RELAY_STORAGE_FAILED` when the outbox cannot be read or updated
 * @example
 * const report = await deliverOutbox(outbox, upstreams, (answer) => cache.put('/epoch-settings', answer));
 */
export async function deliverOutbox(outbox: Outbox, upstreams: Upstreams, onSettings: (answer: UpstreamAnswer) => void): Promise<FlushReport> {
  const report: FlushReport = { delivered: 0, expired: 0, rejected: 0, pending: 0 };
  const items = await outbox.items();
  if (items.length === 0) return report;
  let epoch: bigint | undefined;
  try {
    const settings = await upstreams.send({ method: 'GET', route: '/epoch-settings', headers: new Headers({ accept: 'application/json' }) });
    onSettings(settings);
    epoch = epochOfSettings(settings);
  } catch (error) {
    if (!isMithrilError(error, 'RELAY_UPSTREAM_UNAVAILABLE')) throw error;
    report.pending = items.length;
    return report;
  }
  let index = 0;
  for (; index < items.length; index++) {
    const item = items[index]!;
    if (expired(item, epoch)) {
      await outbox.remove(item.seq);
      await outbox.count(item.kind, 'expired');
      report.expired++;
      continue;
    }
    let answer: UpstreamAnswer;
    try {
      answer = await upstreams.send({
        method: 'POST',
        route: routeOf(item),
        headers: new Headers(item.headers as [string, string][]),
        body: item.body,
      });
    } catch (error) {
      if (!isMithrilError(error, 'RELAY_UPSTREAM_UNAVAILABLE')) throw error;
      break;
    }
    if (RETRY_LATER.has(answer.status) || (item.kind === 'registration' && answer.status === ROUND_NOT_OPEN)) break;
    // Removed before counting: a crash in between loses a count, never delivers twice.
    await outbox.remove(item.seq);
    const outcome = answer.status === GONE ? 'expired' : answer.status >= 200 && answer.status < 300 ? 'delivered' : 'rejected';
    await outbox.count(item.kind, outcome);
    report[outcome]++;
  }
  report.pending = items.length - index;
  return report;
}
