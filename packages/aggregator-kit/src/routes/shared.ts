/**
 * What every route group of the aggregator receives, and the request checks they share (nodes.md §1.1, §1.3).
 */
import { badRequest, type Responses } from '@mithril/kit-core';
import type { AggregatorContext } from '../context.js';
import { AggregatorError } from '../errors.js';
import { isMithrilError } from '../sdk.js';

/**
 * What a route group is built from: the aggregator context (handed to the steps and queries, never read directly)
 * and the response builders.
 *
 * @example
 * const group: RouteGroupContext = { ctx, responses: createResponses({ apiVersion: MITHRIL_API_VERSION }) };
 */
export interface RouteGroupContext {
  readonly ctx: AggregatorContext;
  readonly responses: Responses;
}

/**
 * Parses an epoch path parameter: a number, `latest` or `latest-N`, case-insensitive (nodes.md §1.1).
 *
 * @param value - the path parameter
 * @param current - what `latest` means
 * @param maxOffset - largest accepted N, or `undefined` for no bound
 * @returns the epoch (never below 0)
 * @throws {RequestError} 400 `invalid_epoch`
 *
 * @example
 * parseEpochParam('latest-1', 12n, 5n); // 11n
 */
export function parseEpochParam(value: string, current: bigint, maxOffset: bigint | undefined): bigint {
  const v = value.toLowerCase();
  if (/^\d{1,19}$/.test(v)) return BigInt(v);
  const m = /^latest(?:-(\d{1,19}))?$/.exec(v);
  if (m === null) badRequest('invalid_epoch', `invalid epoch parameter '${value}'`);
  const offset = m[1] === undefined ? 0n : BigInt(m[1]);
  if (maxOffset !== undefined && offset > maxOffset) badRequest('invalid_epoch', `epoch offset ${offset} exceeds ${maxOffset}`);
  return current > offset ? current - offset : 0n;
}

/**
 * Whether a parsed body is a JSON object.
 *
 * @param v - the parsed body
 * @returns the type guard
 *
 * @example
 * if (!isObject(body)) badRequest('Bad Request', 'expected a JSON object');
 */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * An unsigned 64-bit integer member of a body.
 *
 * @param v - the member
 * @param field - its name
 * @param label - the label of the 400
 * @returns the value
 * @throws {RequestError} 400 with `label`
 *
 * @example
 * const n = u64Field(body['nb_immutable_files'], 'nb_immutable_files', 'Bad Request');
 */
export function u64Field(v: unknown, field: string, label: string): bigint {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === 'bigint' && v >= 0n && v < 1n << 64n) return v;
  badRequest(label, `${field}: expected an unsigned 64-bit integer`);
}

/**
 * Runs an SDK message parser; its `MESSAGE_INVALID` (or any SDK error) becomes a 400 with the route's label.
 *
 * @param label - the label of the 400
 * @param parse - the parser call
 * @returns what the parser returns
 * @throws {RequestError} 400 with `label`
 *
 * @example
 * const message = decoded(SIGNER_PAYLOAD_LABEL, () => parseRegisterSignerMessage(body));
 */
export function decoded<T>(label: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!isMithrilError(error)) throw error;
    badRequest(label, error.field === undefined ? error.message : `${error.field}: ${error.message}`);
  }
}

/**
 * Runs a protocol step; a Mithril error that is not an aggregator error (a decoding failure inside the step) becomes
 * a 400 with the route's label, aggregator errors keep their table entry.
 *
 * @param label - the label of the 400
 * @param step - the step call
 * @returns what the step returns
 * @throws {RequestError} 400 with `label`
 *
 * @example
 * await stepWithLabel(SIGNER_PAYLOAD_LABEL, () => registerSigner(ctx, request));
 */
export async function stepWithLabel<T>(label: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof AggregatorError || !isMithrilError(error)) throw error;
    badRequest(label, error.message);
  }
}

/**
 * The kit stores these as JS numbers: refuse what a number cannot hold exactly.
 *
 * @param value - the parsed value
 * @param field - its name
 * @param label - the label of the 400
 * @returns the number
 * @throws {RequestError} 400 with `label`
 *
 * @example
 * const kesPeriod = safeNumber(message.kesPeriod, 'kes_period', SIGNER_PAYLOAD_LABEL);
 */
export function safeNumber(value: bigint | undefined, field: string, label: string): number | undefined {
  if (value === undefined) return undefined;
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) badRequest(label, `${field}: expected an unsigned integer`);
  return Number(value);
}
