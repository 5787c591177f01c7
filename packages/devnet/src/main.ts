/**
 * `npm start`: a local Mithril network. An aggregator (aggregator kit, Hono on Node) serves
 * http://127.0.0.1:8080/aggregator, three signers with different stakes sign over HTTP, and a simulated devnet chain
 * moves one epoch every few seconds (longer when the machine is too busy to certify in time). After each epoch the
 * SDK client verifies every certificate chain to genesis and every artifact, and a summary line is printed. State
 * lives under --data-dir, so a restart continues the chain.
 *
 * Options: --port <n> (8080; 0 = any free port), --host <ip> (127.0.0.1), --data-dir <path> (.data/devnet),
 * --epochs <n> (exit after n epochs; exit code 0 only if every verification passed), --epoch-duration <ms> (5000),
 * --tick <ms> (250), --reset (start from an empty data dir), --replay-immutable-from <db-dir> (the chain's node database
 * under <data-dir>/db replays the immutable files of that folder, e.g. the fixtures' cardano-db, instead of synthetic
 * trios), --relay (the signers reach the aggregator only through a signer relay of the relay kit, on another port).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { serve, type ServerType } from '@hono/node-server';
import { toHonoApp } from '@mithril/aggregator-kit/hono';
import { atomicFsDriver, createAggregatorMetrics, createCardanoDbArtifacts, createEd25519AncillarySigner } from '@mithril/aggregator-kit/node';
import { createStorage, prefixStorage } from 'unstorage';
import memoryDriver from 'unstorage/drivers/memory';
import { createDevnetChain, devnetPoolId } from '@mithril/sdk/devnet';
import { ancillarySecretKeyHex, ancillaryVerificationKeyHex } from './ancillary-key.js';
import { loadDevnetState, saveDevnetState } from './devnet-state.js';
import { livenessCheck } from './liveness.js';
import { startDevnetRelay, type DevnetRelay } from './relay.js';
import { createLocalNetwork, DEFAULT_POOLS, DEFAULT_PROTOCOL_PARAMETERS, type EpochReport } from './local-network.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function usage(message: string): never {
  process.stderr.write(`devnet: ${message}\n`);
  process.exit(2);
}

function positive(value: string | undefined, name: string, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < (allowZero ? 0 : 1)) usage(`--${name} expects a ${allowZero ? 'non-negative' : 'positive'} integer`);
  return n;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** parseArgs, but an unknown or malformed option is an ordinary mistake: one line and exit 2, not a stack trace. */
function parseOrUsage<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    return usage(`${error instanceof Error ? error.message : String(error)} (see npm start -- --help)`);
  }
}

const { values } = parseOrUsage({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'data-dir': { type: 'string' },
    epochs: { type: 'string' },
    'epoch-duration': { type: 'string' },
    tick: { type: 'string' },
    reset: { type: 'boolean' },
    'replay-immutable-from': { type: 'string' },
    relay: { type: 'boolean' },
    help: { type: 'boolean' },
  },
  strict: true,
});
if (values.help === true) {
  process.stdout.write(
    'usage: npm start -- [--port 8080] [--host 127.0.0.1] [--data-dir .data/devnet] [--epochs N] [--epoch-duration 5000] [--tick 250] [--reset] [--replay-immutable-from DB_DIR] [--relay]\n',
  );
  process.exit(0);
}
const port = positive(values.port, 'port', 8080, true);
const host = values.host ?? '127.0.0.1';
const dataDir = resolve(values['data-dir'] ?? resolve(root, '.data', 'devnet'));
const maxEpochs = values.epochs === undefined ? undefined : positive(values.epochs, 'epochs', 1);
const epochDurationMs = positive(values['epoch-duration'], 'epoch-duration', 5000);
const tickMs = positive(values.tick, 'tick', 250);

if (values.reset === true) rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });
// Every write is temp file + fsync + rename: a kill at any instant leaves each document whole (issue 13).
const storage = createStorage({ driver: atomicFsDriver({ base: dataDir }) });
const { state, origin } = await loadDevnetState(storage).catch((error: unknown) => usage(error instanceof Error ? error.message : String(error)));
if (origin === 'recovered') process.stderr.write(`devnet: the state document was torn; recovered the genesis key and epoch ${state.epoch}\n`);

const pools = DEFAULT_POOLS;
const poolIds = new Map(pools.map((p) => [p.name, devnetPoolId(p.name)]));
const chain = createDevnetChain({
  stakes: (epoch) => new Map(pools.map((p) => [poolIds.get(p.name) as string, typeof p.stake === 'function' ? p.stake(epoch) : p.stake])),
  startEpoch: BigInt(state.epoch),
});

