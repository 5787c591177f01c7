import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { computeCardanoDatabaseMerkleRoot, isMithrilError } from '@mithril/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { ancillaryManifestMessage, immutablesTemplate } from './names.js';
import { createEd25519AncillarySigner } from './node/ancillary.js';
import { createCardanoDbArtifacts } from './node/builder.js';
import { fileSha256 } from './node/files.js';
import { createLocalUploader } from './node/local-uploader.js';
import type { ArtifactUploader } from './ports.js';
import { fixtureDatabase, removeTempDirs, tempDir, unpack } from './test-helpers.js';

afterAll(removeTempDirs);

const SEED = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const URL_ROOT = 'http://localhost:8080/aggregator';
const REQUEST = { network: 'devnet', epoch: 7n, immutableFileNumber: 2n };

async function setup(uploaders?: (local: ArtifactUploader) => ArtifactUploader[]) {
  const db = await fixtureDatabase();
  const work = await tempDir('cdb-work');
  const local = createLocalUploader({ directory: join(work, 'served'), aggregatorUrl: URL_ROOT });
  const port = await createCardanoDbArtifacts({
    dbDirectory: db,
    workDirectory: work,
    aggregatorUrl: URL_ROOT,
    ancillarySigner: createEd25519AncillarySigner(SEED),
    retry: { attempts: 3, delayMs: 0 },
    ...(uploaders !== undefined && { uploaders: uploaders(local) }),
  });
  return { db, work, served: join(work, 'served'), port };
}

describe('Cardano database v2 artifacts', () => {
  it('archives each immutable trio, byte for byte, under the reference names and template location', async () => {
    const { db, served, port } = await setup();
    const built = await port.buildCardanoDatabase(REQUEST);
    expect(built.immutablesLocations).toEqual([
      {
        type: 'cloud_storage',
        uriTemplate: `${URL_ROOT}/cardano-database-download/immutable/{immutable_file_number}.tar.zst`,
        compressionAlgorithm: 'zstandard',
      },
    ]);
    expect((await readdir(join(served, 'immutable'))).sort()).toEqual(['00000.tar.zst', '00001.tar.zst', '00002.tar.zst']);
    for (const n of ['00000', '00001', '00002']) {
      const out = await tempDir('cdb-unpack');
      const entries = await unpack(join(served, 'immutable', `${n}.tar.zst`), out);
      expect(entries).toEqual([`immutable/${n}.chunk`, `immutable/${n}.primary`, `immutable/${n}.secondary`]);
      for (const entry of entries) expect(await readFile(join(out, entry))).toEqual(await readFile(join(db, entry)));
    }
    // Files 1..n, as the reference counts them.
    const sizes = await Promise.all(
      ['00001', '00002'].flatMap((n) =>
        ['chunk', 'primary', 'secondary'].map(async (e) => (await readFile(join(db, 'immutable', `${n}.${e}`))).length),
      ),
    );
    expect(built.immutablesTotalSize).toBe(BigInt(sizes.reduce((a, b) => a + b, 0)));
  });

  it('writes the digests file: one entry per file 0..n, each the SHA-256 of the file, giving the Merkle root', async () => {
    const { db, served, port } = await setup();
    const built = await port.buildCardanoDatabase(REQUEST);
    expect(built.digestsLocations).toEqual([
      { type: 'cloud_storage', uri: `${URL_ROOT}/cardano-database-download/digests/devnet-e7-i2.digests.tar.zst`, compressionAlgorithm: 'zstandard' },
    ]);
    const out = await tempDir('cdb-digests');
    expect(await unpack(join(served, 'digests', 'devnet-e7-i2.digests.tar.zst'), out)).toEqual(['devnet-e7-i2.digests.json']);
    const text = await readFile(join(out, 'devnet-e7-i2.digests.json'), 'utf8');
    expect(BigInt(text.length)).toBe(built.digestsSizeUncompressed);
    const list = JSON.parse(text) as { immutable_file_name: string; digest: string }[];
    expect(list.map((d) => d.immutable_file_name)).toEqual(
      ['00000', '00001', '00002'].flatMap((n) => [`${n}.chunk`, `${n}.primary`, `${n}.secondary`]),
    );
    for (const entry of list) expect(entry.digest).toBe(await fileSha256(join(db, 'immutable', entry.immutable_file_name)));
    const root = computeCardanoDatabaseMerkleRoot(
      list.map((d) => ({ immutableFileName: d.immutable_file_name, digest: d.digest })),
      2n,
    );
    expect(computeCardanoDatabaseMerkleRoot(built.digests, 2n)).toBe(root);
    expect(await port.latestDigests()).toEqual(built.digests);
  });

  it('fails with a typed error when the database stops before the beacon', async () => {
    const { port } = await setup();
    const error = await port.buildCardanoDatabase({ ...REQUEST, immutableFileNumber: 5n }).catch((e: unknown) => e);
    expect(isMithrilError(error, 'AGGREGATOR_ARTIFACT_FAILED')).toBe(true);
    expect(isMithrilError((error as Error).cause, 'CARDANO_DB_NOT_ENOUGH_IMMUTABLE')).toBe(true);
    expect(await readdir(port.pendingDirectory)).toEqual([]);
  });

  it('reuses the archive of an immutable file already built', async () => {
    const { served, port } = await setup();
    await port.buildCardanoDatabase({ ...REQUEST, immutableFileNumber: 1n });
    const first = await readFile(join(served, 'immutable', '00000.tar.zst'));
    await port.buildCardanoDatabase(REQUEST);
    expect(await readFile(join(served, 'immutable', '00000.tar.zst'))).toEqual(first);
    expect((await readdir(join(served, 'immutable'))).length).toBe(3);
  });
});

