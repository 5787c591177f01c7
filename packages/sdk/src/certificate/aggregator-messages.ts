/**
 * Aggregator information messages: root route capabilities, `/status` and `/epoch-settings` (nodes.md §1.4).
 */
import * as v from 'valibot';
import type { ProtocolParameters } from './types.js';
import { optionalMember, parseMessage, protocolParametersSchema, u64Schema } from './wire.js';

/** A registered signer as listed by epoch settings (nodes.md §1.4 `Signer`). JSON-hex strings are kept as received. */
export interface Signer {
  readonly partyId: string;
  /** JSON-hex of `{"vk":[96],"pop":[96]}`. */
  readonly verificationKey: string;
  /** JSON-hex of the KES signature over the key, when the signer is certified. */
  readonly verificationKeySignature?: string | undefined;
  /** JSON-hex of the operational certificate. */
  readonly operationalCertificate?: string | undefined;
  /** KES evolutions (despite the name). */
  readonly kesPeriod?: bigint | undefined;
}

/**
 * The wire fields of a `Signer`.
 *
 * @example
 * const withStake = v.object({ ...signerEntries, stake: u64Schema });
 */
export const signerEntries = {
  party_id: v.string(),
  verification_key: v.string(),
  verification_key_signature: optionalMember(v.string()),
  operational_certificate: optionalMember(v.string()),
  kes_period: optionalMember(u64Schema),
};

/**
 * Maps validated wire signer fields to a {@link Signer}.
 *
 * @param s - the validated snake_case fields
 * @returns the camelCase signer
 *
 * @example
 * const signer = toSigner({ party_id: 'pool1…', verification_key: '7b22…', verification_key_signature: undefined, operational_certificate: undefined, kes_period: undefined });
 */
export function toSigner(s: v.InferOutput<v.ObjectSchema<typeof signerEntries, undefined>>): Signer {
  return {
    partyId: s.party_id,
    verificationKey: s.verification_key,
    ...(s.verification_key_signature !== undefined && { verificationKeySignature: s.verification_key_signature }),
    ...(s.operational_certificate !== undefined && { operationalCertificate: s.operational_certificate }),
    ...(s.kes_period !== undefined && { kesPeriod: s.kes_period }),
  };
}

/**
 * Schema of a `Signer` (camelCase output).
 *
 * @example
 * const signer = parseMessage(signerSchema, text, 'signer'); // { partyId, verificationKey, … }
 */
export const signerSchema = v.pipe(v.object(signerEntries), v.transform(toSigner));

/** `GET /status` (nodes.md §1.4 `AggregatorStatusMessage`). */
export interface AggregatorStatus {
  readonly epoch: bigint;
  readonly cardanoEra: string;
  readonly cardanoNetwork: string;
  readonly mithrilEra: string;
  readonly cardanoNodeVersion: string;
  readonly aggregatorNodeVersion: string;
  readonly protocol: ProtocolParameters;
  readonly nextProtocol: ProtocolParameters;
  readonly totalSigners: bigint;
  readonly totalNextSigners: bigint;
  readonly totalStakesSigners: bigint;
  readonly totalNextStakesSigners: bigint;
  readonly totalCardanoSpo: bigint;
  readonly totalCardanoStake: bigint;
}

const aggregatorStatusSchema = v.pipe(
  v.object({
    epoch: u64Schema,
    cardano_era: v.string(),
    cardano_network: v.string(),
    mithril_era: v.string(),
    cardano_node_version: v.string(),
    aggregator_node_version: v.string(),
    protocol: protocolParametersSchema,
    next_protocol: protocolParametersSchema,
    total_signers: u64Schema,
    total_next_signers: u64Schema,
    total_stakes_signers: u64Schema,
    total_next_stakes_signers: u64Schema,
    total_cardano_spo: u64Schema,
    total_cardano_stake: u64Schema,
  }),
  v.transform(
    (m): AggregatorStatus => ({
      epoch: m.epoch,
      cardanoEra: m.cardano_era,
      cardanoNetwork: m.cardano_network,
      mithrilEra: m.mithril_era,
      cardanoNodeVersion: m.cardano_node_version,
      aggregatorNodeVersion: m.aggregator_node_version,
      protocol: m.protocol,
      nextProtocol: m.next_protocol,
      totalSigners: m.total_signers,
      totalNextSigners: m.total_next_signers,
      totalStakesSigners: m.total_stakes_signers,
      totalNextStakesSigners: m.total_next_stakes_signers,
      totalCardanoSpo: m.total_cardano_spo,
      totalCardanoStake: m.total_cardano_stake,
    }),
  ),
);

