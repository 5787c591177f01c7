/**
 * Aggregator errors and the single table that maps them to HTTP statuses and reference labels (nodes.md §1.1, §1.3).
 */
import { errorReply as kitErrorReply, type ErrorReply } from '@mithril/kit-core';
import { MithrilError, type MithrilErrorCode } from './sdk.js';

export type { ErrorReply };

/** An error raised by the aggregator kit; its `code` selects the HTTP answer in {@link ERROR_STATUS}. */
export class AggregatorError extends MithrilError {
  override readonly name: string = 'AggregatorError';
}

/**
 * Error code → HTTP answer. Codes not listed are answered 500. Labels follow the reference routes
 * (`signer_routes.rs`, `signatures_routes.rs`, nodes.md §1.3).
 */
export const ERROR_STATUS: Readonly<Partial<Record<MithrilErrorCode, ErrorReply>>> = {
  AGGREGATOR_INVALID_REQUEST: { status: 400, label: 'Bad Request' },
  AGGREGATOR_NOT_FOUND: { status: 404 },
  AGGREGATOR_UNKNOWN_ENTITY_TYPE: { status: 400, label: 'Unknown signed entity type' },
  AGGREGATOR_DISCONTINUED_ENTITY_TYPE: { status: 410, label: 'Discontinued signed entity type' },
  AGGREGATOR_SIGNATURE_NOT_AUTHENTIC: { status: 400, label: 'Could not authenticate signature' },
  AGGREGATOR_ALREADY_CERTIFIED: { status: 410, label: 'already_certified' },
  AGGREGATOR_OPEN_MESSAGE_EXPIRED: { status: 410, label: 'expired' },
  AGGREGATOR_SIGNATURE_MESSAGE_MISMATCH: { status: 500 },
  AGGREGATOR_SIGNER_REGISTRATION_FAILED: { status: 400, label: 'failed_signer_registration' },
  AGGREGATOR_REGISTRATION_ROUND_NOT_OPEN: { status: 550 },
  AGGREGATOR_REGISTRATION_EPOCH_MISMATCH: { status: 500 },
};

/** Label used when a request body cannot be decoded into a signer registration (reference wording). */
export const SIGNER_PAYLOAD_LABEL = 'Could not decode signer payload';
/** Label used when a single-signature payload cannot be decoded (reference wording). */
export const SIGNATURE_PAYLOAD_LABEL = 'Could not decode signature payload';

/**
 * The HTTP answer for any thrown value, through kit-core's `errorReply` over {@link ERROR_STATUS}: mapped codes get
 * their status, request errors their own, other Mithril errors 500 with their message, anything else 500 without
 * internals.
 *
 * @param error - what was thrown
 * @returns status, optional label and a message safe to send
 * @example
 * errorReply(new AggregatorError('AGGREGATOR_ALREADY_CERTIFIED', 'certified')); // { status: 410, label: 'already_certified', ... }
 */
export function errorReply(error: unknown): { status: number; label?: string; message: string } {
  const { status, label, message } = kitErrorReply(error, ERROR_STATUS);
  return label === undefined ? { status, message } : { status, label, message };
}
