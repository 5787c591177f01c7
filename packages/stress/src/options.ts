/**
 * Command-line options of `mithril-stress`, validated once: counts are bounded, the run has a time limit, and the
 * target must be on loopback unless `--allow-remote` is given.
 */
import type { ProtocolParameters } from '@mithril/sdk';
import { StressError } from './errors.js';

/** Signed entity types the tool signs (both are epoch-based, so no Cardano database is needed). */
export type StressSignedEntityType = 'MithrilStakeDistribution' | 'CardanoStakeDistribution';

/** Validated options of a stress run. */
export interface StressOptions {
  /** Aggregator to load; `undefined` runs one of the tool's own on loopback. */
  readonly aggregatorEndpoint: string | undefined;
  readonly numSigners: number;
  readonly numClients: number;
  readonly epochs: number;
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** Threads that generate keys and compute signatures (0: on the main thread). */
  readonly workers: number;
  /** Limit of the whole run, in milliseconds. */
  readonly timeoutMs: number;
  readonly json: boolean;
  readonly allowRemote: boolean;
  /** Seed of the signers' keys (same seed, same keys and pool ids). */
  readonly seed: string;
  readonly protocolParameters: ProtocolParameters;
  readonly signedEntityTypes: readonly StressSignedEntityType[];
  /** Own aggregator only: verify signatures on worker threads (`true`) or inline. */
  readonly verifierWorkers: boolean;
  /** Own aggregator only: a data folder (atomic fs driver) instead of memory storage. */
  readonly dataDir: string | undefined;
}

/** Upper bounds: the tool is a bounded load generator, never an open-ended one. */
const LIMITS = { signers: 5000, clients: 200, epochs: 50, concurrency: 256, workers: 16 } as const;

/** The reference load-aggregator's protocol parameters (k = 2422, m = 20973, phi_f = 0.2). */
const REFERENCE_PROTOCOL_PARAMETERS: ProtocolParameters = { k: 2422n, m: 20973n, phiF: 0.2 };

/** Usage text printed by `--help`. */
export const USAGE = `usage: mithril-stress --num-signers N --epochs E [options]

  --aggregator-endpoint URL   aggregator to load (default: one of the tool's own on 127.0.0.1)
  --num-signers N             signers with real STM keys (1-${LIMITS.signers})
  --num-clients C             clients reading certificates and artifacts meanwhile (default 0)
  --epochs E                  epochs to register and sign (1-${LIMITS.epochs})
  --concurrency P             requests in flight (default 16)
  --workers W                 threads for key generation and signing (default 2; 0 = main thread)
  --timeout SECONDS           limit of the whole run (default 1800)
  --types LIST                signed types, comma separated (default MithrilStakeDistribution,CardanoStakeDistribution)
  --protocol-parameters K,M,PHI  (default 2422,20973,0.2, as the reference)
  --seed TEXT                 seed of the signer keys (default mithril-stress)
  --verifier inline|workers   own aggregator: where signatures are verified (default workers)
  --data-dir PATH             own aggregator: file storage in PATH instead of memory
  --allow-remote              allow an endpoint that is not on loopback
  --json                      print one JSON report instead of the TSV
`;

const TYPES: readonly StressSignedEntityType[] = ['MithrilStakeDistribution', 'CardanoStakeDistribution'];

function invalid(field: string, message: string): StressError {
  return new StressError('STRESS_INVALID_OPTION', message, { field });
}

function integer(field: string, text: string | undefined, min: number, max: number): number {
  if (text === undefined || !/^\d+$/.test(text))
    throw invalid(field, `expected an integer, got ${text === undefined ? 'nothing' : JSON.stringify(text)}`);
  const value = Number(text);
  if (value < min || value > max) throw invalid(field, `expected ${min} to ${max}, got ${value}`);
  return value;
}

function protocolParameters(text: string): ProtocolParameters {
  const parts = text.split(',');
  if (parts.length !== 3 || !/^\d+$/.test(parts[0]!) || !/^\d+$/.test(parts[1]!)) throw invalid('--protocol-parameters', 'expected K,M,PHI');
  const phiF = Number(parts[2]);
  const k = BigInt(parts[0]!);
  const m = BigInt(parts[1]!);
  if (!(phiF > 0 && phiF <= 1) || k < 1n || m < k) throw invalid('--protocol-parameters', 'expected 1 <= K <= M and 0 < PHI <= 1');
  return { k, m, phiF };
}

