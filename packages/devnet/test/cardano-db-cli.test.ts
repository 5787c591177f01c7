import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type ServerType, serve } from '@hono/node-server';
import { createCardanoDbArtifacts, createEd25519AncillarySigner } from '@mithril/aggregator-kit/node';
import { genesisVerificationKeyFromSecret } from '@mithril/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalNetwork, type LocalNetwork } from '../src/local-network.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const cliMain = join(root, 'packages', 'cli', 'src', 'main.ts');
const GENESIS_SECRET = '33'.repeat(32);
// The command runs from a folder outside the checkout, so the tsx loader is named by its file URL.
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function seeded(): (length: number) => Uint8Array {
  let n = 0;
  return (length) => {
    n++;
    return Uint8Array.from({ length }, (_, i) => (n * 89 + i * 31 + 3) & 0xff);
  };
}

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let workDir: string;
let server: ServerType;
let network: LocalNetwork;
let endpoint: string;

/** Runs the real `mithril` executable (node + tsx on the CLI sources) against the devnet aggregator. */
function mithril(args: readonly string[]): Promise<Outcome> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--conditions=source', '--import', tsx, cliMain, ...args],
      {
        cwd: workDir,
        env: {
          PATH: process.env.PATH ?? '',
          AGGREGATOR_ENDPOINT: endpoint,
          GENESIS_VERIFICATION_KEY: genesisVerificationKeyFromSecret(GENESIS_SECRET),
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) => done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'mithril-cdb-cli-'));
  // The server listens first: the artifacts' locations name the aggregator's real loopback URL.
  let handler: ((request: Request) => Promise<Response>) | undefined;
  const port = await new Promise<number>((listening) => {
    server = serve(
      { fetch: (request) => handler?.(request) ?? Promise.resolve(new Response(null, { status: 503 })), port: 0, hostname: '127.0.0.1' },
      (info) => listening(info.port),
    );
  });
  endpoint = `http://127.0.0.1:${port}/aggregator`;
  const dbDirectory = join(workDir, 'node-db');
  const cardanoDatabase = await createCardanoDbArtifacts({
    dbDirectory,
    workDirectory: join(workDir, 'aggregator-cdb'),
    aggregatorUrl: endpoint,
    ancillarySigner: createEd25519AncillarySigner('44'.repeat(32)),
  });
  network = createLocalNetwork({
    genesisSecretKey: GENESIS_SECRET,
    randomBytes: seeded(),
    dbDirectory,
    cardanoDatabase,
    aggregatorEndpoint: endpoint,
  });
  handler = (request) => network.aggregator.fetch(request);
  for (let epoch = 1n; epoch <= 3n; epoch++) {
    if (epoch > 1n) network.advanceEpoch();
    await network.settleEpoch(8);
  }
}, 120_000);

afterAll(async () => {
  await network?.close();
  await new Promise<void>((done) => (server === undefined ? done() : server.close(() => done())));
  await rm(workDir, { recursive: true, force: true });
});

describe('mithril cardano-db against a devnet', () => {
  it('lists the devnet snapshots, downloads latest into a node-ready folder, verifies it, and names a flipped byte', async () => {
    const list = await mithril(['cardano-db', 'snapshot', 'list', '--json']);
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    const items = JSON.parse(list.stdout) as { hash: string; beacon: { immutable_file_number: number } }[];
    expect(items.length).toBeGreaterThanOrEqual(1);
    const latest = items[0]!;

    // A relative --download-dir resolves against the working directory of the command.
    const download = await mithril(['cardano-db', 'download', 'latest', '--download-dir', 'restore', '--json']);
    expect(download.code, download.stderr).toBe(0);
    const dbDir = join(workDir, 'restore', 'db');
    expect(JSON.parse(download.stdout)).toMatchObject({
      snapshot_hash: latest.hash,
      db_dir: dbDir,
      immutable_file_range: { start: 0, end: latest.beacon.immutable_file_number },
      downloaded_immutables: latest.beacon.immutable_file_number + 1,
      verified: true,
    });
    // Node-ready: the immutable trios of the range, the ledger and volatile folders, the clean marker and the magic.
    const entries = readdirSync(dbDir).sort();
    expect(entries).toEqual(['clean', 'immutable', 'ledger', 'protocolMagicId', 'volatile']);
    expect(readdirSync(join(dbDir, 'immutable'))).toHaveLength(3 * (latest.beacon.immutable_file_number + 1));
    for (const name of readdirSync(join(dbDir, 'immutable'))) {
      expect(readFileSync(join(dbDir, 'immutable', name)).equals(readFileSync(join(workDir, 'node-db', 'immutable', name)))).toBe(true);
    }

    const verify = await mithril(['cardano-db', 'verify', 'latest', '--db-dir', 'restore/db']);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toContain(`match Cardano database ${latest.hash}`);

    const victim = join(dbDir, 'immutable', '00001.primary');
    const bytes = readFileSync(victim);
    bytes[3] = bytes[3]! ^ 0x01;
    writeFileSync(victim, bytes);
    const tampered = await mithril(['cardano-db', 'verify', latest.hash, '--db-dir', dbDir]);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toBe('');
    expect(tampered.stderr).toContain('[CDB_DIGEST_MISMATCH]');
    expect(tampered.stderr).toContain('immutable/00001.primary (tampered)');
  }, 60_000);
});
