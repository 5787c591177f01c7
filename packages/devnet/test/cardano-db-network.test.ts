import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCardanoDbArtifacts, createEd25519AncillarySigner } from '@mithril/aggregator-kit/node';
import { ARTIFACT_KINDS, getArtifact, isMithrilError, listArtifacts } from '@mithril/sdk';
import { downloadCardanoDatabase, downloadSnapshot, verifyCardanoDatabaseFolder } from '@mithril/sdk/node';
import { afterAll, describe, expect, it } from 'vitest';
import { ancillaryVerificationKeyHex } from '../src/ancillary-key.js';
import { createLocalNetwork } from '../src/local-network.js';

const GENESIS_SECRET = '11'.repeat(32);
const ANCILLARY_SECRET = '22'.repeat(32);
const IN_PROCESS_URL = 'http://aggregator.local/aggregator';

function seeded(): (length: number) => Uint8Array {
  let n = 0;
  return (length) => {
    n++;
    return Uint8Array.from({ length }, (_, i) => (n * 97 + i * 29 + 5) & 0xff);
  };
}

const folders: string[] = [];
afterAll(async () => {
  for (const dir of folders.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('local network with a Cardano database', () => {
  it('certifies CardanoDatabase from the shared database, serves the artifact, and the SDK downloads and verifies it', async () => {
    const root = await mkdtemp(join(tmpdir(), 'mithril-cdb-network-'));
    folders.push(root);
    const dbDirectory = join(root, 'db');
    const cardanoDatabase = await createCardanoDbArtifacts({
      dbDirectory,
      workDirectory: join(root, 'aggregator-cdb'),
      aggregatorUrl: IN_PROCESS_URL,
      ancillarySigner: createEd25519AncillarySigner(ANCILLARY_SECRET),
    });
    const network = createLocalNetwork({ genesisSecretKey: GENESIS_SECRET, randomBytes: seeded(), dbDirectory, cardanoDatabase });
    const produced: string[] = [];
    try {
      network.aggregator.events.on('artifact', ({ kind, hash }) => produced.push(`${kind}:${hash}`));
      for (let epoch = 1n; epoch <= 4n; epoch++) {
        if (epoch > 1n) network.advanceEpoch();
        await network.settleEpoch(8);
      }
      const certificates = await network.client.listCertificates();
      const cdbCertificates = certificates.filter((c) => c.signedEntityType.type === 'CardanoDatabase');
      expect(cdbCertificates.length).toBeGreaterThanOrEqual(1);
      const newest = cdbCertificates[0]!;
      const beacon = newest.signedEntityType as { epoch: bigint; immutableFileNumber: bigint };
      // The beacon is the newest completed immutable file the chain had written (its last trio is still being written).
      expect(beacon.epoch).toBe(newest.epoch);
      // A later epoch signs a later beacon: the immutable file number grew with the chain.
      const numbers = cdbCertificates.map((c) => (c.signedEntityType as { immutableFileNumber: bigint }).immutableFileNumber);
      expect(numbers.length).toBeGreaterThanOrEqual(2);
      expect(numbers[0]! > numbers[1]!).toBe(true);
      const onDisk = readdirSync(join(dbDirectory, 'immutable')).filter((f) => f.endsWith('.chunk')).length;
      expect(beacon.immutableFileNumber).toBeLessThan(BigInt(onDisk));

      const snapshots = await listArtifacts(network.client, ARTIFACT_KINDS['cardano-database']);
      expect(snapshots.length).toBe(cdbCertificates.length);
      expect(produced.filter((p) => p.startsWith('cardano-database:'))).toHaveLength(cdbCertificates.length);
      const snapshot = await getArtifact(network.client, ARTIFACT_KINDS['cardano-database'], snapshots[0]!.hash);
      expect(snapshot.certificateHash).toBe(newest.hash);
      expect(snapshot.beacon.immutableFileNumber).toBe(beacon.immutableFileNumber);

      const inProcessFetch = ((input: RequestInfo | URL, init?: RequestInit) =>
        network.aggregator.fetch(new Request(input, init))) as typeof globalThis.fetch;
      const targetDir = join(root, 'restored');
      const result = await downloadCardanoDatabase(network.client, snapshot, {
        targetDir,
        includeAncillary: true,
        ancillaryVerificationKey: ancillaryVerificationKeyHex(ANCILLARY_SECRET),
        fetch: inProcessFetch,
      });
      expect(result.includesAncillary).toBe(true);
      expect(result.downloadedImmutables.length).toBe(Number(beacon.immutableFileNumber) + 1);
      // Every restored chunk file is the one the signers and the aggregator digested.
      for (const n of [0n, beacon.immutableFileNumber]) {
        const name = `${n.toString().padStart(5, '0')}.chunk`;
        const restored = createHash('sha256')
          .update(readFileSync(join(targetDir, 'immutable', name)))
          .digest('hex');
        const original = createHash('sha256')
          .update(readFileSync(join(dbDirectory, 'immutable', name)))
          .digest('hex');
        expect(restored).toBe(original);
        expect(result.verifiedDigests.get(name)).toBe(original);
      }
      await verifyCardanoDatabaseFolder(network.client, snapshot, targetDir, { fetch: inProcessFetch });

      // A flipped byte in a restored file makes the folder fail verification, naming the file.
      const victim = join(targetDir, 'immutable', '00000.chunk');
      const bytes = readFileSync(victim);
      bytes[0] = (bytes[0] ?? 0) ^ 0xff;
      writeFileSync(victim, bytes);
      const failure = await verifyCardanoDatabaseFolder(network.client, snapshot, targetDir, { fetch: inProcessFetch }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(isMithrilError(failure)).toBe(true);
      expect(String((failure as Error).message)).toContain('00000.chunk');
    } finally {
      await network.close();
    }
  }, 120_000);

  it('certifies the legacy CardanoImmutableFilesFull when enabled, and the SDK downloads the full snapshot with its v1 digest', async () => {
    const root = await mkdtemp(join(tmpdir(), 'mithril-cdb-legacy-'));
    folders.push(root);
    const dbDirectory = join(root, 'db');
    const cardanoDatabase = await createCardanoDbArtifacts({
      dbDirectory,
      workDirectory: join(root, 'aggregator-cdb'),
      aggregatorUrl: IN_PROCESS_URL,
      ancillarySigner: createEd25519AncillarySigner(ANCILLARY_SECRET),
    });
    const network = createLocalNetwork({
      genesisSecretKey: GENESIS_SECRET,
      randomBytes: seeded(),
      dbDirectory,
      cardanoDatabase,
      signedEntityTypes: ['CardanoStakeDistribution', 'CardanoImmutableFilesFull', 'CardanoDatabase'],
    });
    try {
      for (let epoch = 1n; epoch <= 3n; epoch++) {
        if (epoch > 1n) network.advanceEpoch();
        await network.settleEpoch(10);
      }
      const types = (await network.client.listCertificates()).map((c) => c.signedEntityType.type);
      expect(types).toContain('CardanoImmutableFilesFull');
      expect(types).toContain('CardanoDatabase');
      const [listed] = await listArtifacts(network.client, ARTIFACT_KINDS.snapshot);
      const snapshot = await getArtifact(network.client, ARTIFACT_KINDS.snapshot, listed!.digest);
      const inProcessFetch = ((input: RequestInfo | URL, init?: RequestInit) =>
        network.aggregator.fetch(new Request(input, init))) as typeof globalThis.fetch;
      const targetDir = join(root, 'restored');
      const result = await downloadSnapshot(network.client, snapshot, { targetDir, fetch: inProcessFetch });
      const name = `${snapshot.beacon.immutableFileNumber.toString().padStart(5, '0')}.chunk`;
      const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
      expect(sha(join(result.dbDir, 'immutable', name))).toBe(sha(join(dbDirectory, 'immutable', name)));
    } finally {
      await network.close();
    }
  }, 120_000);
});
