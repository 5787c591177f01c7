/**
 * Certification (nodes.md §2.6-§2.7): aggregate the signatures of an open message once the quorum is reached, chain
 * the certificate to the epoch's master certificate, verify it and store it; verify the stored chain at epoch change.
 */
import { openMessageSignedEntityType } from '../cardano-db/open-message.js';
import type { AggregatorContext } from '../context.js';
import { AggregatorError } from '../errors.js';
import {
  aggregateSignatures,
  type AggregateSignaturesResult,
  decodeSingleSignatureJsonHex,
  encodeAggregateSignatureJsonHex,
  encodeAvkJsonHex,
  isMithrilError,
  parseCertificate,
  parseTimestamp,
  verifyCertificate,
  type Certificate,
} from '../sdk.js';
import type { OpenMessageRecord } from '../store.js';
import { formatRfc3339Nanos } from '../time.js';
import { loadCertificate, sealCertificate, storeCertificate } from './certificates.js';
import { epochData } from './epoch-data.js';
import { certificateForOpenMessage } from './recover.js';

const ENCODER = new TextEncoder();

/**
 * The master certificate of an epoch: among certificates of N−1 and N, those that are genesis or whose parent has
 * another epoch; the most recently inserted. Certificates are inserted in epoch order, so the scan from the newest
 * stops at the first one older than N−1.
 *
 * @param ctx - the aggregator context
 * @param epoch - the epoch
 * @returns its hash, or `undefined`
 * @example
 * const previousHash = await masterCertificate(ctx, 12n);
 */
async function masterCertificate(ctx: AggregatorContext, epoch: bigint): Promise<string | undefined> {
  const { store } = ctx;
  for await (const hash of store.certificatesNewestFirst()) {
    const doc = await store.getCertificate(hash);
    if (doc === undefined) continue;
    const certificateEpoch = BigInt(doc.epoch);
    if (certificateEpoch < epoch - 1n) break;
    if (certificateEpoch > epoch) continue;
    const previousHash = (JSON.parse(doc.json) as { previous_hash: string }).previous_hash;
    if (previousHash === '') return doc.hash;
    const parent = await store.getCertificate(previousHash);
    if (parent === undefined || BigInt(parent.epoch) !== certificateEpoch) return doc.hash;
  }
  return undefined;
}

/**
 * Epoch of the latest inserted certificate.
 *
 * @param ctx - the aggregator context
 * @returns the epoch, or `undefined` for an empty chain
 * @example
 * const latest = await latestCertificateEpoch(ctx);
 */
export async function latestCertificateEpoch(ctx: AggregatorContext): Promise<bigint | undefined> {
  const [last] = await ctx.store.certificatePage({ limit: 1 });
  if (last === undefined) return undefined;
  const doc = await ctx.store.getCertificate(last);
  return doc === undefined ? undefined : BigInt(doc.epoch);
}

async function verifyNew(ctx: AggregatorContext, certificate: Certificate): Promise<void> {
  const parent = await ctx.store.getCertificate(certificate.previousHash);
  if (parent === undefined) throw new AggregatorError('AGGREGATOR_GENESIS_MISSING', `parent certificate ${certificate.previousHash} is missing`);
  await verifyCertificate(certificate, {
    previous: parseCertificate(parent.json),
    genesisKey: ctx.config.genesisKey,
    verifyMultiSignature: await ctx.verifier.multiSignatureVerifier(ctx.memo.certificateCache),
  });
}

/**
 * Tries to certify an open message: aggregates its signatures and, once the quorum is reached, stores a certificate
 * chained to the epoch's master certificate and marks the message certified.
 *
 * @param ctx - the aggregator context
 * @param open - the open message
 * @returns the certificate hash, or `undefined` while the quorum is not reached
 * @throws {AggregatorError} `AGGREGATOR_GENESIS_MISSING` when there is no master certificate
 * @throws {CertificateError} when the new certificate does not verify
 * @example
 * const hash = await tryCertify(ctx, open);
 */
