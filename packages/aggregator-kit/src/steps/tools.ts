/**
 * Maintenance tools: the reference `recompute-certificates-hash`.
 */
import type { AggregatorContext } from '../context.js';
import { toJsonText } from '../json.js';
import { ARTIFACT_KINDS, type DocumentRecord } from '../store.js';
import { hashWireCertificate, jsonToWire } from './certificate-wire.js';

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
    const wire = jsonToWire(doc.json);
    const previous = String(wire['previous_hash']);
    wire['previous_hash'] = mapping.get(previous) ?? previous;
    const newHash = hashWireCertificate(wire);
    mapping.set(hash, newHash);
    records.push({ json: toJsonText({ ...wire, hash: newHash }), epoch: doc.epoch, hash: newHash });
  }
  await store.replaceCertificates(records);
  const genesis = await store.getGenesisHash();
  if (genesis !== undefined) await store.setGenesisHash(mapping.get(genesis) ?? genesis);
  for (const kind of ARTIFACT_KINDS) {
    for await (const id of store.artifactsOldestFirst(kind)) {
      const doc = await store.getArtifact(kind, id);
      if (doc === undefined) continue;
      const wire = jsonToWire(doc.json);
      const updated = mapping.get(String(wire['certificate_hash']));
      if (updated !== undefined) {
        wire['certificate_hash'] = updated;
        await store.insertArtifact(kind, { ...doc, json: toJsonText(wire) });
      }
    }
  }
  return mapping;
}
