/**
 * `/certificates`, `/certificate/genesis` and `/certificate/{hash}` (nodes.md §1.3).
 */
import { get, type Route } from '@mithril/kit-core';
import { getCertificate, getGenesisCertificate, LIST_MAX_ITEMS, listCertificates } from '../queries.js';
import { jsonToPlain, parseJson } from '../sdk.js';
import type { DocumentRecord } from '../store.js';
import type { RouteGroupContext } from './shared.js';

/** A list item of `/certificates`: the certificate without its signatures, with its signer count. */
function listItem(json: string): Record<string, unknown> {
  const c = jsonToPlain(parseJson(json, 'certificate')) as Record<string, unknown>;
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
 * @param group - the aggregator context and responses
 * @returns the routes
 * @example
 * const routes = certificateRoutes({ ctx, responses });
 */
export function certificateRoutes({ ctx, responses }: RouteGroupContext): Route[] {
  const document = (doc: DocumentRecord | undefined): Response => (doc === undefined ? responses.empty(404) : responses.jsonText(200, doc.json));
  return [
    get('/certificates', async () =>
      responses.json(
        200,
        (await listCertificates(ctx, { limit: LIST_MAX_ITEMS })).map((doc) => listItem(doc.json)),
      ),
    ),
    get('/certificate/genesis', async () => document(await getGenesisCertificate(ctx))),
    // Only a hash can name a stored certificate: anything else (`..%2f..%2fetc%2fpasswd`) is not found, as the reference.
    get('/certificate/:hash', async ({ params }) =>
      /^[0-9a-f]{64}$/.test(params['hash']!) ? document(await getCertificate(ctx, params['hash']!)) : responses.empty(404),
    ),
  ];
}
