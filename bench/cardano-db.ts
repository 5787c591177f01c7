/**
 * Cardano database figures (issue "Cardano database snapshots", Benchmarks):
 * - `cardano_db.digest_2gb`: `computeImmutableFileDigests` (what `mithril tools cardano-db digest` runs) over a
 *   generated database of at least 2 GB, floor `sha256sum` of the same files, alternating samples;
 * - `cardano_db.download_verify_peak_rss`: peak RSS of a child process that downloads then verifies the 2 GB range,
 *   floor the same for the first 0.5 GB of it (goal: ratio 1, memory independent of the database size);
 * - `cardano_db.download_throughput`: MB/s of the SDK download of the 2 GB range (chain, digests, unpack and per-file
 *   verification included), floor `curl` fetching the same archives from the same loopback server with the same
 *   parallelism (goal: ratio ≥ 0.8).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { computeImmutableFileDigests } from '@mithril/sdk/node';

import { type BenchCardanoDb, createBenchCardanoDb } from './cardano-db-data.js';

type Figure = (name: string, value: number, floor: number, unit?: string) => void;

const GB = 1e9;
const PARALLEL = 20;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Runs a command to its end, resolving its stdout; rejects on a non-zero exit. */
function run(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited ${code}: ${err.slice(0, 2000)}`))));
  });
}

async function time(task: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await task();
  return performance.now() - start;
}

interface ChildResult {
  readonly downloadMs: number;
  readonly verifyMs: number;
  readonly maxRssBytes: number;
}

async function sdkDownload(db: BenchCardanoDb, end: bigint): Promise<ChildResult> {
  const target = join(db.scratchDir, 'sdk');
  rmSync(target, { recursive: true, force: true });
  try {
    const child = new URL('./cardano-db-child.ts', import.meta.url).pathname;
    const out = await run(process.execPath, [
      '--conditions=source',
      '--import',
      'tsx',
      child,
      db.aggregatorEndpoint,
      db.genesisVerificationKey,
      db.snapshotHash,
      target,
      end.toString(),
    ]);
    return JSON.parse(out.trim().split('\n').at(-1)!) as ChildResult;
  } finally {
    rmSync(target, { recursive: true, force: true });
  }
}

async function curlDownload(db: BenchCardanoDb, end: number): Promise<number> {
  const target = join(db.scratchDir, 'curl');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target);
  try {
    const urls = db.archives.slice(0, end + 1).flatMap((a) => ['-O', a.url]);
    return await time(() => run('curl', ['-sS', '--fail', '-Z', '--parallel-max', String(PARALLEL), '--output-dir', target, ...urls]));
  } finally {
    rmSync(target, { recursive: true, force: true });
  }
}

/** The digest rows: the SDK's streaming SHA-256 against sha256sum and openssl, on a warm page cache, alternating. */
async function digestFigures(db: BenchCardanoDb, figure: Figure): Promise<void> {
  const digest = () => computeImmutableFileDigests(db.dbDir);
  const floor = () => run('sha256sum', db.files);
  const { digests } = await digest();
  if (digests.length !== db.files.length) throw new Error(`digested ${digests.length} files, expected ${db.files.length}`);
  await floor();
  const values: number[] = [];
  const floors: number[] = [];
  for (let i = 0; i < 3; i++) {
    floors.push(await time(floor));
    values.push(await time(digest));
  }
  figure('cardano_db.digest_2gb', median(values), median(floors));
  // Debian's sha256sum does not use the CPU's SHA extensions; OpenSSL (what node:crypto runs) does: a stricter floor.
  const openssl = () => run('openssl', ['dgst', '-sha256', ...db.files]);
  await openssl();
  const strict: number[] = [];
  const again: number[] = [];
  for (let i = 0; i < 3; i++) {
    strict.push(await time(openssl));
    again.push(await time(digest));
  }
  figure('cardano_db.digest_2gb.vs_openssl', median(again), median(strict));
}

/**
 * Prints the Cardano database figures.
 *
 * @param figure - the figure printer of bench/run.ts
 * @param log - progress output
 */
export async function runCardanoDbFigures(figure: Figure, log: (text: string) => void): Promise<void> {
  // BENCH_CARDANO_DB_GB shrinks the database for a quick try; the figures are defined at the default 2 GB.
  const size = Number(process.env['BENCH_CARDANO_DB_GB'] ?? '2') * GB;
  const db = await createBenchCardanoDb(size, log);
  try {
    // BENCH_CARDANO_DB_DOWNLOAD_ONLY=1 skips the digest rows (minutes at 2 GB) to measure only the download rows.
    if (process.env['BENCH_CARDANO_DB_DOWNLOAD_ONLY'] !== '1') await digestFigures(db, figure);

    // 2 and 3. Download + verify in a child process, at 0.5 GB (a prefix range) and at the full 2 GB.
    const end = db.immutableFileNumber;
    const quarter = (end + 1n) / 4n - 1n;
    const archived = (last: bigint) => db.archives.slice(0, Number(last) + 1).reduce((n, a) => n + a.bytes, 0);
    log(`cardano_db: download + verify of ${quarter + 1n} and ${end + 1n} trios`);
    const small = await sdkDownload(db, quarter);
    const curlTimes: number[] = [];
    const sdkRuns: ChildResult[] = [];
    await curlDownload(db, Number(end));
    for (let i = 0; i < 3; i++) {
      curlTimes.push(await curlDownload(db, Number(end)));
      sdkRuns.push(await sdkDownload(db, end));
    }
    const rss = median(sdkRuns.map((r) => r.maxRssBytes));
    figure('cardano_db.download_verify_peak_rss', rss / 1e6, small.maxRssBytes / 1e6, 'MB');
    const bytes = archived(end);
    const sdkRate = bytes / 1e6 / (median(sdkRuns.map((r) => r.downloadMs)) / 1000);
    const curlRate = bytes / 1e6 / (median(curlTimes) / 1000);
    figure('cardano_db.download_throughput', sdkRate, curlRate, 'MB/s');
    log(
      `cardano_db: verify of the restored 2 GB folder took ${(median(sdkRuns.map((r) => r.verifyMs)) / 1000).toFixed(2)} s; 0.5 GB run: download ${(small.downloadMs / 1000).toFixed(2)} s`,
    );
  } finally {
    await db.close();
  }
}
