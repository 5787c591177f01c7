/**
 * What an operator watches on a signer: Prometheus metrics with the reference signer's names (nodes.md §8), a
 * warning when published signatures stop turning into certificates, and JSON log lines with RFC 3339 timestamps.
 * Everything is fed by the signer's events. The Prometheus text is written here (a handful of unlabelled counters and
 * gauges) because the kit carries no metrics library; the numbers are the reference's.
 */
import type { Signer, SignerSignedEntityType } from './signer-types.js';

/** The metrics of one signer. */
export interface SignerMetrics {
  /** The Prometheus text exposition (format 0.0.4). */
  text(): string;
  /** Current values by metric name. */
  values(): ReadonlyMap<string, number>;
  /** Stops listening to the signer's events. */
  close(): void;
}

/** Content type of {@link SignerMetrics.text}. */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const PREFIX = 'mithril_signer_';
const METRICS = [
  ['signer_registration_success_since_startup', 'counter', 'Number of successful signer registrations since startup'],
  ['signer_registration_total_since_startup', 'counter', 'Number of signer registrations attempted since startup'],
  ['signer_registration_success_last_epoch', 'gauge', 'Latest epoch of a successful signer registration'],
  ['signature_registration_success_since_startup', 'counter', 'Number of successful signature registrations since startup'],
  ['signature_registration_total_since_startup', 'counter', 'Number of signature registrations attempted since startup'],
  ['signature_registration_success_last_epoch', 'gauge', 'Latest epoch of a successful signature registration'],
  ['runtime_cycle_success_since_startup', 'counter', 'Number of runtime cycles that succeeded since startup'],
  ['runtime_cycle_total_since_startup', 'counter', 'Number of runtime cycles run since startup'],
] as const;

/** Epoch a signed entity belongs to (the beacon's epoch, or the type's own epoch). */
function epochOf(type: SignerSignedEntityType): bigint {
  const t = type as { epoch?: unknown; beacon?: { epoch?: unknown } };
  const value = t.beacon?.epoch ?? t.epoch;
  return typeof value === 'bigint' ? value : BigInt(Number(value ?? 0));
}

/**
 * Counts what a signer does, under the reference signer's metric names.
 *
 * @param signer - the signer
 * @returns the metrics
 * @example
 * const metrics = createSignerMetrics(signer);
 * // GET /metrics → new Response(metrics.text(), { headers: { 'content-type': PROMETHEUS_CONTENT_TYPE } })
 */
export function createSignerMetrics(signer: Signer): SignerMetrics {
  const values = new Map<string, number>(METRICS.map(([name]) => [`${PREFIX}${name}`, 0]));
  const add = (name: string, by = 1): void => void values.set(`${PREFIX}${name}`, (values.get(`${PREFIX}${name}`) ?? 0) + by);
  const set = (name: string, value: bigint): void => void values.set(`${PREFIX}${name}`, Number(value));
  const handlers = {
    registered: (e: { epoch: bigint }) => {
      add('signer_registration_total_since_startup');
      add('signer_registration_success_since_startup');
      set('signer_registration_success_last_epoch', e.epoch);
    },
    'signature-published': (e: { signedEntityType: SignerSignedEntityType }) => {
      add('signature_registration_total_since_startup');
      add('signature_registration_success_since_startup');
      set('signature_registration_success_last_epoch', epochOf(e.signedEntityType));
    },
    'signature-rejected': () => add('signature_registration_total_since_startup'),
    error: (e: { phase: string }) => {
      if (e.phase === 'register') add('signer_registration_total_since_startup');
      if (e.phase === 'publish') add('signature_registration_total_since_startup');
    },
    cycle: (e: { ok: boolean }) => {
      add('runtime_cycle_total_since_startup');
      if (e.ok) add('runtime_cycle_success_since_startup');
    },
  } as const;
  for (const [name, handler] of Object.entries(handlers)) signer.events.on(name as keyof typeof handlers, handler as never);
  return {
    values: () => new Map(values),
    text() {
      const lines: string[] = [];
      for (const [name, type, help] of METRICS) {
        lines.push(`# HELP ${PREFIX}${name} ${help}`, `# TYPE ${PREFIX}${name} ${type}`, `${PREFIX}${name} ${values.get(`${PREFIX}${name}`) ?? 0}`);
      }
      return `${lines.join('\n')}\n`;
    },
    close() {
      for (const [name, handler] of Object.entries(handlers)) signer.events.off(name as keyof typeof handlers, handler as never);
    },
  };
}

