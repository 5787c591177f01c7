/**
 * What the aggregator core reads of the chain to certify CardanoTransactions (nodes.md §2.4, §3.4): the transactions
 * imported so far, in chain order, with their block numbers. The core stays host-agnostic; in `@mithril/aggregator-kit/node`,
 * `createImmutableTransactionsSource` parses the blocks of a node's completed immutable chunk files.
 *
 * The signing configuration and the beacon rule are the SDK's (`cardanoTransactionsBlockNumberToSign`), shared with the
 * signers, which must compute the same beacon.
 */
import type { CardanoTransactionsSigningConfig } from '../sdk.js';

export { cardanoTransactionsBlockNumberToSign, type CardanoTransactionsSigningConfig } from '../sdk.js';

/**
 * A transaction as the importer keeps it.
 *
 * @example
 * const tx: ImportedTransaction = { transactionHash: 'ce2872d6…', blockNumber: 252n };
 */
export interface ImportedTransaction {
  /** Hex Blake2b-256 of the transaction body. */
  readonly transactionHash: string;
  readonly blockNumber: bigint;
}

/**
 * The aggregator's view of the chain's transactions.
 *
 * @example
 * const source: CardanoTransactionsSource = { highestBlockNumber: async () => 59n, transactions: async () => txs };
 */
export interface CardanoTransactionsSource {
  /**
   * The highest block number whose transactions are all imported (for immutable files: the last block of the newest
   * completed chunk), or `undefined` while nothing is imported.
   */
  highestBlockNumber(): Promise<bigint | undefined>;
  /**
   * Every imported transaction of the blocks up to `upToBlockNumber` (inclusive), in chain order.
   *
   * @throws {MithrilError} when the chain data cannot be read
   */
  transactions(upToBlockNumber: bigint): Promise<readonly ImportedTransaction[]>;
}

/**
 * The reference aggregator's default signing configuration (`{ security_parameter: 3000, step: 120 }`).
 *
 * @example
 * DEFAULT_CARDANO_TRANSACTIONS_SIGNING_CONFIG.step; // 120n
 */
export const DEFAULT_CARDANO_TRANSACTIONS_SIGNING_CONFIG: CardanoTransactionsSigningConfig = Object.freeze({
  securityParameter: 3000n,
  step: 120n,
});

/**
 * The reference's limit on hashes per proof request (`cardano_prover_max_hashes_allowed_by_request`).
 *
 * @example
 * CARDANO_TRANSACTIONS_MAX_HASHES_PER_REQUEST; // 100
 */
export const CARDANO_TRANSACTIONS_MAX_HASHES_PER_REQUEST = 100;
