/**
 * Artifacts (nodes.md §2.8, §10.1): the document of a certified open message, built per kind and stored with its
 * certificate hash.
 */
import type { AggregatorContext } from '../context.js';
import { AggregatorError } from '../errors.js';
import { toJsonText } from '../json.js';
import {
  CARDANO_STAKE_DISTRIBUTION_SNAPSHOT_OFFSET,
  computeCardanoStakeDistributionId,
  computeCardanoStakeDistributionMerkleRoot,
  computeMithrilStakeDistributionId,
  protocolParametersToJson,
} from '../sdk.js';
import { sortStakes } from '../stake-order.js';
import type { ArtifactKind, DocumentRecord, OpenMessageRecord } from '../store.js';
import { formatRfc3339Nanos } from '../time.js';
import { epochData } from './epoch-data.js';

/** A built artifact, ready to store. */
export interface BuiltArtifact {
  readonly kind: ArtifactKind;
  readonly record: DocumentRecord;
}

/** Builds the artifact of one kind from a certified open message. */
type ArtifactBuilder = (ctx: AggregatorContext, open: OpenMessageRecord, certificateHash: string) => Promise<BuiltArtifact>;

const buildMithrilStakeDistribution: ArtifactBuilder = async (ctx, open, certificateHash) => {
  const beacon = BigInt(open.beacon);
  const data = await epochData(ctx, BigInt(open.epoch));
  const hash = computeMithrilStakeDistributionId(
    beacon,
    data.nextSigners.map((s) => ({
      partyId: s.partyId,
      verificationKey: s.verificationKey,
      verificationKeySignature: s.verificationKeySignature,
      operationalCertificate: s.operationalCertificate,
      stake: BigInt(s.stake),
    })),
  );
  const json = toJsonText({
    epoch: beacon,
    hash,
    certificate_hash: certificateHash,
    signers: data.nextSigners.map((s) => ({
      party_id: s.partyId,
      verification_key: s.verificationKey,
      verification_key_signature: s.verificationKeySignature,
      operational_certificate: s.operationalCertificate,
      kes_period: s.kesPeriod,
      stake: BigInt(s.stake),
    })),
    created_at: formatRfc3339Nanos(ctx.clock.nowNanos()),
    protocol_parameters: protocolParametersToJson(data.nextParameters),
  });
  return { kind: 'msd', record: { json, epoch: open.beacon, hash } };
};

const buildCardanoStakeDistribution: ArtifactBuilder = async (ctx, open, certificateHash) => {
  const beacon = BigInt(open.beacon);
  const createdAt = formatRfc3339Nanos(ctx.clock.nowNanos());
  const recordedUnder = beacon + CARDANO_STAKE_DISTRIBUTION_SNAPSHOT_OFFSET;
  const stakes = await ctx.store.getStakes(recordedUnder);
  if (stakes === undefined) throw new AggregatorError('AGGREGATOR_NOT_FOUND', `no stakes recorded under ${recordedUnder}`);
  const sorted = sortStakes(stakes.map(([p, s]) => [p, BigInt(s)] as const));
  const root = computeCardanoStakeDistributionMerkleRoot(new Map(sorted));
  if (root !== open.parts['cardano_stake_distribution_merkle_root']) {
    throw new AggregatorError('AGGREGATOR_STORAGE_FAILED', 'the recorded stakes no longer match the signed Merkle root');
  }
  const hash = computeCardanoStakeDistributionId(beacon, new Map(sorted));
  const json = toJsonText({
    epoch: beacon,
    hash,
    certificate_hash: certificateHash,
    stake_distribution: Object.fromEntries(sorted),
    created_at: createdAt,
  });
  return { kind: 'csd', record: { json, epoch: open.beacon, hash } };
};

/** The builder of each signed entity type that has an artifact. */
const BUILDERS: Readonly<Record<string, ArtifactBuilder>> = {
  MithrilStakeDistribution: buildMithrilStakeDistribution,
  CardanoStakeDistribution: buildCardanoStakeDistribution,
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
export async function buildArtifact(ctx: AggregatorContext, open: OpenMessageRecord, certificateHash: string): Promise<BuiltArtifact> {
  const builder = BUILDERS[open.type];
  if (builder === undefined) throw new AggregatorError('AGGREGATOR_NOT_FOUND', `no artifact builder for ${open.type}`);
  return builder(ctx, open, certificateHash);
}

/**
 * Builds and stores the artifact of a certified open message (2 attempts, as the reference).
 *
 * @param ctx - the aggregator context
 * @param open - the certified open message
 * @param certificateHash - the certificate that signs it
 * @returns the artifact id, or `undefined` when both attempts failed (the certificate then has no artifact)
 * @example
 * await createArtifact(ctx, open, hash);
 */
export async function createArtifact(ctx: AggregatorContext, open: OpenMessageRecord, certificateHash: string): Promise<string | undefined> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
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
