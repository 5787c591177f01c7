import type { BlsBackend } from '../bls/backend.js';
import { checkProofOfPossession } from '../bls/scheme.js';
import { StmError } from '../errors.js';
import { bytesToHex, compareBytes, equalBytes, U64_MAX } from '../utils/bytes.js';
import { buildMerkleTree, merkleLeafBytes, merkleTreeCommitment, type MerkleTree } from './merkle.js';
import type { AggregateVerificationKey, RegistrationEntry, VerificationKeyProofOfPossession } from './types.js';

/**
 * A closed key registration: the registered parties in signer-index order, their total stake, the Merkle tree over
 * them and the resulting aggregate verification key (stm.md §4.1-§4.5).
 */
export interface ClosedKeyRegistration {
  /** Entries sorted by (stake ascending, verification key bytes ascending); position = signer index. */
  readonly entries: readonly RegistrationEntry[];
  readonly totalStake: bigint;
  readonly tree: MerkleTree;
  readonly avk: AggregateVerificationKey;
}

/**
 * Orders registration entries as the reference's `BTreeSet<ClosedRegistrationEntry>`: stake, then key bytes.
 *
 * @example
 * const sorted = [...entries].sort(compareRegistrationEntries); // the order of the signer indexes
 */
export function compareRegistrationEntries(a: RegistrationEntry, b: RegistrationEntry): number {
  if (a.stake !== b.stake) return a.stake < b.stake ? -1 : 1;
  return compareBytes(a.vk, b.vk);
}

/**
 * Closes a registration from already-checked entries (no proof-of-possession check here): sorts them, sums the
 * stake with u64 overflow checking, builds the Merkle tree and the AVK (stm.md §4.1-§4.5). This is also how a client
 * recomputes the AVK of a Mithril stake distribution.
 *
 * @param entries - `(vk, stake)` pairs, any order; verification keys must be distinct
 * @returns the closed registration
 * @throws {StmError} `STM_ENTRY_ALREADY_REGISTERED` on a repeated key, `STM_TOTAL_STAKE_OVERFLOW`, `STM_ZERO_TOTAL_STAKE`
 * @example
 * const closed = closeRegistration([{ vk, stake: 10n }, { vk: vk2, stake: 20n }]);
 * closed.avk.mtCommitment.root; // 32 bytes
 */
export function closeRegistration(entries: readonly RegistrationEntry[]): ClosedKeyRegistration {
  const seen = new Set<string>();
  let totalStake = 0n;
  entries.forEach((entry, i) => {
    if (entry.stake < 0n || entry.stake > U64_MAX) {
      throw new StmError('STM_TOTAL_STAKE_OVERFLOW', `stake ${entry.stake} is not a u64`, { field: `entries[${i}].stake` });
    }
    const key = bytesToHex(entry.vk);
    if (seen.has(key)) {
      throw new StmError('STM_ENTRY_ALREADY_REGISTERED', 'verification key registered twice', { field: `entries[${i}].vk` });
    }
    seen.add(key);
    totalStake += entry.stake;
    if (totalStake > U64_MAX) {
      throw new StmError('STM_TOTAL_STAKE_OVERFLOW', 'the total stake overflows a u64', { field: `entries[${i}].stake` });
    }
  });
  if (totalStake === 0n) throw new StmError('STM_ZERO_TOTAL_STAKE', 'the total stake is zero', { field: 'entries' });
  const sorted = entries.map((e) => ({ vk: e.vk, stake: e.stake })).sort(compareRegistrationEntries);
  const tree = buildMerkleTree(sorted.map(merkleLeafBytes));
  return { entries: sorted, totalStake, tree, avk: { mtCommitment: merkleTreeCommitment(tree), totalStake } };
}

/**
 * Position of a party in a closed registration (its signer index), or `undefined` when it is not registered.
 *
 * @param closed - the closed registration
 * @param vk - the party's compressed verification key
 * @param stake - when given, the registered stake must match too
 *
 * @example
 * const signerIndex = findSignerIndex(closedRegistration, keys.verificationKey.vk, stake);
 * if (signerIndex === undefined) throw new Error('party not registered');
 */
export function findSignerIndex(closed: ClosedKeyRegistration, vk: Uint8Array, stake?: bigint): number | undefined {
  const i = closed.entries.findIndex((e) => equalBytes(e.vk, vk) && (stake === undefined || e.stake === stake));
  return i < 0 ? undefined : i;
}

/**
 * An open key registration (the reference's `KeyRegistration`): each party is admitted after its proof of possession
 * is checked; a key can register only once.
 *
 * @example
 * const reg = new KeyRegistration(nobleBackend);
 * reg.register(100n, partyA.verificationKey);
 * const closed = reg.close();
 */
export class KeyRegistration {
  readonly #backend: BlsBackend;
  readonly #entries = new Map<string, RegistrationEntry>();
  #closed = false;

  constructor(backend: BlsBackend) {
    this.#backend = backend;
  }

  /** Number of parties registered so far. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Registers a party after checking its proof of possession (stm.md §1.4, §4.1).
   *
   * @param stake - the party's stake (u64)
   * @param key - its verification key and proof of possession
   * @throws {BlsError} `BLS_INVALID_POINT` / `BLS_POP_INVALID`
   * @throws {StmError} `STM_ENTRY_ALREADY_REGISTERED`, `STM_REGISTRATION_CLOSED`
   */
  register(stake: bigint, key: VerificationKeyProofOfPossession): void {
    if (this.#closed) throw new StmError('STM_REGISTRATION_CLOSED', 'the registration is already closed');
    if (typeof stake !== 'bigint' || stake < 0n || stake > U64_MAX) {
      throw new StmError('STM_TOTAL_STAKE_OVERFLOW', `stake ${String(stake)} is not a u64`, { field: 'stake' });
    }
    checkProofOfPossession(this.#backend, key.vk, key.pop);
    const id = bytesToHex(key.vk);
    if (this.#entries.has(id)) {
      throw new StmError('STM_ENTRY_ALREADY_REGISTERED', 'verification key already registered', { field: 'vk' });
    }
    this.#entries.set(id, { vk: key.vk, stake });
  }

  /**
   * Closes the registration (stm.md §4.1).
   *
   * @throws {StmError} `STM_TOTAL_STAKE_OVERFLOW`, `STM_ZERO_TOTAL_STAKE`
   */
  close(): ClosedKeyRegistration {
    const closed = closeRegistration([...this.#entries.values()]);
    this.#closed = true;
    return closed;
  }
}
