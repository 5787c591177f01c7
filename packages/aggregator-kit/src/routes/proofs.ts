/**
 * `/proof/cardano-transaction?transaction_hashes=a,b` (nodes.md §1.3): the v1 proofs of a set of transactions against
 * the latest transactions snapshot. As the reference: at most `maxHashesPerRequest` hashes, each 64 hexadecimal
 * characters (an empty list is one empty hash), answered `400 invalid_transaction_hashes`; the hashes are sorted and
 * deduplicated; `404` before any snapshot; the known hashes get one Merkle-map proof, the others are listed as not
 * certified. The proof is built from the source's transactions up to the snapshot's block number, the map being kept
 * for the latest snapshot.
 */
import { badRequest, get, type Route } from '@mithril/kit-core';
import { transactionsMerkleMap } from '../cardano-transactions/open-message.js';
import { listTransactionsSnapshots } from '../cardano-transactions/snapshots.js';
import type { AggregatorContext } from '../context.js';
import { encodeMkMapProofJsonHex, type CardanoTransactionsMerkleMap } from '../sdk.js';
import type { RouteGroupContext } from './shared.js';

const LABEL = 'invalid_transaction_hashes';

/**
 * Checks the `transaction_hashes` query value as the reference's prover validator does.
 *
 * @param value - the raw query value (`null` when absent)
 * @param maxHashes - the largest number of hashes accepted
 * @returns the hashes, sorted and deduplicated
 * @throws {RequestError} 400 `invalid_transaction_hashes` for a missing list, too many hashes, or a malformed hash
 * @example
 * parseTransactionHashes('bb…,aa…', 100); // ['aa…', 'bb…']
 */
function parseTransactionHashes(value: string | null, maxHashes: number): string[] {
  if (value === null) badRequest(LABEL, 'missing transaction_hashes query parameter');
  const hashes = value.split(',');
  if (hashes.length > maxHashes) {
    badRequest(LABEL, `Transaction hashes list contains more than maximum allowed number of hashes: '${maxHashes}'`);
  }
  for (const hash of hashes) {
    if (hash === '') badRequest(LABEL, 'Transaction hash cannot be empty');
    if ([...hash].length !== 64) badRequest(LABEL, 'Transaction hash must have 64 characters');
    if (!/^[0-9a-fA-F]{64}$/.test(hash)) badRequest(LABEL, 'Transaction hash must contain only hexadecimal characters');
  }
  return [...new Set(hashes)].sort();
}

const maps = new WeakMap<AggregatorContext, { blockNumber: bigint; map: Promise<CardanoTransactionsMerkleMap | undefined> }>();

function mapFor(ctx: AggregatorContext, blockNumber: bigint): Promise<CardanoTransactionsMerkleMap | undefined> {
  const cached = maps.get(ctx);
  if (cached?.blockNumber === blockNumber) return cached.map;
  const map = transactionsMerkleMap(ctx, blockNumber);
  maps.set(ctx, { blockNumber, map });
  map.catch(() => maps.delete(ctx));
  return map;
}

/**
 * The proof routes (v1 transactions proofs; v2 and block proofs are not served by this kit yet).
 *
 * @param group - the aggregator context and responses
 * @returns the routes
 * @example
 * const routes = proofRoutes({ ctx, responses });
 */
export function proofRoutes({ ctx, responses }: RouteGroupContext): Route[] {
  return [
    get('/proof/cardano-transaction', async ({ request }) => {
      const max = ctx.config.cardanoTransactions?.maxHashesPerRequest ?? Number.MAX_SAFE_INTEGER;
      const hashes = parseTransactionHashes(new URL(request.url).searchParams.get('transaction_hashes'), max);
      const [latest] = ctx.config.cardanoTransactions === undefined ? [] : await listTransactionsSnapshots(ctx, 1);
      if (latest === undefined) return responses.empty(404);
      const snapshot = JSON.parse(latest.json) as { block_number: number; certificate_hash: string };
      // The document was written by this kit: its block number is an integer literal, read exactly from the text.
      const blockNumber = BigInt(/"block_number":(\d+)/.exec(latest.json)![1]!);
      const map = await mapFor(ctx, blockNumber);
      const proven = map?.prove(hashes);
      const certified = proven === undefined ? [] : hashes.filter((h) => proven.proven.includes(h));
      const body =
        `{"certificate_hash":${JSON.stringify(snapshot.certificate_hash)},"certified_transactions":[` +
        (proven === undefined ? '' : `{"transactions_hashes":${JSON.stringify(certified)},"proof":"${encodeMkMapProofJsonHex(proven.proof)}"}`) +
        `],"non_certified_transactions":${JSON.stringify(hashes.filter((h) => !certified.includes(h)))},"latest_block_number":${blockNumber}}`;
      return responses.jsonText(200, body);
    }),
  ];
}