/**
 * Whether a URL's host is on loopback (127.0.0.0/8, `localhost`, `::1`).
 *
 * @param url - the parsed URL
 * @returns `true` for a loopback host
 * @example
 * isLoopback(new URL('http://127.0.0.1:8080/aggregator')); // true
 */
function isLoopback(url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Parses the command line.
 *
 * @param argv - the arguments after the program name
 * @returns the options, or `'help'` for `--help`
 * @throws {StressError} `STRESS_INVALID_OPTION` for a missing, unknown or out-of-range option;
 *   `STRESS_REMOTE_ENDPOINT` for an endpoint off loopback without `--allow-remote`
 * @example
 * const options = parseStressArgs(['--num-signers', '10', '--epochs', '1']);
 */
export function parseStressArgs(argv: readonly string[]): StressOptions | 'help' {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const valueOptions = new Set([
    '--aggregator-endpoint',
    '--num-signers',
    '--num-clients',
    '--epochs',
    '--concurrency',
    '--workers',
    '--timeout',
    '--types',
    '--protocol-parameters',
    '--seed',
    '--verifier',
    '--data-dir',
  ]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--json' || arg === '--allow-remote') {
      flags.add(arg);
      continue;
    }
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (!valueOptions.has(name)) throw invalid(name, 'unknown option (see --help)');
    const value = inline ?? argv[++i];
    if (value === undefined) throw invalid(name, 'expected a value');
    values.set(name, value);
  }
  const allowRemote = flags.has('--allow-remote');
  let aggregatorEndpoint = values.get('--aggregator-endpoint');
  if (aggregatorEndpoint !== undefined) {
    let url: URL;
    try {
      url = new URL(aggregatorEndpoint);
    } catch {
      throw invalid('--aggregator-endpoint', `not a URL: ${aggregatorEndpoint}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('--aggregator-endpoint', 'expected an http(s) URL');
    if (!allowRemote && !isLoopback(url)) {
      throw new StressError('STRESS_REMOTE_ENDPOINT', `${url.host} is not on loopback; pass --allow-remote to load it`, {
        field: '--aggregator-endpoint',
      });
    }
    aggregatorEndpoint = url.href.replace(/\/$/, '');
  }
  const types = (values.get('--types') ?? TYPES.join(',')).split(',').map((t) => t.trim());
  for (const t of types) if (!TYPES.includes(t as StressSignedEntityType)) throw invalid('--types', `unknown signed entity type ${t}`);
  const verifier = values.get('--verifier') ?? 'workers';
  if (verifier !== 'workers' && verifier !== 'inline') throw invalid('--verifier', 'expected inline or workers');
  return {
    aggregatorEndpoint,
    numSigners: integer('--num-signers', values.get('--num-signers'), 1, LIMITS.signers),
    numClients: values.has('--num-clients') ? integer('--num-clients', values.get('--num-clients'), 0, LIMITS.clients) : 0,
    epochs: integer('--epochs', values.get('--epochs'), 1, LIMITS.epochs),
    concurrency: values.has('--concurrency') ? integer('--concurrency', values.get('--concurrency'), 1, LIMITS.concurrency) : 16,
    workers: values.has('--workers') ? integer('--workers', values.get('--workers'), 0, LIMITS.workers) : 2,
    timeoutMs: (values.has('--timeout') ? integer('--timeout', values.get('--timeout'), 1, 24 * 3600) : 1800) * 1000,
    json: flags.has('--json'),
    allowRemote,
    seed: values.get('--seed') ?? 'mithril-stress',
    protocolParameters: values.has('--protocol-parameters')
      ? protocolParameters(values.get('--protocol-parameters')!)
      : REFERENCE_PROTOCOL_PARAMETERS,
    signedEntityTypes: [...new Set(types as StressSignedEntityType[])],
    verifierWorkers: verifier === 'workers',
    dataDir: values.get('--data-dir'),
  };
}
