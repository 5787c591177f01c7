import { createAggregator } from '@mithril/aggregator-kit';
import { toHonoApp } from '@mithril/aggregator-kit/hono';
import { nodeLotteryHasher } from '@mithril/sdk/node';
import { serve } from '@hono/node-server';
import { createStorage } from 'unstorage';
import fsDriver from 'unstorage/drivers/fs';
import type { ChainObserver } from '@mithril/sdk';
declare const chain: ChainObserver, verificationKey: string, signingKey: string;
export {};

const aggregator = createAggregator({
  chain, // a ChainObserver (e.g. the SDK's simulated devnet chain)
  storage: createStorage({ driver: fsDriver({ base: './data' }) }),
  protocolParameters: { k: 5n, m: 50n, phiF: 0.65 },
  genesis: { verificationKey, signingKey }, // signingKey only on devnets: one-shot genesis bootstrap
  lotteryHasher: nodeLotteryHasher, // Node: node:crypto's Blake2b, several times faster than the default pure one
});
serve({ fetch: toHonoApp(aggregator).fetch, port: 8080 });
aggregator.runner.start({ intervalMs: 1000 });
aggregator.events.on('certificate', ({ hash, epoch }) => console.log(epoch, hash));
