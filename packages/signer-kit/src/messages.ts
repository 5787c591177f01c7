/**
 * Wire messages a signer exchanges with an aggregator (nodes.md §1.4): parsers for what it reads, encoders for what
 * it posts. u64 values are bigints; JSON is parsed and written losslessly.
 */
import {
  jsonToPlain,
  MithrilError,
  parseJson,
  stringifyJson,
  U64_MAX,
  type JsonValue,
  type ProtocolParameters,
  type SignedEntityType,
} from './sdk.js';

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

type Plain = Record<string, unknown>;

function invalid(field: string, message: string): MithrilError {
  return new MithrilError('MESSAGE_INVALID', message, { field });
}

function object(value: unknown, field: string): Plain {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(field, 'expected an object');
  return value as Plain;
}

function list(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw invalid(field, 'expected an array');
  return value;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string') throw invalid(field, 'expected a string');
  return value;
}

function optionalText(value: unknown, field: string): string | undefined {
  return value === undefined || value === null ? undefined : text(value, field);
}

function u64(value: unknown, field: string): bigint {
  if (typeof value === 'bigint' && value >= 0n && value <= U64_MAX) return value;
  // Unsafe integers could only come from a lossy parser: refuse them rather than guess.
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  throw invalid(field, 'expected an unsigned 64-bit integer');
}

function parameters(value: unknown, field: string): ProtocolParameters {
  const p = object(value, field);
  const phiF = p['phi_f'];
  if (typeof phiF !== 'number' || !Number.isFinite(phiF)) throw invalid(`${field}.phi_f`, 'expected a finite number');
  return { k: u64(p['k'], `${field}.k`), m: u64(p['m'], `${field}.m`), phiF };
}

function signer(value: unknown, field: string): EpochSettingsSigner {
  const s = object(value, field);
  const partyId = text(s['party_id'], `${field}.party_id`);
  if (partyId.length === 0) throw invalid(`${field}.party_id`, 'expected a non-empty string');
  const kes = s['kes_period'];
  return {
    partyId,
    verificationKey: text(s['verification_key'], `${field}.verification_key`),
    verificationKeySignature: optionalText(s['verification_key_signature'], `${field}.verification_key_signature`),
    operationalCertificate: optionalText(s['operational_certificate'], `${field}.operational_certificate`),
    kesPeriod: kes === undefined || kes === null ? undefined : u64(kes, `${field}.kes_period`),
  };
}

function parseBody(body: string, what: string): Plain {
  return object(jsonToPlain(parseJson(body, what)), what);
}

/**
 * Parses an `EpochSettingsMessage` (nodes.md §1.4); unknown fields are ignored.
 *
 * @param body - the response body
 * @returns the typed settings
 * @throws {MithrilError} `MESSAGE_INVALID` naming the first bad field; {@link EncodingError} on malformed JSON
 */
export function parseEpochSettings(body: string): EpochSettings {
  const what = 'epoch_settings';
  const m = parseBody(body, what);
  const protocol = m['signer_registration_protocol'];
  return {
    epoch: u64(m['epoch'], `${what}.epoch`),
    currentSigners: list(m['current_signers'], `${what}.current_signers`).map((s, i) => signer(s, `${what}.current_signers[${i}]`)),
    nextSigners: list(m['next_signers'], `${what}.next_signers`).map((s, i) => signer(s, `${what}.next_signers[${i}]`)),
    signerRegistrationProtocol:
      protocol === undefined || protocol === null ? undefined : parameters(protocol, `${what}.signer_registration_protocol`),
  };
}

/**
 * Parses a `ProtocolConfigurationMessage` (nodes.md §1.4); unknown fields are ignored.
 *
 * @param body - the response body
 * @returns the typed configuration
 * @throws {MithrilError} `MESSAGE_INVALID` naming the first bad field; {@link EncodingError} on malformed JSON
 */
export function parseProtocolConfiguration(body: string): ProtocolConfiguration {
  const what = 'protocol_configuration';
  const m = parseBody(body, what);
  return {
    protocolParameters: parameters(m['protocol_parameters'], `${what}.protocol_parameters`),
    availableSignedEntityTypes: list(m['available_signed_entity_types'], `${what}.available_signed_entity_types`).map((t, i) =>
      text(t, `${what}.available_signed_entity_types[${i}]`),
    ),
  };
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
