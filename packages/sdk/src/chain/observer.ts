/**
 * The chain port: what Mithril nodes read from Cardano (spec nodes.md §4). Implementations: the embedded simulated
 * devnet chain (default), and an Ogmios client (later). Values are u64 bigints; party ids are pool ids (bech32
 * `pool1…`).
 */

/** A point on the chain, as the reference's `ChainPoint`. */
export interface ChainPoint {
  readonly slotNumber: bigint;
  readonly blockNumber: bigint;
  readonly blockHash: string;
}

/** Where the chain is: epoch, last immutable file number and chain point (the reference's `TimePoint`). */
export interface TimePoint {
  readonly epoch: bigint;
  readonly immutableFileNumber: bigint;
  readonly chainPoint: ChainPoint;
}

/** Stake per party id (pool id) in lovelace. */
export type StakeDistribution = ReadonlyMap<string, bigint>;

/**
 * Reads the state of the Cardano chain a Mithril node follows.
 *
 * @example
 * const chain: ChainObserver = createDevnetChain(); // or createOgmiosChainObserver(…) of @mithril/ogmios
 * const epoch = await chain.getCurrentEpoch();
 */
export interface ChainObserver {
  /** Network name, e.g. `devnet`, `preview`, `mainnet`. */
  readonly network: string;
  /** Current epoch. */
  getCurrentEpoch(): Promise<bigint>;
  /** Current time point. */
  getCurrentTimePoint(): Promise<TimePoint>;
  /** Stake distribution the ledger uses now (the reference's "mark" snapshot per pool). */
  getCurrentStakeDistribution(): Promise<StakeDistribution>;
  /** Current KES period of the chain, when known (operational-certificate checks come later). */
  getCurrentKesPeriod?(): Promise<number | undefined>;
}
