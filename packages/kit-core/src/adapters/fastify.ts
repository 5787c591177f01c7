/**
 * Fastify adapter: a plugin whose catch-all route hands requests to a kit's fetch handler. The plugin removes
 * Fastify's body parsers in its scope and passes the raw stream, so the handler enforces its body limit.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { toFetchHandler, type FetchTarget } from '../fetch-handler.js';
import { requestUrl, toWebRequest, writeWebResponse } from './node.js';

/**
 * Creates a Fastify plugin serving a kit's routes.
 *
 * @param target - the kit (or its `fetch`)
 * @returns a plugin to `register`
 * @example
 * await app.register(toFastifyPlugin(aggregator));
 */
export function toFastifyPlugin(target: FetchTarget): FastifyPluginAsync {
  const fetch = toFetchHandler(target);
  return async (instance: FastifyInstance) => {
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    instance.all('/*', async (request, reply) => {
      reply.hijack();
      const response = await fetch(toWebRequest(request.raw, requestUrl(request.raw)));
      await writeWebResponse(response, reply.raw, request.raw);
    });
  };
}
