/**
 * A Mithril signer for one pool of the example devnet, pointed at an aggregator over HTTP. It registers a fresh STM key
 * every epoch and signs what the aggregator opens; keys, stakes and signed beacons are kept in files.
 *
 *   AGGREGATOR_ENDPOINT=http://127.0.0.1:8080/aggregator SIGNER_POOL=alice node --conditions=source --import tsx main.ts
 */
import { createStorage } from 'unstorage';
import fsDriver from 'unstorage/drivers/fs';
import { createSigner } from '@mithril/signer-kit';
import { isMithrilError } from '@mithril/sdk';
import { devnetPoolId } from '@mithril/sdk/devnet';
import { createWallClockDevnetChain, DEVNET_POOLS } from '../shared/devnet.js';

const aggregatorEndpoint = process.env.AGGREGATOR_ENDPOINT;
const pool = process.env.SIGNER_POOL ?? 'alice';
if (aggregatorEndpoint === undefined || !DEVNET_POOLS.has(pool)) {
  console.error(`set AGGREGATOR_ENDPOINT, and SIGNER_POOL to one of ${[...DEVNET_POOLS.keys()].join(', ')}`);
  process.exit(2);
}

// #region signer
const signer = createSigner({
  partyId: devnetPoolId(pool), // the pool id (pool1…) this signer signs for
  chainObserver: createWallClockDevnetChain(), // the signer's own view of the chain
  aggregatorEndpoint,
  storage: createStorage({ driver: fsDriver({ base: process.env.DATA_DIR ?? `.data/signer-${pool}` }) }),
  runIntervalMs: Number(process.env.RUN_INTERVAL_MS ?? 500), // several ticks per epoch (the reference: 60 s for 5-day epochs)
});

signer.events.on('registered', (e) => console.log(`registered for epoch ${e.epoch} with stake ${e.stake}`));
signer.events.on('registration-deferred', (e) => console.log(`registration for epoch ${e.epoch} deferred: ${e.reason}`));
signer.events.on('signature-published', (e) => console.log(`signed ${e.signedEntityType.type} with ${e.indexes.length} indexes (HTTP ${e.status})`));
signer.events.on('lottery-lost', (e) => console.log(`no lottery won for ${e.signedEntityType.type}`));
signer.events.on('signature-rejected', (e) => console.log(`signature rejected: ${e.error.code}`));
signer.events.on('error', ({ phase, error }) =>
  console.log(`${phase} failed, retrying on the next tick: ${isMithrilError(error) ? error.code : String(error)}`),
);

console.log(`signer ${signer.partyId} (${pool}) → ${aggregatorEndpoint}`);
signer.start();
// #endregion signer

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void signer.stop().then(() => process.exit(0));
  });
}
