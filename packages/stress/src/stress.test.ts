import { isMithrilError } from '@mithril/sdk';
import { describe, expect, it } from 'vitest';
import { parseStressArgs, type StressOptions } from './options.js';
import { reportTsv } from './report.js';
import { runStress } from './scenario.js';

function options(argv: string[]): StressOptions {
  const parsed = parseStressArgs(argv);
  if (parsed === 'help') throw new Error('unexpected help');
  return parsed;
}

describe('mithril-stress', () => {
  it('registers 10 signers, signs one epoch on its own loopback aggregator and certifies both types with no error', async () => {
    // Keys and signatures on this thread: the test's workers resolve the workspace packages without the source condition.
    const report = await runStress(options(['--num-signers', '10', '--epochs', '1', '--num-clients', '2', '--workers', '0', '--timeout', '300']));
    expect(report.errorSamples).toEqual([]);
    expect(report.errors).toBe(0);
    // Genesis, then MithrilStakeDistribution and CardanoStakeDistribution of the signed epoch.
    expect(report.certificates).toBe(3);
    expect(report.timeToCertificateMs.map((t) => t.beacon)).toEqual([
      expect.stringMatching(/^MithrilStakeDistribution-\d+$/),
      expect.stringMatching(/^CardanoStakeDistribution-\d+$/),
    ]);
    expect(report.latency.registration.count).toBe(9);
    expect(report.latency.signature.count + report.lotteriesLost).toBe(20);
    expect(report.latency.client.count).toBeGreaterThan(0);
    expect(report.eventLoopDelayMs?.max).toBeGreaterThan(0);
    const tsv = reportTsv(report).trim().split('\n');
    expect(tsv[0]).toBe('signers\tclients\tphase\tduration/ms');
    expect(tsv.map((l) => l.split('\t')[2])).toEqual([
      'phase',
      'keys generation',
      'bootstrap',
      'signers registration',
      'signatures computation MithrilStakeDistribution',
      'signatures registration',
      'certificate',
      'signatures computation CardanoStakeDistribution',
      'signatures registration',
      'certificate',
    ]);
  });

  it('refuses an endpoint off loopback unless --allow-remote, and bad counts, with typed errors', () => {
    const attempt = (argv: string[]): unknown => {
      try {
        return parseStressArgs(argv);
      } catch (error) {
        return error;
      }
    };
    const remote = attempt(['--num-signers', '1', '--epochs', '1', '--aggregator-endpoint', 'http://192.0.2.1:8080/aggregator']);
    expect(isMithrilError(remote, 'STRESS_REMOTE_ENDPOINT')).toBe(true);
    expect(options(['--num-signers', '1', '--epochs', '1', '--aggregator-endpoint', 'http://192.0.2.1/a', '--allow-remote']).aggregatorEndpoint).toBe(
      'http://192.0.2.1/a',
    );
    expect(options(['--num-signers', '1', '--epochs', '1', '--aggregator-endpoint', 'http://[::1]:9/a/']).aggregatorEndpoint).toBe(
      'http://[::1]:9/a',
    );
    for (const argv of [
      ['--epochs', '1'],
      ['--num-signers', '0', '--epochs', '1'],
      ['--num-signers', '10', '--epochs', '1', '--concurrency', '1.5'],
      ['--num-signers', '10000000', '--epochs', '1'],
      ['--num-signers', '10', '--epochs', '1', '--types', 'CardanoTransactions'],
      ['--num-signers', '10', '--epochs', '1', '--bogus'],
    ]) {
      const error = attempt(argv);
      expect(isMithrilError(error, 'STRESS_INVALID_OPTION'), argv.join(' ')).toBe(true);
    }
  });
});
