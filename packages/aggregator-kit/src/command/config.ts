/**
 * Configuration of the `mithril-aggregator` command, like the reference aggregator: a JSON file
 * `<CONFIG_DIRECTORY>/<RUN_MODE>.json` (default `./config/dev.json`, optional) with the reference's snake_case keys,
 * overridden by environment variables of the same names in upper case (`protocol_parameters.k` ↔
 * `PROTOCOL_PARAMETERS__K`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AggregatorError } from '../errors.js';

/** The settings the command reads (reference names). */
export interface AggregatorCommandConfig {
  readonly network: string;
  readonly networkMagic: number | undefined;
  readonly protocolParameters: { readonly k: bigint; readonly m: bigint; readonly phiF: number };
  readonly dataStoresDirectory: string | undefined;
  readonly serverIp: string;
  readonly serverPort: number;
  readonly runIntervalMs: number;
  readonly genesisVerificationKey: string;
  readonly genesisSecretKey: string | undefined;
  /** `ogmios` (OGMIOS_HOST / OGMIOS_PORT) or `devnet` (the simulated chain, for local tests). */
  readonly chainObserverType: 'ogmios' | 'devnet';
  readonly ogmiosHost: string;
  readonly ogmiosPort: number;
  /**
   * Mithril era markers (`ERA_READER_ADAPTER_TYPE`: `bootstrap`, the default, has none and means `pythagoras`;
   * `dummy` reads them from `ERA_READER_ADAPTER_PARAMS`, `{"markers":[{"name":"pythagoras","epoch":0}]}`).
   */
  readonly eraMarkers: readonly { readonly name: string; readonly epoch: bigint }[];
}

type Source = (name: string) => string | undefined;

function fileSource(path: string): Source {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new AggregatorError('AGGREGATOR_INVALID_CONFIGURATION', `cannot read the configuration file ${path}`, { cause, field: 'CONFIG_DIRECTORY' });
  }
  return (name) => {
    let value: unknown = parsed;
    for (const part of name.toLowerCase().split('__')) value = (value as Record<string, unknown> | undefined)?.[part];
    return value === undefined || value === null ? undefined : String(value);
  };
}

function integer(source: Source, name: string, fallback?: number): number {
  const text = source(name);
  if (text === undefined) {
    if (fallback !== undefined) return fallback;
    throw new AggregatorError('AGGREGATOR_INVALID_CONFIGURATION', 'is required', { field: name });
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new AggregatorError('AGGREGATOR_INVALID_CONFIGURATION', `must be a non-negative integer, not ${text}`, { field: name });
  return value;
}

function required(source: Source, name: string): string {
  const value = source(name);
  if (value === undefined || value === '') throw new AggregatorError('AGGREGATOR_INVALID_CONFIGURATION', 'is required', { field: name });
  return value;
}

/**
 * Reads the command's configuration from the environment and the optional run-mode file.
 *
 * @param env - the environment (e.g. `process.env`)
 * @param args - `--run-mode` / `--config-directory` values from the command line, if given
 * @returns the configuration
 * @throws {AggregatorError} `AGGREGATOR_INVALID_CONFIGURATION` naming the missing or bad setting
 * @example
 * const config = readAggregatorCommandConfig(process.env);
 */
export function readAggregatorCommandConfig(
  env: Readonly<Record<string, string | undefined>>,
  args: { runMode?: string | undefined; configDirectory?: string | undefined } = {},
): AggregatorCommandConfig {
  const runMode = args.runMode ?? env.RUN_MODE ?? 'dev';
  const file = join(args.configDirectory ?? env.CONFIG_DIRECTORY ?? 'config', `${runMode}.json`);
  const fromFile: Source = existsSync(file) ? fileSource(file) : () => undefined;
  const source: Source = (name) => {
    const value = env[name];
    return value !== undefined && value !== '' ? value : fromFile(name);
  };
  const type = source('CHAIN_OBSERVER_TYPE') ?? 'ogmios';
  if (type !== 'ogmios' && type !== 'devnet') {
    throw new AggregatorError('AGGREGATOR_INVALID_CONFIGURATION', `must be ogmios or devnet, not ${type}`, { field: 'CHAIN_OBSERVER_TYPE' });
  }
  const phiF = Number(source('PROTOCOL_PARAMETERS__PHI_F') ?? '0.65');
  if (!(phiF > 0 && phiF <= 1))
    throw new AggregatorError('AGGREGATOR_INVALID_CONFIGURATION', 'must be in ]0, 1]', { field: 'PROTOCOL_PARAMETERS__PHI_F' });
  const magic = source('NETWORK_MAGIC');
  return {
    network: required(source, 'NETWORK'),
    networkMagic: magic === undefined ? undefined : integer(source, 'NETWORK_MAGIC'),
    protocolParameters: {
      k: BigInt(integer(source, 'PROTOCOL_PARAMETERS__K', 5)),
      m: BigInt(integer(source, 'PROTOCOL_PARAMETERS__M', 100)),
      phiF,
    },
    dataStoresDirectory: source('DATA_STORES_DIRECTORY'),
    serverIp: source('SERVER_IP') ?? '0.0.0.0',
    serverPort: integer(source, 'SERVER_PORT', 8080),
    runIntervalMs: integer(source, 'RUN_INTERVAL', 5000),
    genesisVerificationKey: required(source, 'GENESIS_VERIFICATION_KEY'),
    genesisSecretKey: source('GENESIS_SECRET_KEY'),
    chainObserverType: type,
    ogmiosHost: source('OGMIOS_HOST') ?? '127.0.0.1',
    ogmiosPort: integer(source, 'OGMIOS_PORT', 1337),
    eraMarkers: eraMarkers(source),
  };
}

function eraMarkers(source: Source): { name: string; epoch: bigint }[] {
  const type = source('ERA_READER_ADAPTER_TYPE') ?? 'bootstrap';
  if (type === 'bootstrap') return [];
  const field = 'ERA_READER_ADAPTER_PARAMS';
  if (type !== 'dummy')
    throw new AggregatorError('AGGREGATOR_INVALID_CONFIGURATION', `must be bootstrap or dummy, not ${type}`, { field: 'ERA_READER_ADAPTER_TYPE' });
  let params: unknown;
  try {
    params = JSON.parse(source(field) ?? '{"markers":[]}');
  } catch {
    throw new AggregatorError('AGGREGATOR_INVALID_CONFIGURATION', 'must be JSON', { field });
  }
  const markers = (params as { markers?: unknown } | null)?.markers;
  if (!Array.isArray(markers)) throw new AggregatorError('AGGREGATOR_INVALID_CONFIGURATION', 'must hold a markers array', { field });
  return markers.map((m: { name?: unknown; epoch?: unknown } | null, i) => {
    if (typeof m?.name !== 'string' || !Number.isSafeInteger(m.epoch) || (m.epoch as number) < 0) {
      throw new AggregatorError('AGGREGATOR_INVALID_CONFIGURATION', `markers[${i}] must be {"name": string, "epoch": integer}`, { field });
    }
    return { name: m.name, epoch: BigInt(m.epoch as number) };
  });
}
