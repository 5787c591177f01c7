import { createAggregator } from '@mithril/aggregator-kit';
import { createWorkerVerifier } from '@mithril/aggregator-kit/node';
import { nodeLotteryHasher } from '@mithril/sdk/node';
import type { AggregatorOptions } from '@mithril/aggregator-kit';
declare const options: AggregatorOptions;
export {};

createAggregator({ ...options, verification: { mode: 'batch', maxBatch: 64 }, lotteryHasher: nodeLotteryHasher });
createAggregator({ ...options, verifier: createWorkerVerifier({ workers: 2 }) }); // Node; node:crypto's hasher by default
