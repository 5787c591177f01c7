import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { call, createTestNetwork, signatureBody } from '@mithril/testing/test-network';
import { RUNNER_STATUS_HEADERS } from '../routes/root.js';
import type { SignableEntityType } from '../sdk.js';
import { createJsonLogger, logAggregator } from './logging.js';
import { createAggregatorMetrics } from './metrics.js';

/** Parses Prometheus text strictly: every non-comment line is `name{labels} value`. */
function parsePrometheus(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (-?[0-9.e+]+|NaN)$/.exec(line);
    if (match === null) throw new Error(`not Prometheus text: ${line}`);
    out.set(`${match[1]}${match[2] ?? ''}`, Number(match[3]));
  }
  return out;
}

describe('aggregator metrics and logs', () => {
  it('serve Prometheus text at /metrics whose counters match the round, and log blocked states', async () => {
    const net = createTestNetwork({ k: 5n, m: 50n, phiF: 0.65 });
    const metrics = createAggregatorMetrics(net.aggregator);
    const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
    const push = (level: string) => (fields: Record<string, unknown>, message: string) => lines.push({ level, message, fields });
    const stop = logAggregator(net.aggregator, { info: push('info'), warn: push('warn'), error: push('error'), fatal: push('fatal') });
    const register = async () => {
      for (const s of net.signers) expect((await call(metrics, 'POST', '/register-signer', s.registration(net.chain.epoch + 1n))).status).toBe(201);
    };
    const sign = async (type: SignableEntityType) => {
      for (const s of net.signers) {
        const body = await signatureBody(metrics, net.chain, s, type);
        if (body !== undefined) await call(metrics, 'POST', '/register-signatures', body);
      }
    };
    await net.aggregator.runner.tick();
    await register();
    net.chain.advance();
    await net.aggregator.runner.tick();
    expect(parsePrometheus(await metrics.text()).get('mithril_aggregator_runner_blocked{reason="GenesisEpoch"}')).toBe(1);
    const blockedStatus = await call(metrics, 'GET', '/status');
    expect(blockedStatus.status).toBe(200);
    expect(blockedStatus.headers.get(RUNNER_STATUS_HEADERS.state)).toBe('blocked');
    expect(blockedStatus.headers.get(RUNNER_STATUS_HEADERS.blockedReason)).toBe('GenesisEpoch');
    expect(blockedStatus.headers.get(RUNNER_STATUS_HEADERS.blockedEpoch)).toBe('11');
    await register();
    net.chain.advance();
    await net.aggregator.runner.tick();
    await sign({ type: 'MithrilStakeDistribution', epoch: 12n });
    await sign({ type: 'CardanoStakeDistribution', epoch: 11n });
    await net.aggregator.runner.tick();
    const [latest] = (await (await call(metrics, 'GET', '/certificates')).json()) as { hash: string }[];
    expect((await call(metrics, 'GET', `/certificate/${latest!.hash}`)).status).toBe(200);

    const response = await metrics.fetch(new Request('http://localhost/metrics'));
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const values = parsePrometheus(await response.text());
    expect(values.get('mithril_aggregator_certificate_total_produced_since_startup')).toBe(2);
    expect(values.get('mithril_aggregator_artifact_mithril_stake_distribution_total_produced_since_startup')).toBe(1);
    expect(values.get('mithril_aggregator_artifact_cardano_stake_distribution_total_produced_since_startup')).toBe(1);
    expect(values.get('mithril_aggregator_signer_registration_total_received_since_startup{origin_tag="",client_type=""}')).toBe(6);
    expect(values.get('mithril_aggregator_signer_registration_total_successful_since_startup{origin_tag="",client_type=""}')).toBe(6);
    expect(values.get('certificate_detail_total_served_since_startup{origin_tag="",client_type=""}')).toBe(1);
    const received = values.get('mithril_aggregator_signature_registration_total_received_since_startup{origin_tag="",client_type=""}') ?? 0;
    expect(received).toBeGreaterThan(0);
    expect(values.get('mithril_aggregator_signature_registration_total_successful_since_startup{origin_tag="",client_type=""}')).toBe(received);
    expect(values.get('mithril_aggregator_runtime_cycle_total_since_startup')).toBe(
      values.get('mithril_aggregator_runtime_cycle_success_since_startup'),
    );
    expect(values.get('mithril_aggregator_runner_blocked{reason="GenesisEpoch"}')).toBe(0);
    const readyStatus = await call(metrics, 'GET', '/status');
    expect(readyStatus.headers.get(RUNNER_STATUS_HEADERS.state)).toMatch(/^(ready|signing)$/);
    expect(readyStatus.headers.get(RUNNER_STATUS_HEADERS.blockedReason)).toBeNull();

    expect(lines[0]).toMatchObject({ level: 'info', message: 'Started', fields: { node_version: net.aggregator.config.aggregatorNodeVersion } });
    expect(lines.find((l) => l.level === 'warn' && l.fields['reason'] === 'GenesisEpoch')?.message).toMatch(
      /runner blocked \(GenesisEpoch\) at epoch 11/,
    );
    expect(lines.filter((l) => l.message.startsWith('certificate '))).toHaveLength(2);
    stop();
    metrics.close();
    await net.aggregator.runner.stop();
  }, 60_000);

  it('writes pino JSON lines with RFC 3339 timestamps', () => {
    const chunks: string[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    createJsonLogger('mithril-aggregator', sink).info({ epoch: '12' }, 'epoch 12');
    const line = JSON.parse(chunks.join('')) as Record<string, unknown>;
    expect(line).toMatchObject({ name: 'mithril-aggregator', msg: 'epoch 12', epoch: '12', level: 30 });
    expect(line['time']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });
});
