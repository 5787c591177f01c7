import { readFixtureJson, readFixtureText, startFixtureServer, type FixtureServer } from '@mithril/testing';
import { createStorage } from 'unstorage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACT_KINDS } from '../artifacts/kinds.js';
import { isMithrilError } from '../errors.js';
import { artifactEpochPath, getArtifact, getArtifactByEpoch, listArtifacts, verifyArtifact } from './artifacts.js';
import { createMithrilClient, type MithrilClient } from './client.js';

const DIR = 'aggregator-fake-2026-05';
const DEVNET_KEY = readFixtureJson<{ devnet_genesis_verification_key: { json_hex: string } }>('genesis-keys.json').devnet_genesis_verification_key
  .json_hex;

let server: FixtureServer;
let client: MithrilClient;
beforeAll(async () => {
  server = await startFixtureServer();
  client = createMithrilClient({ aggregatorEndpoint: server.url, genesisVerificationKey: DEVNET_KEY, cache: createStorage() });
});
afterAll(async () => {
  await server.close();
});

describe('artifact actions driven by the kind descriptors', () => {
  it('list and get any kind through its routes', async () => {
    const kind = ARTIFACT_KINDS['cardano-database'];
    const items = await listArtifacts(client, kind);
    expect(items).toEqual(kind.parseList(readFixtureText(DIR, 'cardano-databases-list.json')));
    const artifact = await getArtifact(client, kind, items[0]!.hash);
    expect(kind.listItem(artifact)).toEqual(items[0]);
  });

  it('get a Cardano stake distribution by epoch and verify it, and refuse a kind without an epoch route', async () => {
    const first = (await listArtifacts(client, ARTIFACT_KINDS.csd))[0]!;
    const csd = await getArtifactByEpoch(client, ARTIFACT_KINDS.csd, first.epoch);
    expect(csd.hash).toBe(first.hash);
    const verified = await verifyArtifact(client, ARTIFACT_KINDS.csd, csd, undefined);
    expect(verified.certificate.hash).toBe(csd.certificateHash);
    expect(artifactEpochPath(ARTIFACT_KINDS.csd, 12n)).toBe('artifact/cardano-stake-distribution/epoch/12');
    for (const bad of [() => artifactEpochPath(ARTIFACT_KINDS.msd, 1), () => artifactEpochPath(ARTIFACT_KINDS.csd, -1)]) {
      try {
        bad();
        expect.unreachable();
      } catch (error) {
        expect(isMithrilError(error) && error.code).toBe('CLIENT_INVALID_OPTIONS');
      }
    }
  });
});
