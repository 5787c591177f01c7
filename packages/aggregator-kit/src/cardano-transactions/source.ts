/**
 * What the aggregator core reads of the chain to certify CardanoTransactions (nodes.md §2.4, §3.4): the transactions
 * imported so far, in chain order, with their block numbers. The core stays host-agnostic; in `@mithril/aggregator-kit/node`,
 * `createImmutableTransactionsSource` parses the blocks of a node's completed immutable chunk files.
 *
 * The beacon rule is the reference's `CardanoTransactionsSigningConfig::compute_block_number_to_be_signed`: the step is
 * rounded down to a multiple of the 15-block range length (at least one range), the security parameter is taken off
 * the chain block number (saturating), and one is taken off the result because block ranges are end-exclusive.
 */
import { BLOCK_RANGE_LENGTH } from '../sdk.js';

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
 * The reference's `CardanoTransactionsSigningConfig`: blocks kept off the tip, and blocks between two signatures.
 *
 * @example
 * const config: CardanoTransactionsSigningConfig = { securityParameter: 3000n, step: 120n };
 */
export interface CardanoTransactionsSigningConfig {
  readonly securityParameter: bigint;
  readonly step: bigint;
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

/**
 * The block number a CardanoTransactions beacon signs for a chain block number.
 *
 * @param config - the signing configuration
 * @param blockNumber - the chain block number (the tip, or the highest imported block)
 * @returns `⌊(b − security_parameter) / s⌋ × s − 1`, both subtractions saturating at 0
 * @example
 * cardanoTransactionsBlockNumberToSign({ securityParameter: 1n, step: 15n }, 736n); // 734n
 */
export function cardanoTransactionsBlockNumberToSign(config: CardanoTransactionsSigningConfig, blockNumber: bigint): bigint {
  const rounded = (config.step / BLOCK_RANGE_LENGTH) * BLOCK_RANGE_LENGTH;
  // biome-ignore lint/complexity/useMathMinMax: bigint operands (Math.max takes numbers)
  const step = rounded > BLOCK_RANGE_LENGTH ? rounded : BLOCK_RANGE_LENGTH;
  const offset = blockNumber > config.securityParameter ? blockNumber - config.securityParameter : 0n;
  const signed = (offset / step) * step;
  return signed > 0n ? signed - 1n : 0n;
}
