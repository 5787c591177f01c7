import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const script = join(root, 'packages', 'devnet', 'src', 'main.ts');
const dataDir = mkdtempSync(join(tmpdir(), 'mithril-devnet-metrics-'));
let child: ChildProcess | undefined;

afterAll(() => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Strict Prometheus text (format 0.0.4): comments are HELP or TYPE, other non-empty lines `name{labels} value`. */
function parsePrometheus(text: string): Map<string, number> {
  const values = new Map<string, number>();
  const typed = new Set<string>();
  for (const line of text.trimEnd().split('\n')) {
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type !== null) {
      typed.add(type[1]!);
      continue;
    }
    if (line === '' || /^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* /.test(line)) continue; // the format ignores empty lines
    const sample =
      /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (-?\d+(?:\.\d+)?(?:e[+-]?\d+)?|NaN|[+-]Inf)$/.exec(line);
    if (sample === null) throw new Error(`not Prometheus text: ${line}`);
    if (!typed.has(sample[1]!)) throw new Error(`sample before its TYPE line: ${line}`);
    values.set(`${sample[1]}${sample[2] ?? ''}`, Number(sample[3]));
  }
  return values;
}

const sumOf = (values: Map<string, number>, name: string): number =>
  [...values].filter(([key]) => key === name || key.startsWith(`${name}{`)).reduce((total, [, v]) => total + v, 0);

describe('npm start serves /metrics', () => {
  it('as Prometheus text whose counters match the certificates, artifacts and registrations of the run', async () => {
    child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', script, '--port', '0', '--data-dir', dataDir, '--epoch-duration', '3000', '--tick', '150'],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    const seen = (pattern: RegExp) =>
      new Promise<RegExpExecArray>((done, fail) => {
        const check = () => {
          const match = pattern.exec(out);
          if (match !== null) done(match);
        };
        child!.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
          out += chunk;
          check();
        });
        child!.once('exit', (code) => fail(new Error(`devnet exited (${code}):\n${out}`)));
        check();
      });
    const metricsUrl = (await seen(/metrics \(Prometheus\):\s+(\S+)/))[1]!;
    await seen(/^. epoch 3 \|/m);
    const endpoint = metricsUrl.replace(/\/metrics$/, '/aggregator');
    const json = async (path: string) => (await fetch(`${endpoint}${path}`)).json() as Promise<unknown>;

    // The runner keeps going: read until the metrics are the same before and after the documents.
    let values = new Map<string, number>();
    let certificates: { hash: string; epoch: number }[] = [];
    let msd: unknown[] = [];
    let csd: unknown[] = [];
    for (let i = 0; i < 20; i++) {
      const before = await (await fetch(metricsUrl)).text();
      certificates = (await json('/certificates')) as typeof certificates;
      msd = (await json('/artifact/mithril-stake-distributions')) as unknown[];
      csd = (await json('/artifact/cardano-stake-distributions')) as unknown[];
      const after = await fetch(metricsUrl);
      expect(after.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await after.text();
      values = parsePrometheus(text);
      const produced = (t: string) =>
        values.get(`mithril_aggregator_certificate_total_produced_since_startup`) ===
        parsePrometheus(t).get('mithril_aggregator_certificate_total_produced_since_startup');
      if (produced(before)) break;
    }
    const genesis = (await json('/certificate/genesis')) as { hash: string };
    const certified = certificates.filter((c) => c.hash !== genesis.hash);
    expect(certified).toHaveLength(certificates.length - 1);
    expect(certified.length).toBeGreaterThanOrEqual(3); // by epoch 3: MSD-2, CSD-1 and MSD-3 at least
    expect(certified.length).toBeLessThan(20); // one page holds them all
    expect(values.get('mithril_aggregator_certificate_total_produced_since_startup')).toBe(certified.length);
    expect(values.get('mithril_aggregator_artifact_mithril_stake_distribution_total_produced_since_startup')).toBe(msd.length);
    expect(values.get('mithril_aggregator_artifact_cardano_stake_distribution_total_produced_since_startup')).toBe(csd.length);

    // Registrations: every accepted one is stored; the stored ones, epoch by epoch, add up to the counter.
    const epochs = new Set(certificates.map((c) => c.epoch));
    const latest = Math.max(...epochs);
    let stored = 0;
    for (let epoch = Math.min(...epochs) - 1; epoch <= latest + 1; epoch++) {
      const answer = await fetch(`${endpoint}/signers/registered/${epoch}`);
      if (answer.status === 200) stored += ((await answer.json()) as { registrations: unknown[] }).registrations.length;
    }
    const accepted = sumOf(values, 'mithril_aggregator_signer_registration_total_successful_since_startup');
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeGreaterThanOrEqual(stored);
    expect(sumOf(values, 'mithril_aggregator_signer_registration_total_received_since_startup')).toBeGreaterThanOrEqual(accepted);
    const signatures = sumOf(values, 'mithril_aggregator_signature_registration_total_successful_since_startup');
    expect(signatures).toBeGreaterThanOrEqual(certified.length); // at least one signature per certificate
    expect(sumOf(values, 'mithril_aggregator_signature_registration_total_received_since_startup')).toBeGreaterThanOrEqual(signatures);
    expect(values.get('mithril_aggregator_runner_blocked{reason="EpochGap"}')).toBe(0);
    child.kill('SIGTERM');
  }, 120_000);
});
