/**
 * Artifacts (nodes.md §2.8, §10.1): the document of a certified open message, built per kind and stored with its
 * certificate hash.
 */
import { buildCardanoDatabaseArtifact, buildLegacySnapshotArtifact } from '../cardano-db/build.js';
import { createTransactionsSnapshot, storedTransactionsSnapshot } from '../cardano-transactions/snapshots.js';
import type { AggregatorContext } from '../context.js';
import { AggregatorError } from '../errors.js';
import {
  artifactKindsOf,
  CARDANO_STAKE_DISTRIBUTION_KIND,
  computeCardanoStakeDistributionId,
  computeCardanoStakeDistributionMerkleRoot,
  computeMithrilStakeDistributionId,
  MITHRIL_STAKE_DISTRIBUTION_KIND,
  parseTimestamp,
} from '../sdk.js';
import { recordedStakesEpoch } from '../signable.js';
import { sortStakes } from '../stake-order.js';
import type { ArtifactKind, DocumentRecord, OpenMessageRecord } from '../store.js';
import { formatRfc3339Nanos } from '../time.js';
import { epochData } from './epoch-data.js';

/** A built artifact, ready to store. */
interface BuiltArtifact {
  readonly kind: ArtifactKind;
  readonly record: DocumentRecord;
}

/** Builds the artifact of one kind from a certified open message. */
type ArtifactBuilder = (ctx: AggregatorContext, open: OpenMessageRecord, certificateHash: string) => Promise<DocumentRecord>;

const buildMithrilStakeDistribution: ArtifactBuilder = async (ctx, open, certificateHash) => {
  const beacon = BigInt(open.beacon);
  const data = await epochData(ctx, BigInt(open.epoch));
  const signers = data.nextSigners.map((s) => ({
    partyId: s.partyId,
    verificationKey: s.verificationKey,
    verificationKeySignature: s.verificationKeySignature,
    operationalCertificate: s.operationalCertificate,
    kesPeriod: s.kesPeriod === undefined ? undefined : BigInt(s.kesPeriod),
    stake: BigInt(s.stake),
  }));
  const hash = computeMithrilStakeDistributionId(beacon, signers);
  const json = MITHRIL_STAKE_DISTRIBUTION_KIND.encode({
    epoch: beacon,
    hash,
    certificateHash,
    signers,
    createdAt: parseTimestamp(formatRfc3339Nanos(ctx.clock.nowNanos()), 'created_at'),
    protocolParameters: data.nextParameters,
  });
  return { json, epoch: open.beacon, hash };
};

const buildCardanoStakeDistribution: ArtifactBuilder = async (ctx, open, certificateHash) => {
  const beacon = BigInt(open.beacon);
  const createdAt = parseTimestamp(formatRfc3339Nanos(ctx.clock.nowNanos()), 'created_at');
  const recordedUnder = recordedStakesEpoch({ type: 'CardanoStakeDistribution', epoch: beacon });
  const stakes = recordedUnder === undefined ? undefined : await ctx.store.getStakes(recordedUnder);
  if (stakes === undefined) throw new AggregatorError('AGGREGATOR_NOT_FOUND', `no stakes recorded under ${recordedUnder}`);
  const stakeDistribution = new Map(sortStakes(stakes.map(([p, s]) => [p, BigInt(s)] as const)));
  const root = computeCardanoStakeDistributionMerkleRoot(stakeDistribution);
  if (root !== open.parts['cardano_stake_distribution_merkle_root']) {
    throw new AggregatorError('AGGREGATOR_STORAGE_FAILED', 'the recorded stakes no longer match the signed Merkle root');
  }
  const hash = computeCardanoStakeDistributionId(beacon, stakeDistribution);
  const json = CARDANO_STAKE_DISTRIBUTION_KIND.encode({ epoch: beacon, hash, certificateHash, stakeDistribution, createdAt });
  return { json, epoch: open.beacon, hash };
};

/** The builder of each artifact kind the kit produces. */
const BUILDERS: Partial<Record<ArtifactKind, ArtifactBuilder>> = {
  [MITHRIL_STAKE_DISTRIBUTION_KIND.kind]: buildMithrilStakeDistribution,
  [CARDANO_STAKE_DISTRIBUTION_KIND.kind]: buildCardanoStakeDistribution,
  'cardano-database': buildCardanoDatabaseArtifact,
  snapshot: buildLegacySnapshotArtifact,
};

/**
 * Builds the artifact of a certified open message.
 *
 * @param ctx - the aggregator context
 * @param open - the certified open message
 * @param certificateHash - the certificate that signs it
 * @returns the kind and document
 * @throws {AggregatorError} `AGGREGATOR_NOT_FOUND` when the type has no builder or its inputs are gone
 * @example
 * const { kind, record } = await buildArtifact(ctx, open, hash);
 */
async function buildArtifact(ctx: AggregatorContext, open: OpenMessageRecord, certificateHash: string): Promise<BuiltArtifact> {
  const [descriptor] = artifactKindsOf(open.type);
  const builder = descriptor === undefined ? undefined : BUILDERS[descriptor.kind];
  if (descriptor === undefined || builder === undefined) throw new AggregatorError('AGGREGATOR_NOT_FOUND', `no artifact builder for ${open.type}`);
  return { kind: descriptor.kind, record: await builder(ctx, open, certificateHash) };
}

/**
 * The id of the stored artifact of a certified open message, when one exists for that certificate.
 *
 * @param ctx - the aggregator context
 * @param open - the certified open message
 * @param certificateHash - the certificate that signs it
 * @returns the artifact id, or `undefined` when missing (or the type has no artifact)
 * @example
 * const id = await storedArtifact(ctx, open, hash);
 */
export async function storedArtifact(ctx: AggregatorContext, open: OpenMessageRecord, certificateHash: string): Promise<string | undefined> {
  if (open.type === 'CardanoTransactions') return storedTransactionsSnapshot(ctx, open, certificateHash);
  const [descriptor] = artifactKindsOf(open.type);
  if (descriptor === undefined) return undefined;
  const doc = await ctx.store.getArtifactByEpoch(descriptor.kind, BigInt(open.beacon));
  return doc !== undefined && (JSON.parse(doc.json) as { certificate_hash?: string }).certificate_hash === certificateHash ? doc.hash : undefined;
}

/**
 * Builds and stores the artifact of a certified open message (2 attempts, as the reference); an artifact already
 * stored for the certificate is kept as it is.
 *
 * @param ctx - the aggregator context
 * @param open - the certified open message
 * @param certificateHash - the certificate that signs it
 * @returns the artifact id, or `undefined` when both attempts failed (the certificate then has no artifact)
 * @example
 * await createArtifact(ctx, open, hash);
 */
export async function createArtifact(ctx: AggregatorContext, open: OpenMessageRecord, certificateHash: string): Promise<string | undefined> {
  // Already built (a restart finishing a certification): keep the stored bytes.
  const stored = await storedArtifact(ctx, open, certificateHash);
  if (stored !== undefined) return stored;
  let lastError: unknown;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      if (open.type === 'CardanoTransactions') {
        // Transactions snapshots have no SDK artifact kind: they are stored in their own namespace.
        return await createTransactionsSnapshot(ctx, open, certificateHash);
      }
      const { kind, record } = await buildArtifact(ctx, open, certificateHash);
      await ctx.store.insertArtifact(kind, record);
      ctx.events.emit('artifact', { kind, hash: record.hash, certificateHash });
      return record.hash;
    } catch (error) {
      lastError = error;
    }
  }
  ctx.events.emit('error', { error: lastError, critical: false });
  return undefined;
}
