/**
 * `POST /register-signer`, `/signers/registered/{epoch}` and `/signers/tickers` (nodes.md §1.3, §1.5).
 */
import { badRequest, get, post, type Route } from '@mithril/kit-core';
import { SIGNER_PAYLOAD_LABEL } from '../errors.js';
import { parseRegisterSignerMessage } from '../sdk.js';
import type { SignerRegistrationRequest } from '../types.js';
import { decoded, isObject, parseEpochParam, requireEpoch, safeNumber, stepWithLabel, type RouteGroupContext } from './shared.js';

/**
 * The signer registration and listing routes.
 *
 * @param ctx - service, queries and responses
 * @returns the routes
 * @example
 * const routes = signerRoutes(ctx);
 */
export function signerRoutes(ctx: RouteGroupContext): Route[] {
  const { service, queries, responses } = ctx;
  return [
    get('/signers/registered/:epoch', async ({ params }) => {
      const registeredAt = parseEpochParam(params['epoch']!, await requireEpoch(service), undefined);
      const signers = await queries.signersRecordedFor(registeredAt + 1n);
      if (signers.length === 0) return responses.empty(404);
      return responses.json(200, {
        registered_at: registeredAt,
        signing_at: registeredAt + 2n,
        registrations: signers.map((s) => ({ party_id: s.partyId, stake: BigInt(s.stake) })),
      });
    }),
    get('/signers/tickers', async () => {
      const known = await queries.knownParties();
      const epoch = await service.currentEpoch();
      const stakes = epoch === undefined ? undefined : await queries.stakes(epoch + 1n);
      const parties = new Set<string>([...(stakes ?? []).map(([p]) => p), ...known]);
      return responses.json(200, {
        network: service.network,
        signers: [...parties].sort().map((party_id) => ({ party_id, has_registered: known.has(party_id) })),
      });
    }),
    post('/register-signer', async ({ body }) => {
      const b = await body();
      const label = SIGNER_PAYLOAD_LABEL;
      // A JSON string body must not be read as JSON text a second time by the SDK parser.
      if (!isObject(b)) badRequest(label, 'expected a JSON object');
      const { kesPeriod, ...message } = decoded(label, () => parseRegisterSignerMessage(b));
      const request: SignerRegistrationRequest = { ...message, kesPeriod: safeNumber(kesPeriod, 'kes_period', label) };
      await stepWithLabel(label, () => service.registerSigner(request));
      return responses.empty(201);
    }),
  ];
}
