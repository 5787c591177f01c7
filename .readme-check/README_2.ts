import { createAggregator } from '@mithril/aggregator-kit';
import { toHonoApp } from '@mithril/aggregator-kit/hono';
import { nodeLotteryHasher } from '@mithril/sdk/node';
import type { ChainObserver, ProtocolParameters } from '@mithril/sdk'; import type { Storage } from 'unstorage'; import type { Hono } from 'hono';
declare const chain: ChainObserver, storage: Storage, protocolParameters: ProtocolParameters, verificationKey: string, app: Hono;
export {};

const aggregator = createAggregator({
  chain,
  storage,
  protocolParameters,
  genesis: { verificationKey },
  lotteryHasher: nodeLotteryHasher, // on Node: node:crypto's Blake2b (the default is the SDK's pure one, for any runtime)
});
await aggregator.runner.tick(); // record the first epoch before serving
app.route('/aggregator', toHonoApp(aggregator)); // or toExpressMiddleware / the Fastify plugin
aggregator.runner.start({ intervalMs: 1000 }); // one runner per storage; other replicas only serve
