/**
 * The cardano-cli "text envelope" of keys and certificates: `{"type", "description", "cborHex"}`.
 */
import { fail } from '../codec/fields.js';
import { parseJson } from '../codec/json-parse.js';
import { toJsonText } from '../codec/json-text.js';
import { jsonMember, jsonObject } from '../codec/stm/json-fields.js';
import { bytesToHex, hexToBytes } from '../utils/bytes.js';

/** A parsed text envelope. */
export interface TextEnvelope {
  /** The envelope's `type`, e.g. `NodeOperationalCertificate`. */
  readonly type: string;
  /** The decoded `cborHex`. */
  readonly cbor: Uint8Array;
}

/**
 * Parses a cardano-cli text envelope (the `type` is returned, not checked, as the reference does).
 *
 * @param text - the file content
 * @param field - name of the input, for errors
 * @returns the type and the CBOR bytes
 * @throws {EncodingError} `ENCODING_INVALID_JSON` on bad JSON or missing fields, `ENCODING_INVALID_HEX` on bad hex
 * @example
 * parseTextEnvelope('{"type":"x","description":"","cborHex":"40"}').cbor // Uint8Array(1)
 */
export function parseTextEnvelope(text: string, field = 'text_envelope'): TextEnvelope {
  const obj = jsonObject(parseJson(text, field), field);
  const type = obj.get('type') ?? '';
  const cborHex = jsonMember(obj, 'cborHex', field);
  if (typeof type !== 'string' || typeof cborHex !== 'string') {
    fail('ENCODING_INVALID_JSON', 'type and cborHex must be strings', field);
  }
  return { type, cbor: hexToBytes(cborHex.trim().toLowerCase(), `${field}.cborHex`) };
}

/**
 * Formats a cardano-cli text envelope.
 *
 * @param type - the envelope type
 * @param description - the description
 * @param cbor - the CBOR bytes
 * @returns the JSON text (indented like cardano-cli, trailing newline)
 * @example
 * textEnvelope('NodeOperationalCertificate', '', cbor)
 */
export function textEnvelope(type: string, description: string, cbor: Uint8Array): string {
  return `${toJsonText({ type, description, cborHex: bytesToHex(cbor) }, { indent: 4 })}\n`;
}
