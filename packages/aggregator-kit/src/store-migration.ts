/**
 * Migration of the index layout of stores written before sequence indexes: `certificate-order` and
 * `artifact-order:<kind>` were single JSON arrays. Each array is copied position by position into its sequence index
 * (same positions, so a rerun rewrites the same keys), the counter is raised, and only then is the array removed: a
 * crash at any point leaves either the array (migrated again on the next start) or the finished index.
 */
import type { Storage } from 'unstorage';
import { readJson, writeJson, type SequenceIndex } from './store-index.js';
import { ARTIFACT_KINDS, type ArtifactKind, type DocumentRecord } from './store-records.js';

/** Key of the old certificate order array. */
const LEGACY_CERTIFICATE_ORDER_KEY = 'certificate-order';

/**
 * Key of the old artifact order array of a kind.
 *
 * @param kind - the artifact kind
 * @returns the key
 * @example
 * legacyArtifactOrderKey('csd'); // 'artifact-order:csd'
 */
function legacyArtifactOrderKey(kind: ArtifactKind): string {
  return `artifact-order:${kind}`;
}

/** The indexes a migration fills. */
export interface MigrationTargets {
  readonly certificates: SequenceIndex;
  artifacts(kind: ArtifactKind): SequenceIndex;
  /** Key of the by-epoch entry of an artifact. */
  artifactEpochKey(kind: ArtifactKind, epoch: string): string;
  artifactKey(kind: ArtifactKind, hash: string): string;
}

async function copyArray(storage: Storage, legacyKey: string, index: SequenceIndex, each?: (hash: string) => Promise<void>): Promise<void> {
  const legacy = await readJson<string[]>(storage, legacyKey);
  if (legacy === undefined) return;
  for (const [position, hash] of legacy.entries()) {
    await index.set(position, hash);
    await each?.(hash);
  }
  await index.raiseCount(legacy.length);
  await storage.removeItem(legacyKey);
}

/**
 * Migrates the legacy order arrays (if any) and repairs counters left behind by an interrupted append. Idempotent.
 *
 * @param storage - the namespaced storage
 * @param targets - the indexes to fill
 * @example
 * await migrateLegacyIndexes(storage, targets);
 */
export async function migrateLegacyIndexes(storage: Storage, targets: MigrationTargets): Promise<void> {
  await copyArray(storage, LEGACY_CERTIFICATE_ORDER_KEY, targets.certificates);
  await targets.certificates.repair();
  for (const kind of ARTIFACT_KINDS) {
    const index = targets.artifacts(kind);
    // In order, so that the newest artifact of an epoch wins, as the old newest-first scan did.
    await copyArray(storage, legacyArtifactOrderKey(kind), index, async (hash) => {
      const doc = await readJson<DocumentRecord>(storage, targets.artifactKey(kind, hash));
      if (doc !== undefined) await writeJson(storage, targets.artifactEpochKey(kind, doc.epoch), { hash });
    });
    await index.repair();
  }
}
