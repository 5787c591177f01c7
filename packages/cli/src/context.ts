/**
 * What a command runs with: parsed options, the injected streams and environment, the client it builds from them,
 * and the resources it must release.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createMithrilClient, type BlsBackend, type MithrilClient, type MithrilClientOptions } from '@mithril/sdk';
import { oneLine, UsageError } from './usage.js';

/** Streams and environment of one run. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean | undefined };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Base of relative paths (default `process.cwd()`). */
  readonly cwd?: string;
  /** Injected `fetch` (tests). */
  readonly fetch?: typeof globalThis.fetch;
  /** Aborts the run (e.g. on SIGINT). */
  readonly signal?: AbortSignal;
}

/**
 * The directory relative paths are resolved against: the process's, except under this repository's `npm run mithril`,
 * where npm runs the command from the repository root and keeps the user's directory in `INIT_CWD`.
 *
 * @param env - the environment
 * @param cwd - the process's working directory
 * @returns the user's directory
 * @example
 * userDirectory({ npm_lifecycle_event: 'mithril', INIT_CWD: '/home/me' }, '/src/mithril-ts'); // '/home/me'
 */
export function userDirectory(env: Readonly<Record<string, string | undefined>>, cwd: string): string {
  const initial = env.INIT_CWD;
  // Only the checkout's own script: a user's `"restore": "mithril …"` script keeps npm's usual working directory.
  if (env.npm_lifecycle_event === 'mithril' && initial !== undefined && initial !== '') return initial;
  return cwd;
}

/** Upper bound of `--workers`. */
const MAX_WORKERS = 64;

/** What a command opened and must release when it ends (worker threads). */
export interface Resources {
  readonly closers: (() => Promise<void>)[];
}

/**
 * Parses the command line (strict: unknown options are usage errors).
 *
 * @param argv - arguments after the program name
 * @returns the option values and the positional arguments
 * @throws {TypeError} on an unknown or malformed option
 */
export function parseArguments(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      'aggregator-endpoint': { type: 'string' },
      'genesis-verification-key': { type: 'string' },
      'download-dir': { type: 'string' },
      'db-dir': { type: 'string' },
      start: { type: 'string' },
      end: { type: 'string' },
      'include-ancillary': { type: 'boolean' },
      'ancillary-verification-key': { type: 'string' },
      'allow-override': { type: 'boolean' },
      'cache-dir': { type: 'string' },
      'origin-tag': { type: 'string' },
      'bls-backend': { type: 'string' },
      workers: { type: 'string' },
      backend: { type: 'string' },
      immutable: { type: 'string' },
      network: { type: 'string' },
      epoch: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
    },
  });
}

/** The parsed option values. */
export type Values = ReturnType<typeof parseArguments>['values'];

/** One command's run: options, positionals, streams, resources, and how to print a line. */
export interface CommandContext {
  readonly values: Values;
  readonly positionals: string[];
  readonly io: CliIo;
  readonly resources: Resources;
  /** `--json` was given. */
  readonly json: boolean;
  /** Writes a line to stdout. */
  out(text: string): void;
}

/** The multi-signature verification options of the client: backend, Node hashing, optional worker threads. */
async function verificationOptions(values: Values, io: CliIo, resources: Resources): Promise<Partial<MithrilClientOptions>> {
  const backendName = (values['bls-backend'] ?? io.env.MITHRIL_BLS_BACKEND ?? 'noble').trim().toLowerCase();
  if (backendName !== 'noble' && backendName !== 'mcl') throw new UsageError(`--bls-backend must be noble or mcl, got ${backendName}`);
  const workersText = values.workers ?? '0';
  const workers = /^\d{1,3}$/.test(workersText) ? Number(workersText) : Number.NaN;
  // More threads than this only adds start-up time and memory: a multi-signature splits into a few slices at most.
  if (!(workers <= MAX_WORKERS)) throw new UsageError(`--workers must be a whole number from 0 to ${MAX_WORKERS}, got ${workersText}`);
  const node = await import('@mithril/sdk/node');
  if (workers > 0) {
    const pool = node.createVerificationWorkerPool({ size: workers, backend: backendName });
    resources.closers.push(() => pool.close());
    return { verifyMultiSignature: node.createWorkerMultiSignatureVerifier(pool) };
  }
  if (backendName === 'noble') return { lotteryHasher: node.nodeLotteryHasher };
  const { createMclBackend } = await import('@mithril/sdk/bls-mcl');
  let blsBackend: BlsBackend;
  try {
    blsBackend = await createMclBackend();
  } catch (error) {
    throw new UsageError(`--bls-backend mcl needs the mcl-wasm package (${error instanceof Error ? error.message : String(error)})`);
  }
  return { lotteryHasher: node.nodeLotteryHasher, blsBackend };
}

