/**
 * Request bodies: read as a stream under a byte limit (413 as soon as it is passed), checked to be UTF-8, and parsed
 * as lossless JSON (u64 values become `bigint`, nodes.md §1.1).
 */
import { isMithrilError, jsonToPlain, parseJson } from '@mithril/sdk';
import { RequestError } from './errors.js';

/**
 * Reference body limit: 256 KiB.
 *
 * @example
 * await readBody(request, DEFAULT_BODY_LIMIT);
 */
export const DEFAULT_BODY_LIMIT = 256 * 1024;

/**
 * Reads a request body as UTF-8 text, refusing more than `limit` bytes without reading further.
 *
 * @param request - the request
 * @param limit - largest accepted body, in bytes
 * @returns the body text (`''` without a body)
 * @throws {RequestError} 413 when the declared or streamed size passes the limit; 400 `Bad Request` when the bytes
 *   are not UTF-8
 * @example
 * const text = await readBody(request, DEFAULT_BODY_LIMIT);
 */
export async function readBody(request: Request, limit: number): Promise<string> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) throw new RequestError(413, undefined, 'payload too large');
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new RequestError(413, undefined, 'payload too large');
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    all.set(c, offset);
    offset += c.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(all);
  } catch {
    throw new RequestError(400, 'Bad Request', 'the body is not UTF-8');
  }
}

/**
 * Parses a JSON body losslessly into plain values: objects, arrays, strings, booleans, null, and integers as
 * `number` when safe or `bigint` otherwise (the SDK's `jsonToPlain`).
 *
 * @param text - the body text
 * @returns the plain value
 * @throws {RequestError} 400 `Bad Request` naming the JSON error
 * @example
 * parseJsonBody('{"epoch":18446744073709551615}'); // { epoch: 18446744073709551615n }
 */
export function parseJsonBody(text: string): unknown {
  try {
    return jsonToPlain(parseJson(text, 'body'));
  } catch (error) {
    if (!isMithrilError(error)) throw error;
    throw new RequestError(400, 'Bad Request', `malformed JSON body: ${error.message}`, { cause: error });
  }
}
