/**
 * `mithril tools cardano-db digest <db-dir>`: what a signer would sign for a local Cardano node database folder (the
 * per-file digests, the v2 Merkle root and, with a network and an epoch, the legacy v1 snapshot digest), so SPOs can
 * inspect their own database. Nothing is fetched: no aggregator or genesis key is needed.
 */
import { resolve } from 'node:path';
import { computeImmutableFilesMerkleRoot, computeSnapshotDigest } from '@mithril/sdk';
import { computeImmutableFileDigests } from '@mithril/sdk/node';
import type { CommandContext } from '../context.js';
import { toJsonText } from '../json.js';
import { EXIT_OK, requireArg, UsageError } from '../usage.js';

/** The names the tools group answers to. */
export const TOOLS_GROUP_NAMES: readonly string[] = ['tools'];

const U64 = /^\d{1,20}$/;
const U64_MAX = (1n << 64n) - 1n;

function u64Option(value: string | undefined, name: string): bigint | undefined {
  if (value === undefined) return undefined;
  const parsed = U64.test(value) ? BigInt(value) : undefined;
  if (parsed === undefined || parsed > U64_MAX) throw new UsageError(`--${name} must be a whole number (u64), got ${value}`);
  return parsed;
}

/**
 * Runs a `tools` subcommand: `cardano-db digest <db-dir> [--immutable N] [--network NAME --epoch E] [--json]`.
 * Without `--immutable` it takes the newest completed immutable file, as a signer would.
 *
 * @param command - the subcommand (`cardano-db`)
 * @param ctx - the command context
 * @returns {@link EXIT_OK}
 * @throws {UsageError} on an unknown subcommand or bad arguments
 * @throws {CardanoDbError} when the folder has no immutable folder or not enough immutable files
 */
export async function runToolsCommand(command: string, ctx: CommandContext): Promise<number> {
  const { values, positionals, io, json, out } = ctx;
  if (command !== 'cardano-db') throw new UsageError(`unknown subcommand tools ${command}`);
  if (positionals[2] !== 'digest') throw new UsageError(`unknown subcommand tools cardano-db ${positionals[2] ?? '(none)'}`);
  const dbDir = resolve(io.cwd ?? process.cwd(), requireArg(positionals, 3, 'database folder'));
  const upTo = u64Option(values.immutable, 'immutable');
  const epoch = u64Option(values.epoch, 'epoch');
  const network = values.network;
  if ((network === undefined) !== (epoch === undefined)) throw new UsageError('--network and --epoch go together');
  if (network === '') throw new UsageError('--network must not be empty');

  const { immutableFileNumber, digests } = await computeImmutableFileDigests(dbDir, upTo === undefined ? {} : { upTo });
  const merkleRoot = computeImmutableFilesMerkleRoot(digests.map((d) => d.digest));
  const snapshotDigest =
    network === undefined || epoch === undefined
      ? undefined
      : computeSnapshotDigest(
          { network, epoch, immutableFileNumber },
          digests.map((d) => d.digest),
        );
  if (json) {
    out(
      toJsonText({
        immutable_file_number: immutableFileNumber,
        digests: digests.map((d) => ({ immutable_file_name: d.immutableFileName, digest: d.digest })),
        merkle_root: merkleRoot,
        ...(snapshotDigest === undefined ? {} : { snapshot_digest: snapshotDigest }),
      }),
    );
    return EXIT_OK;
  }
  const lines = [
    `Immutable file number: ${immutableFileNumber} (${digests.length} files)`,
    ...digests.map((d) => `  ${d.digest}  ${d.immutableFileName}`),
    `Merkle root (cardano_database_merkle_root): ${merkleRoot}`,
  ];
  if (snapshotDigest !== undefined) lines.push(`Snapshot digest (snapshot_digest, ${network} epoch ${epoch}): ${snapshotDigest}`);
  out(lines.join('\n'));
  return EXIT_OK;
}
