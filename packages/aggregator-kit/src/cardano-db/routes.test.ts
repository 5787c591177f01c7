import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  computeCardanoDatabaseId,
  computeCardanoDatabaseMerkleRoot,
  computeSnapshotDigest,
  parseCardanoDatabaseSnapshot,
  parseSnapshot,
} from '@mithril/sdk';
import { createTestNetwork, steppingClock } from '@mithril/testing/test-network';
import mitt from 'mitt';
import { createStorage } from 'unstorage';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../config.js';
import { type AggregatorContext, createMemo } from '../context.js';
import { createFetchHandler } from '../http.js';
import { createArtifact } from '../steps/artifacts.js';
import { AggregatorStore, type OpenMessageRecord } from '../store.js';
import type { AggregatorEvents } from '../types.js';
import { createInlineVerifier } from '../verifiers/inline.js';
import { createEd25519AncillarySigner } from './node/ancillary.js';
import { createCardanoDbArtifacts } from './node/builder.js';
import { fileSha256 } from './node/files.js';
import { fixtureDatabase, removeTempDirs, tempDir, unpack } from './test-helpers.js';

afterAll(removeTempDirs);

const URL_ROOT = 'http://localhost:8080/aggregator';

async function aggregatorWithDatabase() {
  const db = await fixtureDatabase();
  const work = await tempDir('cdb-routes');
  const cardanoDatabase = await createCardanoDbArtifacts({
    dbDirectory: db,
    workDirectory: work,
    aggregatorUrl: URL_ROOT,
    ancillarySigner: createEd25519AncillarySigner(new Uint8Array(32).fill(7)),
  });
  const { options } = createTestNetwork({ k: 5n, m: 50n, phiF: 0.65 });
  const ctx: AggregatorContext = {
    config: resolveConfig({ ...options, network: 'devnet', cardanoDatabase }),
    store: new AggregatorStore(createStorage(), 'cdb-routes'),
    chain: options.chain,
    clock: steppingClock(),
    events: mitt<AggregatorEvents>(),
    verifier: createInlineVerifier(),
    memo: createMemo(),
  };
  const fetch = createFetchHandler(ctx);
  const get = (path: string) => fetch(new Request(`http://localhost:8080/aggregator${path}`));
  return { db, ctx, get };
}

function openMessage(type: string, parts: Record<string, string>): OpenMessageRecord {
  return {
    key: `${type}-7-2`,
    type: type as OpenMessageRecord['type'],
    beacon: '7',
    epoch: '7',
    parts,
    signedMessage: '00'.repeat(32),
    createdAt: '2026-05-21T14:42:05.985584391Z',
    createdAtNanos: '0',
    expiresAtNanos: '0',
    isCertified: true,
    isExpired: false,
  };
}

async function digestsOf(db: string, n: number): Promise<{ immutableFileName: string; digest: string }[]> {
  const out = [];
  for (let i = 0; i <= n; i++) {
    for (const ext of ['chunk', 'primary', 'secondary']) {
      const name = `${String(i).padStart(5, '0')}.${ext}`;
      out.push({ immutableFileName: name, digest: await fileSha256(join(db, 'immutable', name)) });
    }
  }
  return out;
}

