/**
 * What kits without a metrics or logging library share to be observed: the Prometheus text exposition of a few
 * counters and gauges (format 0.0.4, no registry) and JSON log lines with pino's fields and RFC 3339 timestamps.
 * The aggregator kit uses prom-client and pino instead; these keep the other kits free of both.
 */

/** One metric and its samples (one without labels, or one per label set). */
export interface MetricFamily {
  /** Metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`). */
  readonly name: string;
  /** `# HELP` text. */
  readonly help: string;
  /** `counter` or `gauge`. */
  readonly type: 'counter' | 'gauge';
  /** The samples: a value, with labels when the family has them. */
  readonly samples: readonly { readonly labels?: Readonly<Record<string, string>>; readonly value: number }[];
}

/**
 * Content type of the Prometheus text exposition.
 *
 * @example
 * new Response(prometheusText(families), { headers: { 'content-type': PROMETHEUS_TEXT_CONTENT_TYPE } });
 */
export const PROMETHEUS_TEXT_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const escapeLabel = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const number = (value: number): string => (Number.isNaN(value) ? 'NaN' : value === Infinity ? '+Inf' : value === -Infinity ? '-Inf' : String(value));

/**
 * Writes metric families as Prometheus text.
 *
 * @param families - the metrics
 * @returns the exposition, ending with a newline
 * @throws {TypeError} for a metric or label name Prometheus refuses (a programming error, not an input)
 * @example
 * prometheusText([{ name: 'jobs_total', help: 'Jobs', type: 'counter', samples: [{ value: 3 }] }]);
 * // '# HELP jobs_total Jobs\n# TYPE jobs_total counter\njobs_total 3\n'
 */
export function prometheusText(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const family of families) {
    if (!NAME.test(family.name)) throw new TypeError(`invalid metric name ${family.name}`);
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`);
    for (const sample of family.samples) {
      const labels = Object.entries(sample.labels ?? {});
      for (const [label] of labels) if (!LABEL.test(label)) throw new TypeError(`invalid label name ${label}`);
      const set = labels.length === 0 ? '' : `{${labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
      lines.push(`${family.name}${set} ${number(sample.value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A logger of JSON lines (pino's method shape: fields, then the message). */
export interface JsonLineLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
  fatal(fields: Record<string, unknown>, message: string): void;
}

const LEVELS = { info: 30, warn: 40, error: 50, fatal: 60 } as const;

/**
 * A logger writing one JSON object per line with pino's fields (`level` as a number, `time` in RFC 3339, `name`,
 * `msg`), so that the kits' lines and the aggregator's (pino) read alike; bigint fields are written as decimal strings.
 *
 * @param name - the `name` of every line
 * @param write - where each line (with its newline) goes
 * @param now - the clock (default `Date.now`)
 * @returns the logger
 * @example
 * const logger = createJsonLineLogger('mithril-relay', (line) => process.stdout.write(line));
 * logger.info({ node_version: '0.1.0' }, 'Starting');
 */
export function createJsonLineLogger(name: string, write: (line: string) => void, now: () => number = Date.now): JsonLineLogger {
  const line = (level: keyof typeof LEVELS) => (fields: Record<string, unknown>, message: string) => {
    const record = { level: LEVELS[level], time: new Date(now()).toISOString(), name, ...fields, msg: message };
    write(`${JSON.stringify(record, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))}\n`);
  };
  return { info: line('info'), warn: line('warn'), error: line('error'), fatal: line('fatal') };
}