const hostForUrl = host.includes(':') ? `[${host}]` : host;
let server: ServerType | undefined;
let relay: DevnetRelay | undefined;
const network = await (async () => {
  // The server must listen before the URL is known (port 0 picks a free port).
  let handler: ((request: Request) => Promise<Response>) | undefined;
  const app = toHonoApp((request) => (handler === undefined ? Promise.resolve(new Response(null, { status: 503 })) : handler(request)));
  const actualPort = await new Promise<number>((resolvePort, reject) => {
    server = serve({ fetch: app.fetch, port, hostname: host }, (info) => resolvePort(info.port));
    server.once('error', reject);
  }).catch((error: unknown) => {
    const code = (error as { code?: string }).code;
    usage(code === 'EADDRINUSE' ? `${host}:${port} is already in use (choose another with --port)` : `cannot listen: ${String(error)}`);
  });
  const aggregatorEndpoint = `http://${hostForUrl}:${actualPort}/aggregator`;
  if (values.relay === true) relay = await startDevnetRelay({ host, upstream: aggregatorEndpoint, storage: prefixStorage(storage, 'relay') });
  // All parties share the one simulated database: the chain writes it, the signers and the aggregator digest it.
  const dbDirectory = resolve(dataDir, 'db');
  const cardanoDatabase = await createCardanoDbArtifacts({
    dbDirectory,
    workDirectory: resolve(dataDir, 'aggregator-cardano-db'),
    aggregatorUrl: aggregatorEndpoint,
    ancillarySigner: createEd25519AncillarySigner(ancillarySecretKeyHex(state.genesisSecretKey)),
  });
  const net = createLocalNetwork({
    genesisSecretKey: state.genesisSecretKey,
    storage,
    chain,
    pools,
    aggregatorEndpoint,
    ...(relay === undefined ? {} : { signerEndpoint: relay.url }),
    clientCache: createStorage({ driver: memoryDriver() }),
    dbDirectory,
    cardanoDatabase,
    ...(values['replay-immutable-from'] === undefined ? {} : { replayImmutableFrom: resolve(values['replay-immutable-from']) }),
  });
  // `/metrics` (Prometheus text) beside `/aggregator`; the counters follow the aggregator across simulated restarts.
  let metrics = createAggregatorMetrics(net.aggregator);
  let metricsFor = net.aggregator;
  handler = (request) => {
    if (metricsFor !== net.aggregator) {
      metrics.close();
      const { registry } = metrics;
      registry.clear();
      metrics = createAggregatorMetrics(net.aggregator, { registry });
      metricsFor = net.aggregator;
    }
    return metrics.fetch(request);
  };
  return net;
})();

const ancillaryVerificationKey = ancillaryVerificationKeyHex(ancillarySecretKeyHex(state.genesisSecretKey));
const p = DEFAULT_PROTOCOL_PARAMETERS;
process.stdout.write(
  [
    'Mithril local network',
    `  aggregator:                ${network.aggregatorEndpoint}`,
    `  metrics (Prometheus):      ${network.aggregatorEndpoint.replace(/\/aggregator$/, '/metrics')}`,
    ...(relay === undefined ? [] : [`  signer relay:              ${relay.url} (the signers reach the aggregator only through it)`]),
    `  genesis verification key:  ${network.genesisVerificationKey}`,
    `  ancillary verification key: ${ancillaryVerificationKey}`,
    `  data dir:                  ${dataDir}`,
    `  network:                   ${chain.network}, epochs of ${epochDurationMs} ms, starting at epoch ${state.epoch}`,
    `  protocol parameters:       k=${p.k} m=${p.m} phi_f=${p.phiF}`,
    ...pools.map((pool) => `  signer ${pool.name.padEnd(6)}             ${poolIds.get(pool.name)} stake ${String(pool.stake)}`),
    '  verify it yourself:',
    `    export AGGREGATOR_ENDPOINT=${network.aggregatorEndpoint}`,
    `    export GENESIS_VERIFICATION_KEY=${network.genesisVerificationKey}`,
    '    npm run mithril -- mithril-stake-distribution list   (from this checkout; or any Mithril client with the two values above)',
    `    npm run mithril -- cardano-db download latest --download-dir ./restore --include-ancillary --ancillary-verification-key ${ancillaryVerificationKey}`,
    '',
  ].join('\n'),
);

network.aggregator.events.on('artifact', ({ kind, hash, certificateHash }) => {
  if (kind === 'cardano-database') {
    process.stdout.write(
      `  Cardano database artifact ${hash.slice(0, 16)}… (certificate ${certificateHash.slice(0, 12)}…) served under /artifact/cardano-database\n`,
    );
  }
});

let allPassed = true;
let genesisEpoch: bigint | undefined;
let epochsDone = 0;
let stopping = false;

