/**
 * The `mithril-relay` command: `mithril-relay signer` (the signer relay) or `mithril-relay proxy` (the forward proxy),
 * configured by flags or, like the reference relay, by environment variables (`SERVER_IP`, `SERVER_PORT`,
 * `AGGREGATOR_ENDPOINT`, `DATA_STORES_DIRECTORY`, `BLOCK_PRODUCER_ADDRESSES`, …). It logs its version at start and
 * reports a critical error as one line, with a non-zero exit code.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createJsonLineLogger } from '@mithril/kit-core';
import { createStorage, type Storage } from 'unstorage';
import fsDriver from 'unstorage/drivers/fs';
import memoryDriver from 'unstorage/drivers/memory';
import { createForwardProxy } from './forward-proxy.js';
import { createSignerRelayServer } from './serve.js';
import { createSignerRelay, type SignerRelay } from './signer-relay.js';

/**
 * Version of the relay kit, logged at start.
 *
 * @example
 * console.log(`mithril-relay ${RELAY_VERSION}`);
 */
export const RELAY_VERSION = '0.1.0';

/**
 * Where the command writes, and its environment.
 *
 * @example
 * const io: RelayCommandIo = { stdout: process.stdout, stderr: process.stderr, env: process.env };
 */
export interface RelayCommandIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * A started relay, or the exit code of a command that ended at once.
 *
 * @example
 * const started = await startRelayCommand(['signer'], io);
 * if ('code' in started) process.exitCode = started.code; else await started.close();
 */
export type RelayCommandResult = { readonly code: number } | { readonly url: string; readonly relay?: SignerRelay; close(): Promise<void> };

const USAGE = `usage: mithril-relay <signer|proxy> [options]
  signer   serve the signer routes and forward them to the aggregators, buffering while none answers
  proxy    forward proxy for the block producer's signer (RELAY_ENDPOINT): CONNECT to the aggregators only
options (or environment variables):
  --server-ip <ip>                 SERVER_IP (0.0.0.0)
  --server-port <port>             SERVER_PORT (3132)
  --aggregator-endpoint <url,…>    AGGREGATOR_ENDPOINT (required; several separated by commas, in failover order)
  --data-stores-directory <dir>    DATA_STORES_DIRECTORY (signer: where the outbox lives; memory when unset)
  --block-producer-addresses <ip,…>  BLOCK_PRODUCER_ADDRESSES (proxy: required; IPs or IPv4 a.b.c.d/n)
  --cache-max-age <ms>             CACHE_MAX_AGE_MS (signer: 1800000)
  --delivery-interval <ms>         DELIVERY_INTERVAL_MS (signer: 10000)
`;

class UsageError extends Error {}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function integer(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`${name} expects a non-negative integer, got '${value}'`);
  return n;
}

function listen(server: Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      resolve(`http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`);
    });
  });
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

function message(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'EADDRINUSE') return 'the server address is already in use (choose another with --server-port)';
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs `mithril-relay` with the given arguments: starts the relay and returns a handle, or returns an exit code (0 for
 * `--help`, 2 for a usage error, 1 for a critical error), after writing one line to stderr.
 *
 * @param argv - the arguments after the executable
 * @param io - stdout, stderr and the environment
 * @returns the running relay, or an exit code
 * @example
 * const started = await startRelayCommand(['signer', '--aggregator-endpoint', 'http://127.0.0.1:8080/aggregator'], io);
 */
export async function startRelayCommand(argv: readonly string[], io: RelayCommandIo): Promise<RelayCommandResult> {
  const fail = (code: number, text: string): RelayCommandResult => {
    io.stderr.write(`mithril-relay: ${text}\n`);
    return { code };
  };
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return fail(2, `${error instanceof Error ? error.message : String(error)} (see --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.stdout.write(USAGE);
    return { code: 0 };
  }
  const mode = positionals[0];
  if (mode !== 'signer' && mode !== 'proxy') return fail(2, `expected a mode, 'signer' or 'proxy' (see --help)`);
  const env = io.env;
  // JSON lines (pino's fields, RFC 3339 time), like the aggregator's logs; warnings and errors at their level.
  const logger = createJsonLineLogger('mithril-relay', (line) => void io.stdout.write(line));
  const log = (text: string, fields: Record<string, unknown> = {}): void => {
    if (text.startsWith('error: ')) logger.error(fields, text.slice(7));
    else if (text.startsWith('warning: ')) logger.warn(fields, text.slice(9));
    else logger.info(fields, text);
  };
  try {
    const host = values['server-ip'] ?? env['SERVER_IP'] ?? '0.0.0.0';
    const port = integer(values['server-port'] ?? env['SERVER_PORT'], 'SERVER_PORT', 3132);
    const endpoints = list(values['aggregator-endpoint'] ?? env['AGGREGATOR_ENDPOINT']);
    if (endpoints.length === 0) throw new UsageError('AGGREGATOR_ENDPOINT is required (--aggregator-endpoint)');
    log(`mithril-relay ${RELAY_VERSION} starting in ${mode} mode (node ${process.version})`, { node_version: RELAY_VERSION, mode });
    if (mode === 'proxy') {
      const sources = list(values['block-producer-addresses'] ?? env['BLOCK_PRODUCER_ADDRESSES']);
      if (sources.length === 0) throw new UsageError('BLOCK_PRODUCER_ADDRESSES is required (--block-producer-addresses)');
      const server = createForwardProxy({
        destinations: endpoints,
        sources,
        onEvent: (e) => {
          if (e.kind === 'refused') log(`refused ${e.method} ${e.target}: ${e.status} ${e.reason ?? ''}`);
        },
      });
      const url = await listen(server, port, host);
      log(`forward proxy listening on ${url}, to ${endpoints.join(', ')}, for ${sources.join(', ')}`);
      return { url, close: closer(server) };
    }
    const dir = values['data-stores-directory'] ?? env['DATA_STORES_DIRECTORY'];
    const storage: Storage = createStorage({ driver: dir === undefined || dir === '' ? memoryDriver() : fsDriver({ base: dir }) });
    if (dir === undefined || dir === '') log('warning: DATA_STORES_DIRECTORY is not set, buffered requests live in memory only');
    const relay = createSignerRelay({
      upstreams: endpoints,
      storage,
      cacheMaxAgeMs: integer(values['cache-max-age'] ?? env['CACHE_MAX_AGE_MS'], 'CACHE_MAX_AGE_MS', 30 * 60_000),
      onUnexpectedError: (error) => log(`error: ${message(error)}`),
    });
    // Fail fast on an unusable data folder, before accepting anything to buffer.
    await relay.pending();
    const server = createSignerRelayServer(relay, (error) => log(`error: ${message(error)}`));
    const url = await listen(server, port, host);
    relay.start(integer(values['delivery-interval'] ?? env['DELIVERY_INTERVAL_MS'], 'DELIVERY_INTERVAL_MS', 10_000) || 10_000);
    log(`signer relay listening on ${url}, upstreams ${endpoints.join(', ')}, ${await relay.pending()} buffered; metrics at ${url}/metrics`);
    const close = closer(server);
    return {
      url,
      relay,
      async close() {
        await close();
        await relay.stop();
      },
    };
  } catch (error) {
    return fail(error instanceof UsageError ? 2 : 1, message(error));
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      'server-ip': { type: 'string' },
      'server-port': { type: 'string' },
      'aggregator-endpoint': { type: 'string' },
      'data-stores-directory': { type: 'string' },
      'block-producer-addresses': { type: 'string' },
      'cache-max-age': { type: 'string' },
      'delivery-interval': { type: 'string' },
    },
  });
}
