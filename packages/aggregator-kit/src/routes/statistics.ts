/**
 * `POST /statistics/*`: client usage counters (nodes.md §1.3).
 */
import { badRequest, post, type Route } from '@mithril/kit-core';
import { incrementStatistic } from '../queries.js';
import { isObject, u64Field, type RouteGroupContext } from './shared.js';

/** Counters without a body. */
const PLAIN_COUNTERS = ['ancillary-files-restored', 'complete-restoration', 'partial-restoration'] as const;

/**
 * The statistics routes.
 *
 * @param group - the aggregator context and responses
 * @returns the routes
 * @example
 * const routes = statisticsRoutes({ ctx, responses });
 */
export function statisticsRoutes({ ctx, responses }: RouteGroupContext): Route[] {
  return [
    post('/statistics/cardano-database/immutable-files-restored', async ({ body }) => {
      const b = await body();
      if (!isObject(b)) badRequest('Bad Request', 'expected a JSON object');
      const n = u64Field(b['nb_immutable_files'], 'nb_immutable_files', 'Bad Request');
      await incrementStatistic(ctx, 'immutable-files-restored', n);
      return responses.empty(201);
    }),
    ...PLAIN_COUNTERS.map((name) =>
      post(`/statistics/cardano-database/${name}`, async () => {
        await incrementStatistic(ctx, name);
        return responses.empty(201);
      }),
    ),
    post('/statistics/snapshot', async ({ body }) => {
      const b = await body();
      if (!isObject(b)) badRequest('Bad Request', 'expected a JSON object');
      await incrementStatistic(ctx, 'snapshot');
      return responses.empty(201);
    }),
  ];
}
