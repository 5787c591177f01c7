/**
 * `POST /register-signatures` body (nodes.md §1.4 `RegisterSingleSignatureMessage`, §1.3 decision tree).
 */
import * as v from 'valibot';
import { stringifyJson } from '../codec/json.js';
import { parseSignedEntityType } from '../certificate/signed-entity-type.js';
import type { SignedEntityType } from '../certificate/types.js';
import { parseMessage } from '../certificate/wire.js';
import { indexToJson, messageInvalid, objectToJson } from './json.js';
import { signedEntityTypeToJson } from './signed-entity-type.js';

/** A single signature sent to the aggregator (`RegisterSingleSignatureMessage`). */
export interface RegisterSignatureMessage {
  /** Wire name `entity_type`: the type and beacon the signature is for; never `Unknown`. */
  readonly signedEntityType: SignedEntityType;
  readonly partyId: string;
  /** JSON-hex of the STM single signature `{"sigma","indexes","signer_index"}`. */
  readonly signature: string;
  /** Won lottery indexes (`number`, as in the STM types). */
  readonly indexes: readonly number[];
  /** Hex protocol-message hash the signer claims to have signed (64 characters from a well-behaved signer). */
  readonly signedMessage: string;
}

const WHAT = 'register_signature';

const entityTypeSchema = v.pipe(
  v.unknown(),
  v.transform((value): SignedEntityType => {
    const field = `${WHAT}.entity_type`;
    const type = parseSignedEntityType(value, field);
    if (type.type === 'Unknown') throw messageInvalid(`${field}.${type.name}`, `unknown signed entity type ${JSON.stringify(type.name)}`);
    return type;
  }),
);

const lotteryIndexSchema = v.custom<number>(
  (value) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0,
  'expected an unsigned integer up to 2^53 - 1',
);

const registerSignatureSchema = v.pipe(
  v.object({
    // First, so that a bad type is the error reported when several fields are wrong.
    entity_type: entityTypeSchema,
    party_id: v.string(),
    signature: v.string(),
    indexes: v.array(lotteryIndexSchema),
    signed_message: v.string(),
  }),
  v.transform(
    (m): RegisterSignatureMessage => ({
      signedEntityType: m.entity_type,
      partyId: m.party_id,
      signature: m.signature,
      indexes: m.indexes,
      signedMessage: m.signed_message,
    }),
  ),
);

/**
 * Parses a `POST /register-signatures` body; unknown fields are ignored. An unknown signed entity type is refused
 * (it could not be encoded back).
 *
 * @param input - JSON text or parsed value
 * @returns the typed signature message
 * @throws {CertificateError} `MESSAGE_INVALID` naming the first invalid field (`register_signature.…`)
 * @throws {EncodingError} on malformed JSON text
 * @example
 * parseRegisterSignatureMessage(body).signedEntityType; // { type: 'MithrilStakeDistribution', epoch: 12n }
 */
export function parseRegisterSignatureMessage(input: unknown): RegisterSignatureMessage {
  return parseMessage(registerSignatureSchema, input, WHAT);
}

/**
 * JSON text of a `POST /register-signatures` body, fields in the reference order.
 *
 * @param message - the signature message
 * @returns compact JSON text
 * @throws {CertificateError} `MESSAGE_INVALID` for an `Unknown` type, an out-of-range beacon or a bad index
 * @example
 * encodeRegisterSignatureMessage({ signedEntityType: { type: 'CardanoStakeDistribution', epoch: 9n }, partyId: 'pool1x',
 *   signature: '7b7d', indexes: [1, 4], signedMessage: 'ab'.repeat(32) });
 */
export function encodeRegisterSignatureMessage(message: RegisterSignatureMessage): string {
  return stringifyJson(
    objectToJson([
      ['entity_type', signedEntityTypeToJson(message.signedEntityType, `${WHAT}.entity_type`)],
      ['party_id', message.partyId],
      ['signature', message.signature],
      ['indexes', message.indexes.map((index, i) => indexToJson(index, `${WHAT}.indexes[${i}]`))],
      ['signed_message', message.signedMessage],
    ]),
  );
}