function summary(report: EpochReport, expectCertificates: boolean): string {
  const missing: string[] = [];
  if (expectCertificates) {
    for (const [type, beacon] of [
      ['MithrilStakeDistribution', report.epoch],
      ['CardanoStakeDistribution', report.epoch - 1n],
    ] as const) {
      if (!report.certificates.includes(`${type}-${beacon}`)) missing.push(`${type}-${beacon}`);
    }
  }
  const ok = report.failures.length === 0 && missing.length === 0;
  allPassed &&= ok;
  const parts = [
    `epoch ${report.epoch}`,
    report.certificates.length === 0
      ? 'no certificate yet (bootstrapping: signers register two epochs ahead)'
      : `${plural(report.certificates.length, 'certificate')} produced: ${report.certificates.join(', ')}`,
  ];
  if (report.signers.length > 0) parts.push(`signers: ${report.signers.join(', ')}`);
  if (report.chainLength > 0)
    parts.push(`chain of ${plural(report.chainLength, 'certificate')} verified to genesis ${report.genesisHash?.slice(0, 12)}…`);
  if (report.verifiedArtifacts.length > 0) parts.push(`artifacts verified: ${report.verifiedArtifacts.join(', ')}`);
  if (missing.length > 0) parts.push(`MISSING: ${missing.join(', ')}`);
  for (const failure of report.failures) parts.push(`FAILED: ${failure}`);
  return `${ok ? '✓' : '✗'} ${parts.join(' | ')}\n`;
}

async function shutdown(code: number): Promise<never> {
  stopping = true;
  await network.close();
  await relay?.close();
  await new Promise<void>((done) => (server === undefined ? done() : server.close(() => done())));
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stdout.write(`devnet: ${signal} received, stopping after ${plural(epochsDone, 'epoch')}; the chain is kept in ${dataDir}\n`);
    void shutdown(allPassed ? 0 : 1);
  });
}

/**
 * The chain is moved by this loop rather than by a free-running clock: an epoch lasts at least --epoch-duration and,
 * once a genesis exists, until its certificates are made (at most four durations). A loaded machine therefore slows
 * the devnet down instead of skipping epochs, which would leave gaps the certificate chain cannot bridge.
 */
const MAX_EPOCH_STRETCH = 4;

async function epochCertified(epoch: bigint): Promise<boolean> {
  const certificates = await network.client.listCertificates();
  if (genesisEpoch === undefined) {
    const genesis = certificates.find((c) => c.previousHash === '');
    if (genesis === undefined) {
      // The genesis may be older than the list window: ask for it directly once any certificate exists.
      if (certificates.length === 0) return true;
      genesisEpoch = (await network.client.getGenesisCertificate()).epoch;
    } else {
      genesisEpoch = genesis.epoch;
    }
  }
  if (epoch <= genesisEpoch) return true;
  const labels = new Set(
    certificates
      .filter((c) => c.epoch === epoch)
      .map((c) => (c.signedEntityType.type === 'Unknown' ? '' : `${c.signedEntityType.type}-${c.signedEntityType.epoch}`)),
  );
  return labels.has(`MithrilStakeDistribution-${epoch}`) && labels.has(`CardanoStakeDistribution-${epoch - 1n}`);
}

const liveness = livenessCheck(
  () => network.aggregator,
  (line) => process.stderr.write(`${line}\n`),
);
let epoch = await chain.getCurrentEpoch();
let epochStartedAt = Date.now();
while (!stopping) {
  try {
    await network.tick();
    if ((await liveness(epoch)) === 'critical') {
      process.stderr.write('devnet: a critical error stopped the aggregator; exiting\n');
      await shutdown(1);
    }
  } catch (error) {
    process.stderr.write(`tick failed: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  const elapsed = Date.now() - epochStartedAt;
  let done = false;
  if (elapsed >= epochDurationMs) {
    try {
      done = elapsed >= MAX_EPOCH_STRETCH * epochDurationMs || (await epochCertified(epoch));
    } catch (error) {
      process.stderr.write(`listing certificates failed: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  if (done) {
    const report = await network.verifyEpoch(epoch);
    if (report.genesis) genesisEpoch ??= report.epoch;
    process.stdout.write(summary(report, genesisEpoch !== undefined && epoch > genesisEpoch));
    chain.advance();
    epoch = await chain.getCurrentEpoch();
    epochStartedAt = Date.now();
    await saveDevnetState(storage, { ...state, epoch: epoch.toString() });
    epochsDone++;
    if (maxEpochs !== undefined && epochsDone >= maxEpochs) await shutdown(allPassed ? 0 : 1);
  }
  await new Promise((resolveSleep) => setTimeout(resolveSleep, tickMs));
}
