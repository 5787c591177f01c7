/**
 * The SPO deployment on one machine: a stand-in Ogmios (the block producer's node), `mithril-aggregator serve`
 * reading it, and one `mithril-signer` per pool talking to the aggregator, through a relay when `RELAY_ENDPOINT`
 * is set (start `mithril-relay` first, see README). Stop with Ctrl-C.
 *
 *   npx tsx --conditions=source examples/spo-signer/main.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { genesisVerificationKeyFromSecret } from '@mithril/sdk';
import { createDevnetChain, devnetPoolId } from '@mithril/sdk/devnet';
import { startOgmiosStandin } from '@mithril/testing/ogmios-standin';
import { DEVNET_GENESIS_SEED } from '@mithril/testing/test-network';

const pools = ['pool-a', 'pool-b'].map((seed) => devnetPoolId(seed));
const chain = createDevnetChain({
  stakes: new Map([[0n, new Map(pools.map((pool, i) => [pool, 1_000_000_000n * BigInt(i + 1)]))]]),
  clock: Date.now,
  epochDurationMs: 20_000,
});
const ogmios = await startOgmiosStandin({
  state: () => {
    const point = chain.timePoint();
    return {
      epoch: point.epoch,
      slot: point.chainPoint.slotNumber,
      blockHeight: point.chainPoint.blockNumber,
      blockHash: point.chainPoint.blockHash,
      stakes: chain.stakeDistributionAt(point.epoch),
    };
  },
});
const dir = mkdtempSync(join(tmpdir(), 'spo-signer-'));
const port = process.env.AGGREGATOR_PORT ?? '8080';
const common = { PATH: process.env.PATH ?? '', NETWORK: 'devnet', NETWORK_MAGIC: '42', OGMIOS_HOST: ogmios.host, OGMIOS_PORT: String(ogmios.port) };
const bin = (name: string): string => join(process.cwd(), 'node_modules', '.bin', name);

const children: ChildProcess[] = [
  spawn(bin('mithril-aggregator'), ['serve'], {
    stdio: 'inherit',
    env: {
      ...common,
      SERVER_IP: '127.0.0.1',
      SERVER_PORT: port,
      RUN_INTERVAL: '1000',
      DATA_STORES_DIRECTORY: join(dir, 'aggregator'),
      GENESIS_VERIFICATION_KEY: genesisVerificationKeyFromSecret(DEVNET_GENESIS_SEED),
      GENESIS_SECRET_KEY: DEVNET_GENESIS_SEED, // devnet only: the aggregator bootstraps its genesis certificate
      PROTOCOL_PARAMETERS__K: '5',
      PROTOCOL_PARAMETERS__M: '50',
      PROTOCOL_PARAMETERS__PHI_F: '0.65',
    },
  }),
  ...pools.map((pool, i) =>
    spawn(bin('mithril-signer'), [], {
      stdio: 'inherit',
      env: {
        ...common,
        AGGREGATOR_ENDPOINT: `http://127.0.0.1:${port}/aggregator`,
        ...(process.env.RELAY_ENDPOINT === undefined ? {} : { RELAY_ENDPOINT: process.env.RELAY_ENDPOINT }),
        PARTY_ID: pool,
        DATA_STORES_DIRECTORY: join(dir, `signer-${i}`),
        RUN_INTERVAL: '1000',
      },
    }),
  ),
];
console.log(`Ogmios stand-in on ${ogmios.host}:${ogmios.port}, aggregator on http://127.0.0.1:${port}/aggregator, data in ${dir}`);
process.once('SIGINT', async () => {
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve))));
  await ogmios.close();
});