export async function tryCertify(ctx: AggregatorContext, open: OpenMessageRecord): Promise<string | undefined> {
  if (open.isCertified || open.isExpired) return undefined;
  const { store, config } = ctx;
  // Never two certificates for one signed entity: a kill after the certificate but before the open message was marked
  // leaves the certificate; finish marking instead of certifying again.
  const existing = await certificateForOpenMessage(ctx, open);
  if (existing !== undefined) {
    await store.setOpenMessage({ ...open, isCertified: true, certificateHash: existing });
    return existing;
  }
  const epoch = BigInt(open.epoch);
  const data = await epochData(ctx, epoch);
  if (data.current === undefined) return undefined;
  const records = await store.listSignatures(open.key);
  if (records.length === 0) return undefined;
  const signatures = records.map((r) => decodeSingleSignatureJsonHex(r.signature, 'signature', { mode: 'lenient' }));
  let aggregate: AggregateSignaturesResult;
  try {
    aggregate = aggregateSignatures({
      message: ENCODER.encode(open.signedMessage),
      signatures,
      closedRegistration: data.current,
      parameters: data.currentParameters,
      backend: await ctx.verifier.backend(),
      cache: data.currentCache,
      lotteryHasher: await ctx.verifier.lotteryHasher(),
      // One randomized pairing check for all the inputs (same selection as checking each, stm.md §6.1).
      randomBytes: (length) => globalThis.crypto.getRandomValues(new Uint8Array(length)),
    });
  } catch (error) {
    if (isMithrilError(error, 'STM_NOT_ENOUGH_SIGNATURES')) return undefined;
    throw error;
  }
  const previousHash = await masterCertificate(ctx, epoch);
  if (previousHash === undefined) throw new AggregatorError('AGGREGATOR_GENESIS_MISSING', `no master certificate for epoch ${epoch}`);
  const signedParties = new Set(records.map((r) => r.partyId));
  const signers = data.currentSigners.filter((s) => signedParties.has(s.partyId));
  const type = openMessageSignedEntityType(open);
  const certificate = sealCertificate({
    previousHash,
    epoch,
    signedEntityType: type,
    metadata: {
      network: config.network,
      version: config.protocolVersion,
      parameters: data.currentParameters,
      initiatedAt: parseTimestamp(open.createdAt, 'initiated_at'),
      sealedAt: parseTimestamp(formatRfc3339Nanos(ctx.clock.nowNanos()), 'sealed_at'),
      signers: signers.map((s) => ({ partyId: s.partyId, stake: BigInt(s.stake) })),
    },
    protocolMessage: { parts: open.parts },
    signedMessage: open.signedMessage,
    aggregateVerificationKey: encodeAvkJsonHex(data.current.avk),
    multiSignature: encodeAggregateSignatureJsonHex(aggregate.signature),
    genesisSignature: '',
  });
  const { hash } = certificate;
  if (config.verifyNewCertificates) await verifyNew(ctx, certificate);
  await storeCertificate(ctx, certificate);
  if (config.verifyNewCertificates) ctx.memo.verifiedCertificates.add(hash);
  await store.setOpenMessage({ ...open, isCertified: true, certificateHash: hash });
  ctx.events.emit('certificate', { hash, epoch, type: open.type, beacon: BigInt(open.beacon) });
  return hash;
}

/**
 * Verifies the chain from the latest certificate down to genesis (run at each epoch change, nodes.md §2.5).
 * Certificates verified before by this process are trusted (stored certificates are content-addressed), so each
 * epoch change costs one link per new certificate rather than a full walk.
 *
 * @param ctx - the aggregator context
 * @throws {CertificateError} when a link is invalid
 * @throws {AggregatorError} `AGGREGATOR_STORAGE_FAILED` when the stored chain loops or a document has another hash
 * @example
 * await verifyLatestChain(ctx);
 */
export async function verifyLatestChain(ctx: AggregatorContext): Promise<void> {
  const { store, memo } = ctx;
  const total = await store.certificateCount();
  let [hash] = await store.certificatePage({ limit: 1 });
  const load = (h: string): Promise<Certificate> => loadCertificate(ctx, h);
  const options = { genesisKey: ctx.config.genesisKey, verifyMultiSignature: await ctx.verifier.multiSignatureVerifier(memo.certificateCache) };
  const visited = new Set<string>();
  while (hash !== undefined && !memo.verifiedCertificates.has(hash)) {
    if (visited.has(hash) || visited.size > total) throw new AggregatorError('AGGREGATOR_STORAGE_FAILED', `certificate chain loops at ${hash}`);
    visited.add(hash);
    const certificate = await load(hash);
    if (certificate.hash !== hash) throw new AggregatorError('AGGREGATOR_STORAGE_FAILED', `certificate stored under ${hash} has another hash`);
    const previous = certificate.genesisSignature !== '' ? undefined : await load(certificate.previousHash);
    await verifyCertificate(certificate, { ...options, previous });
    hash = previous?.hash;
  }
  for (const h of visited) memo.verifiedCertificates.add(h);
}
