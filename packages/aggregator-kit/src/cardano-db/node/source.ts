/**
 * `createCardanoDbSource`: the Node implementation of the {@link CardanoDbSource} port over a node database folder,
 * with the SDK's digests (nodes.md §5.1, §5.3). Digests are cached by file name: immutable files never change.
 */
import { computeDatabaseMerkleRoot, computeDatabaseSnapshotDigest, listCompletedImmutableFiles } from '@mithril/sdk/node';
import type { CardanoDbSource } from '../source.js';

/**
 * Creates the database source an aggregator signs CardanoDatabase from.
 *
 * @param dbDirectory - the node database folder (holding `immutable/`)
 * @returns the source; `latestImmutableFileNumber` answers `undefined` while no immutable file is completed
 * @example
 * const source = createCardanoDbSource('node/db');
 * await source.latestImmutableFileNumber(); // 41n
 */
export function createCardanoDbSource(dbDirectory: string): CardanoDbSource {
  const cache = new Map<string, string>();
  return {
    async latestImmutableFileNumber() {
      const files = await listCompletedImmutableFiles(dbDirectory).catch(() => []);
      return files.at(-1)?.number;
    },
    async cardanoDatabaseMerkleRoot(immutableFileNumber) {
      return (await computeDatabaseMerkleRoot(dbDirectory, { upTo: immutableFileNumber, cache })).merkleRoot;
    },
    async snapshotDigest({ network, epoch, immutableFileNumber }) {
      return (await computeDatabaseSnapshotDigest(dbDirectory, { network, epoch, upTo: immutableFileNumber, cache })).snapshotDigest;
    },
  };
}