describe('ancillary archive', () => {
  it('holds the trio n + 1, the latest ledger snapshot and a manifest whose Ed25519 signature verifies', async () => {
    const { db, served, port } = await setup();
    const built = await port.buildCardanoDatabase(REQUEST);
    expect(built.ancillaryLocations).toEqual([
      {
        type: 'cloud_storage',
        uri: `${URL_ROOT}/cardano-database-download/ancillary/devnet-e7-i2.ancillary.tar.zst`,
        compressionAlgorithm: 'zstandard',
      },
    ]);
    const out = await tempDir('cdb-ancillary');
    const entries = await unpack(join(served, 'ancillary', 'devnet-e7-i2.ancillary.tar.zst'), out);
    expect(entries).toEqual([
      'immutable/00003.chunk',
      'immutable/00003.primary',
      'immutable/00003.secondary',
      'ledger/2400/meta',
      'ledger/2400/state',
      'ledger/2400/tables/tvar',
      'ancillary_manifest.json',
    ]);
    for (const entry of entries.slice(0, -1)) expect(await readFile(join(out, entry))).toEqual(await readFile(join(db, entry)));
    const manifest = JSON.parse(await readFile(join(out, 'ancillary_manifest.json'), 'utf8')) as { data: Record<string, string>; signature: string };
    expect(Object.keys(manifest.data)).toEqual(entries.slice(0, -1));
    for (const [path, hash] of Object.entries(manifest.data)) expect(hash).toBe(await fileSha256(join(out, path)));
    const publicKey = ed25519.getPublicKey(SEED);
    const signature = Uint8Array.from(Buffer.from(manifest.signature, 'hex'));
    expect(signature.length).toBe(64);
    expect(ed25519.verify(signature, ancillaryManifestMessage(manifest.data), publicKey)).toBe(true);
    // A changed file changes its hash: the signature no longer covers the manifest.
    await writeFile(join(out, 'ledger/2400/state'), 'tampered');
    const changed = { ...manifest.data, 'ledger/2400/state': await fileSha256(join(out, 'ledger/2400/state')) };
    expect(ed25519.verify(signature, ancillaryManifestMessage(changed), publicKey)).toBe(false);
  });

  it('fails with a typed error when the database has no ledger snapshot', async () => {
    const db = await fixtureDatabase();
    const work = await tempDir('cdb-work');
    await rm(join(db, 'ledger'), { recursive: true });
    const port = await createCardanoDbArtifacts({
      dbDirectory: db,
      workDirectory: work,
      aggregatorUrl: URL_ROOT,
      ancillarySigner: createEd25519AncillarySigner(SEED),
    });
    const error = await port.buildCardanoDatabase(REQUEST).catch((e: unknown) => e);
    expect(isMithrilError(error, 'AGGREGATOR_ARTIFACT_FAILED')).toBe(true);
    expect(String((error as Error).message)).toContain('ledger');
  });
});

