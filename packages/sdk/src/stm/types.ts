/**
 * Plain data types of the STM (stake-based threshold multi-signature) scheme, concatenation proof system
 * (spec stm.md). Bytes are `Uint8Array`; u64 quantities that can exceed 2^53 (stakes, m, k) are `bigint`; lottery
 * indexes and signer indexes are `number` (codecs reject values above `Number.MAX_SAFE_INTEGER`).
 */

/**
 * STM protocol parameters (stm.md §2).
 *
 * @example
 * const mainnet: StmParameters = { m: 20973n, k: 2422n, phiF: 0.2 };
 */
export interface StmParameters {
  /** Number of lotteries; a signature's indexes must satisfy `index <= m`. */
  readonly m: bigint;
  /** Quorum: the minimum number of distinct won indexes in an aggregate. */
  readonly k: bigint;
  /** `phi_f`, the chance that a party holding all the stake wins one lottery (0 ≤ phi_f ≤ 1). */
  readonly phiF: number;
}

/** A BLS verification key (96-byte compressed G2) with its proof of possession (96 bytes = k1 ‖ k2). */
export interface VerificationKeyProofOfPossession {
  readonly vk: Uint8Array;
  readonly pop: Uint8Array;
}

/** A registered party after registration closed: `(vk, stake)`, the Merkle leaf content (stm.md §4.1). */
export interface RegistrationEntry {
  /** Compressed verification key, 96 bytes. */
  readonly vk: Uint8Array;
  readonly stake: bigint;
}

/** An STM single signature (stm.md §5.1). */
export interface SingleSignature {
  /** Compressed BLS signature of `msgp`, 48 bytes. */
  readonly sigma: Uint8Array;
  /** Won lottery indexes, in stored order (ascending when produced by a signer). */
  readonly indexes: readonly number[];
  /** Position of the signer in the closed registration. */
  readonly signerIndex: number;
}

/** A single signature paired with the registration entry it claims (stm.md §6.2). */
export interface SignatureWithRegisteredParty {
  readonly signature: SingleSignature;
  readonly registration: RegistrationEntry;
}

/** A Merkle batch membership proof (stm.md §4.4). */
export interface MerkleBatchPath {
  /** Sibling digests, 32 bytes each. */
  readonly values: readonly Uint8Array[];
  /** Leaf positions, ascending. */
  readonly indices: readonly number[];
}

/** Commitment to the closed registration (stm.md §4.5). */
export interface MerkleTreeCommitment {
  /** Merkle root (32 bytes when produced by the tree; its length is not checked when decoded). */
  readonly root: Uint8Array;
  readonly nrLeaves: number;
}

/** The aggregate verification key of the concatenation proof system (stm.md §4.5). */
export interface AggregateVerificationKey {
  readonly mtCommitment: MerkleTreeCommitment;
  readonly totalStake: bigint;
}

/** The concatenation proof: the aggregate signature certificates carry as `multi_signature` (stm.md §6.2). */
export interface AggregateSignature {
  /** Chosen signatures, ascending by signer index. */
  readonly signatures: readonly SignatureWithRegisteredParty[];
  readonly batchProof: MerkleBatchPath;
}
