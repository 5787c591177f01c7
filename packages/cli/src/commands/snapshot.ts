/**
 * `mithril snapshot list|show|download`: legacy full snapshots (v1, CardanoImmutableFilesFull), for aggregators that
 * still serve them (up to release 2617.x).
 */
import { resolve } from 'node:path';
import { ARTIFACT_KINDS, getArtifact, listArtifacts, type MithrilClient, type Snapshot } from '@mithril/sdk';
import { makeClient, progress, type CommandContext } from '../context.js';
import { table } from '../format.js';
import { toJsonText } from '../json.js';
import { EXIT_OK, noMoreArgs, requireArg, UsageError } from '../usage.js';
import { resolveArtifactId } from './target.js';

const KIND = ARTIFACT_KINDS.snapshot;

async function snapshotOf(client: MithrilClient, target: string): Promise<Snapshot> {
  return getArtifact(client, KIND, await resolveArtifactId(client, KIND, target));
}

function showLines(s: Snapshot): string {
  const lines = [
    ['Digest', s.digest],
    ['Network', s.network],
    ['Epoch', String(s.beacon.epoch)],
    ['Immutable file number', String(s.beacon.immutableFileNumber)],
    ['Certificate hash', s.certificateHash],
    ['Size', `${s.size} bytes`],
    ['Compression', s.compressionAlgorithm ?? '(not given)'],
    ['Cardano node version', s.cardanoNodeVersion ?? '(not given)'],
    ['Created at', s.createdAt.text],
    ...s.locations.map((l) => ['Location', l]),
  ];
  const width = Math.max(...lines.map(([k]) => (k as string).length));
  return lines.map(([k, v]) => `${(k as string).padEnd(width)}  ${v}`).join('\n');
}

/**
 * Runs a `snapshot` subcommand: `list`, `show <digest|latest>`, `download <digest|latest>`.
 *
 * @param command - the subcommand
 * @param ctx - the command context
 * @returns {@link EXIT_OK}
 * @throws {UsageError} on an unknown subcommand or bad arguments
 */
export async function runSnapshotCommand(command: string, ctx: CommandContext): Promise<number> {
  const { values, positionals, io, resources, json, out } = ctx;
  if (command === 'list') {
    noMoreArgs(positionals, 2);
    const client = await makeClient(values, io, false, resources);
    const items = await listArtifacts(client, KIND);
    const rows = items.map((s) => [String(s.beacon.epoch), String(s.beacon.immutableFileNumber), s.digest, String(s.size), s.createdAt.text]);
    out(json ? toJsonText(items.map((s) => KIND.toJson(s))) : table([['EPOCH', 'IMMUTABLE', 'DIGEST', 'SIZE', 'CREATED AT'], ...rows]));
    return EXIT_OK;
  }
  if (command === 'show') {
    const client = await makeClient(values, io, false, resources);
    const snapshot = await snapshotOf(client, requireArg(positionals, 2, 'snapshot digest or latest'));
    out(json ? toJsonText(KIND.toJson(snapshot)) : showLines(snapshot));
    return EXIT_OK;
  }
  if (command !== 'download') throw new UsageError(`unknown subcommand snapshot ${command}`);
  const target = requireArg(positionals, 2, 'snapshot digest or latest');
  const client = await makeClient(values, io, true, resources);
  const { downloadSnapshot } = await import('@mithril/sdk/node');
  const snapshot = await snapshotOf(client, target);
  const targetDir = resolve(io.cwd ?? process.cwd(), values['download-dir'] ?? '.', 'db');
  if (io.stderr.isTTY !== true) io.stderr.write(`Downloading snapshot ${snapshot.digest} (${snapshot.size} bytes)\n`);
  const stop = progress(client, io);
  let result: Awaited<ReturnType<typeof downloadSnapshot>>;
  try {
    result = await downloadSnapshot(client, snapshot, {
      targetDir,
      allowOverride: values['allow-override'] === true,
      ...(io.fetch !== undefined && { fetch: io.fetch }),
      ...(io.signal !== undefined && { signal: io.signal }),
    });
  } finally {
    stop();
  }
  if (json) {
    out(
      toJsonText({ digest: snapshot.digest, certificate_hash: result.certificate.hash, db_dir: result.dbDir, location: result.uri, verified: true }),
    );
  } else {
    out(`Snapshot ${snapshot.digest} restored and verified in ${result.dbDir}`);
  }
  return EXIT_OK;
}
