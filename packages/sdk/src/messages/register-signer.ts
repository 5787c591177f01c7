/**
 * `POST /register-signer` body (nodes.md §1.4 `RegisterSignerMessage`, §1.3, trap 40 / 41).
 */
import * as v from 'valibot';
import { stringifyJson } from '../codec/json.js';
import { signerEntries, toSigner, type Signer } from '../certificate/aggregator-messages.js';
import { parseMessage, u64Schema } from '../certificate/wire.js';
import { objectToJson, signerToJson, u64ToJson } from './json.js';

/**
 * A signer registration: the `Signer` fields plus the recording epoch. `kesPeriod` holds KES evolutions despite its
 * name, and the aggregator recomputes it (trap 40).
 */
export interface RegisterSignerMessage extends Signer {
  /** The recording epoch: the aggregator's epoch + 1 (trap 41). */
  readonly epoch: bigint;
}

const WHAT = 'register_signer';

const registerSignerSchema = v.pipe(
  v.object({ epoch: u64Schema, ...signerEntries }),
  v.transform(({ epoch, ...signer }): RegisterSignerMessage => ({ epoch, ...toSigner(signer) })),
);

/**
 * Parses a `POST /register-signer` body; absent or `null` optional members come out `undefined`, unknown fields
 * are ignored.
 *
 * @param input - JSON text or parsed value
 * @returns the typed registration
 * @throws {CertificateError} `MESSAGE_INVALID` naming the first invalid field (`register_signer.…`)
 * @throws {EncodingError} on malformed JSON text
 * @example
 * parseRegisterSignerMessage('{"epoch":13,"party_id":"pool1…","verification_key":"7b…"}').epoch; // 13n
 */
export function parseRegisterSignerMessage(input: unknown): RegisterSignerMessage {
  return parseMessage(registerSignerSchema, input, WHAT);
}

/**
 * JSON text of a `POST /register-signer` body, fields in the reference order; absent optional members (opcert, KES
 * signature and period, which test networks may omit; nodes.md §2.3) are left out.
 *
 * @param message - the registration
 * @returns compact JSON text
 * @throws {CertificateError} `MESSAGE_INVALID` on an out-of-range `epoch` or `kes_period`
 * @example
 * encodeRegisterSignerMessage({ epoch: 101n, partyId: 'pool1x', verificationKey: '7b7d' });
 * // '{"epoch":101,"party_id":"pool1x","verification_key":"7b7d"}'
 */
export function encodeRegisterSignerMessage(message: RegisterSignerMessage): string {
  const signer = signerToJson(message, WHAT);
  return stringifyJson(objectToJson([['epoch', u64ToJson(message.epoch, `${WHAT}.epoch`)], ...signer]));
}
