/**
 * Certificates in their served JSON form: hashing through the SDK parser and hasher, storing, and reading back.
 */
import type { AggregatorContext } from '../context.js';
import { toJsonText } from '../json.js';
import { computeCertificateHash, jsonToPlain, parseCertificate, parseJson } from '../sdk.js';

/** A certificate as served, before its hash is known (`hash` is ignored). */
export type WireCertificate = Record<string, unknown>;

/**
 * Hash of a wire certificate computed by the SDK from the exact JSON the aggregator serves.
 *
 * @param wire - the certificate (its `hash` is ignored)
 * @returns the certificate hash
 * @example
 * const hash = hashWireCertificate({ ...wire, hash: '' });
 */
export function hashWireCertificate(wire: WireCertificate): string {
  const text = toJsonText({ ...wire, hash: '0'.repeat(64) });
  return computeCertificateHash(parseCertificate(text));
}

/**
 * Computes the hash of a wire certificate and stores it.
 *
 * @param ctx - the aggregator context
 * @param wire - the certificate (its `hash` is ignored)
 * @returns the hash
 * @example
 * const hash = await insertWireCertificate(ctx, wire);
 */
export async function insertWireCertificate(ctx: AggregatorContext, wire: WireCertificate): Promise<string> {
  const hash = hashWireCertificate(wire);
  const json = toJsonText({ ...wire, hash });
  await ctx.store.insertCertificate({ json, epoch: String(wire['epoch']), hash });
  return hash;
}

/**
 * Parses stored JSON back to a wire object with u64 values as bigint where needed.
 *
 * @param json - stored JSON text
 * @returns an ordinary object tree
 * @example
 * const wire = jsonToWire(doc.json);
 */
export function jsonToWire(json: string): WireCertificate {
  // The SDK's converter yields null-prototype objects; spread them back into ordinary ones for re-serialisation.
  const normalise = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(normalise);
    if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalise(x)]));
    return v;
  };
  return normalise(jsonToPlain(parseJson(json, 'stored'))) as WireCertificate;
}
