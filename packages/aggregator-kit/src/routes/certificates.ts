/**
 * `/certificates`, `/certificate/genesis` and `/certificate/{hash}` (nodes.md §1.3).
 */
import { get, type Route } from '@mithril/kit-core';
import type { StoredDocument } from './queries.js';
import type { RouteGroupContext } from './shared.js';

/** A list item of `/certificates`: the certificate without its signatures, with its signer count. */
function listItem(c: Record<string, unknown>): Record<string, unknown> {
  const m = c['metadata'] as Record<string, unknown>;
  return {
    hash: c['hash'],
    previous_hash: c['previous_hash'],
    epoch: c['epoch'],
    signed_entity_type: c['signed_entity_type'],
    metadata: {
      network: m['network'],
      version: m['version'],
      parameters: m['parameters'],
      initiated_at: m['initiated_at'],
      sealed_at: m['sealed_at'],
      total_signers: (m['signers'] as unknown[]).length,
    },
    protocol_message: c['protocol_message'],
    signed_message: c['signed_message'],
    aggregate_verification_key: c['aggregate_verification_key'],
  };
}

/**
 * The certificate routes; `/certificate/genesis` wins over `/certificate/{hash}`.
 *
 * @param ctx - queries and responses
 * @returns the routes
 * @example
 * const routes = certificateRoutes(ctx);
 */
export function certificateRoutes(ctx: RouteGroupContext): Route[] {
  const { queries, responses } = ctx;
  const document = (doc: StoredDocument | undefined): Response => (doc === undefined ? responses.empty(404) : responses.jsonText(200, doc.json));
  return [
    get('/certificates', async () => responses.json(200, (await queries.latestCertificates()).map(listItem))),
    get('/certificate/genesis', async () => document(await queries.genesisCertificate())),
    get('/certificate/:hash', async ({ params }) => document(await queries.certificate(params['hash']!))),
  ];
}
