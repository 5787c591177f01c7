/**
 * `POST /register-signatures` (nodes.md §1.5): the signed entity type is judged first, then the message, then the
 * signature step.
 */
import { badRequest, post, type Route } from '@mithril/kit-core';
import { AggregatorError, SIGNATURE_PAYLOAD_LABEL } from '../errors.js';
import { AGGREGATOR_SIGNED_ENTITY_TYPES } from '../cardano-db/source.js';
import { parseRegisterSignatureMessage, parseSignedEntityType } from '../sdk.js';
import type { SignatureSubmission } from '../steps/register-signature.js';
import { registerSignature } from '../steps/register-signature.js';
import { decoded, isObject, stepWithLabel, type RouteGroupContext } from './shared.js';

const UNKNOWN_TYPE_LABEL = 'Unknown signed entity type';

/**
 * The single-signature route.
 *
 * @param group - the aggregator context and responses
 * @returns the routes
 * @example
 * const routes = signatureRoutes({ ctx, responses });
 */
export function signatureRoutes({ ctx, responses }: RouteGroupContext): Route[] {
  return [
    post('/register-signatures', async ({ body }) => {
      const b = await body();
      const label = SIGNATURE_PAYLOAD_LABEL;
      if (!isObject(b)) badRequest(label, 'expected a JSON object');
      // The type is judged before the other fields, so that a discontinued or foreign type answers 410 / its label.
      const type = decoded(UNKNOWN_TYPE_LABEL, () => parseSignedEntityType(b['entity_type'], 'entity_type'));
      if (type.type === 'CardanoImmutableFilesFull' && !ctx.config.signedEntityTypes.includes('CardanoImmutableFilesFull')) {
        throw new AggregatorError('AGGREGATOR_DISCONTINUED_ENTITY_TYPE', 'CardanoImmutableFilesFull is discontinued');
      }
      if (
        !(ctx.config.signedEntityTypes as readonly string[]).includes(type.type) ||
        !(AGGREGATOR_SIGNED_ENTITY_TYPES as readonly string[]).includes(type.type)
      ) {
        badRequest(UNKNOWN_TYPE_LABEL, `signed entity type ${type.type === 'Unknown' ? type.name : type.type} is not certified here`);
      }
      const message = decoded(label, () => parseRegisterSignatureMessage(b));
      if (!/^[0-9a-f]{64}$/.test(message.signedMessage)) badRequest(label, 'signed_message: expected 64 lowercase hex characters');
      const status = await stepWithLabel(label, () =>
        registerSignature(ctx, {
          type: message.signedEntityType as SignatureSubmission['type'],
          partyId: message.partyId,
          signature: message.signature,
          indexes: message.indexes,
          signedMessage: message.signedMessage,
        }),
      );
      return responses.empty(status);
    }),
  ];
}
