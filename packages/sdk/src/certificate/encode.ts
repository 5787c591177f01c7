/**
 * Encoding side of the certificate messages (certificates.md §1, nodes.md §1.4): typed certificates back to the
 * reference's wire JSON, field for field in `CertificateMessage` order, so that `parseCertificate` and
 * `encodeCertificate` are inverse and the text is what the reference serves and the aggregator kit stores.
 */
import type { JsonObject, JsonValue } from '../codec/json-value.js';
import { stringifyJson } from '../codec/json-write.js';
import { objectToJson, protocolParametersToJson, u64ToJson } from '../messages/json.js';
import { signedEntityTypeToJson } from '../messages/signed-entity-type.js';
import {
  PROTOCOL_MESSAGE_PART_KEYS,
  type Certificate,
  type CertificateListItem,
  type CertificateSigner,
  type CertificateV0,
  type ProtocolMessage,
} from './types.js';

/**
 * Wire form of a protocol message: `{"message_parts":{…}}` with the parts in enum order (the reference's ordered
 * map, certificates.md §3), then `hash_scheme` when the value has one.
 *
 * @param message - the protocol message
 * @returns the JSON object
 * @example
 * stringifyJson(protocolMessageToJson({ parts: { current_epoch: '12' } })); // '{"message_parts":{"current_epoch":"12"}}'
 */
export function protocolMessageToJson(message: ProtocolMessage): JsonObject {
  const parts: JsonObject = new Map();
  for (const key of PROTOCOL_MESSAGE_PART_KEYS) {
    const value = message.parts[key];
    if (value !== undefined) parts.set(key, value);
  }
  return objectToJson([
    ['message_parts', parts],
    ['hash_scheme', message.hashScheme],
  ]);
}

function signersToJson(signers: readonly CertificateSigner[], field: string): JsonValue[] {
  return signers.map((s, i) =>
    objectToJson([
      ['party_id', s.partyId],
      ['stake', u64ToJson(s.stake, `${field}[${i}].stake`)],
    ]),
  );
}

/**
 * The lossless JSON model of a full certificate (`CertificateMessage`), keys in the reference order: `hash`,
 * `previous_hash`, `epoch`, `signed_entity_type`, `metadata` (`network`, `version`, `parameters`, `initiated_at`,
 * `sealed_at`, `signers`), `protocol_message`, `signed_message`, `aggregate_verification_key`, then the optional
 * `aggregate_verification_key_snark`, `ancillary_prover_data`, `ancillary_verifier_data`, then `multi_signature`,
 * `genesis_signature` and the optional `genesis_schnorr_signature`. Optional members are written only when present;
 * timestamps are written as their original text.
 *
 * @param certificate - the certificate
 * @returns the JSON object ({@link stringifyJson} writes its text)
 * @throws {CertificateError} `MESSAGE_INVALID` naming the field for an `Unknown` signed entity type or a u64 out of
 *   range
 * @example
 * certificateToJson(parseCertificate(text)).get('hash') === parseCertificate(text).hash; // true
 */
export function certificateToJson(certificate: Certificate): JsonObject {
  const what = 'certificate';
  const { metadata } = certificate;
  return objectToJson([
    ['hash', certificate.hash],
    ['previous_hash', certificate.previousHash],
    ['epoch', u64ToJson(certificate.epoch, `${what}.epoch`)],
    ['signed_entity_type', signedEntityTypeToJson(certificate.signedEntityType, `${what}.signed_entity_type`)],
    [
      'metadata',
      objectToJson([
        ['network', metadata.network],
        ['version', metadata.version],
        ['parameters', protocolParametersToJson(metadata.parameters, `${what}.metadata.parameters`)],
        ['initiated_at', metadata.initiatedAt.text],
        ['sealed_at', metadata.sealedAt.text],
        ['signers', signersToJson(metadata.signers, `${what}.metadata.signers`)],
      ]),
    ],
    ['protocol_message', protocolMessageToJson(certificate.protocolMessage)],
    ['signed_message', certificate.signedMessage],
    ['aggregate_verification_key', certificate.aggregateVerificationKey],
    ['aggregate_verification_key_snark', certificate.aggregateVerificationKeySnark],
    ['ancillary_prover_data', certificate.ancillaryProverData],
    ['ancillary_verifier_data', certificate.ancillaryVerifierData],
    ['multi_signature', certificate.multiSignature],
    ['genesis_signature', certificate.genesisSignature],
    ['genesis_schnorr_signature', certificate.genesisSchnorrSignature],
  ]);
}

