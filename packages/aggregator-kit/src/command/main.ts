/**
 * The `mithril-aggregator` command (nodes.md §2.10, §8): `serve`, `genesis export|sign|import|bootstrap` and
 * `tools recompute-certificates-hash`, configured like the reference aggregator (see `config.ts`). It logs its
 * version first and ends a critical error with one line on stderr and a non-zero exit code.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeListener } from '@mithril/kit-core/node';
import { createOgmiosChainObserver } from '@mithril/ogmios';
import { genesisVerificationKeyFromSecret, signGenesisMessage, type ChainObserver } from '@mithril/sdk';
import { createDevnetChain } from '@mithril/sdk/devnet';
import { createStorage } from 'unstorage';
import fsDriver from 'unstorage/drivers/fs';
import { createAggregator, type Aggregator } from '../aggregator.js';
import { AggregatorError } from '../errors.js';
import { createJsonLogger, logAggregator } from '../observability/logging.js';
import { createAggregatorMetrics } from '../observability/metrics.js';
import { readAggregatorCommandConfig, type AggregatorCommandConfig } from './config.js';

/** Mithril eras this aggregator runs (nodes.md §2.11: an active marker of another era is a critical error). */
const SUPPORTED_ERAS: ReadonlySet<string> = new Set(['pythagoras']);

/** The era check of the runner: the newest marker at or before the epoch must name a supported era. */
function eraCheck(config: AggregatorCommandConfig): ((tp: { epoch: bigint }) => Promise<void>) | undefined {
  if (config.eraMarkers.length === 0) return undefined;
  const markers = [...config.eraMarkers].sort((a, b) => (a.epoch < b.epoch ? -1 : a.epoch > b.epoch ? 1 : 0));
  return async ({ epoch }) => {
    const active = markers.filter((m) => m.epoch <= epoch).at(-1);
    if (active !== undefined && !SUPPORTED_ERAS.has(active.name)) {
      throw new AggregatorError('AGGREGATOR_CRITICAL', `unsupported Mithril era ${active.name}, active since epoch ${active.epoch}`);
    }
  };
}

const USAGE = `usage: mithril-aggregator [--run-mode MODE] [--config-directory DIR] <command>
  serve                                       run the aggregator (HTTP on SERVER_IP:SERVER_PORT, base path /aggregator)
  genesis export --target-path FILE           write the genesis payload of the current epoch
  genesis sign --to-sign-payload-path FILE --target-signed-payload-path FILE --genesis-secret-key-path FILE
  genesis import --signed-payload-path FILE   store the signed genesis certificate
  genesis bootstrap [--genesis-secret-key HEX]  sign and store the genesis certificate (devnets)
  tools recompute-certificates-hash           recompute every certificate hash and relink the chain`;

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function needFlag(args: readonly string[], name: string): string {
  const value = flag(args, name);
  if (value === undefined || value.startsWith('--')) throw new AggregatorError('AGGREGATOR_INVALID_CONFIGURATION', 'is required', { field: name });
  return value;
}

function chainOf(config: AggregatorCommandConfig): ChainObserver {
  if (config.chainObserverType === 'devnet') {
    return createDevnetChain({ network: config.network, stakes: () => new Map(), clock: Date.now });
  }
  return createOgmiosChainObserver({
    host: config.ogmiosHost,
    port: config.ogmiosPort,
    network: config.network,
    networkMagic: config.networkMagic,
    stakeSource: 'stake-pools',
  });
}

function aggregatorOf(config: AggregatorCommandConfig, secretKey?: string, chain = chainOf(config)): Aggregator {
  if (config.dataStoresDirectory !== undefined) mkdirSync(config.dataStoresDirectory, { recursive: true });
  return createAggregator({
    chain,
    network: config.network,
    protocolParameters: config.protocolParameters,
    storage: config.dataStoresDirectory === undefined ? undefined : createStorage({ driver: fsDriver({ base: config.dataStoresDirectory }) }),
    genesis: { verificationKey: config.genesisVerificationKey, signingKey: secretKey },
    checkEra: eraCheck(config),
  });
}

