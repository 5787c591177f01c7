/**
 * Configuration of the `mithril-signer` command, read from the environment like the reference signer, with
 * `OGMIOS_HOST` / `OGMIOS_PORT` in place of the node socket.
 */
import { SignerError } from '../errors.js';

/** The settings of `mithril-signer` (reference names in the comments). */
export interface SignerCommandConfig {
  /** `AGGREGATOR_ENDPOINT`, e.g. `https://aggregator.example/aggregator`. */
  readonly aggregatorEndpoint: string;
  /** `RELAY_ENDPOINT`: an HTTP forward proxy every aggregator request goes through (optional). */
  readonly relayEndpoint: string | undefined;
  /** `NETWORK`. */
  readonly network: string;
  /** `NETWORK_MAGIC` (optional; checked against the node's genesis when given). */
  readonly networkMagic: number | undefined;
  /** `PARTY_ID` (optional when an operational certificate gives the pool id). */
  readonly partyId: string | undefined;
  /** `KES_SECRET_KEY_PATH`. */
  readonly kesSecretKeyPath: string | undefined;
  /** `OPERATIONAL_CERTIFICATE_PATH`. */
  readonly operationalCertificatePath: string | undefined;
  /** `DB_DIRECTORY`: the node's database folder. */
  readonly dbDirectory: string | undefined;
  /** `DATA_STORES_DIRECTORY`: the signer's own stores. */
  readonly dataStoresDirectory: string;
  /** `RUN_INTERVAL` in milliseconds (default 60 000). */
  readonly runIntervalMs: number;
  /** `OGMIOS_HOST` (default 127.0.0.1) and `OGMIOS_PORT` (default 1337). */
  readonly ogmiosHost: string;
  readonly ogmiosPort: number;
  /** `ENABLE_METRICS_SERVER` (`true` serves Prometheus text at `/metrics`; default off, as the reference). */
  readonly enableMetricsServer: boolean;
  /** `METRICS_SERVER_IP` (default 0.0.0.0) and `METRICS_SERVER_PORT` (default 9090), the reference's. */
  readonly metricsServerIp: string;
  readonly metricsServerPort: number;
}

function required(env: Readonly<Record<string, string | undefined>>, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new SignerError('SIGNER_INVALID_CONFIGURATION', 'is required', { field: name });
  return value;
}

function integer(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number | undefined): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new SignerError('SIGNER_INVALID_CONFIGURATION', `must be a non-negative integer, not ${text}`, { field: name });
  return value;
}

const optional = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);

/**
 * Reads the signer command's configuration from the environment.
 *
 * @param env - the environment (e.g. `process.env`)
 * @returns the configuration
 * @throws {SignerError} `SIGNER_INVALID_CONFIGURATION` naming the missing or bad variable
 * @example
 * const config = readSignerCommandConfig(process.env);
 */
export function readSignerCommandConfig(env: Readonly<Record<string, string | undefined>>): SignerCommandConfig {
  const config: SignerCommandConfig = {
    aggregatorEndpoint: required(env, 'AGGREGATOR_ENDPOINT').replace(/\/+$/, ''),
    relayEndpoint: optional(env.RELAY_ENDPOINT),
    network: required(env, 'NETWORK'),
    networkMagic: integer(env, 'NETWORK_MAGIC', undefined),
    partyId: optional(env.PARTY_ID),
    kesSecretKeyPath: optional(env.KES_SECRET_KEY_PATH),
    operationalCertificatePath: optional(env.OPERATIONAL_CERTIFICATE_PATH),
    dbDirectory: optional(env.DB_DIRECTORY),
    dataStoresDirectory: required(env, 'DATA_STORES_DIRECTORY'),
    runIntervalMs: integer(env, 'RUN_INTERVAL', 60_000) as number,
    ogmiosHost: optional(env.OGMIOS_HOST) ?? '127.0.0.1',
    ogmiosPort: integer(env, 'OGMIOS_PORT', 1337) as number,
    enableMetricsServer: optional(env.ENABLE_METRICS_SERVER)?.toLowerCase() === 'true',
    metricsServerIp: optional(env.METRICS_SERVER_IP) ?? '0.0.0.0',
    metricsServerPort: integer(env, 'METRICS_SERVER_PORT', 9090) as number,
  };
  for (const [name, value] of [
    ['AGGREGATOR_ENDPOINT', config.aggregatorEndpoint],
    ['RELAY_ENDPOINT', config.relayEndpoint],
  ] as const) {
    if (value !== undefined && !/^https?:\/\//.test(value))
      throw new SignerError('SIGNER_INVALID_CONFIGURATION', `must be an http(s) URL, not ${value}`, { field: name });
  }
  return config;
}