describe('uploads and the pending folder', () => {
  it('retries a failing upload', async () => {
    let calls = 0;
    const { port, served } = await setup((local) => [
      {
        locationType: 'cloud_storage',
        upload(path, kind, name) {
          calls++;
          if (calls % 2 === 1) return Promise.reject(new Error('transient'));
          return local.upload(path, kind, name);
        },
      },
    ]);
    const built = await port.buildCardanoDatabase(REQUEST);
    // 3 immutables + digests + ancillary, each failing once before succeeding.
    expect(calls).toBe(10);
    expect(built.ancillaryLocations).toHaveLength(1);
    expect((await readdir(join(served, 'immutable'))).length).toBe(3);
  });

  it('fails with a typed error when every attempt fails, and leaves the pending folder empty', async () => {
    let calls = 0;
    const { port } = await setup(() => [
      {
        locationType: 'cloud_storage',
        upload() {
          calls++;
          return Promise.reject(new Error('bucket unavailable'));
        },
      },
    ]);
    const error = await port.buildCardanoDatabase(REQUEST).catch((e: unknown) => e);
    expect(calls).toBe(3);
    expect(isMithrilError(error, 'AGGREGATOR_ARTIFACT_FAILED')).toBe(true);
    expect((error as Error).message).toContain('immutable archives');
    expect(await readdir(port.pendingDirectory)).toEqual([]);
  });

  it('keeps the locations of the uploaders that succeed when another one fails', async () => {
    const broken: ArtifactUploader = { locationType: 'cloud_storage', upload: () => Promise.reject(new Error('bucket unavailable')) };
    const { port } = await setup((local) => [broken, local]);
    const built = await port.buildCardanoDatabase(REQUEST);
    expect(built.immutablesLocations).toHaveLength(1);
    expect(built.digestsLocations).toHaveLength(1);
    expect(built.ancillaryLocations).toHaveLength(1);
  });

  it('cleans the pending folder on start and after each artifact', async () => {
    const db = await fixtureDatabase();
    const work = await tempDir('cdb-work');
    await mkdir(join(work, 'pending_snapshot', 'leftover'), { recursive: true });
    await writeFile(join(work, 'pending_snapshot', 'leftover', 'half.tar.zst'), 'interrupted');
    const port = await createCardanoDbArtifacts({
      dbDirectory: db,
      workDirectory: work,
      aggregatorUrl: URL_ROOT,
      ancillarySigner: createEd25519AncillarySigner(SEED),
    });
    expect(await readdir(port.pendingDirectory)).toEqual([]);
    await port.buildCardanoDatabase(REQUEST);
    expect(await readdir(port.pendingDirectory)).toEqual([]);
  });

  it('derives the immutables template from the URL of an uploaded archive', () => {
    expect(immutablesTemplate('https://cdn.example/db/immutable/00042.tar.zst')).toBe(
      'https://cdn.example/db/immutable/{immutable_file_number}.tar.zst',
    );
    expect(() => immutablesTemplate('https://cdn.example/db/immutable/latest.tar.zst')).toThrow(/no immutable file number/);
  });
});
