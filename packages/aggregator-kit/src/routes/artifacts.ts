/**
 * `/artifact/*`: Mithril and Cardano stake distributions, and the read routes of the kinds not built yet (Cardano
 * database, legacy snapshots, Cardano transactions) answering empty lists and 404s (nodes.md §1.3).
 */
import { get, type Route } from '@mithril/kit-core';
import type { ArtifactKind } from '../store.js';
import type { StoredDocument } from './queries.js';
import { parseEpochParam, requireEpoch, type RouteGroupContext } from './shared.js';

/** Largest `latest-N` offset accepted by artifact routes. */
const MAX_ARTIFACT_EPOCH_OFFSET = 5n;

/**
 * The artifact routes; literal segments (`epoch`, `digests`) win over `{hash}`.
 *
 * @param ctx - service, queries and responses
 * @returns the routes
 * @example
 * const routes = artifactRoutes(ctx);
 */
export function artifactRoutes(ctx: RouteGroupContext): Route[] {
  const { service, queries, responses } = ctx;
  const document = (doc: StoredDocument | undefined): Response => (doc === undefined ? responses.empty(404) : responses.jsonText(200, doc.json));
  const list = async (kind: ArtifactKind): Promise<Response> =>
    responses.json(
      200,
      (await queries.latestArtifacts(kind)).map((a) => ({ epoch: a['epoch'], hash: a['hash'], certificate_hash: a['certificate_hash'], created_at: a['created_at'] })),
    );
  const emptyList = async (): Promise<Response> => responses.json(200, []);
  const notFound = async (): Promise<Response> => responses.empty(404);
  return [
    get('/artifact/mithril-stake-distributions', () => list('msd')),
    get('/artifact/mithril-stake-distribution/:hash', async ({ params }) => document(await queries.artifact('msd', params['hash']!))),
    get('/artifact/cardano-stake-distributions', () => list('csd')),
    get('/artifact/cardano-stake-distribution/epoch/:epoch', async ({ params }) => {
      const current = await requireEpoch(service);
      // `latest` for a CSD is the latest signed beacon: the current epoch − 1 (the beacon certified during it).
      const epoch = parseEpochParam(params['epoch']!, current > 0n ? current - 1n : 0n, MAX_ARTIFACT_EPOCH_OFFSET);
      return document(await queries.artifactAtEpoch('csd', epoch));
    }),
    get('/artifact/cardano-stake-distribution/:hash', async ({ params }) => document(await queries.artifact('csd', params['hash']!))),
    // Cardano database and legacy snapshots: read routes only until their builders exist.
    get('/artifact/cardano-database', emptyList),
    get('/artifact/cardano-database/digests', emptyList),
    get('/artifact/cardano-database/epoch/:epoch', async ({ params }) => {
      parseEpochParam(params['epoch']!, await requireEpoch(service), MAX_ARTIFACT_EPOCH_OFFSET);
      return responses.json(200, []);
    }),
    get('/artifact/cardano-database/:hash', notFound),
    get('/artifact/snapshots', emptyList),
    get('/artifact/snapshot/:digest', notFound),
    get('/artifact/cardano-transactions', emptyList),
    get('/artifact/cardano-transaction/:hash', notFound),
  ];
}
