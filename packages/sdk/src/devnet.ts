/**
 * `@mithril/sdk/devnet`: the embedded, simulated Cardano chain for local networks and tests. It implements the
 * `ChainObserver` port of the root entry; production nodes read a real chain instead, so it lives off the root.
 *
 * @packageDocumentation
 */
export {
  createDevnetChain,
  devnetPoolId,
  type DevnetChain,
  type DevnetChainOptions,
  type DevnetStakeSchedule,
} from './chain/devnet.js';
