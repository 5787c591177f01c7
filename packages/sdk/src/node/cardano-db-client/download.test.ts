import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ARTIFACT_KINDS, createMithrilClient, getArtifact, isMithrilError } from '@mithril/sdk';
import { buildTarZst, type CardanoDbServer, startCardanoDbServer } from '@mithril/testing/cardano-db-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadCardanoDatabase, type DownloadCardanoDatabaseOptions } from './download.js';
import { verifyCardanoDatabaseFolder } from './verify-folder.js';

let server: CardanoDbServer;
let target: string;

beforeEach(async () => {
  server = await startCardanoDbServer();
  target = join(await mkdtemp(join(tmpdir(), 'cdb-client-')), 'db');
});
afterEach(async () => {
  await server.close();
  await rm(join(target, '..'), { recursive: true, force: true });
});

async function setup() {
  const client = createMithrilClient({
    aggregatorEndpoint: server.aggregatorEndpoint,
    genesisVerificationKey: server.genesisVerificationKey,
    retry: 0,
  });
  const snapshot = await getArtifact(client, ARTIFACT_KINDS['cardano-database'], server.snapshotHash);
  return { client, snapshot };
}

async function download(options: Partial<DownloadCardanoDatabaseOptions> = {}) {
  const { client, snapshot } = await setup();
  return downloadCardanoDatabase(client, snapshot, { targetDir: target, ...options });
}

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (isMithrilError<string>(error)) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

