/**
 * `/artifact/*`: Mithril and Cardano stake distributions, the Cardano database and legacy snapshot routes
 * (`cardano-db.ts`), and the Cardano transactions snapshots (stored by `cardano-transactions/snapshots.ts`;
 * nodes.md §1.3).
 */
import { get, type Route } from '@mithril/kit-core';
import { getTransactionsSnapshot, listTransactionsSnapshots } from '../cardano-transactions/snapshots.js';
import { getArtifact, getArtifactByEpoch, LIST_MAX_ITEMS, listArtifacts } from '../queries.js';
import { jsonToPlain, parseJson } from '../sdk.js';
import { requireCurrentEpoch } from '../steps/epoch-data.js';
import type { ArtifactKind, DocumentRecord } from '../store.js';
import { cardanoDbRoutes } from './cardano-db.js';
import { parseEpochParam, type RouteGroupContext } from './shared.js';

/** Largest `latest-N` offset accepted by artifact routes. */
const MAX_ARTIFACT_EPOCH_OFFSET = 5n;

/**
 * The artifact routes; literal segments (`epoch`, `digests`) win over `{hash}`.
 *
 * @param group - the aggregator context and responses
 * @returns the routes
 * @example
 * const routes = artifactRoutes({ ctx, responses });
 */
export function artifactRoutes({ ctx, responses }: RouteGroupContext): Route[] {
  const document = (doc: DocumentRecord | undefined): Response => (doc === undefined ? responses.empty(404) : responses.jsonText(200, doc.json));
  const list = async (kind: ArtifactKind): Promise<Response> =>
    responses.json(
      200,
      (await listArtifacts(ctx, kind, { limit: LIST_MAX_ITEMS })).map((doc) => {
        const a = jsonToPlain(parseJson(doc.json, 'artifact')) as Record<string, unknown>;
        return { epoch: a['epoch'], hash: a['hash'], certificate_hash: a['certificate_hash'], created_at: a['created_at'] };
      }),
    );
  // Transactions snapshots: the list items are the documents themselves (same shape as the item route).
  const transactionsList = async (): Promise<Response> =>
    responses.jsonText(200, `[${(await listTransactionsSnapshots(ctx, LIST_MAX_ITEMS)).map((d) => d.json).join(',')}]`);
  return [
    get('/artifact/mithril-stake-distributions', () => list('msd')),
    get('/artifact/mithril-stake-distribution/:hash', async ({ params }) => document(await getArtifact(ctx, 'msd', params['hash']!))),
    get('/artifact/cardano-stake-distributions', () => list('csd')),
    get('/artifact/cardano-stake-distribution/epoch/:epoch', async ({ params }) => {
      const current = await requireCurrentEpoch(ctx);
      // `latest` for a CSD is the latest signed beacon: the current epoch − 1 (the beacon certified during it).
      const epoch = parseEpochParam(params['epoch']!, current > 0n ? current - 1n : 0n, MAX_ARTIFACT_EPOCH_OFFSET);
      return document(await getArtifactByEpoch(ctx, 'csd', epoch));
    }),
    get('/artifact/cardano-stake-distribution/:hash', async ({ params }) => document(await getArtifact(ctx, 'csd', params['hash']!))),
    ...cardanoDbRoutes({ ctx, responses }),
    get('/artifact/cardano-transactions', transactionsList),
    get('/artifact/cardano-transaction/:hash', async ({ params }) => document(await getTransactionsSnapshot(ctx, params['hash']!))),
  ];
}
