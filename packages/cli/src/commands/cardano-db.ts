/**
 * `mithril cardano-db snapshot list|show`, `mithril cardano-db download` and `mithril cardano-db verify`: Cardano
 * database snapshots (v2), with the reference client's names and flags.
 */
import { resolve } from 'node:path';
import {
  ARTIFACT_KINDS,
  getArtifact,
  listArtifacts,
  type CardanoDatabaseSnapshot,
  type CardanoDatabaseSnapshotListItem,
  type MithrilClient,
} from '@mithril/sdk';
import { makeClient, progress, type CommandContext } from '../context.js';
import { table } from '../format.js';
import { toJsonText } from '../json.js';
import { EXIT_OK, noMoreArgs, requireArg, UsageError } from '../usage.js';
import { followDownload } from './cardano-db-progress.js';
import { resolveArtifactId } from './target.js';

const KIND = ARTIFACT_KINDS['cardano-database'];

function rows(items: readonly CardanoDatabaseSnapshotListItem[]): string[][] {
  return [
    ['EPOCH', 'IMMUTABLE', 'HASH', 'MERKLE ROOT', 'SIZE', 'CREATED AT'],
    ...items.map((i) => [
      String(i.beacon.epoch),
      String(i.beacon.immutableFileNumber),
      i.hash,
      i.merkleRoot,
      String(i.totalDbSizeUncompressed),
      i.createdAt.text,
    ]),
  ];
}

/** Fetches the snapshot a target names: a hash, or `latest` (the first of the list). */
async function snapshotOf(client: MithrilClient, target: string): Promise<CardanoDatabaseSnapshot> {
  return getArtifact(client, KIND, await resolveArtifactId(client, KIND, target));
}

function bigintOption(value: string | undefined, name: string): bigint | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,19}$/.test(value)) throw new UsageError(`--${name} must be an immutable file number, got ${value}`);
  return BigInt(value);
}

/** The `--start`/`--end` range; a reversed range is a usage error, caught before anything is fetched. */
function rangeOptions(values: CommandContext['values']): { start: bigint | undefined; end: bigint | undefined } {
  const start = bigintOption(values.start, 'start');
  const end = bigintOption(values.end, 'end');
  if (start !== undefined && end !== undefined && start > end) throw new UsageError(`--start ${start} is after --end ${end}`);
  return { start, end };
}

function showLines(s: CardanoDatabaseSnapshot): string {
  const lines = [
    ['Hash', s.hash],
    ['Merkle root', s.merkleRoot],
    ['Network', s.network],
    ['Epoch', String(s.beacon.epoch)],
    ['Immutable file number', String(s.beacon.immutableFileNumber)],
    ['Certificate hash', s.certificateHash],
    ['Database size', `${s.totalDbSizeUncompressed} bytes`],
    ['Cardano node version', s.cardanoNodeVersion],
    ['Created at', s.createdAt.text],
    ...s.immutables.locations.map((l) => ['Immutables location', l.uriTemplate]),
    ...s.digests.locations.map((l) => ['Digests location', l.uri]),
    ...s.ancillary.locations.map((l) => ['Ancillary location', l.uri]),
  ];
  const width = Math.max(...lines.map(([k]) => (k as string).length));
  return lines.map(([k, v]) => `${(k as string).padEnd(width)}  ${v}`).join('\n');
}

async function snapshotCommand(ctx: CommandContext): Promise<number> {
  const { values, positionals, io, resources, json, out } = ctx;
  const sub = positionals[2];
  const client = await makeClient(values, io, false, resources);
  if (sub === 'list') {
    noMoreArgs(positionals, 3);
    const items = await listArtifacts(client, KIND);
    out(json ? toJsonText(items.map((i) => KIND.listItemToJson(i))) : table(rows(items)));
    return EXIT_OK;
  }
  if (sub === 'show') {
    const snapshot = await snapshotOf(client, requireArg(positionals, 3, 'snapshot hash or latest'));
    out(json ? toJsonText(KIND.toJson(snapshot)) : showLines(snapshot));
    return EXIT_OK;
  }
  throw new UsageError(sub === undefined ? 'missing subcommand for cardano-db snapshot' : `unknown subcommand cardano-db snapshot ${sub}`);
}

