/**
 * Structured logs of an aggregator: one JSON line per event through pino (RFC 3339 timestamps) or any logger with
 * pino's method shape injected by the host. A blocked runner is logged at `warn` with its reason, a critical error at
 * `fatal`, start-up repairs and torn documents at `warn`; the version is logged when logging starts.
 */
import { pino, stdTimeFunctions, type Logger } from 'pino';
import type { Aggregator } from '../aggregator.js';
import { rateLimited } from '../storage/bounded.js';

/** The logger methods the aggregator uses (pino's shape: an object of fields, then a message). */
export interface AggregatorLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
  fatal(fields: Record<string, unknown>, message: string): void;
}

/**
 * A pino logger writing JSON lines with RFC 3339 timestamps (`"time":"2026-05-21T14:41:53.660Z"`).
 *
 * @param name - the `name` field of every line
 * @param destination - where lines go (default stdout)
 * @returns the logger
 * @example
 * const logger = createJsonLogger('mithril-aggregator');
 */
export function createJsonLogger(name: string, destination?: NodeJS.WritableStream): Logger {
  const options = { name, timestamp: stdTimeFunctions.isoTime, base: { pid: process.pid } };
  return destination === undefined ? pino(options) : pino(options, destination as unknown as pino.DestinationStream);
}

const text = (value: unknown): string => (value instanceof Error ? value.message : String(value));
const code = (value: unknown): unknown => (value as { code?: unknown } | null)?.code;

/**
 * Logs an aggregator's events; returns a function that stops logging.
 *
 * @param aggregator - the aggregator
 * @param logger - the logger (default: {@link createJsonLogger})
 * @returns the stop function
 * @example
 * const stop = logAggregator(aggregator, createJsonLogger('mithril-aggregator'));
 */
export function logAggregator(aggregator: Aggregator, logger: AggregatorLogger = createJsonLogger('mithril-aggregator')): () => void {
  const { events, config } = aggregator;
  // A failing tick repeats every run interval (a storage outage, an unreachable node): one line per kind of failure
  // per minute, with the count of the ones left out.
  let lastFields: Record<string, unknown> = {};
  const limited = rateLimited((message, repeated) => logger.error({ ...lastFields, ...(repeated > 0 ? { repeated } : {}) }, message), 60_000);
  const tellError = (fields: Record<string, unknown>, message: string): void => {
    lastFields = fields;
    limited(message);
  };
  logger.info({ node_version: config.aggregatorNodeVersion, network: config.network }, 'Started');
  const handlers = {
    state: (e: { from: string; to: string; epoch: bigint }) => {
      const reason = aggregator.runner.blockedReason;
      const fields = { from: e.from, to: e.to, epoch: e.epoch.toString(), ...(reason === undefined ? {} : { reason }) };
      if (e.to === 'blocked') logger.warn(fields, `runner blocked (${reason ?? 'unknown'}) at epoch ${e.epoch}: no certificate until it clears`);
      else logger.info(fields, `runner ${e.from} → ${e.to}`);
    },
    epoch: (e: { epoch: bigint }) => logger.info({ epoch: e.epoch.toString() }, `epoch ${e.epoch}`),
    certificate: (e: { hash: string; epoch: bigint; type: string; beacon: bigint }) =>
      logger.info({ hash: e.hash, epoch: e.epoch.toString(), type: e.type, beacon: e.beacon.toString() }, `certificate ${e.type}(${e.beacon})`),
    genesis: (e: { hash: string; epoch: bigint }) =>
      logger.info({ hash: e.hash, epoch: e.epoch.toString() }, `genesis certificate at epoch ${e.epoch}`),
    error: (e: { error: unknown; critical: boolean }) => {
      const fields = { code: code(e.error), critical: e.critical };
      if (e.critical) logger.fatal(fields, `A critical error occurred: ${text(e.error)}`);
      else tellError(fields, text(e.error));
    },
    recovered: (e: Record<string, unknown>) => {
      if (Object.values(e).some((v) => v === true || (typeof v === 'number' && v > 0))) logger.warn(e, 'finished what a previous run left half done');
    },
    'corrupt-document': (e: { key: string; error: unknown }) => logger.warn({ key: e.key }, `stored document ${e.key} was torn; treated as absent`),
  } as const;
  for (const [name, handler] of Object.entries(handlers)) events.on(name as keyof typeof handlers, handler as never);
  return () => {
    for (const [name, handler] of Object.entries(handlers)) events.off(name as keyof typeof handlers, handler as never);
  };
}
