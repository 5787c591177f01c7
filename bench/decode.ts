/**
 * Decoding of the cached benchmark data (pure: shared by the Node bench and the browser page). The data: 300 signers
 * with equal stake (mainnet-size parameters m = 20973, k = 2422, phi_f = 0.2), the 300 single signatures of round 0,
 * one aggregate holding all of them, and a synthetic chain of 12 aggregates (12 messages, same keys, signatures added
 * until k indexes are covered).
 */
import {
  type AggregateSignature,
  closeRegistration,
  type ClosedKeyRegistration,
  compareBytes,
  createBatchPath,
  hexToBytes,
  type SingleSignature,
  type StmParameters,
} from '@mithril/sdk';

export const PARAMETERS: StmParameters = { m: 20973n, k: 2422n, phiF: 0.2 };
export const SIGNERS = 300;
export const STAKE = 73_333_333_333_333n;
export const CHAIN_LENGTH = 12;

export interface SignatureJson {
  sigma: string;
  indexes: number[];
  signerIndex: number;
}

/** The cache file's JSON form. */
export interface DataJson {
  signingKeys: string[];
  verificationKeys: string[];
  messages: string[];
  singles: SignatureJson[];
  chain: SignatureJson[][];
}

/** The benchmark data set, decoded. */
export interface BenchData {
  /** Signing keys (32 bytes, big-endian), in signer-index order. */
  readonly signingKeys: readonly Uint8Array[];
  readonly closed: ClosedKeyRegistration;
  /** Message of each chain certificate (ASCII hex); `messages[0]` is also the message of the main round. */
  readonly messages: readonly Uint8Array[];
  /** The 300 single signatures of round 0, as signers send them. */
  readonly singles: readonly SingleSignature[];
  /** The aggregate of all 300 signatures of round 0 (contested indexes go to the smallest sigma). */
  readonly aggregate: AggregateSignature;
  /** One aggregate per chain certificate (message `messages[j]`). */
  readonly chain: readonly AggregateSignature[];
}

/** Gives each contested index to the smallest sigma, as the reference clerk does (stm.md §6.1). */
export function resolveContests(signatures: readonly SingleSignature[]): SingleSignature[] {
  const owner = new Map<number, SingleSignature>();
  for (const s of signatures) {
    for (const i of s.indexes) {
      const previous = owner.get(i);
      if (previous === undefined || compareBytes(s.sigma, previous.sigma) < 0) owner.set(i, s);
    }
  }
  return signatures.map((s) => ({ ...s, indexes: s.indexes.filter((i) => owner.get(i) === s) }));
}

function toAggregate(signatures: readonly SingleSignature[], closed: ClosedKeyRegistration): AggregateSignature {
  const sorted = [...resolveContests(signatures)].sort((a, b) => a.signerIndex - b.signerIndex);
  return {
    signatures: sorted.map((signature) => ({ signature, registration: closed.entries[signature.signerIndex]! })),
    batchProof: createBatchPath(
      closed.tree,
      sorted.map((s) => s.signerIndex),
    ),
  };
}

/**
 * Decodes the raw JSON form.
 *
 * @param raw - parsed cache file
 * @returns the data set
 */
export function decodeBenchData(raw: unknown): BenchData {
  const data = raw as DataJson;
  const closed = closeRegistration(data.verificationKeys.map((vk) => ({ vk: hexToBytes(vk), stake: STAKE })));
  const sig = (s: SignatureJson): SingleSignature => ({ sigma: hexToBytes(s.sigma), indexes: s.indexes, signerIndex: s.signerIndex });
  const singles = data.singles.map(sig);
  const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
  return {
    signingKeys: data.signingKeys.map((k) => hexToBytes(k)),
    closed,
    messages: data.messages.map(ascii),
    singles,
    aggregate: toAggregate(singles, closed),
    chain: data.chain.map((c) => toAggregate(c.map(sig), closed)),
  };
}
