/**
 * Root, `/status`, `/epoch-settings` and `/protocol-configuration/{epoch}` (nodes.md §1.3).
 */
import { badRequest, get, type Route } from '@mithril/kit-core';
import { encodeEpochSettings, encodeProtocolConfigurationMessage, protocolParametersToJson } from '../sdk.js';
import type { SignerRecord } from '../store.js';
import { parametersFromRecord } from './queries.js';
import { requireEpoch, signerOf, type RouteGroupContext } from './shared.js';

/** OpenAPI version the routes follow (reference `2eedbd254`). */
export const MITHRIL_API_VERSION = '0.1.68';

const totalStake = (signers: readonly SignerRecord[]): bigint => signers.reduce((acc, s) => acc + BigInt(s.stake), 0n);

/**
 * The root, status, epoch-settings and protocol-configuration routes.
 *
 * @param ctx - service, queries, responses and status values
 * @returns the routes
 * @example
 * const routes = rootRoutes(ctx);
 */
export function rootRoutes(ctx: RouteGroupContext): Route[] {
  const { service, queries, responses, status } = ctx;
  return [
    get('/', async () =>
      responses.json(200, {
        open_api_version: MITHRIL_API_VERSION,
        documentation_url: status.documentationUrl,
        capabilities: { signed_entity_types: [...service.signedEntityTypes], aggregate_signature_type: 'Concatenation' },
      }),
    ),
    get('/status', async () => {
      const epoch = await requireEpoch(service);
      const data = await service.epochData(epoch);
      const tp = await queries.timePoint();
      return responses.json(200, {
        epoch,
        cardano_era: tp?.cardanoEra ?? status.cardanoEra,
        cardano_network: service.network,
        mithril_era: 'pythagoras',
        cardano_node_version: status.cardanoNodeVersion,
        aggregator_node_version: status.aggregatorNodeVersion,
        protocol: protocolParametersToJson(data.currentParameters),
        next_protocol: protocolParametersToJson(data.nextParameters),
        total_signers: data.currentSigners.length,
        total_next_signers: data.nextSigners.length,
        total_stakes_signers: totalStake(data.currentSigners),
        total_next_stakes_signers: totalStake(data.nextSigners),
        total_cardano_spo: tp?.totalCardanoSpo ?? 0,
        total_cardano_stake: BigInt(tp?.totalCardanoStake ?? '0'),
      });
    }),
    get('/epoch-settings', async () => {
      const epoch = await requireEpoch(service);
      const data = await service.epochData(epoch);
      const registration = await service.parametersAt(epoch + 1n);
      return responses.jsonText(
        200,
        encodeEpochSettings({
          epoch,
          signerRegistrationProtocol: registration,
          currentSigners: data.currentSigners.map(signerOf),
          nextSigners: data.nextSigners.map(signerOf),
        }),
      );
    }),
    get('/protocol-configuration/:epoch', async ({ params }) => {
      const value = params['epoch']!;
      if (!/^\d{1,19}$/.test(value)) badRequest('invalid_epoch', `invalid epoch '${value}'`);
      const settings = await queries.epochSettings(BigInt(value));
      if (settings === undefined) return responses.empty(404);
      return responses.jsonText(
        200,
        encodeProtocolConfigurationMessage({
          protocolParameters: parametersFromRecord(settings.protocolParameters),
          availableSignedEntityTypes: settings.signedEntityTypes,
        }),
      );
    }),
  ];
}
