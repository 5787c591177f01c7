/**
 * `GET /protocol-configuration/{epoch}` (nodes.md §1.4 `ProtocolConfigurationMessage`, §2.1): what a signer needs to
 * know about the aggregation and registration settings of an epoch.
 */
import * as v from 'valibot';
import { stringifyJson } from '../codec/json.js';
import { signingConfigSchema, type SigningConfig } from '../certificate/aggregator-messages.js';
import type { ProtocolParameters } from '../certificate/types.js';
import { optionalMember, parseMessage, protocolParametersSchema } from '../certificate/wire.js';
import { objectToJson, protocolParametersToJson, signingConfigToJson } from './json.js';

/** `GET /protocol-configuration/{epoch}` (nodes.md §1.4 `ProtocolConfigurationMessage`). */
export interface ProtocolConfigurationMessage {
  readonly protocolParameters: ProtocolParameters;
  readonly cardanoTransactionsSigningConfig?: SigningConfig | undefined;
  readonly cardanoBlocksTransactionsSigningConfig?: SigningConfig | undefined;
  /** Signed entity type names enabled for that epoch; unknown names are kept. */
  readonly availableSignedEntityTypes: readonly string[];
}

const WHAT = 'protocol_configuration';

const protocolConfigurationSchema = v.pipe(
  v.object({
    protocol_parameters: protocolParametersSchema,
    cardano_transactions_signing_config: optionalMember(signingConfigSchema),
    cardano_blocks_transactions_signing_config: optionalMember(signingConfigSchema),
    available_signed_entity_types: v.array(v.string()),
  }),
  v.transform(
    (m): ProtocolConfigurationMessage => ({
      protocolParameters: m.protocol_parameters,
      ...(m.cardano_transactions_signing_config !== undefined && {
        cardanoTransactionsSigningConfig: m.cardano_transactions_signing_config,
      }),
      ...(m.cardano_blocks_transactions_signing_config !== undefined && {
        cardanoBlocksTransactionsSigningConfig: m.cardano_blocks_transactions_signing_config,
      }),
      availableSignedEntityTypes: m.available_signed_entity_types,
    }),
  ),
);

/**
 * Parses `GET /protocol-configuration/{epoch}`; unknown fields are ignored.
 *
 * @param input - JSON text or parsed value
 * @returns the typed configuration
 * @throws {CertificateError} `MESSAGE_INVALID` naming the first invalid field (`protocol_configuration.…`)
 * @throws {EncodingError} on malformed JSON text
 * @example
 * parseProtocolConfigurationMessage('{"protocol_parameters":{"k":5,"m":100,"phi_f":0.65},"available_signed_entity_types":[]}');
 */
export function parseProtocolConfigurationMessage(input: unknown): ProtocolConfigurationMessage {
  return parseMessage(protocolConfigurationSchema, input, WHAT);
}

/**
 * JSON text of a `ProtocolConfigurationMessage`, fields in the reference order; absent signing configurations are
 * left out.
 *
 * @param message - the configuration
 * @returns compact JSON text
 * @throws {CertificateError} `MESSAGE_INVALID` naming a field whose value cannot be encoded
 * @example
 * encodeProtocolConfigurationMessage({ protocolParameters: { k: 5n, m: 100n, phiF: 0.65 }, availableSignedEntityTypes: ['MithrilStakeDistribution'] });
 */
export function encodeProtocolConfigurationMessage(message: ProtocolConfigurationMessage): string {
  const { cardanoTransactionsSigningConfig: txs, cardanoBlocksTransactionsSigningConfig: blocks } = message;
  return stringifyJson(
    objectToJson([
      ['protocol_parameters', protocolParametersToJson(message.protocolParameters, `${WHAT}.protocol_parameters`)],
      ['cardano_transactions_signing_config', txs && signingConfigToJson(txs, `${WHAT}.cardano_transactions_signing_config`)],
      ['cardano_blocks_transactions_signing_config', blocks && signingConfigToJson(blocks, `${WHAT}.cardano_blocks_transactions_signing_config`)],
      ['available_signed_entity_types', [...message.availableSignedEntityTypes]],
    ]),
  );
}