/**
 * The canonical wire JSON text of a full certificate, as `GET /certificate/{hash}` serves it (compact, reference key
 * order; see {@link certificateToJson}). `parseCertificate(encodeCertificate(c))` equals `c`, and for a certificate
 * parsed from a reference aggregator the text is the compact form of what was received, so its hash is unchanged.
 * The hash is not recomputed: set `hash` with `computeCertificateHash` before encoding a new certificate.
 *
 * @param certificate - the certificate
 * @returns compact JSON text
 * @throws {CertificateError} `MESSAGE_INVALID` naming the field for an `Unknown` signed entity type or a u64 out of
 *   range
 * @example
 * const text = encodeCertificate({ ...certificate, hash: computeCertificateHash(certificate) });
 * parseCertificate(text); // equal to the certificate with its hash
 */
export function encodeCertificate(certificate: Certificate): string {
  return stringifyJson(certificateToJson(certificate));
}

/**
 * The lossless JSON model of a certificate list item (`CertificateListItemMessage`): the full certificate's first
 * fields with `metadata.total_signers` in place of `signers`, and no signatures.
 *
 * @param item - the list item
 * @returns the JSON object
 * @throws {CertificateError} `MESSAGE_INVALID` as {@link certificateToJson}
 * @example
 * stringifyJson(certificateListItemToJson(parseCertificateListItem(text)));
 */
export function certificateListItemToJson(item: CertificateListItem): JsonObject {
  const what = 'certificate_list_item';
  const { metadata } = item;
  return objectToJson([
    ['hash', item.hash],
    ['previous_hash', item.previousHash],
    ['epoch', u64ToJson(item.epoch, `${what}.epoch`)],
    ['signed_entity_type', signedEntityTypeToJson(item.signedEntityType, `${what}.signed_entity_type`)],
    [
      'metadata',
      objectToJson([
        ['network', metadata.network],
        ['version', metadata.version],
        ['parameters', protocolParametersToJson(metadata.parameters, `${what}.metadata.parameters`)],
        ['initiated_at', metadata.initiatedAt.text],
        ['sealed_at', metadata.sealedAt.text],
        ['total_signers', u64ToJson(metadata.totalSigners, `${what}.metadata.total_signers`)],
      ]),
    ],
    ['protocol_message', protocolMessageToJson(item.protocolMessage)],
    ['signed_message', item.signedMessage],
    ['aggregate_verification_key', item.aggregateVerificationKey],
  ]);
}

/**
 * The wire JSON text of one certificate list item; `parseCertificateListItem` reads it back to an equal value.
 *
 * @param item - the list item
 * @returns compact JSON text
 * @throws {CertificateError} `MESSAGE_INVALID` as {@link certificateToJson}
 * @example
 * parseCertificateListItem(encodeCertificateListItem(item)); // equal to item
 */
export function encodeCertificateListItem(item: CertificateListItem): string {
  return stringifyJson(certificateListItemToJson(item));
}

/**
 * The wire JSON text of `GET /certificates`; `parseCertificateList` reads it back to equal items.
 *
 * @param items - the list items, in order
 * @returns compact JSON text
 * @throws {CertificateError} `MESSAGE_INVALID` as {@link certificateToJson}
 * @example
 * encodeCertificateList([]); // '[]'
 */
export function encodeCertificateList(items: readonly CertificateListItem[]): string {
  return stringifyJson(items.map(certificateListItemToJson));
}

/**
 * The wire JSON text of a v0 certificate (before distribution 2418): `beacon` in place of `epoch` and
 * `signed_entity_type`, no network in the metadata. The signers' historical `verification_key` is not part of
 * {@link CertificateV0} (it is not hashed), so it is not written.
 *
 * @param certificate - the v0 certificate
 * @returns compact JSON text
 * @throws {CertificateError} `MESSAGE_INVALID` naming a u64 out of range
 * @example
 * parseCertificateV0(encodeCertificateV0(certificate)); // equal to certificate
 */
export function encodeCertificateV0(certificate: CertificateV0): string {
  const what = 'certificate';
  const { beacon, metadata } = certificate;
  return stringifyJson(
    objectToJson([
      ['hash', certificate.hash],
      ['previous_hash', certificate.previousHash],
      [
        'beacon',
        objectToJson([
          ['network', beacon.network],
          ['epoch', u64ToJson(beacon.epoch, `${what}.beacon.epoch`)],
          ['immutable_file_number', u64ToJson(beacon.immutableFileNumber, `${what}.beacon.immutable_file_number`)],
        ]),
      ],
      [
        'metadata',
        objectToJson([
          ['version', metadata.version],
          ['parameters', protocolParametersToJson(metadata.parameters, `${what}.metadata.parameters`)],
          ['initiated_at', metadata.initiatedAt.text],
          ['sealed_at', metadata.sealedAt.text],
          ['signers', signersToJson(metadata.signers, `${what}.metadata.signers`)],
        ]),
      ],
      ['protocol_message', protocolMessageToJson(certificate.protocolMessage)],
      ['signed_message', certificate.signedMessage],
      ['aggregate_verification_key', certificate.aggregateVerificationKey],
      ['multi_signature', certificate.multiSignature],
      ['genesis_signature', certificate.genesisSignature],
    ]),
  );
}
