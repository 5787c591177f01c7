/**
 * Liveness of `npm start`: after every tick, say when the aggregator's runner is blocked and why; when it is blocked by
 * an epoch gap (the chain moved on while nothing was certified) the devnet, which holds its genesis secret, starts a
 * new chain with a fresh genesis certificate and says so; a critical error stops the devnet.
 */
import type { Aggregator } from '@mithril/aggregator-kit';

/** What the devnet loop does after a tick. */
export type LivenessVerdict = 'ok' | 'critical';

/**
 * Creates the after-tick check of the devnet loop.
 *
 * @param aggregator - returns the current aggregator (it is replaced on a simulated restart)
 * @param say - writes one line for the operator
 * @returns the check: `critical` when the runner stopped on a critical error
 * @example
 * const check = livenessCheck(() => network.aggregator, (line) => process.stderr.write(`${line}\n`));
 * if ((await check(epoch)) === 'critical') await shutdown(1);
 */
export function livenessCheck(aggregator: () => Aggregator, say: (line: string) => void): (epoch: bigint) => Promise<LivenessVerdict> {
  let lastReason: string | undefined;
  let rebootstrappedAt: bigint | undefined;
  return async (epoch) => {
    const current = aggregator();
    if (current.runner.crashed) return 'critical';
    const reason = current.runner.blockedReason;
    if (reason !== lastReason) {
      if (reason !== undefined) say(`devnet: aggregator blocked (${reason}) at epoch ${epoch}`);
      else if (lastReason !== undefined) say(`devnet: aggregator unblocked at epoch ${epoch}`);
      lastReason = reason;
    }
    if (reason === 'EpochGap' && rebootstrappedAt !== epoch) {
      let hash: string;
      try {
        hash = await current.genesis.bootstrap();
      } catch (error) {
        // No signer registered for this epoch yet: tried again after the next tick.
        say(`devnet: cannot re-bootstrap yet: ${error instanceof Error ? error.message : String(error)}`);
        return 'ok';
      }
      rebootstrappedAt = epoch;
      say(
        `devnet: the certificate chain has an epoch gap; re-bootstrapped with a new genesis certificate ${hash.slice(0, 16)}… at epoch ${epoch} (certificates resume next epoch)`,
      );
    }
    return 'ok';
  };
}
