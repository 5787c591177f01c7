/**
 * Start-up recovery after a kill at any write. Every multi-key step writes in an order where each intermediate state
 * is valid (a document before its index position, a certificate before the open message is marked certified, the open
 * message before its artifact); this step finishes what the kill interrupted: indexes rebuilt from the documents, the
 * genesis record restored, an open message whose certificate exists marked certified, a missing artifact built again,
 * and buffered signatures replayed into open messages that were created but not fed.
 */
import type { AggregatorContext } from '../context.js';
import { parseCertificate, signedEntityTypeKey } from '../sdk.js';
import type { OpenMessageRecord } from '../store.js';
import { createArtifact, storedArtifact } from './artifacts.js';
import { replayBuffered } from './open-messages.js';

/** What a recovery repaired. */
export interface RecoveryReport {
  /** Certificate and artifact documents indexed again. */
  readonly reindexed: number;
  /** By-epoch artifact entries rewritten. */
  readonly epochEntries: number;
  /** Whether the genesis record was restored from the chain. */
  readonly genesisRestored: boolean;
  /** Open messages marked certified because their certificate existed. */
  readonly certifiedAgain: number;
  /** Artifacts built again for certificates that had none. */
  readonly artifactsRebuilt: number;
}

/**
 * The certificate already made for an open message's signed entity, if any (newest certificates down to its epoch).
 *
 * @param ctx - the aggregator context
 * @param open - the open message
 * @returns the certificate hash, or `undefined`
 * @example
 * const done = await certificateForOpenMessage(ctx, open);
 */
export async function certificateForOpenMessage(ctx: AggregatorContext, open: OpenMessageRecord): Promise<string | undefined> {
  const epoch = BigInt(open.epoch);
  for await (const hash of ctx.store.certificatesNewestFirst()) {
    const doc = await ctx.store.getCertificate(hash);
    if (doc === undefined) continue;
    if (BigInt(doc.epoch) < epoch) return undefined;
    const certificate = parseCertificate(doc.json);
    if (certificate.genesisSignature !== '' || certificate.signedEntityType.type === 'Unknown') continue;
    if (signedEntityTypeKey(certificate.signedEntityType) === open.key) return hash;
  }
  return undefined;
}

async function restoreGenesis(ctx: AggregatorContext): Promise<boolean> {
  if ((await ctx.store.getGenesisHash()) !== undefined) return false;
  for await (const hash of ctx.store.certificatesNewestFirst()) {
    const doc = await ctx.store.getCertificate(hash);
    if (doc !== undefined && (JSON.parse(doc.json) as { previous_hash: string }).previous_hash === '') {
      await ctx.store.setGenesisHash(hash);
      return true;
    }
  }
  return false;
}

/**
 * Finishes the multi-key steps a kill interrupted; idempotent, run once by the runner before its first cycle.
 *
 * @param ctx - the aggregator context
 * @returns what was repaired
 * @throws {MithrilError} a storage error (the runner retries on the next tick)
 * @example
 * const report = await recoverStore(ctx);
 */
export async function recoverStore(ctx: AggregatorContext): Promise<RecoveryReport> {
  const { appended, epochEntries } = await ctx.store.reindex();
  const genesisRestored = await restoreGenesis(ctx);
  let certifiedAgain = 0;
  let artifactsRebuilt = 0;
  for (let open of await ctx.store.listOpenMessages()) {
    if (!open.isCertified) {
      const hash = await certificateForOpenMessage(ctx, open);
      if (hash === undefined) {
        if (!open.isExpired) await replayBuffered(ctx, open);
        continue;
      }
      open = { ...open, isCertified: true, certificateHash: hash };
      await ctx.store.setOpenMessage(open);
      certifiedAgain++;
    }
    const certificateHash = open.certificateHash ?? (await certificateForOpenMessage(ctx, open));
    if (certificateHash === undefined || (await storedArtifact(ctx, open, certificateHash)) !== undefined) continue;
    if ((await createArtifact(ctx, open, certificateHash)) !== undefined) artifactsRebuilt++;
  }
  return { reindexed: appended, epochEntries, genesisRestored, certifiedAgain, artifactsRebuilt };
}