/** What {@link watchCertification} tells when signatures stop turning into certificates. */
export interface CertificationStall {
  /** Epochs in a row in which every published signature was only buffered (HTTP 202). */
  readonly epochs: readonly bigint[];
  /** One line for the log. */
  readonly message: string;
}

/** Options of {@link watchCertification}. */
export interface CertificationWatchOptions {
  /** Epochs in a row with only 202 answers before the warning (default 3). */
  readonly epochs?: number | undefined;
  /** Told once per stall; told again only after a signature went into an open message (201) or a certificate (410). */
  readonly onStall: (stall: CertificationStall) => void;
}

/**
 * Warns when a signer's signatures stop turning into certificates: an aggregator that answers 202 (buffered) to every
 * signature of several epochs in a row is not opening messages, so it certifies nothing (typically a runner stuck in
 * `Blocked(EpochGap)`) although each publication looks successful.
 *
 * @param signer - the signer
 * @param options - the threshold and the handler
 * @returns a function that stops watching
 * @example
 * const stop = watchCertification(signer, { onStall: (s) => console.warn(s.message) });
 */
export function watchCertification(signer: Signer, options: CertificationWatchOptions): () => void {
  const threshold = Math.max(1, Math.floor(options.epochs ?? 3));
  let buffered: bigint[] = [];
  let told = false;
  const onPublished = (e: { signedEntityType: SignerSignedEntityType; status: number }): void => {
    const epoch = epochOf(e.signedEntityType);
    if (e.status !== 202) {
      buffered = [];
      told = false;
      return;
    }
    if (!buffered.includes(epoch)) buffered = [...buffered, epoch].slice(-threshold);
    if (told || buffered.length < threshold) return;
    told = true;
    const first = buffered[0]!;
    const last = buffered[buffered.length - 1]!;
    options.onStall({
      epochs: buffered,
      message:
        `signatures of epochs ${first}..${last} were all only buffered by the aggregator (HTTP 202), none went into a certificate: ` +
        'the aggregator is not certifying (see the mithril-runner-state header of its /status)',
    });
  };
  signer.events.on('signature-published', onPublished);
  return () => signer.events.off('signature-published', onPublished);
}

/** Level numbers of pino, so that the lines read like the aggregator's. */
const LEVELS = { debug: 20, info: 30, warn: 40, error: 50, fatal: 60 } as const;

/** A JSON-lines logger (pino's shape: fields, then the message). */
export interface SignerLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
  fatal(fields: Record<string, unknown>, message: string): void;
}

/**
 * A logger writing one JSON object per line, with pino's fields (`level`, `time` in RFC 3339, `name`, `msg`); bigint
 * fields are written as decimal strings.
 *
 * @param name - the `name` of every line
 * @param write - where lines go
 * @param now - the clock (default `Date.now`)
 * @returns the logger
 * @example
 * const logger = createJsonLineLogger('mithril-signer', (line) => process.stdout.write(line));
 * logger.info({ node_version: '0.1.0' }, 'Starting');
 */
export function createJsonLineLogger(name: string, write: (line: string) => void, now: () => number = Date.now): SignerLogger {
  const line = (level: keyof typeof LEVELS) => (fields: Record<string, unknown>, message: string) => {
    const record = { level: LEVELS[level], time: new Date(now()).toISOString(), name, ...fields, msg: message };
    write(`${JSON.stringify(record, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))}\n`);
  };
  return { info: line('info'), warn: line('warn'), error: line('error'), fatal: line('fatal') };
}
