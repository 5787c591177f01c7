/**
 * Wire messages a signer exchanges with an aggregator (nodes.md §1.4): parsers for what it reads, encoders for what
 * it posts. u64 values are bigints; JSON is parsed and written losslessly.
 */
import * as v from 'valibot';
import {
  parseMessage,
  protocolParametersSchema,
  stringifyJson,
  u64Schema,
  type JsonValue,
  type ProtocolParameters,
  type SignedEntityType,
} from './sdk.js';
import { MithrilError } from './sdk.js';

/** A signer as listed in epoch settings: party id and keys as sent (JSON-hex strings). */
export interface EpochSettingsSigner {
  readonly partyId: string;
  readonly verificationKey: string;
  readonly verificationKeySignature?: string | undefined;
  readonly operationalCertificate?: string | undefined;
  readonly kesPeriod?: bigint | undefined;
}

/** `GET /epoch-settings` (nodes.md §1.4). */
export interface EpochSettings {
  /** The aggregator's current epoch. */
  readonly epoch: bigint;
  /** Signers registered under epoch − 1: they sign now. */
  readonly currentSigners: readonly EpochSettingsSigner[];
  /** Signers registered under epoch: they form the next AVK. */
  readonly nextSigners: readonly EpochSettingsSigner[];
  /** Deprecated copy of the registration parameters (epoch + 1), when sent. */
  readonly signerRegistrationProtocol?: ProtocolParameters | undefined;
}

/** `GET /protocol-configuration/{epoch}` (nodes.md §1.4). */
export interface ProtocolConfiguration {
  readonly protocolParameters: ProtocolParameters;
  /** Signed entity type names enabled for that epoch. */
  readonly availableSignedEntityTypes: readonly string[];
}

const signerSchema = v.pipe(
  v.object({
    party_id: v.pipe(v.string(), v.minLength(1)),
    verification_key: v.string(),
    verification_key_signature: v.optional(v.nullable(v.string())),
    operational_certificate: v.optional(v.nullable(v.string())),
    kes_period: v.optional(v.nullable(u64Schema)),
  }),
  v.transform(
    (s): EpochSettingsSigner => ({
      partyId: s.party_id,
      verificationKey: s.verification_key,
      verificationKeySignature: s.verification_key_signature ?? undefined,
      operationalCertificate: s.operational_certificate ?? undefined,
      kesPeriod: s.kes_period ?? undefined,
    }),
  ),
);

const epochSettingsSchema = v.pipe(
  v.object({
    epoch: u64Schema,
    current_signers: v.array(signerSchema),
    next_signers: v.array(signerSchema),
    signer_registration_protocol: v.optional(protocolParametersSchema),
  }),
  v.transform(
    (m): EpochSettings => ({
      epoch: m.epoch,
      currentSigners: m.current_signers,
      nextSigners: m.next_signers,
      signerRegistrationProtocol: m.signer_registration_protocol,
    }),
  ),
);

const protocolConfigurationSchema = v.pipe(
  v.object({
    protocol_parameters: protocolParametersSchema,
    available_signed_entity_types: v.array(v.string()),
  }),
  v.transform(
    (m): ProtocolConfiguration => ({
      protocolParameters: m.protocol_parameters,
      availableSignedEntityTypes: m.available_signed_entity_types,
    }),
  ),
);

/**
 * Parses an `EpochSettingsMessage` (nodes.md §1.4).
 *
 * @param text - the response body
 * @returns the typed settings
 * @throws {CertificateError} `MESSAGE_INVALID` naming the first bad field; {@link EncodingError} on malformed JSON
 */
export function parseEpochSettings(text: string): EpochSettings {
  return parseMessage(epochSettingsSchema, text, 'epoch_settings');
}

/**
 * Parses a `ProtocolConfigurationMessage` (nodes.md §1.4).
 *
 * @param text - the response body
 * @returns the typed configuration
 * @throws {CertificateError} `MESSAGE_INVALID` naming the first bad field; {@link EncodingError} on malformed JSON
 */
export function parseProtocolConfiguration(text: string): ProtocolConfiguration {
  return parseMessage(protocolConfigurationSchema, text, 'protocol_configuration');
}

