/**
 * What a stress run measured: timed phases (the reference's TSV `signers clients phase duration/ms`), request
 * latencies and throughputs, time to certificate, event-loop delay, and the error count.
 */

/** One timed phase. */
export interface PhaseTiming {
  readonly phase: string;
  readonly epoch: number | undefined;
  readonly durationMs: number;
}

/** Latency percentiles of a request kind, in milliseconds. */
export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** The report of a run (`--json` prints it). */
export interface StressReport {
  readonly signers: number;
  readonly clients: number;
  readonly epochs: number;
  readonly concurrency: number;
  readonly protocolParameters: { readonly k: string; readonly m: string; readonly phiF: number };
  readonly ownAggregator: boolean;
  readonly phases: readonly PhaseTiming[];
  /** Registrations per second over the registration phases. */
  readonly registrationsPerSecond: number;
  /** Signatures per second over the signature phases. */
  readonly signaturesPerSecond: number;
  readonly latency: { readonly registration: LatencySummary; readonly signature: LatencySummary; readonly client: LatencySummary };
  /** From the first signature of a beacon to its certificate being listed, per certificate, in milliseconds. */
  readonly timeToCertificateMs: readonly { readonly beacon: string; readonly ms: number }[];
  /** Own aggregator only: event-loop delay of the process while the load ran, in milliseconds. */
  readonly eventLoopDelayMs:
    | {
        readonly p50: number;
        readonly p99: number;
        readonly max: number;
        readonly stalls: readonly { readonly phase: string; readonly ms: number }[];
      }
    | undefined;
  readonly certificates: number;
  /** Signers whose lotteries were all lost (no signature to send; not an error). */
  readonly lotteriesLost: number;
  /** Signatures answered 410 `already_certified`: sent after the quorum was certified (not an error). */
  readonly lateSignatures: number;
  readonly errors: number;
  /** The first errors, for the reader. */
  readonly errorSamples: readonly string[];
}

/**
 * Percentiles of a list of durations (nearest rank).
 *
 * @param values - durations in milliseconds
 * @returns count, p50, p95, p99 and max
 * @example
 * summarize([3, 1, 2]).p50; // 2
 */
export function summarize(values: readonly number[]): LatencySummary {
  if (values.length === 0) return { count: 0, p50: 0, p95: 0, p99: 0, max: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!);
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: round(sorted[sorted.length - 1]!) };
}

/** The five longest stalls with their phases (the JSON report has them all, up to 100). */
function longest(stalls: readonly { readonly phase: string; readonly ms: number }[]): string {
  return [...stalls]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5)
    .map((s) => `${s.phase} ${s.ms} ms`)
    .join(', ');
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * The reference's TSV: a header, then `signers clients phase duration/ms` per timed phase.
 *
 * @param report - the report
 * @returns the TSV text, newline terminated
 * @example
 * process.stdout.write(reportTsv(report));
 */
export function reportTsv(report: StressReport): string {
  const lines = ['signers\tclients\tphase\tduration/ms'];
  for (const p of report.phases) lines.push(`${report.signers}\t${report.clients}\t${p.phase}\t${Math.round(p.durationMs)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * A few human lines after the TSV (throughputs, latencies, errors), for stderr.
 *
 * @param report - the report
 * @returns the summary text
 * @example
 * process.stderr.write(reportSummary(report));
 */
export function reportSummary(report: StressReport): string {
  const l = report.latency;
  const loop = report.eventLoopDelayMs;
  return [
    `registrations: ${report.registrationsPerSecond.toFixed(1)}/s (p50 ${l.registration.p50} ms, p95 ${l.registration.p95} ms, p99 ${l.registration.p99} ms)`,
    `signatures: ${report.signaturesPerSecond.toFixed(1)}/s (p50 ${l.signature.p50} ms, p95 ${l.signature.p95} ms, p99 ${l.signature.p99} ms)`,
    `client reads: ${l.client.count} (p50 ${l.client.p50} ms, p99 ${l.client.p99} ms)`,
    `time to certificate: ${report.timeToCertificateMs.map((t) => `${t.beacon} ${Math.round(t.ms)} ms`).join(', ') || 'none'}`,
    ...(loop === undefined
      ? []
      : [
          `event-loop delay: p50 ${loop.p50} ms, p99 ${loop.p99} ms, max ${loop.max} ms; stalls over 100 ms: ${loop.stalls.length}${
            loop.stalls.length === 0 ? '' : ` (longest: ${longest(loop.stalls)})`
          }`,
        ]),
    `certificates: ${report.certificates}, lotteries lost: ${report.lotteriesLost}, late signatures: ${report.lateSignatures}, errors: ${report.errors}`,
    ...report.errorSamples.map((e) => `  error: ${e}`),
    '',
  ].join('\n');
}