/**
 * Builds the client of a command from the options and the environment.
 *
 * @param values - the options
 * @param io - streams, environment, fetch, signal
 * @param needsGenesisKey - whether the command verifies
 * @param resources - where worker pools register their release
 * @returns the client
 * @throws {UsageError} when the endpoint or a needed genesis key is missing, or an option is malformed
 */
export async function makeClient(values: Values, io: CliIo, needsGenesisKey: boolean, resources: Resources): Promise<MithrilClient> {
  const endpoint = values['aggregator-endpoint'] ?? io.env.AGGREGATOR_ENDPOINT;
  if (endpoint === undefined || endpoint === '') {
    throw new UsageError('missing aggregator endpoint: pass --aggregator-endpoint or set AGGREGATOR_ENDPOINT');
  }
  const genesisKey = values['genesis-verification-key'] ?? io.env.GENESIS_VERIFICATION_KEY;
  const hasGenesisKey = genesisKey !== undefined && genesisKey.trim() !== '';
  if (needsGenesisKey && !hasGenesisKey) {
    throw new UsageError('missing genesis verification key: pass --genesis-verification-key or set GENESIS_VERIFICATION_KEY');
  }
  let cache: Parameters<typeof createMithrilClient>[0]['cache'];
  const cacheDir = values['cache-dir'];
  if (cacheDir !== undefined) {
    const { createStorage } = await import('unstorage');
    const { default: fsLiteDriver } = await import('unstorage/drivers/fs-lite');
    cache = createStorage({ driver: fsLiteDriver({ base: resolve(io.cwd ?? process.cwd(), cacheDir) }) });
  }
  const verification = await verificationOptions(values, io, resources);
  return createMithrilClient({
    ...verification,
    aggregatorEndpoint: endpoint,
    ...(hasGenesisKey && { genesisVerificationKey: genesisKey.trim() }),
    clientType: 'CLI',
    logger: { warn: (message) => io.stderr.write(`mithril: warning: ${oneLine(message)}\n`) },
    ...(values['origin-tag'] !== undefined && { origin: values['origin-tag'] }),
    ...(cache !== undefined && { cache }),
    ...(io.fetch !== undefined && { fetch: io.fetch }),
    ...(io.signal !== undefined && { signal: io.signal }),
  });
}

/**
 * Shows chain-verification progress on an interactive stderr.
 *
 * @param client - the client whose events are followed
 * @param io - the streams
 * @returns a function that stops following and ends the progress line
 */
export function progress(client: MithrilClient, io: CliIo): () => void {
  if (io.stderr.isTTY !== true) return () => undefined;
  let validated = 0;
  let cached = 0;
  const render = (): void => {
    io.stderr.write(`\rVerifying certificate chain: ${validated} verified, ${cached} from cache`);
  };
  const onValidated = (): void => {
    validated++;
    render();
  };
  const onCached = (): void => {
    cached++;
    render();
  };
  client.events.on('CertificateValidated', onValidated);
  client.events.on('CertificateFetchedFromCache', onCached);
  return () => {
    client.events.off('CertificateValidated', onValidated);
    client.events.off('CertificateFetchedFromCache', onCached);
    if (validated + cached > 0) io.stderr.write('\n');
  };
}
