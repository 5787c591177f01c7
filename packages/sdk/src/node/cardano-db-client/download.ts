/**
 * Verified, resumable download of a Cardano database snapshot into a node-ready folder (nodes.md §5.7, §9.2): check
 * the range, the target and the free space; verify the certificate chain; download the digests list and bind it to
 * the certified Merkle root; download the immutable archives with bounded parallelism and location fallback,
 * checking each file against its certified digest with the SHA-256 computed while it was written (no second read); optionally add the signed ancillary
 * files; write the node markers. A folder is only returned once every file of the range is verified.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import mitt, { type Emitter } from 'mitt';
import { verifyCertificateChain, type CardanoDatabaseSnapshot, type Certificate, type MithrilClientBase } from '@mithril/sdk';
import { moveAncillaryFiles, parseAncillaryVerificationKey, verifyAncillaryFolder } from './ancillary.js';
import { downloadCardanoDatabaseDigests, sortLocations, verifyDigestsAgainstCertificate } from './digests.js';
import { CardanoDbDownloadError } from './errors.js';
import type { CardanoDbEvents } from './events.js';
import { findMismatchingFiles, type FileMismatch, immutableFileNames } from './local-files.js';
import {
  checkFreeSpace,
  clearDownloadState,
  type ImmutableRange,
  prepareTarget,
  readDownloadState,
  requiredSpace,
  resolveRange,
  type StatfsPort,
  writeDownloadState,
} from './preflight.js';
import { downloadAndUnpack, UNPACK_WRITE_BUFFER, type UnpackFsPort } from './unpack.js';

/** Network magic written into `protocolMagicId` for the public networks and the devnet. */
const NETWORK_MAGIC: Readonly<Record<string, string>> = { mainnet: '764824073', preprod: '1', preview: '2', devnet: '42' };

/**
 * Options of {@link downloadCardanoDatabase}.
 *
 * @example
 * await downloadCardanoDatabase(client, snapshot, { targetDir: './restore', start: 0n, end: 1200n, allowOverride: true });
 */