function trio(stem: string, mutate?: (path: string, bytes: Buffer) => Buffer) {
  return ['chunk', 'primary', 'secondary'].map((ext) => {
    const path = `immutable/${stem}.${ext}`;
    const bytes = readFileSync(join(server.sourceDir, path));
    return { path, content: mutate?.(path, bytes) ?? bytes };
  });
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('downloadCardanoDatabase', () => {
  it('restores a verified node-ready folder that verify then accepts', async () => {
    const events: string[] = [];
    const { client, snapshot } = await setup();
    const { default: mitt } = await import('mitt');
    const emitter = mitt<import('./events.js').CardanoDbEvents>();
    emitter.on('*', (type) => events.push(type));
    const result = await downloadCardanoDatabase(client, snapshot, { targetDir: target, events: emitter });
    expect(result.downloadedImmutables).toEqual([0n, 1n, 2n]);
    expect(listFiles(target)).toEqual([
      'clean',
      ...['00000', '00001', '00002'].flatMap((s) => ['chunk', 'primary', 'secondary'].map((e) => `immutable/${s}.${e}`)),
      'protocolMagicId',
    ]);
    expect(existsSync(join(target, 'ledger'))).toBe(true);
    expect(existsSync(join(target, 'volatile'))).toBe(true);
    for (const f of listFiles(join(target, 'immutable'))) {
      expect(readFileSync(join(target, 'immutable', f)).equals(readFileSync(join(server.sourceDir, 'immutable', f)))).toBe(true);
    }
    expect(events[0]).toBe('CardanoDatabaseDigestsVerified');
    expect(events.filter((e) => e === 'CardanoDatabaseImmutableDownloadCompleted')).toHaveLength(3);
    expect(events.at(-1)).toBe('CardanoDatabaseCompleted');
    const verified = await verifyCardanoDatabaseFolder(client, snapshot, target);
    expect(verified.checkedFiles).toBe(9);
  });

  it('names the file whose byte was flipped, on download and on verify', async () => {
    server.intercept = (path) =>
      path.endsWith('/00001.tar.zst')
        ? {
            status: 200,
            body: buildTarZst(trio('00001', (p, b) => (p.endsWith('.chunk') ? Buffer.from(b.map((x, i) => (i === 100 ? x ^ 1 : x))) : b))),
          }
        : undefined;
    const error = await failure(download());
    expect(error.code).toBe('CDB_DIGEST_MISMATCH');
    expect(error.message).toContain('immutable/00001.chunk (tampered)');
    expect(existsSync(join(target, 'immutable', '00001.chunk'))).toBe(false);
    expect(existsSync(join(target, 'clean'))).toBe(false);

    server.intercept = () => undefined;
    await download();
    const path = join(target, 'immutable', '00002.secondary');
    const bytes = readFileSync(path);
    bytes[7] = bytes[7]! ^ 0xff;
    writeFileSync(path, bytes);
    const { client, snapshot } = await setup();
    const verifyError = await failure(verifyCardanoDatabaseFolder(client, snapshot, target));
    expect(verifyError.code).toBe('CDB_DIGEST_MISMATCH');
    expect(verifyError.details?.files).toEqual([{ file: 'immutable/00002.secondary', problem: 'tampered' }]);
  });

  it('falls back to the next location when one answers 404', async () => {
    server.intercept = (path) => (path.startsWith('/a/') ? { status: 404 } : undefined);
    const result = await download();
    expect(result.downloadedImmutables).toHaveLength(3);
    expect(server.count('/a/')).toBe(3);
    expect(server.count('/b/')).toBe(3);
  });

  it('rejects a corrupt and a truncated archive with a typed error and no verified folder', async () => {
    server.intercept = (path) => (path.endsWith('/00000.tar.zst') ? { status: 200, body: Buffer.from('not a zstd stream at all') } : undefined);
    expect((await failure(download())).code).toBe('CDB_ARCHIVE_INVALID');
    expect(existsSync(join(target, 'clean'))).toBe(false);
    const whole = buildTarZst(trio('00000'));
    server.intercept = (path) => (path.endsWith('/00000.tar.zst') ? { status: 200, body: whole.subarray(0, whole.length >> 1) } : undefined);
    expect(['CDB_ARCHIVE_INVALID', 'CDB_DIGEST_MISMATCH']).toContain((await failure(download({ allowOverride: true }))).code);
    expect(existsSync(join(target, 'clean'))).toBe(false);
  });

  it('refuses a path-traversal entry without writing it', async () => {
    server.intercept = (path) =>
      path.endsWith('/00000.tar.zst')
        ? { status: 200, body: buildTarZst([{ path: '../escaped', content: Buffer.from('x') }, ...trio('00000')]) }
        : undefined;
    const error = await failure(download());
    expect(error.code).toBe('CDB_UNSAFE_ARCHIVE_ENTRY');
    expect(error.message).toContain('../escaped');
    expect(existsSync(join(target, '..', 'escaped'))).toBe(false);
  });

  it('rejects a digests list that disagrees with the certified root', async () => {
    await server.close();
    server = await startCardanoDbServer({ digestsOverride: (d) => d.map((e, i) => (i === 4 ? { ...e, digest: '00'.repeat(32) } : e)) });
    expect((await failure(download())).code).toBe('CDB_DIGESTS_UNCERTIFIED');
    expect(server.count('/a/') + server.count('/b/')).toBe(0);
  });

  it('checks free space first and reports a full disk while writing', async () => {
    const small = await failure(download({ statfs: async () => ({ bavail: 10, bsize: 4096 }) }));
    expect(small.code).toBe('CDB_NOT_ENOUGH_SPACE');
    expect(server.count('/a/')).toBe(0);
    const full = {
      createWriteStream: () =>
        new Writable({
          write(_chunk, _encoding, callback) {
            callback(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
          },
        }),
    };
    const error = await failure(download({ fs: full, maxParallelDownloads: 1 }));
    expect(error.code).toBe('CDB_DISK_FULL');
    expect(existsSync(join(target, 'clean'))).toBe(false);
  });

  it('resumes an interrupted download without fetching the finished archives again', async () => {
    server.intercept = (path) => (path.endsWith('/00002.tar.zst') ? { status: 503 } : undefined);
    expect((await failure(download({ maxParallelDownloads: 1 }))).code).toBe('CDB_DOWNLOAD_FAILED');
    expect(existsSync(join(target, '.mithril-download-state.json'))).toBe(true);
    const before = [server.count('/a/files/00000'), server.count('/a/files/00001')];
    server.intercept = () => undefined;
    const result = await download();
    expect(result.downloadedImmutables).toEqual([2n]);
    expect([server.count('/a/files/00000'), server.count('/a/files/00001')]).toEqual(before);
    expect(existsSync(join(target, '.mithril-download-state.json'))).toBe(false);
  });
});

describe('downloadCardanoDatabase interrupted', () => {
  it('resumes after an abort halfway without fetching the finished archives again', async () => {
    const { client, snapshot } = await setup();
    const controller = new AbortController();
    const { createCardanoDbEvents } = await import('./download.js');
    const events = createCardanoDbEvents();
    events.on('CardanoDatabaseImmutableDownloadCompleted', () => controller.abort());
    const error = await failure(
      downloadCardanoDatabase(client, snapshot, { targetDir: target, events, signal: controller.signal, maxParallelDownloads: 1 }),
    );
    expect(error.code).toBe('CLIENT_ABORTED');
    expect(existsSync(join(target, 'clean'))).toBe(false);
    expect(server.requests.filter((p) => p.startsWith('/a/'))).toEqual(['/a/files/00000.tar.zst']);
    const second = await downloadCardanoDatabase(client, snapshot, { targetDir: target });
    expect(second.downloadedImmutables).toEqual([1n, 2n]);
    expect(server.count('/a/files/00000')).toBe(1);
  });
});