async function downloadCommand(ctx: CommandContext): Promise<number> {
  const { values, positionals, io, resources, json, out } = ctx;
  const target = requireArg(positionals, 2, 'snapshot hash or latest');
  const includeAncillary = values['include-ancillary'] === true;
  const ancillaryKey = values['ancillary-verification-key'] ?? io.env.ANCILLARY_VERIFICATION_KEY;
  if (includeAncillary && (ancillaryKey === undefined || ancillaryKey.trim() === '')) {
    throw new UsageError('--include-ancillary needs --ancillary-verification-key or ANCILLARY_VERIFICATION_KEY');
  }
  const { start, end } = rangeOptions(values);
  const client = await makeClient(values, io, true, resources);
  const { createCardanoDbEvents, downloadCardanoDatabase } = await import('@mithril/sdk/node');
  const events = createCardanoDbEvents();
  const targetDir = resolve(io.cwd ?? process.cwd(), values['download-dir'] ?? '.', 'db');
  const snapshot = await snapshotOf(client, target);
  const stopChain = progress(client, io);
  const stopDownload = followDownload(events, io);
  let result: Awaited<ReturnType<typeof downloadCardanoDatabase>>;
  try {
    result = await downloadCardanoDatabase(client, snapshot, {
      targetDir,
      start,
      end,
      includeAncillary,
      ancillaryVerificationKey: ancillaryKey,
      allowOverride: values['allow-override'] === true,
      events,
      ...(io.fetch !== undefined && { fetch: io.fetch }),
      ...(io.signal !== undefined && { signal: io.signal }),
    });
  } finally {
    stopDownload();
    stopChain();
  }
  if (json) {
    out(
      toJsonText({
        snapshot_hash: snapshot.hash,
        certificate_hash: result.certificate.hash,
        db_dir: result.dbDir,
        immutable_file_range: { start: result.range.start, end: result.range.end },
        downloaded_immutables: result.downloadedImmutables.length,
        include_ancillary: result.includesAncillary,
        verified: true,
      }),
    );
  } else {
    out(
      `Cardano database ${snapshot.hash} (immutables ${result.range.start}-${result.range.end}) restored and verified in ${result.dbDir}\n` +
        `Start a node with: cardano-node run --database-path ${result.dbDir} ...`,
    );
  }
  return EXIT_OK;
}

async function verifyCommand(ctx: CommandContext): Promise<number> {
  const { values, positionals, io, resources, json, out } = ctx;
  const target = requireArg(positionals, 2, 'snapshot hash or latest');
  const dbDirOption = values['db-dir'];
  if (dbDirOption === undefined) throw new UsageError('cardano-db verify needs --db-dir');
  const { start, end } = rangeOptions(values);
  const client = await makeClient(values, io, true, resources);
  const { verifyCardanoDatabaseFolder } = await import('@mithril/sdk/node');
  const snapshot = await snapshotOf(client, target);
  const dbDir = resolve(io.cwd ?? process.cwd(), dbDirOption);
  const stop = progress(client, io);
  let verified: Awaited<ReturnType<typeof verifyCardanoDatabaseFolder>>;
  try {
    verified = await verifyCardanoDatabaseFolder(client, snapshot, dbDir, {
      start,
      end,
      ...(io.fetch !== undefined && { fetch: io.fetch }),
      ...(io.signal !== undefined && { signal: io.signal }),
    });
  } finally {
    stop();
  }
  if (json) {
    out(
      toJsonText({
        snapshot_hash: snapshot.hash,
        certificate_hash: verified.certificate.hash,
        db_dir: dbDir,
        immutable_file_range: { start: verified.range.start, end: verified.range.end },
        checked_files: verified.checkedFiles,
        verified: true,
      }),
    );
  } else {
    out(`${verified.checkedFiles} immutable files of ${dbDir} match Cardano database ${snapshot.hash} (certificate ${verified.certificate.hash})`);
  }
  return EXIT_OK;
}

/**
 * Runs a `cardano-db` subcommand: `snapshot list|show`, `download`, `verify`.
 *
 * @param command - the subcommand
 * @param ctx - the command context
 * @returns {@link EXIT_OK}
 * @throws {UsageError} on an unknown subcommand or bad arguments
 */
export async function runCardanoDbCommand(command: string, ctx: CommandContext): Promise<number> {
  if (command === 'snapshot') return snapshotCommand(ctx);
  if (command === 'download') return downloadCommand(ctx);
  if (command === 'verify') return verifyCommand(ctx);
  throw new UsageError(`unknown subcommand cardano-db ${command}`);
}