/**
 * The externally tagged JSON of a signed entity type the signer posts, e.g. `{"MithrilStakeDistribution":246}`
 * (nodes.md §1.4).
 *
 * @param type - the signed entity type with its beacon
 * @returns a lossless JSON value
 * @throws {MithrilError} `SIGNED_ENTITY_TYPE_UNSUPPORTED` for `Unknown`
 */
export function signedEntityTypeToJson(type: SignedEntityType): JsonValue {
  const tagged = (value: JsonValue): JsonValue => new Map([[type.type, value]]);
  switch (type.type) {
    case 'MithrilStakeDistribution':
    case 'CardanoStakeDistribution':
      return tagged(type.epoch);
    case 'CardanoDatabase':
    case 'CardanoImmutableFilesFull':
      return tagged(
        new Map<string, JsonValue>([
          ['epoch', type.epoch],
          ['immutable_file_number', type.immutableFileNumber],
        ]),
      );
    case 'CardanoTransactions':
      return tagged([type.epoch, type.blockNumber]);
    case 'CardanoBlocksTransactions':
      return tagged(
        type.blockNumberOffset === undefined
          ? [type.epoch, type.blockNumber]
          : [type.epoch, type.blockNumber, type.blockNumberOffset],
      );
    default:
      throw new MithrilError('SIGNED_ENTITY_TYPE_UNSUPPORTED', `cannot encode signed entity type ${type.name}`, {
        field: 'entity_type',
      });
  }
}

/** A stable text key of a signed entity type with its beacon, e.g. `MithrilStakeDistribution-12` (storage keys). */
export function signedEntityTypeKey(type: SignedEntityType): string {
  switch (type.type) {
    case 'MithrilStakeDistribution':
    case 'CardanoStakeDistribution':
      return `${type.type}-${type.epoch}`;
    case 'CardanoDatabase':
    case 'CardanoImmutableFilesFull':
      return `${type.type}-${type.epoch}-${type.immutableFileNumber}`;
    case 'CardanoTransactions':
      return `${type.type}-${type.epoch}-${type.blockNumber}`;
    case 'CardanoBlocksTransactions':
      return `${type.type}-${type.epoch}-${type.blockNumber}-${type.blockNumberOffset ?? ''}`;
    default:
      return `Unknown-${type.name}`;
  }
}

/** Body of `POST /register-signer` (nodes.md §1.4). */
export interface RegisterSignerBody {
  /** The recording epoch: aggregator epoch + 1 (trap 41). */
  readonly epoch: bigint;
  readonly partyId: string;
  /** JSON-hex VK + PoP. */
  readonly verificationKey: string;
}

/**
 * JSON text of a `RegisterSignerMessage`. Operational certificate and KES fields are left out: test networks accept
 * a bare party id (nodes.md §2.3 step 4).
 *
 * @param body - the registration
 * @returns compact JSON text
 */
export function encodeRegisterSignerBody(body: RegisterSignerBody): string {
  return stringifyJson(
    new Map<string, JsonValue>([
      ['epoch', body.epoch],
      ['party_id', body.partyId],
      ['verification_key', body.verificationKey],
    ]),
  );
}

/** Body of `POST /register-signatures` (nodes.md §1.4). */
export interface RegisterSignatureBody {
  readonly signedEntityType: SignedEntityType;
  readonly partyId: string;
  /** JSON-hex single signature. */
  readonly signature: string;
  readonly indexes: readonly number[];
  /** Hex protocol-message hash (64 characters). */
  readonly signedMessage: string;
}

/**
 * JSON text of a `RegisterSingleSignatureMessage`.
 *
 * @param body - the signature
 * @returns compact JSON text
 * @throws {MithrilError} `SIGNED_ENTITY_TYPE_UNSUPPORTED` for an `Unknown` type
 */
export function encodeRegisterSignatureBody(body: RegisterSignatureBody): string {
  return stringifyJson(
    new Map<string, JsonValue>([
      ['entity_type', signedEntityTypeToJson(body.signedEntityType)],
      ['party_id', body.partyId],
      ['signature', body.signature],
      ['indexes', [...body.indexes]],
      ['signed_message', body.signedMessage],
    ]),
  );
}
