/**
 * `mithril <artifact kind> list | download`, one command group per artifact kind the CLI serves, each driven by the
 * SDK's artifact kind descriptor (routes, parse, binding to its certificate).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  ARTIFACT_KINDS,
  listArtifacts,
  verifyArtifact,
  type ArtifactKind,
  type ArtifactKindDescriptor,
  type CardanoStakeDistribution,
  type MithrilClient,
  type MithrilStakeDistribution,
  type StakeDistributionListItem,
} from '@mithril/sdk';
import { makeClient, progress, type CommandContext } from '../context.js';
import { listRows, table } from '../format.js';
import { toJsonText } from '../json.js';
import { EXIT_OK, noMoreArgs, requireArg, UsageError } from '../usage.js';
import { checkTarget, resolveArtifactId } from './target.js';

/** The artifact kinds the CLI lists and downloads: the stake distributions, which need no local data to verify. */
type CliArtifactKind = ArtifactKindDescriptor<ArtifactKind, MithrilStakeDistribution | CardanoStakeDistribution, StakeDistributionListItem>;

/** An artifact command group: its names (the first is the long one) and its kind. */
export interface ArtifactGroup {
  readonly names: readonly string[];
  readonly kind: CliArtifactKind;
}

/** The artifact command groups, in help order. */
export const ARTIFACT_GROUPS: readonly ArtifactGroup[] = [
  { names: ['mithril-stake-distribution', 'msd'], kind: ARTIFACT_KINDS.msd },
  { names: ['cardano-stake-distribution', 'csd'], kind: ARTIFACT_KINDS.csd },
];

const EPOCH = /^(\d+|latest(-\d+)?)$/i;

/**
 * The item route a download target names: for kinds with a by-epoch route an epoch, `latest` or `latest-N` (the
 * aggregator resolves them), otherwise a hash or `latest` (the first of the list).
 */
async function targetRoute(client: MithrilClient, kind: CliArtifactKind, target: string): Promise<string> {
  const byEpoch = kind.routes.extra.find((r) => r.serves === 'item-by-epoch');
  if (byEpoch !== undefined && EPOCH.test(target)) return byEpoch.path.replace(':epoch', target.toLowerCase());
  if (byEpoch === undefined) return kind.itemPath(await resolveArtifactId(client, kind, target));
  return kind.itemPath(checkTarget(target, 'hash, an epoch, latest or latest-N', false));
}

/**
 * Runs an artifact subcommand: `list`, or `download <target>` (fetch, verify the certificate chain and the binding,
 * then write the artifact exactly as received to `<download-dir>/<hash>.json`).
 *
 * @param group - the command group
 * @param groupName - the name it was called by, for errors
 * @param command - the subcommand
 * @param ctx - the command context
 * @returns {@link EXIT_OK}
 * @throws {UsageError} on an unknown subcommand or bad arguments
 */
export async function runArtifactCommand(group: ArtifactGroup, groupName: string, command: string, ctx: CommandContext): Promise<number> {
  const { values, positionals, io, resources, json, out } = ctx;
  const { kind } = group;
  if (command === 'list') {
    noMoreArgs(positionals, 2);
    const client = await makeClient(values, io, false, resources);
    const items = await listArtifacts(client, kind);
    out(json ? toJsonText(items.map((item) => kind.listItemToJson(item))) : table(listRows(items)));
    return EXIT_OK;
  }
  if (command !== 'download') throw new UsageError(`unknown subcommand ${groupName} ${command}`);

  const hasEpochRoute = kind.routes.extra.some((r) => r.serves === 'item-by-epoch');
  const target = requireArg(positionals, 2, hasEpochRoute ? 'artifact hash or epoch' : 'artifact hash or latest');
  const client = await makeClient(values, io, true, resources);
  const dir = resolve(io.cwd ?? process.cwd(), values['download-dir'] ?? '.');
  let path: string;
  let summary: { hash: string; epoch: bigint; certificateHash: string };
  const done = progress(client, io);
  try {
    const route = await targetRoute(client, kind, target);
    const text = await client.http.getText(route);
    const artifact = kind.parse(text);
    await verifyArtifact(client, kind, artifact, undefined);
    summary = artifact;
    path = join(dir, `${kind.id(artifact)}.json`);
    await mkdir(dir, { recursive: true });
    await writeFile(path, text);
  } finally {
    done();
  }
  if (json) {
    out(
      toJsonText({
        hash: summary.hash,
        epoch: summary.epoch,
        certificate_hash: summary.certificateHash,
        verified: true,
        path,
      }),
    );
  } else {
    out(`${kind.title} ${summary.hash} (epoch ${summary.epoch}) verified against certificate ${summary.certificateHash}; written to ${path}`);
  }
  return EXIT_OK;
}
