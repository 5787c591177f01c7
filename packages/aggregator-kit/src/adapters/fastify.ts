/**
 * Fastify adapter: a plugin whose catch-all route hands requests to the aggregator's fetch handler. The plugin removes
 * Fastify's body parsers in its scope and passes the raw stream, so the handler enforces the 256 KiB limit.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { toWebRequest, writeWebResponse, requestUrl, type FetchHandler } from './node.js';

/**
 * Creates a Fastify plugin serving the aggregator routes.
 *
 * @param handler - the aggregator (or its `fetch`)
 * @returns a plugin to `register`
 * @example
 * await app.register(toFastifyPlugin(aggregator));
 */
export function toFastifyPlugin(handler: FetchHandler | { fetch: FetchHandler }): FastifyPluginAsync {
  const fetch = typeof handler === 'function' ? handler : handler.fetch;
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
