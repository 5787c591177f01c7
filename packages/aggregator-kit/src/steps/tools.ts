/**
 * Maintenance tools: the reference `recompute-certificates-hash`.
 */
import type { AggregatorContext } from '../context.js';
import { toJsonText } from '../json.js';
import { encodeCertificate, JsonF64, jsonToPlain, parseCertificate, parseJson } from '../sdk.js';
import { ARTIFACT_KINDS, type DocumentRecord } from '../store.js';
import { sealCertificate } from './certificates.js';

/** Stored JSON as ordinary objects (the SDK's converter yields null-prototype ones), u64 values as bigint. */
function plainObject(json: string): Record<string, unknown> {
  const normalise = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(normalise);
    // A float (`phi_f`) stays a JsonF64, so that it is written back with serde's spelling.
    if (typeof v === 'object' && v !== null && !(v instanceof JsonF64))
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalise(x)]));
    return v;
  };
  return normalise(jsonToPlain(parseJson(json, 'stored'))) as Record<string, unknown>;
}

/**
 * Recomputes every certificate hash in insertion order (after a hashing change), rewriting `previous_hash` links
 * and the artifacts' `certificate_hash`.
 *
 * @param ctx - the aggregator context
 * @returns old hash → new hash
 * @example
 * const mapping = await recomputeCertificatesHash(ctx);
 */
export async function recomputeCertificatesHash(ctx: AggregatorContext): Promise<Map<string, string>> {
  const { store } = ctx;
  const mapping = new Map<string, string>();
  const records: DocumentRecord[] = [];
  for await (const hash of store.certificatesOldestFirst()) {
    const doc = await store.getCertificate(hash);
    if (doc === undefined) continue;
    const { hash: _old, ...stored } = parseCertificate(doc.json);
    const certificate = sealCertificate({ ...stored, previousHash: mapping.get(stored.previousHash) ?? stored.previousHash });
    mapping.set(hash, certificate.hash);
    records.push({ json: encodeCertificate(certificate), epoch: doc.epoch, hash: certificate.hash });
  }
  await store.replaceCertificates(records);
  const genesis = await store.getGenesisHash();
  if (genesis !== undefined) await store.setGenesisHash(mapping.get(genesis) ?? genesis);
  for (const kind of ARTIFACT_KINDS) {
    for await (const id of store.artifactsOldestFirst(kind)) {
      const doc = await store.getArtifact(kind, id);
      if (doc === undefined) continue;
      const artifact = plainObject(doc.json);
      const updated = mapping.get(String(artifact['certificate_hash']));
      if (updated !== undefined) {
        artifact['certificate_hash'] = updated;
        await store.insertArtifact(kind, { ...doc, json: toJsonText(artifact) });
      }
    }
  }
  return mapping;
}