describe('Cardano database artifact routes', () => {
  it('builds the artifact after a CardanoDatabase certificate and serves it, its digests and its archives', async () => {
    const { db, ctx, get } = await aggregatorWithDatabase();
    expect(await (await get('/artifact/cardano-database')).json()).toEqual([]);
    const root = computeCardanoDatabaseMerkleRoot(await digestsOf(db, 2), 2n);
    const hash = await createArtifact(ctx, openMessage('CardanoDatabase', { cardano_database_merkle_root: root }), 'c'.repeat(64));
    expect(hash).toBe(computeCardanoDatabaseId(7n, root));

    const list = (await (await get('/artifact/cardano-database')).json()) as { hash: string; merkle_root: string }[];
    expect(list.map((i) => [i.hash, i.merkle_root])).toEqual([[hash, root]]);
    const response = await get(`/artifact/cardano-database/${hash}`);
    expect(response.status).toBe(200);
    const artifact = parseCardanoDatabaseSnapshot(await response.text());
    expect(artifact.beacon).toEqual({ epoch: 7n, immutableFileNumber: 2n });
    expect(artifact.certificateHash).toBe('c'.repeat(64));
    expect(artifact.digests.locations.at(-1)).toEqual({ type: 'aggregator', uri: `${URL_ROOT}/artifact/cardano-database/digests` });
    // Sizes as the reference counts them: immutables 1..n, their average over n, plus the ancillary files.
    let immutables = 0n;
    for (const d of (await digestsOf(db, 2)).slice(3)) immutables += BigInt((await stat(join(db, 'immutable', d.immutableFileName))).size);
    expect(artifact.immutables.averageSizeUncompressed).toBe(immutables / 2n);
    expect(artifact.totalDbSizeUncompressed).toBe(immutables + artifact.ancillary.sizeUncompressed);

    const digests = (await (await get('/artifact/cardano-database/digests')).json()) as { immutable_file_name: string; digest: string }[];
    expect(digests.map((d) => ({ immutableFileName: d.immutable_file_name, digest: d.digest }))).toEqual(await digestsOf(db, 2));

    // Every location answers the archive the local uploader published.
    const template = artifact.immutables.locations[0]!.uriTemplate;
    const archive = await get(template.replace('{immutable_file_number}', '00001').slice(URL_ROOT.length));
    expect(archive.status).toBe(200);
    const dir = await tempDir('cdb-served');
    await writeFile(join(dir, '00001.tar.zst'), Buffer.from(await archive.arrayBuffer()));
    const entries = await unpack(join(dir, '00001.tar.zst'), join(dir, 'out'));
    for (const entry of entries) expect(await readFile(join(dir, 'out', entry))).toEqual(await readFile(join(db, entry)));
    for (const location of [artifact.digests.locations[0]!, artifact.ancillary.locations[0]!]) {
      expect((await get(location.uri.slice(URL_ROOT.length))).status).toBe(200);
    }
    expect((await get('/cardano-database-download/immutable/99999.tar.zst')).status).toBe(404);
    expect((await get('/cardano-database-download/ledger/00001.tar.zst')).status).toBe(404);
    expect((await get('/cardano-database-download/immutable/..%2F..%2Fsecret')).status).toBe(404);
    expect((await get(`/artifact/cardano-database/${'0'.repeat(64)}`)).status).toBe(404);
  });

  it('stores no artifact when the database does not give the signed Merkle root', async () => {
    const { ctx, get } = await aggregatorWithDatabase();
    const hash = await createArtifact(ctx, openMessage('CardanoDatabase', { cardano_database_merkle_root: 'ab'.repeat(32) }), 'c'.repeat(64));
    expect(hash).toBeUndefined();
    expect(await (await get('/artifact/cardano-database')).json()).toEqual([]);
  });

  it('builds and serves the legacy full snapshot after a CardanoImmutableFilesFull certificate', async () => {
    const { db, ctx, get } = await aggregatorWithDatabase();
    const fileDigests = (await digestsOf(db, 2)).map((d) => d.digest);
    const digest = computeSnapshotDigest({ network: 'devnet', epoch: 7n, immutableFileNumber: 2n }, fileDigests);
    expect(await createArtifact(ctx, openMessage('CardanoImmutableFilesFull', { snapshot_digest: digest }), 'd'.repeat(64))).toBe(digest);
    const snapshot = parseSnapshot(await (await get(`/artifact/snapshot/${digest}`)).text());
    expect(snapshot.locations).toEqual([`${URL_ROOT}/snapshot_download/devnet-e7-i2.${digest}.tar.gz`]);
    expect(snapshot.ancillaryLocations).toEqual([`${URL_ROOT}/snapshot_download/devnet-e7-i2.${digest}.ancillary.tar.zst`]);
    expect(snapshot.compressionAlgorithm).toBe('gzip');
    const list = (await (await get('/artifact/snapshots')).json()) as { digest: string }[];
    expect(list.map((s) => s.digest)).toEqual([digest]);
    const download = await get(`/artifact/snapshot/${digest}/download`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/gzip');
    const dir = await tempDir('cdb-legacy');
    await writeFile(join(dir, 'full.tar.gz'), Buffer.from(await download.arrayBuffer()));
    const entries = await unpack(join(dir, 'full.tar.gz'), join(dir, 'out'));
    expect(entries).toHaveLength(9);
    for (const entry of entries) expect(await readFile(join(dir, 'out', entry))).toEqual(await readFile(join(db, entry)));
    expect(BigInt((await readFile(join(dir, 'full.tar.gz'))).length)).toBe(snapshot.size);
  });
});
