/**
 * The `mithril-signer` command: runs a signer configured from the environment (see `config.ts`) over Ogmios, or
 * `doctor [--json]` to check the set-up. It logs its version first and ends a critical error with one line on stderr
 * and a non-zero exit code.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOgmiosChainObserver, type OgmiosChainObserver } from '@mithril/ogmios';
import { operationalCertificatePartyId, parseOperationalCertificateEnvelope, parseSum6SecretKeyEnvelope, toJsonText } from '@mithril/sdk';
import { readLastCompletedImmutableFileNumber } from '@mithril/sdk/node';
import { createStorage } from 'unstorage';
import fsDriver from 'unstorage/drivers/fs';
import type { SignerCertificationKeys } from '../certification.js';
import { createSigner } from '../signer.js';
import { SignerError } from '../errors.js';
import { createJsonLineLogger, createSignerMetrics, PROMETHEUS_CONTENT_TYPE, watchCertification, type SignerMetrics } from '../observability.js';
import type { Signer } from '../signer-types.js';
import { readSignerCommandConfig, type SignerCommandConfig } from './config.js';
import { runDoctor, type DoctorCheck } from './doctor.js';
import { proxyFetch } from './proxy-fetch.js';

function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

function chainOf(config: SignerCommandConfig): OgmiosChainObserver {
  return createOgmiosChainObserver({
    host: config.ogmiosHost,
    port: config.ogmiosPort,
    network: config.network,
    networkMagic: config.networkMagic,
    stakeSource: 'stake-pools',
    backoff: { initialDelayMs: 200, maxDelayMs: 2000, maxAttempts: 3 },
    // The node's own immutable folder, when given, rather than the estimate from the tip's slot.
    ...(config.dbDirectory === undefined ? {} : { immutableFileNumber: () => readLastCompletedImmutableFileNumber(config.dbDirectory as string) }),
  });
}

/** The KES key and opcert from `KES_SECRET_KEY_PATH` / `OPERATIONAL_CERTIFICATE_PATH`, when both are set. */
function certificationOf(config: SignerCommandConfig): SignerCertificationKeys | undefined {
  const { kesSecretKeyPath, operationalCertificatePath } = config;
  if (kesSecretKeyPath === undefined && operationalCertificatePath === undefined) return undefined;
  if (kesSecretKeyPath === undefined || operationalCertificatePath === undefined) {
    const missing = kesSecretKeyPath === undefined ? 'KES_SECRET_KEY_PATH' : 'OPERATIONAL_CERTIFICATE_PATH';
    throw new SignerError('SIGNER_INVALID_CONFIGURATION', 'is required with the other of KES_SECRET_KEY_PATH / OPERATIONAL_CERTIFICATE_PATH', {
      field: missing,
    });
  }
  return {
    kesSecretKey: parseSum6SecretKeyEnvelope(readFileSync(kesSecretKeyPath, 'utf8'), kesSecretKeyPath),
    operationalCertificate: parseOperationalCertificateEnvelope(readFileSync(operationalCertificatePath, 'utf8'), operationalCertificatePath),
  };
}

/** `PARTY_ID`, or the opcert's pool id when it is absent; refused when both are given and differ. */
function partyIdOf(config: SignerCommandConfig, certification: SignerCertificationKeys | undefined): string {
  const fromCert = certification === undefined ? undefined : operationalCertificatePartyId(certification.operationalCertificate);
  if (config.partyId !== undefined && fromCert !== undefined && config.partyId !== fromCert) {
    throw new SignerError('SIGNER_INVALID_CONFIGURATION', `is ${config.partyId} but the operational certificate is for ${fromCert}`, {
      field: 'PARTY_ID',
    });
  }
  const partyId = config.partyId ?? fromCert;
  if (partyId === undefined)
    throw new SignerError('SIGNER_INVALID_CONFIGURATION', 'is required without OPERATIONAL_CERTIFICATE_PATH', { field: 'PARTY_ID' });
  return partyId;
}

const fetchOf = (config: SignerCommandConfig): typeof fetch =>
  (config.relayEndpoint === undefined ? fetch : proxyFetch(config.relayEndpoint)) as typeof fetch;

async function doctor(config: SignerCommandConfig, json: boolean): Promise<number> {
  const chain = chainOf(config);
  try {
    const report = await runDoctor(config, { chain, fetch: fetchOf(config) });
    if (json) process.stdout.write(`${toJsonText(report)}\n`);
    else {
      process.stdout.write(`pool ${report.pool_id ?? '(unknown)'}\n`);
      const line = (check: DoctorCheck): string => `${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}\n`;
      for (const check of report.checks) process.stdout.write(line(check));
    }
    return report.checks.every((c) => c.ok) ? 0 : 1;
  } finally {
    await chain.close();
  }
}

