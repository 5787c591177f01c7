/**
 * An existing Fastify app that registers a Mithril aggregator under /aggregator, next to its own routes. The
 * aggregator follows the example devnet chain and keeps its state in files.
 *
 *   PORT=8080 DATA_DIR=.data/fastify node --conditions=source --import tsx main.ts
 */
import Fastify from 'fastify';
import { createStorage } from 'unstorage';
import fsDriver from 'unstorage/drivers/fs';
import { createAggregator } from '@mithril/aggregator-kit';
import { toFastifyPlugin } from '@mithril/aggregator-kit/fastify';
import { genesisVerificationKeyFromSecret } from '@mithril/sdk';
import { nodeLotteryHasher } from '@mithril/sdk/node';
import { createWallClockDevnetChain, DEVNET_PROTOCOL_PARAMETERS, loadOrCreateGenesisSecret } from '../shared/devnet.js';

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';
const storage = createStorage({ driver: fsDriver({ base: process.env.DATA_DIR ?? '.data/aggregator-fastify' }) });
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
await aggregator.runner.tick();
// #endregion aggregator

// #region mount
const app = Fastify();
app.get('/hello', async () => ({ app: 'fastify', message: 'my own route' }));
// The plugin removes Fastify's body parsers in its own scope only: the app's routes keep theirs.
await app.register(toFastifyPlugin(aggregator), { prefix: '/aggregator' });

const address = await app.listen({ port, host });
console.log(`app: ${address}/hello`);
console.log(`aggregator: ${address}/aggregator`);
console.log(`genesis verification key: ${genesisVerificationKeyFromSecret(genesisSecretKey)}`);
aggregator.runner.start({ intervalMs: 1000 });
// #endregion mount

// #region shutdown
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void aggregator.runner
      .stop()
      .then(() => app.close())
      .then(() => process.exit(0));
  });
}
// #endregion shutdown
