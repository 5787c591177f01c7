/**
 * `@mithril/ogmios`: a Mithril chain observer over Ogmios v6 JSON-RPC, with `@cardano-ogmios/client` as an optional
 * peer loaded on first use.
 *
 * @packageDocumentation
 */
export { OgmiosConnection, type OgmiosBackoff, type OgmiosConnectionOptions } from './connection.js';
export { OGMIOS_ERROR_CODES, OgmiosError, type OgmiosErrorCode } from './errors.js';
export {
  createOgmiosChainObserver,
  type OgmiosChainObserver,
  type OgmiosChainObserverOptions,
  type OgmiosGenesis,
  type OgmiosStakeSource,
} from './observer.js';