/** Serves `GET /metrics` (Prometheus text) on the reference's `METRICS_SERVER_IP:METRICS_SERVER_PORT`. */
async function serveMetrics(config: SignerCommandConfig, metrics: SignerMetrics, log: (line: string) => void): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.split('?')[0] === '/metrics')
      res.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE }).end(metrics.text());
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.metricsServerPort, config.metricsServerIp, resolve);
  });
  log(`metrics on http://${config.metricsServerIp}:${(server.address() as AddressInfo).port}/metrics`);
  return server;
}

/** JSON lines on stdout for every event (the stderr lines stay for people), and the stall warning on both. */
function logSigner(signer: Signer, log: (line: string) => void): () => void {
  const json = createJsonLineLogger('mithril-signer', (line) => void process.stdout.write(line));
  const firstLine = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0] as string;
  const code = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;
  json.info({ node_version: packageVersion(), party_id: signer.partyId }, 'Starting');
  signer.events.on('registered', (e) => {
    log(`registered ${e.partyId} for epoch ${e.epoch}`);
    json.info({ epoch: e.epoch, party_id: e.partyId, stake: e.stake }, `registered for epoch ${e.epoch}`);
  });
  signer.events.on('registration-deferred', (e) => json.info({ epoch: e.epoch, reason: e.reason }, `registration for epoch ${e.epoch} deferred`));
  signer.events.on('signature-published', (e) =>
    json.info({ signed_entity_type: e.signedEntityType.type, status: e.status, indexes: e.indexes.length }, `signature published (HTTP ${e.status})`),
  );
  signer.events.on('signature-rejected', (e) => json.warn({ signed_entity_type: e.signedEntityType.type, code: e.error.code }, 'signature rejected'));
  signer.events.on('error', (e) => {
    log(`${e.phase} failed: ${firstLine(e.error)}`);
    json.error({ phase: e.phase, code: code(e.error) }, firstLine(e.error));
  });
  return watchCertification(signer, {
    onStall: (stall) => {
      log(`warning: ${stall.message}`);
      json.warn({ epochs: stall.epochs }, stall.message);
    },
  });
}

async function run(config: SignerCommandConfig, log: (line: string) => void): Promise<number> {
  const certification = certificationOf(config);
  const partyId = partyIdOf(config, certification);
  mkdirSync(config.dataStoresDirectory, { recursive: true });
  const chain = chainOf(config);
  await chain.getCurrentEpoch(); // fail now, with one line, when Ogmios is unreachable or on another network
  const signer = createSigner({
    partyId,
    chainObserver: chain,
    aggregatorEndpoint: config.aggregatorEndpoint,
    fetch: fetchOf(config),
    storage: createStorage({ driver: fsDriver({ base: config.dataStoresDirectory }) }),
    runIntervalMs: config.runIntervalMs,
    ...(config.dbDirectory === undefined ? {} : { dbDirectory: config.dbDirectory }),
    ...(certification === undefined ? {} : { certification }),
  });
  const metrics = createSignerMetrics(signer);
  const metricsServer = config.enableMetricsServer ? await serveMetrics(config, metrics, log) : undefined;
  const stopWatching = logSigner(signer, log);
  log(`signing for ${partyId} with ${config.aggregatorEndpoint}${config.relayEndpoint === undefined ? '' : ` through ${config.relayEndpoint}`}`);
  signer.start();
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await signer.stop();
  stopWatching();
  metrics.close();
  await new Promise<void>((resolve) => (metricsServer === undefined ? resolve() : metricsServer.close(() => resolve())));
  await chain.close();
  return 0;
}

/**
 * Runs `mithril-signer` with the given arguments.
 *
 * @param argv - the arguments after the program name (`[]` to run, `doctor [--json]`)
 * @param env - the environment
 * @returns the exit code
 * @example
 * process.exitCode = await runSignerCommand(process.argv.slice(2), process.env);
 */
export async function runSignerCommand(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<number> {
  const log = (line: string): void => void process.stderr.write(`mithril-signer: ${line}\n`);
  log(`version ${packageVersion()}`);
  try {
    const config = readSignerCommandConfig(env);
    if (argv[0] === 'doctor') return await doctor(config, argv.includes('--json'));
    if (argv.length > 0) {
      log(`error: unknown command ${argv.join(' ')} (usage: mithril-signer [doctor [--json]])`);
      return 2;
    }
    return await run(config, log);
  } catch (error) {
    log(`error: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
    return 1;
  }
}
