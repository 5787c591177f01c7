/**
 * Root, `/status`, `/epoch-settings` and `/protocol-configuration/{epoch}` (nodes.md §1.3).
 */
import { badRequest, get, type Route } from '@mithril/kit-core';
import { epochSettings, protocolConfiguration, statusNumbers } from '../queries.js';
import { encodeEpochSettings, encodeProtocolConfigurationMessage, protocolParametersToJson } from '../sdk.js';
import type { RouteGroupContext } from './shared.js';

/**
 * OpenAPI version the routes follow (reference `2eedbd254`).
 *
 * @example
 * createResponses({ apiVersion: MITHRIL_API_VERSION });
 */
export const MITHRIL_API_VERSION = '0.1.68';

/**
 * The root, status, epoch-settings and protocol-configuration routes.
 *
 * @param group - the aggregator context and responses
 * @returns the routes
 * @example
 * const routes = rootRoutes({ ctx, responses });
 */
export function rootRoutes({ ctx, responses }: RouteGroupContext): Route[] {
  const config = ctx.config;
  // The transactions signing configuration and prover limit are announced only while CardanoTransactions is certified.
  const transactions = config.signedEntityTypes.includes('CardanoTransactions') ? config.cardanoTransactions : undefined;
  const signingConfig = transactions?.signingConfig;
  return [
    get('/', async () =>
      responses.json(200, {
        open_api_version: MITHRIL_API_VERSION,
        documentation_url: config.documentationUrl,
        capabilities: {
          signed_entity_types: [...config.signedEntityTypes],
          aggregate_signature_type: 'Concatenation',
          ...(transactions !== undefined && { cardano_transactions_prover: { max_hashes_allowed_by_request: transactions.maxHashesPerRequest } }),
        },
      }),
    ),
    get('/status', async () => {
      const n = await statusNumbers(ctx);
      return responses.json(200, {
        epoch: n.epoch,
        cardano_era: n.cardanoEra,
        cardano_network: n.network,
        mithril_era: 'pythagoras',
        cardano_node_version: config.cardanoNodeVersion,
        aggregator_node_version: config.aggregatorNodeVersion,
        protocol: protocolParametersToJson(n.currentParameters),
        next_protocol: protocolParametersToJson(n.nextParameters),
        total_signers: n.totalSigners,
        total_next_signers: n.totalNextSigners,
        total_stakes_signers: n.totalStakesSigners,
        total_next_stakes_signers: n.totalNextStakesSigners,
        total_cardano_spo: n.totalCardanoSpo,
        total_cardano_stake: n.totalCardanoStake,
      });
    }),
    get('/epoch-settings', async () => {
      const view = await epochSettings(ctx);
      return responses.jsonText(
        200,
        encodeEpochSettings({
          epoch: view.epoch,
          signerRegistrationProtocol: view.signerRegistrationProtocol,
          currentSigners: view.currentSigners,
          nextSigners: view.nextSigners,
          ...(signingConfig !== undefined && { cardanoTransactionsSigningConfig: signingConfig }),
        }),
      );
    }),
    get('/protocol-configuration/:epoch', async ({ params }) => {
      const value = params['epoch']!;
      if (!/^\d{1,19}$/.test(value)) badRequest('invalid_epoch', `invalid epoch '${value}'`);
      const configuration = await protocolConfiguration(ctx, BigInt(value));
      if (configuration === undefined) return responses.empty(404);
      const withTransactions = configuration.availableSignedEntityTypes.includes('CardanoTransactions') && signingConfig !== undefined;
      return responses.jsonText(
        200,
        encodeProtocolConfigurationMessage(withTransactions ? { ...configuration, cardanoTransactionsSigningConfig: signingConfig } : configuration),
      );
    }),
  ];
}
