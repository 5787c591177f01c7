/**
 * Root, `/status`, `/epoch-settings` and `/protocol-configuration/{epoch}` (nodes.md §1.3).
 */
import { badRequest, get, type Route } from '@mithril/kit-core';
import { epochSettings, protocolConfiguration, statusNumbers } from '../queries.js';
import { loadRunnerState } from '../steps/epoch.js';
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
 * Response headers of `/status` that tell the runner's state (not in the reference: its `/status` body is closed by
 * the OpenAPI document, `additionalProperties: false`, so a stuck runner shows here instead of in the body).
 *
 * @example
 * const reason = response.headers.get(RUNNER_STATUS_HEADERS.blockedReason); // 'EpochGap' when blocked
 */
export const RUNNER_STATUS_HEADERS = {
  /** `idle`, `ready`, `signing` or `blocked`, as last stored by the runner (any replica reads it). */
  state: 'mithril-runner-state',
  /** `NoGenesis`, `GenesisEpoch` or `EpochGap`; only when the state is `blocked`. */
  blockedReason: 'mithril-runner-blocked-reason',
  /** The epoch the runner is blocked at; only when the state is `blocked`. */
  blockedEpoch: 'mithril-runner-blocked-epoch',
} as const;

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
      const [n, runner] = await Promise.all([statusNumbers(ctx), loadRunnerState(ctx)]);
      const response = responses.json(200, {
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
      const h = response.headers;
      h.set(RUNNER_STATUS_HEADERS.state, runner?.state ?? 'idle');
      if (runner?.state === 'blocked') {
        h.set(RUNNER_STATUS_HEADERS.blockedReason, runner.blockedReason ?? 'unknown');
        if (runner.epoch !== undefined) h.set(RUNNER_STATUS_HEADERS.blockedEpoch, runner.epoch);
      }
      h.set(
        'access-control-expose-headers',
        [h.get('access-control-expose-headers'), ...Object.values(RUNNER_STATUS_HEADERS)].filter(Boolean).join(', '),
      );
      return response;
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
