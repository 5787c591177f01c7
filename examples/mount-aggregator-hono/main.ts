/**
 * An existing Hono app that mounts a Mithril aggregator under /aggregator, next to its own routes, served on Node by
 * @hono/node-server (the same app runs on Bun, Deno or workers). The aggregator follows the example devnet chain and
 * keeps its state in files.
 *
 *   PORT=8080 DATA_DIR=.data/hono node --conditions=source --import tsx main.ts
 *   PORT=8081 REDIS_URL=redis://127.0.0.1:6379 [RUNNER=off] node --conditions=source --import tsx main.ts
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createStorage } from 'unstorage';
import redisDriver from 'unstorage/drivers/redis';
import { createAggregator, rateLimited } from '@mithril/aggregator-kit';
import { toHonoApp } from '@mithril/aggregator-kit/hono';
import { atomicFsDriver } from '@mithril/aggregator-kit/node';
import { genesisVerificationKeyFromSecret, isMithrilError } from '@mithril/sdk';
import { nodeLotteryHasher } from '@mithril/sdk/node';
import { createWallClockDevnetChain, DEVNET_PROTOCOL_PARAMETERS, loadOrCreateGenesisSecret } from '../shared/devnet.js';

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';
// #region storage
// One process: files. Replicas: every process on the same Redis, and RUNNER=off on all of them but one.
const storage = process.env.REDIS_URL
  ? createStorage({ driver: redisDriver({ url: process.env.REDIS_URL, base: 'mithril' }) })
  : createStorage({ driver: atomicFsDriver({ base: process.env.DATA_DIR ?? '.data/aggregator-hono' }) }); // no torn reads
const runsTheRunner = process.env.RUNNER !== 'off';
// #endregion storage
const genesisSecretKey = await loadOrCreateGenesisSecret(storage);

// #region aggregator
const aggregator = createAggregator({
  chain: createWallClockDevnetChain(), // any ChainObserver; the devnet chain simulates Cardano
  storage, // any unstorage Storage: fs for one process, redis for replicas
  protocolParameters: DEVNET_PROTOCOL_PARAMETERS,
  // signingKey only on a devnet: the runner then bootstraps the genesis certificate by itself, once.
  genesis: { verificationKey: genesisVerificationKeyFromSecret(genesisSecretKey), signingKey: genesisSecretKey },
  lotteryHasher: nodeLotteryHasher, // Node: node:crypto's Blake2b; the default is the SDK's pure one, for any runtime
  onUnexpectedError: (error) => console.error('aggregator:', error),
});
aggregator.events.on('genesis', (g) => console.log(`genesis certificate at epoch ${g.epoch}: ${g.hash}`));
aggregator.events.on('certificate', (c) => console.log(`certificate ${c.type}(${c.beacon}) at epoch ${c.epoch}: ${c.hash}`));
// One cycle before serving: until the runner has recorded an epoch, /status and the epoch routes answer 500.
if (runsTheRunner) await aggregator.runner.tick();
// #endregion aggregator
// A runner that stops certifying says why (once per state change, and runner errors at most once a minute each).
const tellError = rateLimited((message, repeated) => console.error(`runner: ${message}${repeated > 0 ? ` (and ${repeated} more)` : ''}`), 60_000);
aggregator.events.on('error', ({ error }) => tellError(isMithrilError(error) ? `${error.code}: ${error.message}` : String(error)));
// This devnet holds its genesis key: after an epoch without certificate (a starved machine can miss one of 5 s), it
// signs a new genesis instead of staying Blocked(EpochGap) for good, and says so.
aggregator.events.on('state', (s) => {
  if (s.to !== 'blocked') return;
  const reason = aggregator.runner.blockedReason;
  console.error(`runner blocked (${reason}) at epoch ${s.epoch}: no certificate until it clears`);
  if (reason !== 'EpochGap') return;
  aggregator.genesis.bootstrap().then(
    (hash) =>
      console.error(`epoch gap: re-bootstrapped the chain with genesis certificate ${hash} at epoch ${s.epoch}; certificates resume next epoch`),
    (error: unknown) => console.error(`epoch gap: cannot re-bootstrap yet: ${isMithrilError(error) ? error.code : String(error)}`),
  );
});

// #region mount
const app = new Hono();
app.get('/hello', (c) => c.json({ app: 'hono', message: 'my own route' }));
app.route('/aggregator', toHonoApp(aggregator));

const server = serve({ fetch: app.fetch, port, hostname: host }, (info) => {
  console.log(`app: http://${host}:${info.port}/hello`);
  console.log(`aggregator: http://${host}:${info.port}/aggregator`);
  console.log(`genesis verification key: ${genesisVerificationKeyFromSecret(genesisSecretKey)}`);
});
if (runsTheRunner) aggregator.runner.start({ intervalMs: 250 }); // exactly one process per storage runs it; 4 ticks a second for 5 s epochs
// #endregion mount

// #region shutdown
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void aggregator.runner.stop().then(() => server.close(() => process.exit(0)));
  });
}
// #endregion shutdown
