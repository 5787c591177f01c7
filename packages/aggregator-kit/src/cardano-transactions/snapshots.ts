/**
 * Cardano transactions snapshots (`/artifact/cardano-transactions`, nodes.md §1.3-§1.4): the artifact of a certified
 * CardanoTransactions open message, `{merkle_root, epoch, block_number, hash, certificate_hash, created_at}`, with the
 * reference's id `hex(SHA-256(utf8(merkle_root) ‖ u64_be(block_number)))`. The SDK has no artifact-kind descriptor
 * for it (its client reads snapshots through `proofs/snapshots.ts`), so the documents live in their own namespace of
 * the aggregator's storage, with the same insertion index the other kinds use.
 */
import type { AggregatorContext } from '../context.js';
import { AggregatorError } from '../errors.js';
import { bytesToHex, sha256 } from '../sdk.js';
import { readJson, SequenceIndex, writeJson } from '../store-index.js';
import type { DocumentRecord, OpenMessageRecord } from '../store.js';
import { formatRfc3339Nanos } from '../time.js';
import { cardanoTransactionsTypeOf } from './open-message.js';

const DOCUMENT = 'ctx-snapshot:';
const BY_BLOCK = 'ctx-snapshot-block:';

function index(ctx: AggregatorContext): SequenceIndex {
  return new SequenceIndex(ctx.store.storage, 'ctx-snapshot-seq', 'ctx-snapshot-count');
}

/**
 * The reference's id of a transactions snapshot.
 *
 * @param merkleRoot - hex root of the transactions Merkle map
 * @param blockNumber - the signed block number
 * @returns the hex id
 * @example
 * cardanoTransactionsSnapshotId('8bc34ade…', 734n); // '54b5fffc…' for the 2026-05 fixture
 */
export function cardanoTransactionsSnapshotId(merkleRoot: string, blockNumber: bigint): string {
  const root = new TextEncoder().encode(merkleRoot);
  const bytes = new Uint8Array(root.length + 8);
  bytes.set(root);
  new DataView(bytes.buffer).setBigUint64(root.length, blockNumber);
  return bytesToHex(sha256(bytes));
}

/**
 * A stored transactions snapshot.
 *
 * @param ctx - the aggregator context
 * @param hash - the snapshot id
 * @returns the document, or `undefined`
 * @example
 * const doc = await getTransactionsSnapshot(ctx, hash);
 */
export function getTransactionsSnapshot(ctx: AggregatorContext, hash: string): Promise<DocumentRecord | undefined> {
  return readJson<DocumentRecord>(ctx.store.storage, `${DOCUMENT}${hash}`);
}

/**
 * The newest stored transactions snapshots.
 *
 * @param ctx - the aggregator context
 * @param limit - how many at most
 * @returns the documents, newest first
 * @example
 * const [latest] = await listTransactionsSnapshots(ctx, 1);
 */
export async function listTransactionsSnapshots(ctx: AggregatorContext, limit: number): Promise<DocumentRecord[]> {
  const docs: DocumentRecord[] = [];
  for (const hash of await index(ctx).page({ limit })) {
    const doc = await getTransactionsSnapshot(ctx, hash);
    if (doc !== undefined) docs.push(doc);
  }
  return docs;
}

/**
 * The id of the snapshot stored for a certified open message, when it exists for that certificate.
 *
 * @param ctx - the aggregator context
 * @param open - the certified CardanoTransactions open message
 * @param certificateHash - the certificate that signs it
 * @returns the snapshot id, or `undefined`
 * @example
 * const id = await storedTransactionsSnapshot(ctx, open, hash);
 */
export async function storedTransactionsSnapshot(
  ctx: AggregatorContext,
  open: OpenMessageRecord,
  certificateHash: string,
): Promise<string | undefined> {
  const entry = await readJson<{ hash: string; certificateHash: string }>(ctx.store.storage, `${BY_BLOCK}${open.key}`);
  return entry?.certificateHash === certificateHash ? entry.hash : undefined;
}

/**
 * Builds and stores the transactions snapshot of a certified open message (document, then its index position, then
 * the by-beacon entry: a kill in between leaves a document that is built again, never a listed hole).
 *
 * @param ctx - the aggregator context
 * @param open - the certified CardanoTransactions open message
 * @param certificateHash - the certificate that signs it
 * @returns the snapshot id
 * @throws {AggregatorError} `AGGREGATOR_ARTIFACT_FAILED` when the open message has no transactions root or beacon
 * @example
 * const id = await createTransactionsSnapshot(ctx, open, hash);
 */
export async function createTransactionsSnapshot(ctx: AggregatorContext, open: OpenMessageRecord, certificateHash: string): Promise<string> {
  const type = cardanoTransactionsTypeOf(open);
  const merkleRoot = open.parts['cardano_transactions_merkle_root'];
  if (type === undefined || merkleRoot === undefined) {
    throw new AggregatorError('AGGREGATOR_ARTIFACT_FAILED', `open message ${open.key} holds no Cardano transactions beacon and root`);
  }
  const hash = cardanoTransactionsSnapshotId(merkleRoot, type.blockNumber);
  const json =
    `{"merkle_root":${JSON.stringify(merkleRoot)},"epoch":${type.epoch},"block_number":${type.blockNumber},` +
    `"hash":"${hash}","certificate_hash":${JSON.stringify(certificateHash)},"created_at":"${formatRfc3339Nanos(ctx.clock.nowNanos())}"}`;
  const known = await ctx.store.storage.hasItem(`${DOCUMENT}${hash}`);
  if (!known) {
    await writeJson(ctx.store.storage, `${DOCUMENT}${hash}`, { json, epoch: type.epoch.toString(), hash } satisfies DocumentRecord);
    await index(ctx).append(hash);
  }
  await writeJson(ctx.store.storage, `${BY_BLOCK}${open.key}`, { hash, certificateHash });
  return hash;
}
