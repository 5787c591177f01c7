/** Helpers shared by the client actions (not part of the public surface). */
import { ClientError } from './errors.js';
import type { ActionOptions, MithrilClientBase } from './types.js';

const HASH = /^[0-9a-f]{64}$/;

/**
 * Combines the client-wide signal with a call's signal.
 *
 * @param client - the client
 * @param options - the call's options
 * @returns the combined signal, if any
 */
export function callSignal(client: MithrilClientBase, options: ActionOptions | undefined): AbortSignal | undefined {
  const signals = [client.signal, options?.signal].filter((s): s is AbortSignal => s !== undefined);
  return signals.length <= 1 ? signals[0] : AbortSignal.any(signals);
}

/**
 * Checks that a hash is 64 lowercase hex characters before it goes into a URL path.
 *
 * @param hash - the hash
 * @param field - field name for the error
 * @throws {ClientError} `CLIENT_INVALID_OPTIONS`
 */
export function assertHash(hash: string, field: string): void {
  if (typeof hash !== 'string' || !HASH.test(hash)) {
    throw new ClientError('CLIENT_INVALID_OPTIONS', 'expected a 64-character lowercase hex hash', { field });
  }
}
