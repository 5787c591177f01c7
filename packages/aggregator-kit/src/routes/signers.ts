/**
 * `POST /register-signer`, `/signers/registered/{epoch}` and `/signers/tickers` (nodes.md §1.3, §1.5).
 */
import { badRequest, get, post, type Route } from '@mithril/kit-core';
import { SIGNER_PAYLOAD_LABEL } from '../errors.js';
import { registeredSigners, signerTickers } from '../queries.js';
import { parseRegisterSignerMessage } from '../sdk.js';
import { requireCurrentEpoch } from '../steps/epoch-data.js';
import { registerSigner } from '../steps/register-signer.js';
import type { SignerRegistrationRequest } from '../types.js';
import { decoded, isObject, parseEpochParam, safeNumber, stepWithLabel, type RouteGroupContext } from './shared.js';

/**
 * The signer registration and listing routes.
 *
 * @param group - the aggregator context and responses
 * @returns the routes
 * @example
 * const routes = signerRoutes({ ctx, responses });
 */
export function signerRoutes({ ctx, responses }: RouteGroupContext): Route[] {
  return [
    get('/signers/registered/:epoch', async ({ params }) => {
      const registeredAt = parseEpochParam(params['epoch']!, await requireCurrentEpoch(ctx), undefined);
      const signers = await registeredSigners(ctx, registeredAt);
      if (signers.length === 0) return responses.empty(404);
      return responses.json(200, {
        registered_at: registeredAt,
        signing_at: registeredAt + 2n,
        registrations: signers.map((s) => ({ party_id: s.partyId, stake: BigInt(s.stake) })),
      });
    }),
    get('/signers/tickers', async () =>
      responses.json(200, {
        network: ctx.config.network,
        signers: (await signerTickers(ctx)).map((t) => ({ party_id: t.partyId, has_registered: t.hasRegistered })),
      }),
    ),
    post('/register-signer', async ({ body }) => {
      const b = await body();
      const label = SIGNER_PAYLOAD_LABEL;
      // A JSON string body must not be read as JSON text a second time by the SDK parser.
      if (!isObject(b)) badRequest(label, 'expected a JSON object');
      const { kesPeriod, ...message } = decoded(label, () => parseRegisterSignerMessage(b));
      const request: SignerRegistrationRequest = { ...message, kesPeriod: safeNumber(kesPeriod, 'kes_period', label) };
      await stepWithLabel(label, () => registerSigner(ctx, request));
      return responses.empty(201);
    }),
  ];
}