/**
 * Parses `GET /status`.
 *
 * @param input - JSON text or parsed value
 * @returns the typed status
 * @throws {CertificateError} `MESSAGE_INVALID` naming the field
 *
 * @example
 * const status = parseAggregatorStatus(await (await fetch(`${endpoint}/status`)).text());
 * status.epoch // bigint
 */
export function parseAggregatorStatus(input: unknown): AggregatorStatus {
  return parseMessage(aggregatorStatusSchema, input, 'status');
}

/** Transactions signing configuration of epoch settings. */
export interface SigningConfig {
  readonly securityParameter: bigint;
  readonly step: bigint;
}

/** `GET /epoch-settings` (nodes.md §1.4 `EpochSettingsMessage`). */
export interface EpochSettings {
  readonly epoch: bigint;
  readonly currentSigners: readonly Signer[];
  readonly nextSigners: readonly Signer[];
  /** Deprecated but still sent: the parameters for epoch + 1. */
  readonly signerRegistrationProtocol?: ProtocolParameters | undefined;
  readonly cardanoTransactionsSigningConfig?: SigningConfig | undefined;
}

/**
 * Schema of a transactions signing configuration `{security_parameter, step}` (camelCase output).
 *
 * @example
 * const config = parseMessage(signingConfigSchema, text, 'cardano_transactions_signing_config');
 */
export const signingConfigSchema = v.pipe(
  v.object({ security_parameter: u64Schema, step: u64Schema }),
  v.transform((c): SigningConfig => ({ securityParameter: c.security_parameter, step: c.step })),
);

const epochSettingsSchema = v.pipe(
  v.object({
    epoch: u64Schema,
    current_signers: v.array(signerSchema),
    next_signers: v.array(signerSchema),
    signer_registration_protocol: optionalMember(protocolParametersSchema),
    cardano_transactions_signing_config: optionalMember(signingConfigSchema),
  }),
  v.transform(
    (m): EpochSettings => ({
      epoch: m.epoch,
      currentSigners: m.current_signers,
      nextSigners: m.next_signers,
      ...(m.signer_registration_protocol !== undefined && { signerRegistrationProtocol: m.signer_registration_protocol }),
      ...(m.cardano_transactions_signing_config !== undefined && {
        cardanoTransactionsSigningConfig: m.cardano_transactions_signing_config,
      }),
    }),
  ),
);

/**
 * Parses `GET /epoch-settings`.
 *
 * @param input - JSON text or parsed value
 * @returns the typed epoch settings
 * @throws {CertificateError} `MESSAGE_INVALID` naming the field
 *
 * @example
 * const settings = parseEpochSettings(await (await fetch(`${endpoint}/epoch-settings`)).text());
 */
export function parseEpochSettings(input: unknown): EpochSettings {
  return parseMessage(epochSettingsSchema, input, 'epoch_settings');
}

/** `GET /` (nodes.md §1.4 `AggregatorFeaturesMessage`). */
export interface AggregatorCapabilities {
  readonly openApiVersion: string;
  readonly documentationUrl: string;
  readonly capabilities: {
    /** Type names, in enum order; unknown names are kept. */
    readonly signedEntityTypes: readonly string[];
    readonly aggregateSignatureType: string;
    readonly cardanoTransactionsProver?: { readonly maxHashesAllowedByRequest: bigint } | undefined;
  };
}

const capabilitiesSchema = v.pipe(
  v.object({
    open_api_version: v.string(),
    documentation_url: v.string(),
    capabilities: v.object({
      signed_entity_types: v.array(v.string()),
      aggregate_signature_type: v.string(),
      cardano_transactions_prover: v.optional(v.object({ max_hashes_allowed_by_request: u64Schema })),
    }),
  }),
  v.transform(
    (m): AggregatorCapabilities => ({
      openApiVersion: m.open_api_version,
      documentationUrl: m.documentation_url,
      capabilities: {
        signedEntityTypes: m.capabilities.signed_entity_types,
        aggregateSignatureType: m.capabilities.aggregate_signature_type,
        ...(m.capabilities.cardano_transactions_prover !== undefined && {
          cardanoTransactionsProver: {
            maxHashesAllowedByRequest: m.capabilities.cardano_transactions_prover.max_hashes_allowed_by_request,
          },
        }),
      },
    }),
  ),
);

/**
 * Parses the root route `GET /` (aggregator features and capabilities).
 *
 * @param input - JSON text or parsed value
 * @returns the typed capabilities
 * @throws {CertificateError} `MESSAGE_INVALID` naming the field
 *
 * @example
 * const { capabilities } = parseAggregatorCapabilities(await (await fetch(endpoint)).text());
 */
export function parseAggregatorCapabilities(input: unknown): AggregatorCapabilities {
  return parseMessage(capabilitiesSchema, input, 'aggregator_features');
}
