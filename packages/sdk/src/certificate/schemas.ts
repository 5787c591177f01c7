/**
 * valibot schemas and parse functions for the certificate messages (certificates.md §1, nodes.md §1.4). Unknown
 * fields are tolerated and dropped; everything that enters a hash is kept as received.
 */
import * as v from 'valibot';
import { CertificateError } from './errors.js';
import { parseSignedEntityType } from './signed-entity-type.js';
import { PROTOCOL_MESSAGE_PART_KEYS, type Certificate, type CertificateListItem, type CertificateV0, type ProtocolMessage } from './types.js';
import { mapOf, messageValue, optionalString, protocolParametersSchema, timestampSchema, u64Schema, validateMessage } from './wire.js';

/**
 * `protocol_message`: known part keys only (the reference fails on unknown keys), optional `hash_scheme`.
 *
 * @example
 * const message = parseMessage(protocolMessageSchema, text, 'protocol_message');
 */
export const protocolMessageSchema = v.pipe(
  v.object({
    message_parts: mapOf(v.picklist(PROTOCOL_MESSAGE_PART_KEYS, 'unknown protocol message part'), v.string()),
    hash_scheme: optionalString,
  }),
  v.transform(
    (m): ProtocolMessage => (m.hash_scheme === undefined ? { parts: m.message_parts } : { parts: m.message_parts, hashScheme: m.hash_scheme }),
  ),
);

const signerSchema = v.object({ party_id: v.string(), stake: u64Schema });

const metadataEntries = {
  network: v.string(),
  version: v.string(),
  parameters: protocolParametersSchema,
  initiated_at: timestampSchema,
  sealed_at: timestampSchema,
};

/**
 * Full certificate message, before the signed entity type is decoded.
 *
 * @example
 * const wire = parseMessage(certificateMessageSchema, text, 'certificate'); // the wire shape, snake_case
 */
export const certificateMessageSchema = v.object({
  hash: v.string(),
  previous_hash: v.string(),
  epoch: u64Schema,
  signed_entity_type: v.unknown(),
  metadata: v.object({ ...metadataEntries, signers: v.array(signerSchema) }),
  protocol_message: protocolMessageSchema,
  signed_message: v.string(),
  aggregate_verification_key: v.string(),
  multi_signature: v.string(),
  genesis_signature: v.string(),
  aggregate_verification_key_snark: optionalString,
  ancillary_prover_data: optionalString,
  ancillary_verifier_data: optionalString,
  genesis_schnorr_signature: optionalString,
});

/**
 * Certificate list item message, before the signed entity type is decoded.
 *
 * @example
 * const wire = parseMessage(certificateListItemMessageSchema, item, 'certificate_list_item');
 */
export const certificateListItemMessageSchema = v.object({
  hash: v.string(),
  previous_hash: v.string(),
  epoch: u64Schema,
  signed_entity_type: v.unknown(),
  metadata: v.object({ ...metadataEntries, total_signers: u64Schema }),
  protocol_message: protocolMessageSchema,
  signed_message: v.string(),
  aggregate_verification_key: v.string(),
});

/**
 * v0 certificate message (2024-02 and earlier): `beacon` instead of `epoch` / `signed_entity_type`.
 *
 * @example
 * const wire = parseMessage(certificateV0MessageSchema, text, 'certificate');
 */
export const certificateV0MessageSchema = v.object({
  hash: v.string(),
  previous_hash: v.string(),
  beacon: v.object({ network: v.string(), epoch: u64Schema, immutable_file_number: u64Schema }),
  metadata: v.object({
    version: v.string(),
    parameters: protocolParametersSchema,
    initiated_at: timestampSchema,
    sealed_at: timestampSchema,
    signers: v.array(signerSchema),
  }),
  protocol_message: protocolMessageSchema,
  signed_message: v.string(),
  aggregate_verification_key: v.string(),
  multi_signature: v.string(),
  genesis_signature: v.string(),
});

function isV0Shape(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'beacon' in value && !('epoch' in value);
}

/**
 * Parses and validates a full certificate message (`GET /certificate/{hash}`).
 *
 * @param input - JSON text (parsed losslessly: u64 beyond 2^53 survive) or an already parsed value
 * @returns the typed certificate, hash-relevant strings unchanged
 * @throws {CertificateError} `MESSAGE_INVALID` naming the field; `CERTIFICATE_UNSUPPORTED_FORMAT` for a v0
 *   (beacon-based) certificate, which {@link parseCertificateV0} reads
 * @throws {EncodingError} on malformed JSON text or duplicate keys
 * @example
 * const certificate = parseCertificate(await response.text());
 */
