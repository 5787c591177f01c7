/**
 * Encoding side of the aggregator information messages, `GET /` and `GET /status` (nodes.md §1.4); the decoding side
 * is `parseAggregatorCapabilities` / `parseAggregatorStatus` in `certificate/aggregator-messages.ts`.
 */
import { stringifyJson } from '../codec/json-write.js';
import type { AggregatorCapabilities, AggregatorStatus } from '../certificate/aggregator-messages.js';
import { objectToJson, protocolParametersToJson, u64ToJson } from './json.js';

/**
 * JSON text of an `AggregatorStatusMessage`, fields in the reference order; `parseAggregatorStatus` reads it back
 * to an equal value.
 *
 * @param status - the status
 * @returns compact JSON text
 * @throws {CertificateError} `MESSAGE_INVALID` naming a field whose value cannot be encoded (u64 out of range,
 *   non-finite `phi_f`)
 * @example
 * parseAggregatorStatus(encodeAggregatorStatus(status)); // equal to status
 */
export function encodeAggregatorStatus(status: AggregatorStatus): string {
  const what = 'status';
  const u64 = (key: string, value: bigint): readonly [string, bigint] => [key, u64ToJson(value, `${what}.${key}`)];
  return stringifyJson(
    objectToJson([
      u64('epoch', status.epoch),
      ['cardano_era', status.cardanoEra],
      ['cardano_network', status.cardanoNetwork],
      ['mithril_era', status.mithrilEra],
      ['cardano_node_version', status.cardanoNodeVersion],
      ['aggregator_node_version', status.aggregatorNodeVersion],
      ['protocol', protocolParametersToJson(status.protocol, `${what}.protocol`)],
      ['next_protocol', protocolParametersToJson(status.nextProtocol, `${what}.next_protocol`)],
      u64('total_signers', status.totalSigners),
      u64('total_next_signers', status.totalNextSigners),
      u64('total_stakes_signers', status.totalStakesSigners),
      u64('total_next_stakes_signers', status.totalNextStakesSigners),
      u64('total_cardano_spo', status.totalCardanoSpo),
      u64('total_cardano_stake', status.totalCardanoStake),
    ]),
  );
}

/**
 * JSON text of the root route's `AggregatorFeaturesMessage`: `open_api_version`, `documentation_url`, then
 * `capabilities` with `signed_entity_types`, `aggregate_signature_type` and, when present,
 * `cardano_transactions_prover`. `parseAggregatorCapabilities` reads it back to an equal value.
 *
 * @param features - the features and capabilities
 * @returns compact JSON text
 * @throws {CertificateError} `MESSAGE_INVALID` when `max_hashes_allowed_by_request` is out of the u64 range
 * @example
 * encodeAggregatorCapabilities({ openApiVersion: '0.1.0', documentationUrl: 'https://example.org',
 *   capabilities: { signedEntityTypes: ['MithrilStakeDistribution'], aggregateSignatureType: 'Concatenation' } });
 */
export function encodeAggregatorCapabilities(features: AggregatorCapabilities): string {
  const { capabilities } = features;
  const prover = capabilities.cardanoTransactionsProver;
  return stringifyJson(
    objectToJson([
      ['open_api_version', features.openApiVersion],
      ['documentation_url', features.documentationUrl],
      [
        'capabilities',
        objectToJson([
          ['signed_entity_types', [...capabilities.signedEntityTypes]],
          ['aggregate_signature_type', capabilities.aggregateSignatureType],
          [
            'cardano_transactions_prover',
            prover &&
              objectToJson([
                [
                  'max_hashes_allowed_by_request',
                  u64ToJson(
                    prover.maxHashesAllowedByRequest,
                    'aggregator_features.capabilities.cardano_transactions_prover.max_hashes_allowed_by_request',
                  ),
                ],
              ]),
          ],
        ]),
      ],
    ]),
  );
}
