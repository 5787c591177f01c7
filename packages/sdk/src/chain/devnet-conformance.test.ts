import { describeChainObserverConformance } from '@mithril/testing/chain-observer-conformance';
import { createDevnetChain, devnetPoolId, type DevnetChain } from './devnet.js';

const pools = ['alice', 'bob', 'carol'].map((name) => devnetPoolId(`conformance-${name}`));

/** Stakes that change every epoch, with one pool at zero stake on odd epochs (the observer must leave it out). */
const schedule = (epoch: bigint): Map<string, bigint> =>
  new Map(pools.map((pool, i) => [pool, i === 2 && epoch % 2n === 1n ? 0n : 1_000_000n * BigInt(i + 1) + epoch]));

describeChainObserverConformance({
  name: 'devnet chain moved by hand',
  network: 'devnet',
  create: () => createDevnetChain({ stakes: schedule, startEpoch: 3n }),
  // Immutable files and slots move inside the epoch too.
  between: (chain) => void (chain as DevnetChain).addImmutableFile(),
  nextEpoch: (chain) => void (chain as DevnetChain).advance(),
});

let now = 0;
describeChainObserverConformance({
  name: 'devnet chain on a clock',
  network: 'preview-devnet',
  create: () => {
    now = 1_000_000;
    return createDevnetChain({
      network: 'preview-devnet',
      stakes: new Map([
        [0n, new Map([[pools[0]!, 5n]])],
        [
          4n,
          new Map([
            [pools[0]!, 5n],
            [pools[1]!, 2n ** 62n],
          ]),
        ],
      ]),
      clock: () => now,
      epochDurationMs: 1000,
      slotsPerKesPeriod: 100,
    });
  },
  between: () => {
    now += 150;
  },
  nextEpoch: () => {
    now += 1000;
  },
  epochs: 5,
});