export function parseCertificate(input: unknown): Certificate {
  const value = messageValue(input, 'certificate');
  if (isV0Shape(value)) {
    throw new CertificateError('CERTIFICATE_UNSUPPORTED_FORMAT', 'v0 certificate (beacon, no epoch): use parseCertificateV0', {
      field: 'certificate',
    });
  }
  const m = validateMessage(certificateMessageSchema, value, 'certificate');
  const optional = {
    ...(m.aggregate_verification_key_snark !== undefined && { aggregateVerificationKeySnark: m.aggregate_verification_key_snark }),
    ...(m.ancillary_prover_data !== undefined && { ancillaryProverData: m.ancillary_prover_data }),
    ...(m.ancillary_verifier_data !== undefined && { ancillaryVerifierData: m.ancillary_verifier_data }),
    ...(m.genesis_schnorr_signature !== undefined && { genesisSchnorrSignature: m.genesis_schnorr_signature }),
  };
  return {
    hash: m.hash,
    previousHash: m.previous_hash,
    epoch: m.epoch,
    signedEntityType: parseSignedEntityType(m.signed_entity_type, 'certificate.signed_entity_type'),
    metadata: {
      network: m.metadata.network,
      version: m.metadata.version,
      parameters: m.metadata.parameters,
      initiatedAt: m.metadata.initiated_at,
      sealedAt: m.metadata.sealed_at,
      signers: m.metadata.signers.map((s) => ({ partyId: s.party_id, stake: s.stake })),
    },
    protocolMessage: m.protocol_message,
    signedMessage: m.signed_message,
    aggregateVerificationKey: m.aggregate_verification_key,
    multiSignature: m.multi_signature,
    genesisSignature: m.genesis_signature,
    ...optional,
  };
}

/**
 * Parses a certificate list item (`GET /certificates`). List items carry no signatures: never verify from them.
 *
 * @param input - JSON text or parsed value
 * @returns the typed list item
 * @throws {CertificateError} `MESSAGE_INVALID` naming the field
 *
 * @example
 * const item = parseCertificateListItem(JSON.parse(text)[0]);
 */
export function parseCertificateListItem(input: unknown): CertificateListItem {
  return listItemFrom(messageValue(input, 'certificate_list_item'), 'certificate_list_item');
}

function listItemFrom(value: unknown, what: string): CertificateListItem {
  const m = validateMessage(certificateListItemMessageSchema, value, what);
  return {
    hash: m.hash,
    previousHash: m.previous_hash,
    epoch: m.epoch,
    signedEntityType: parseSignedEntityType(m.signed_entity_type, `${what}.signed_entity_type`),
    metadata: {
      network: m.metadata.network,
      version: m.metadata.version,
      parameters: m.metadata.parameters,
      initiatedAt: m.metadata.initiated_at,
      sealedAt: m.metadata.sealed_at,
      totalSigners: m.metadata.total_signers,
    },
    protocolMessage: m.protocol_message,
    signedMessage: m.signed_message,
    aggregateVerificationKey: m.aggregate_verification_key,
  };
}

/**
 * Parses the certificate list (`GET /certificates`).
 *
 * @param input - JSON text or parsed array
 * @returns the typed list items, in the received order
 * @throws {CertificateError} `MESSAGE_INVALID` naming the item and field
 *
 * @example
 * const [latest] = parseCertificateList(await (await fetch(`${endpoint}/certificates`)).text());
 */
export function parseCertificateList(input: unknown): CertificateListItem[] {
  const items = validateMessage(v.array(v.unknown()), messageValue(input, 'certificate_list'), 'certificate_list');
  return items.map((item, i) => listItemFrom(item, `certificate_list[${i}]`));
}

/**
 * Parses a v0 certificate (before distribution 2418), for hash-integrity tooling only (certificates.md §8).
 *
 * @param input - JSON text or parsed value
 * @returns the typed v0 certificate
 * @throws {CertificateError} `MESSAGE_INVALID` naming the field
 *
 * @example
 * const v0 = parseCertificateV0(text); // a certificate of the v0 wire format
 */
export function parseCertificateV0(input: unknown): CertificateV0 {
  const m = validateMessage(certificateV0MessageSchema, messageValue(input, 'certificate'), 'certificate');
  return {
    hash: m.hash,
    previousHash: m.previous_hash,
    beacon: { network: m.beacon.network, epoch: m.beacon.epoch, immutableFileNumber: m.beacon.immutable_file_number },
    metadata: {
      version: m.metadata.version,
      parameters: m.metadata.parameters,
      initiatedAt: m.metadata.initiated_at,
      sealedAt: m.metadata.sealed_at,
      signers: m.metadata.signers.map((s) => ({ partyId: s.party_id, stake: s.stake })),
    },
    protocolMessage: m.protocol_message,
    signedMessage: m.signed_message,
    aggregateVerificationKey: m.aggregate_verification_key,
    multiSignature: m.multi_signature,
    genesisSignature: m.genesis_signature,
  };
}