export interface DownloadCardanoDatabaseOptions {
  /** The folder that becomes the node database (`immutable/`, `ledger/`, `volatile/`). */
  readonly targetDir: string;
  /** First immutable number (default 0). */
  readonly start?: bigint | undefined;
  /** Last immutable number (default the beacon's). */
  readonly end?: bigint | undefined;
  /** Also download the ancillary files (last trio and ledger state); the range must then end at the beacon. */
  readonly includeAncillary?: boolean | undefined;
  /** Ed25519 key the ancillary manifest is signed with (hex or JSON-hex); required with `includeAncillary`. */
  readonly ancillaryVerificationKey?: string | undefined;
  /** Overwrite an existing database in the target folder. */
  readonly allowOverride?: boolean | undefined;
  /** Most archives downloaded at once (default 20). */
  readonly maxParallelDownloads?: number | undefined;
  /** The snapshot's certificate, already chain-verified (default: verified here with the client). */
  readonly certificate?: Certificate | undefined;
  /** Progress events (default: a new emitter, returned in the result). */
  readonly events?: Emitter<CardanoDbEvents> | undefined;
  /** Fetch used for the archives (default: the global one). */
  readonly fetch?: typeof globalThis.fetch | undefined;
  /** Free-space probe (default `fs.statfs`). */
  readonly statfs?: StatfsPort | undefined;
  /** File writes of the unpack (default `fs.createWriteStream`). */
  readonly fs?: UnpackFsPort | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * A restored, verified database.
 *
 * @example
 * const { dbDir, range, verifiedDigests } = await downloadCardanoDatabase(client, snapshot, { targetDir: './restore' });
 * console.log(`${verifiedDigests.size} files verified in ${dbDir}`);
 */
export interface DownloadCardanoDatabaseResult {
  readonly dbDir: string;
  readonly certificate: Certificate;
  readonly range: ImmutableRange;
  /** Certified digest per immutable file name, up to the beacon. */
  readonly verifiedDigests: ReadonlyMap<string, string>;
  /** Archives fetched by this call (the others were already on disk from an interrupted run). */
  readonly downloadedImmutables: readonly bigint[];
  readonly includesAncillary: boolean;
}

/**
 * A new emitter for the download events, to subscribe before the download starts.
 *
 * @returns a mitt emitter of {@link CardanoDbEvents}
 * @example
 * const events = createCardanoDbEvents();
 * events.on('CardanoDatabaseImmutableDownloadCompleted', (e) => console.log(e.immutableFileNumber));
 */
export function createCardanoDbEvents(): Emitter<CardanoDbEvents> {
  return mitt<CardanoDbEvents>();
}

/**
 * Expands an immutables location template for one number, zero-padded to 5 digits (trap 45).
 *
 * @param template - a URI with `{immutable_file_number}`
 * @param immutableFileNumber - the number
 * @returns the URI
 * @example
 * expandImmutableTemplate('https://x/{immutable_file_number}.tar.zst', 7n); // 'https://x/00007.tar.zst'
 */
export function expandImmutableTemplate(template: string, immutableFileNumber: bigint): string {
  return template.replaceAll('{immutable_file_number}', immutableFileNumber.toString().padStart(5, '0'));
}

/** Runs tasks with at most `limit` at once; the first failure stops launching new ones and is rethrown. */
async function runBounded(items: readonly bigint[], limit: number, task: (item: bigint) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const item = items[next++]!;
      try {
        await task(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure !== undefined) throw failure.error;
}

function numbersOf(range: ImmutableRange): bigint[] {
  const out: bigint[] = [];
  for (let n = range.start; n <= range.end; n++) out.push(n);
  return out;
}

async function removeImmutable(dbDir: string, number: bigint): Promise<void> {
  await Promise.all(immutableFileNames(number).map((name) => rm(join(dbDir, 'immutable', name), { force: true })));
}

/**
 * Downloads, unpacks and verifies a Cardano database snapshot into a node-ready folder, resuming an interrupted
 * download of the same snapshot in that folder without fetching its finished archives again.
 *
 * @param client - the client (certificate chain verification, ids)
 * @param snapshot - the snapshot, from `getArtifact(client, ARTIFACT_KINDS['cardano-database'], hash)`
 * @param options - target folder, range, ancillary, parallelism, ports
 * @returns the verified folder and what was downloaded
 * @throws {CardanoDbDownloadError} `CDB_INVALID_OPTIONS`, `CDB_TARGET_NOT_EMPTY`, `CDB_NOT_ENOUGH_SPACE`, `CDB_DISK_FULL`,
 *   `CDB_DIGESTS_UNCERTIFIED`, `CDB_DOWNLOAD_FAILED`, `CDB_ARCHIVE_INVALID`, `CDB_UNSAFE_ARCHIVE_ENTRY`,
 *   `CDB_DIGEST_MISMATCH` (naming every file), `CDB_ANCILLARY_INVALID`
 * @throws {CertificateError | ArtifactError | ClientError} from the chain verification and the snapshot binding
 * @example
 * const snapshot = await getArtifact(client, ARTIFACT_KINDS['cardano-database'], hash);
 * const { dbDir } = await downloadCardanoDatabase(client, snapshot, { targetDir: './db' });
 */
export async function downloadCardanoDatabase(
  client: MithrilClientBase,
  snapshot: CardanoDatabaseSnapshot,
  options: DownloadCardanoDatabaseOptions,
): Promise<DownloadCardanoDatabaseResult & { readonly events: Emitter<CardanoDbEvents> }> {
  const events = options.events ?? mitt<CardanoDbEvents>();
  const fetch = options.fetch ?? globalThis.fetch;
  const fs = options.fs ?? { createWriteStream: (path: string) => createWriteStream(path, { highWaterMark: UNPACK_WRITE_BUFFER }) };
  const { targetDir, signal } = options;
  const includeAncillary = options.includeAncillary === true;
  const range = resolveRange(snapshot, options.start, options.end);
  if (includeAncillary && range.end !== snapshot.beacon.immutableFileNumber) {
    throw new CardanoDbDownloadError('CDB_INVALID_OPTIONS', 'the ancillary files need a range ending at the beacon', { field: 'end' });
  }
  const ancillaryKey = includeAncillary ? ancillaryKeyOf(options.ancillaryVerificationKey) : undefined;
  const previous = await readDownloadState(targetDir, snapshot.hash);
  await prepareTarget(targetDir, includeAncillary, options.allowOverride === true, previous !== undefined);
  await checkFreeSpace(targetDir, requiredSpace(snapshot, range, includeAncillary), options.statfs);
  await mkdir(join(targetDir, 'immutable'), { recursive: true });

  const certificate = options.certificate ?? (await verifyCertificateChain(client, { hash: snapshot.certificateHash, signal })).certificate;
  const digests = await downloadCardanoDatabaseDigests(snapshot, fetch, signal);
  const verifiedDigests = verifyDigestsAgainstCertificate(certificate, snapshot, digests);
  const downloadId = client.randomId();
  events.emit('CardanoDatabaseDigestsVerified', { downloadId, files: verifiedDigests.size });

  const wanted = numbersOf(range);
  const done = new Set<bigint>();
  if (previous !== undefined) {
    const kept = previous.done.filter((n) => n >= range.start && n <= range.end);
    for (const n of kept) if ((await findMismatchingFiles(targetDir, [n], verifiedDigests)).length === 0) done.add(n);
  }
  const todo = wanted.filter((n) => !done.has(n));
  events.emit('CardanoDatabaseStarted', {
    downloadId,
    totalImmutableFiles: wanted.length,
    resumedImmutableFiles: done.size,
    includeAncillary,
  });
  await writeDownloadState(targetDir, { snapshotHash: snapshot.hash, done: [...done] });

  const templates = snapshot.immutables.locations.map((l) => l.uriTemplate);
  const mismatches: FileMismatch[] = [];
  let stateWrite = Promise.resolve();
  await runBounded(todo, options.maxParallelDownloads ?? 20, async (number) => {
    const names = new Set(immutableFileNames(number).map((name) => `immutable/${name}`));
    events.emit('CardanoDatabaseImmutableDownloadStarted', { downloadId, immutableFileNumber: number });
    let uri: string;
    let written: ReadonlyMap<string, string>;
    try {
      ({ uri, digests: written } = await downloadAndUnpack({
        uris: templates.map((t) => expandImmutableTemplate(t, number)),
        targetDir,
        allowEntry: (path) => names.has(path),
        fetch,
        fs,
        signal,
        onProgress: (downloadedBytes) =>
          events.emit('CardanoDatabaseImmutableDownloadProgress', { downloadId, immutableFileNumber: number, downloadedBytes }),
      }));
    } catch (error) {
      await removeImmutable(targetDir, number);
      throw error;
    }
    const bad = mismatchesOfWritten(number, written, verifiedDigests);
    if (bad.length > 0) {
      for (const file of bad) mismatches.push(file);
      await removeImmutable(targetDir, number);
      return;
    }
    done.add(number);
    stateWrite = stateWrite.then(() => writeDownloadState(targetDir, { snapshotHash: snapshot.hash, done: [...done] }));
    await stateWrite;
    events.emit('CardanoDatabaseImmutableDownloadCompleted', { downloadId, immutableFileNumber: number, uri });
  });
  await stateWrite;
  if (mismatches.length > 0) {
    mismatches.sort((a, b) => (a.file < b.file ? -1 : 1));
    const list = mismatches.map((m) => `${m.file} (${m.problem})`).join(', ');
    throw new CardanoDbDownloadError('CDB_DIGEST_MISMATCH', `downloaded files do not match the certified digests: ${list}`, {
      field: 'immutable',
      details: { files: mismatches },
    });
  }

  if (ancillaryKey !== undefined) {
    events.emit('CardanoDatabaseAncillaryDownloadStarted', { downloadId });
    const files = await downloadAncillary(snapshot, targetDir, `ancillary-${downloadId}`, ancillaryKey, { fetch, fs, signal });
    events.emit('CardanoDatabaseAncillaryDownloadCompleted', { downloadId, files });
  }
  await mkdir(join(targetDir, 'ledger'), { recursive: true });
  await mkdir(join(targetDir, 'volatile'), { recursive: true });
  await writeFile(join(targetDir, 'clean'), '');
  const magic = NETWORK_MAGIC[certificate.metadata.network];
  if (magic !== undefined) await writeFile(join(targetDir, 'protocolMagicId'), magic);
  await clearDownloadState(targetDir);
  events.emit('CardanoDatabaseCompleted', { downloadId });
  return {
    dbDir: targetDir,
    certificate,
    range,
    verifiedDigests,
    downloadedImmutables: todo,
    includesAncillary: includeAncillary,
    events,
  };
}

/**
 * The files of a freshly unpacked immutable number that fail their certified digest, judged on the SHA-256 taken
 * while each was written: the same problems {@link findMismatchingFiles} names for a folder on disk.
 */
function mismatchesOfWritten(number: bigint, written: ReadonlyMap<string, string>, certified: ReadonlyMap<string, string>): FileMismatch[] {
  const out: FileMismatch[] = [];
  for (const name of immutableFileNames(number)) {
    const file = `immutable/${name}`;
    const expected = certified.get(name);
    const actual = written.get(file);
    if (expected === undefined) out.push({ file, problem: 'uncertified' });
    else if (actual === undefined) out.push({ file, problem: 'missing' });
    else if (actual !== expected) out.push({ file, problem: 'tampered' });
  }
  return out;
}

function ancillaryKeyOf(key: string | undefined): Uint8Array {
  if (key === undefined) {
    throw new CardanoDbDownloadError('CDB_INVALID_OPTIONS', 'including the ancillary files needs their verification key', {
      field: 'ancillaryVerificationKey',
    });
  }
  return parseAncillaryVerificationKey(key);
}

async function downloadAncillary(
  snapshot: CardanoDatabaseSnapshot,
  dbDir: string,
  scratchName: string,
  key: Uint8Array,
  ports: { fetch: typeof globalThis.fetch; fs: UnpackFsPort; signal: AbortSignal | undefined },
): Promise<number> {
  const scratch = join(dbDir, scratchName);
  try {
    const { files } = await downloadAndUnpack({
      uris: sortLocations(snapshot.ancillary.locations).map((l) => l.uri),
      targetDir: scratch,
      allowEntry: () => true,
      ...ports,
    });
    const manifest = await verifyAncillaryFolder(scratch, files, key);
    await moveAncillaryFiles(scratch, manifest, dbDir);
    return manifest.data.size;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
