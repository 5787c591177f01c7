import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARTIFACT_KINDS, createMithrilClient, getArtifact, isMithrilError, listArtifacts } from '@mithril/sdk';
import { buildTarZst, type CardanoDbServer, startCardanoDbServer } from '@mithril/testing/cardano-db-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadSnapshot } from './legacy-snapshot.js';

let server: CardanoDbServer;
let root: string;
beforeEach(async () => {
  server = await startCardanoDbServer();
  root = await mkdtemp(join(tmpdir(), 'cdb-legacy-'));
});
afterEach(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

async function restore(targetDir: string) {
  const client = createMithrilClient({ aggregatorEndpoint: server.aggregatorEndpoint, genesisVerificationKey: server.genesisVerificationKey });
  const [item] = await listArtifacts(client, ARTIFACT_KINDS.snapshot);
  expect(item?.digest).toBe(server.legacySnapshotDigest);
  const snapshot = await getArtifact(client, ARTIFACT_KINDS.snapshot, server.legacySnapshotDigest);
  return downloadSnapshot(client, snapshot, { targetDir });
}

describe('downloadSnapshot (legacy v1)', () => {
  it('restores the full archive and matches the v1 snapshot digest, from the next location after a 404', async () => {
    server.intercept = (path) => (path.startsWith('/a/') ? { status: 404 } : undefined);
    const dir = join(root, 'db');
    const result = await restore(dir);
    expect(result.uri).toContain('/b/files/full.tar.zst');
    expect(readFileSync(join(dir, 'immutable', '00002.chunk')).equals(readFileSync(join(server.sourceDir, 'immutable', '00002.chunk')))).toBe(true);
    expect(existsSync(join(dir, 'immutable', '00003.chunk'))).toBe(false);
  });

  it('fails the v1 digest check on a flipped byte', async () => {
    const entries = ['00000', '00001', '00002'].flatMap((stem) =>
      ['chunk', 'primary', 'secondary'].map((ext) => {
        const path = `immutable/${stem}.${ext}`;
        const content = Buffer.from(readFileSync(join(server.sourceDir, path)));
        if (path === 'immutable/00001.primary') content[3] = content[3]! ^ 4;
        return { path, content };
      }),
    );
    server.intercept = (path) => (path.endsWith('/full.tar.zst') ? { status: 200, body: buildTarZst(entries) } : undefined);
    const dir = join(root, 'db');
    const error = await restore(dir).catch((e: unknown) => e);
    expect(isMithrilError<string>(error) && error.code).toBe('CDB_DIGEST_MISMATCH');
    expect(existsSync(join(dir, 'clean'))).toBe(false);
  });
});
