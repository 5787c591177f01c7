import { badRequest, createResponses, createRouter, get, post } from '@mithril/kit-core';
import { toHonoApp } from '@mithril/kit-core/hono';
import { serve } from '@hono/node-server';
// PRE
export {};

const responses = createResponses({ apiVersion: '0.1.68' });
const relay = {
  fetch: createRouter(
    [
      get('/status', async () => responses.json(200, { epoch: 12n })),
      post('/register-signatures', async ({ body }) => {
        const message = await body();
        if (typeof message !== 'object' || message === null) badRequest('Bad Request', 'expected a JSON object');
        return responses.empty(202);
      }),
    ],
    {
      basePath: '/relay',
      responses,
      errors: { RELAY_UPSTREAM_DOWN: { status: 503 } },
      onUnexpectedError: (error) => console.error(error),
    },
  ),
};
serve({ fetch: toHonoApp(relay).fetch, port: 8080 });