async function serve(config: AggregatorCommandConfig, log: (line: string) => void): Promise<number> {
  const chain = chainOf(config);
  const aggregator = aggregatorOf(config, config.genesisSecretKey, chain);
  // JSON lines on stdout (RFC 3339 times, version first); Prometheus text at /metrics beside /aggregator.
  const stopLogging = logAggregator(aggregator, createJsonLogger('mithril-aggregator'));
  const metrics = createAggregatorMetrics(aggregator);
  const server = createServer(toNodeListener(metrics.fetch));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.serverPort, config.serverIp, resolve);
  });
  const { port } = server.address() as AddressInfo;
  log(`listening on http://${config.serverIp}:${port}/aggregator (metrics at /metrics)`);
  aggregator.runner.start({ intervalMs: config.runIntervalMs });
  const code = await new Promise<number>((resolve) => {
    process.once('SIGINT', () => resolve(0));
    process.once('SIGTERM', () => resolve(0));
    aggregator.events.on('error', ({ error, critical }) => {
      if (!critical) return;
      const cause = (error as { cause?: unknown }).cause;
      const text = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0] as string;
      log(`critical error, stopping: ${text(error)}${cause === undefined ? '' : `: ${text(cause)}`}`);
      resolve(1);
    });
  });
  // Stop the chain first, so that a cycle waiting on an unreachable Ogmios ends; give the runner 5 s to finish.
  const stopped = (async () => {
    await (chain as { close?: () => Promise<void> }).close?.();
    await aggregator.close();
  })();
  await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  metrics.close();
  stopLogging();
  return code;
}

async function genesis(args: readonly string[], config: () => AggregatorCommandConfig, out: (line: string) => void): Promise<void> {
  const verb = args[0];
  if (verb === 'sign') {
    const payload = JSON.parse(readFileSync(needFlag(args, '--to-sign-payload-path'), 'utf8')) as Record<string, unknown>;
    const secret = readFileSync(needFlag(args, '--genesis-secret-key-path'), 'utf8').trim();
    const signature = signGenesisMessage(secret, String(payload.signed_message));
    writeFileSync(needFlag(args, '--target-signed-payload-path'), `${JSON.stringify({ ...payload, genesis_signature: signature }, null, 2)}\n`);
    out(`signed with the genesis key ${genesisVerificationKeyFromSecret(secret)}`);
    return;
  }
  const aggregator = aggregatorOf(config(), verb === 'bootstrap' ? (flag(args, '--genesis-secret-key') ?? config().genesisSecretKey) : undefined);
  await aggregator.runner.tick();
  const payload = await aggregator.genesis.exportPayload();
  if (verb === 'export') {
    const text = {
      epoch: Number(payload.epoch),
      signed_message: payload.signedMessage,
      protocol_message: payload.parts,
      aggregate_verification_key: payload.aggregateVerificationKey,
    };
    writeFileSync(needFlag(args, '--target-path'), `${JSON.stringify(text, null, 2)}\n`);
    out(`genesis payload of epoch ${payload.epoch} written`);
  } else if (verb === 'import') {
    const signed = JSON.parse(readFileSync(needFlag(args, '--signed-payload-path'), 'utf8')) as Record<string, unknown>;
    if (signed.signed_message !== payload.signedMessage) {
      throw new AggregatorError('AGGREGATOR_GENESIS_MISSING', `the signed payload is for another message than epoch ${payload.epoch}'s genesis`, {
        field: '--signed-payload-path',
      });
    }
    out(`genesis certificate ${await aggregator.genesis.importSignature(payload, String(signed.genesis_signature))}`);
  } else if (verb === 'bootstrap') {
    out(`genesis certificate ${await aggregator.genesis.bootstrap()}`);
  } else {
    throw new AggregatorError('AGGREGATOR_INVALID_CONFIGURATION', `unknown genesis command ${verb ?? '(none)'}`, { field: 'genesis' });
  }
}

/**
 * Runs `mithril-aggregator` with the given arguments.
 *
 * @param argv - the arguments after the program name
 * @param env - the environment
 * @returns the exit code
 * @example
 * process.exitCode = await runAggregatorCommand(process.argv.slice(2), process.env);
 */
export async function runAggregatorCommand(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<number> {
  const log = (line: string): void => void process.stderr.write(`mithril-aggregator: ${line}\n`);
  log(`version ${packageVersion()}`);
  try {
    const args = [...argv];
    const runMode = flag(args, '--run-mode');
    const configDirectory = flag(args, '--config-directory');
    for (const name of ['--run-mode', '--config-directory']) if (args.includes(name)) args.splice(args.indexOf(name), 2);
    const config = (): AggregatorCommandConfig => readAggregatorCommandConfig(env, { runMode, configDirectory });
    const out = (line: string): void => void process.stdout.write(`${line}\n`);
    switch (args[0]) {
      case 'serve':
        return await serve(config(), log);
      case 'genesis':
        await genesis(args.slice(1), config, out);
        return 0;
      case 'tools':
        if (args[1] !== 'recompute-certificates-hash') break;
        out(`${(await aggregatorOf(config()).recomputeCertificatesHash()).size} certificate hashes recomputed`);
        return 0;
      case '--help':
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return 0;
    }
    log(`error: unknown command ${args.join(' ') || '(none)'}\n${USAGE}`);
    return 2;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`error: ${message.split('\n')[0]}`);
    return 1;
  }
}
