/**
 * `/artifact/cardano-database*`, `/artifact/snapshot*` and the files of the local uploader
 * (`/cardano-database-download/{immutable|ancillary|digests}/{file}`, `/snapshot_download/{file}`,
 * `/artifact/snapshot/{digest}/download`), nodes.md §1.3.
 */
import { get, type Responses, type Route } from '@mithril/kit-core';
import type { ServedFile } from '../cardano-db/ports.js';
import { getArtifact, LIST_MAX_ITEMS, listArtifacts } from '../queries.js';
import { CARDANO_DATABASE_KIND, SNAPSHOT_KIND, toJsonText } from '../sdk.js';
import { requireCurrentEpoch } from '../steps/epoch-data.js';
import { parseEpochParam, type RouteGroupContext } from './shared.js';

/** Largest `latest-N` offset accepted by artifact routes. */
const MAX_ARTIFACT_EPOCH_OFFSET = 5n;

function fileResponse(responses: Responses, file: ServedFile | undefined): Response {
  if (file === undefined) return responses.empty(404);
  const headers = responses.headers();
  headers.set('content-type', file.contentType);
  headers.set('content-length', String(file.size));
  return new Response(file.body, { status: 200, headers });
}

/**
 * The Cardano database (v2) and legacy snapshot (v1) routes; literal segments win over `{hash}`.
 *
 * @param group - the aggregator context and responses
 * @returns the routes
 * @example
 * const routes = cardanoDbRoutes({ ctx, responses });
 */
export function cardanoDbRoutes({ ctx, responses }: RouteGroupContext): Route[] {
  const cdbItems = async () =>
    (await listArtifacts(ctx, 'cardano-database', { limit: LIST_MAX_ITEMS })).map((doc) => CARDANO_DATABASE_KIND.parse(doc.json));
  const open = (path: string) => ctx.config.cardanoDatabase?.openFile?.(path) ?? Promise.resolve(undefined);
  const documentOr404 = (json: string | undefined): Response => (json === undefined ? responses.empty(404) : responses.jsonText(200, json));
  return [
    get('/artifact/cardano-database', async () =>
      responses.jsonText(200, CARDANO_DATABASE_KIND.encodeList((await cdbItems()).map((a) => CARDANO_DATABASE_KIND.listItem(a)))),
    ),
    get('/artifact/cardano-database/digests', async () => {
      const digests = (await ctx.config.cardanoDatabase?.latestDigests()) ?? [];
      return responses.jsonText(200, toJsonText(digests.map((d) => ({ immutable_file_name: d.immutableFileName, digest: d.digest }))));
    }),
    get('/artifact/cardano-database/epoch/:epoch', async ({ params }) => {
      const epoch = parseEpochParam(params['epoch']!, await requireCurrentEpoch(ctx), MAX_ARTIFACT_EPOCH_OFFSET);
      const items = (await cdbItems()).filter((a) => a.beacon.epoch === epoch).map((a) => CARDANO_DATABASE_KIND.listItem(a));
      return responses.jsonText(200, CARDANO_DATABASE_KIND.encodeList(items));
    }),
    get('/artifact/cardano-database/:hash', async ({ params }) => documentOr404((await getArtifact(ctx, 'cardano-database', params['hash']!))?.json)),
    get('/artifact/snapshots', async () => {
      const docs = await listArtifacts(ctx, 'snapshot', { limit: LIST_MAX_ITEMS });
      return responses.jsonText(200, SNAPSHOT_KIND.encodeList(docs.map((doc) => SNAPSHOT_KIND.parse(doc.json))));
    }),
    get('/artifact/snapshot/:digest/download', async ({ params }) => {
      const doc = await getArtifact(ctx, 'snapshot', params['digest']!);
      const location = doc === undefined ? undefined : SNAPSHOT_KIND.parse(doc.json).locations[0];
      const name = location === undefined ? undefined : /\/snapshot_download\/([^/]+)$/.exec(location)?.[1];
      return fileResponse(responses, name === undefined ? undefined : await open(`snapshot/${name}`));
    }),
    get('/artifact/snapshot/:digest', async ({ params }) => documentOr404((await getArtifact(ctx, 'snapshot', params['digest']!))?.json)),
    get('/cardano-database-download/:kind/:file', async ({ params }) => {
      const kind = params['kind']!;
      if (kind !== 'immutable' && kind !== 'ancillary' && kind !== 'digests') return responses.empty(404);
      return fileResponse(responses, await open(`${kind}/${params['file']!}`));
    }),
    get('/snapshot_download/:file', async ({ params }) => fileResponse(responses, await open(`snapshot/${params['file']!}`))),
  ];
}
