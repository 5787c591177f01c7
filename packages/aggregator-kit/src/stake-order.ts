/**
 * Artifact ids as the reference computes them (nodes.md §10.1). Clients never trust them, but an aggregator serves
 * the same ids as the reference for the same data.
 */
import { bytesToHex, sha256 } from './sdk.js';

const ENCODER = new TextEncoder();

function sha256Hex(parts: readonly Uint8Array[]): string {
  let size = 0;
  for (const p of parts) size += p.length;
  const all = new Uint8Array(size);
  let offset = 0;
  for (const p of parts) {
    all.set(p, offset);
    offset += p.length;
  }
  return bytesToHex(sha256(all));
}

function u64be(value: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, value, false);
  return out;
}

/** A signer with stake as listed in a Mithril stake distribution. */
export interface SignerWithStake {
  readonly partyId: string;
  /** Canonical JSON-hex of the verification key and proof of possession. */
  readonly verificationKey: string;
  readonly verificationKeySignature?: string | undefined;
  readonly operationalCertificate?: string | undefined;
  readonly stake: bigint;
}

/**
 * `SignerWithStake::compute_hash`: SHA-256 of party id, key, optional KES signature and opcert, then `u64_be(stake)`;
 * `kes_period` is not included (nodes.md §10.1).
 *
 * @param signer - the signer
 * @returns lowercase hex
 */
export function computeSignerWithStakeHash(signer: SignerWithStake): string {
  const parts: Uint8Array[] = [ENCODER.encode(signer.partyId), ENCODER.encode(signer.verificationKey)];
  if (signer.verificationKeySignature !== undefined) parts.push(ENCODER.encode(signer.verificationKeySignature));
  if (signer.operationalCertificate !== undefined) parts.push(ENCODER.encode(signer.operationalCertificate));
  parts.push(u64be(signer.stake));
  return sha256Hex(parts);
}

/**
 * Id of a Mithril stake distribution: `SHA-256(u64_be(epoch) ‖ Σ ascii(signer hash))` in the listed order.
 *
 * @param epoch - the artifact epoch
 * @param signers - the signers, in the order they are served
 * @returns lowercase hex
 */
export function computeMithrilStakeDistributionId(epoch: bigint, signers: readonly SignerWithStake[]): string {
  return sha256Hex([u64be(epoch), ...signers.map((s) => ENCODER.encode(computeSignerWithStakeHash(s)))]);
}

/**
 * Pool ids in UTF-8 byte order, the order of the reference's ordered map.
 *
 * @param stakes - stake per pool id
 * @returns sorted `[pool, stake]` pairs
 */
export function sortStakes(stakes: Iterable<readonly [string, bigint]>): [string, bigint][] {
  const keyed = [...stakes].map(([p, s]) => ({ p, s, k: ENCODER.encode(p) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < Math.min(a.k.length, b.k.length); i++) if (a.k[i] !== b.k[i]) return a.k[i]! - b.k[i]!;
    return a.k.length - b.k.length;
  });
  return keyed.map(({ p, s }) => [p, s]);
}

/**
 * Id of a Cardano stake distribution: `SHA-256(u64_be(epoch) ‖ Σ (ascii(pool) ‖ u64_be(stake)))` in pool-id order.
 *
 * @param epoch - the artifact epoch
 * @param stakes - stake per pool id
 * @returns lowercase hex
 */
export function computeCardanoStakeDistributionId(epoch: bigint, stakes: Iterable<readonly [string, bigint]>): string {
  return sha256Hex([u64be(epoch), ...sortStakes(stakes).flatMap(([p, s]) => [ENCODER.encode(p), u64be(s)])]);
}
