/**
 * Verification of proof messages and their binding to a certificate (mithril-client `message.rs`): a verified
 * proof yields a Merkle root; the certificate's protocol message with that root, the latest block number and (for
 * blocks-and-transactions) the block-number offset put in must hash to the certificate's `signed_message`.
 */
import { assertSignedEntityTypeMatchesMessage, verifyMessagePartsAgainstCertificate } from '../artifacts/verify.js';
import { ArtifactError } from '../certificate/errors.js';
import type { Certificate, ProtocolMessageParts } from '../certificate/types.js';
import { bytesToHex, equalBytes } from '../utils/bytes.js';
import { ProofError } from './errors.js';
import { mkMapProofContains, mkMapProofRoot, verifyMkMapProof, type MkMapProof } from './map-proof.js';
import type { ProofsMessage, ProvenBlock, ProvenTransaction } from './messages.js';
import { decodeMkMapProofBincodeHex, decodeMkMapProofJsonHex } from './proof-codec.js';

/** What a proof message certifies once its proofs verified (not yet bound to a certificate). */
export interface VerifiedProofs {
  readonly version: ProofsMessage['version'];
  readonly certificateHash: string;
  /** Hex of the Merkle root every proof of the message recomputes. */
  readonly merkleRoot: string;
  /** The transaction hashes (v1, v2) or block hashes (blocks) the proofs hold, in message order. */
  readonly certifiedHashes: readonly string[];
  /** The proven transactions of a v2 message, the proven blocks of a block message (none for v1). */
  readonly items: readonly (ProvenTransaction | ProvenBlock)[];
  readonly latestBlockNumber: bigint;
  /** The block-number offset (v2 and blocks only). */
  readonly blockNumberOffset: bigint | undefined;
}

const encoder = new TextEncoder();

/**
 * The Merkle leaf of a proven transaction in a blocks-and-transactions tree: `Tx/{hash}/{block_hash}/{block}/{slot}`.
 *
 * @param tx - the transaction
 * @returns the leaf bytes
 * @example
 * transactionLeaf({ transactionHash: 'ab…', blockHash: 'cd…', blockNumber: 463n, slotNumber: 463n });
 */
export function transactionLeaf(tx: ProvenTransaction): Uint8Array {
  return encoder.encode(`Tx/${tx.transactionHash}/${tx.blockHash}/${tx.blockNumber}/${tx.slotNumber}`);
}

/**
 * The Merkle leaf of a proven block in a blocks-and-transactions tree: `Block/{hash}/{block}/{slot}`.
 *
 * @param block - the block
 * @returns the leaf bytes
 * @example
 * blockLeaf({ blockHash: 'cd…', blockNumber: 601n, slotNumber: 601n });
 */
export function blockLeaf(block: ProvenBlock): Uint8Array {
  return encoder.encode(`Block/${block.blockHash}/${block.blockNumber}/${block.slotNumber}`);
}

function checkSet(proof: MkMapProof, leaves: readonly Uint8Array[], hashes: readonly string[], field: string): void {
  verifyMkMapProof(proof, `${field}.proof`);
  leaves.forEach((leaf, i) => {
    if (!mkMapProofContains(proof, leaf)) {
      throw new ProofError('PROOF_INVALID', `the proof does not hold ${hashes[i]}`, { field: `${field}[${i}]`, details: { hash: hashes[i] } });
    }
  });
}

/**
 * Verifies the proofs of a message (v1, v2 or blocks) and returns what they certify. The result is not trusted until
 * {@link verifyProofsAgainstCertificate} binds it to a verified certificate.
 *
 * @param message - a parsed proof message
 * @returns the certified root, hashes and block numbers
 * @throws {ProofError} `PROOF_NO_CERTIFIED_ITEM`, `PROOF_MALFORMED`, `PROOF_INVALID` or `PROOF_ROOT_MISMATCH`
 * @example
 * const verified = verifyProofsMessage(parseTransactionsProofsV1(text));
 */
export function verifyProofsMessage(message: ProofsMessage): VerifiedProofs {
  const base = { version: message.version, certificateHash: message.certificateHash, latestBlockNumber: message.latestBlockNumber };
  if (message.version === 'v1') {
    let root: Uint8Array | undefined;
    const hashes: string[] = [];
    message.certifiedTransactions.forEach((set, i) => {
      const field = `certified_transactions[${i}]`;
      const proof = decodeMkMapProofJsonHex(set.proof, `${field}.proof`);
      checkSet(
        proof,
        set.transactionsHashes.map((h) => encoder.encode(h)),
        set.transactionsHashes,
        `${field}.transactions_hashes`,
      );
      const setRoot = mkMapProofRoot(proof);
      if (root !== undefined && !equalBytes(root, setRoot)) {
        throw new ProofError('PROOF_ROOT_MISMATCH', 'the proofs of the message certify different roots', { field });
      }
      root = setRoot;
      for (const h of set.transactionsHashes) hashes.push(h);
    });
    if (root === undefined)
      throw new ProofError('PROOF_NO_CERTIFIED_ITEM', 'the message certifies no transaction', { field: 'certified_transactions' });
    return { ...base, merkleRoot: bytesToHex(root), certifiedHashes: hashes, items: [], blockNumberOffset: undefined };
  }
  const isBlocks = message.version === 'blocks';
  const set = isBlocks ? message.certifiedBlocks : message.certifiedTransactions;
  const field = isBlocks ? 'certified_blocks' : 'certified_transactions';
  if (set === undefined || set.items.length === 0) {
    throw new ProofError('PROOF_NO_CERTIFIED_ITEM', `the message certifies no ${isBlocks ? 'block' : 'transaction'}`, { field });
  }
  const proof = decodeMkMapProofBincodeHex(set.proof, `${field}.proof`);
  const hashes = isBlocks
    ? (set.items as readonly ProvenBlock[]).map((b) => b.blockHash)
    : (set.items as readonly ProvenTransaction[]).map((t) => t.transactionHash);
  const leaves = isBlocks ? (set.items as readonly ProvenBlock[]).map(blockLeaf) : (set.items as readonly ProvenTransaction[]).map(transactionLeaf);
  checkSet(proof, leaves, hashes, `${field}.items`);
  return {
    ...base,
    merkleRoot: bytesToHex(mkMapProofRoot(proof)),
    certifiedHashes: hashes,
    items: set.items,
    blockNumberOffset: message.securityParameter,
  };
}

/**
 * The protocol-message parts a verified proof stands for: the transactions root and latest block number (v1), or
 * the blocks-and-transactions root, latest block number and block-number offset (v2, blocks).
 *
 * @param verified - the result of {@link verifyProofsMessage}
 * @returns the parts to put into the certificate's protocol message
 * @example
 * computeProofsMessageParts(verified); // { cardano_transactions_merkle_root: '8bc3…', latest_block_number: '734' }
 */
export function computeProofsMessageParts(verified: VerifiedProofs): ProtocolMessageParts {
  if (verified.version === 'v1') {
    return { cardano_transactions_merkle_root: verified.merkleRoot, latest_block_number: verified.latestBlockNumber.toString() };
  }
  return {
    cardano_blocks_transactions_merkle_root: verified.merkleRoot,
    latest_block_number: verified.latestBlockNumber.toString(),
    cardano_blocks_transactions_block_number_offset: (verified.blockNumberOffset ?? 0n).toString(),
  };
}

/**
 * Binds verified proofs to their certificate, which the caller must have verified through its chain: the hashes
 * must match, the certificate must sign Cardano transactions (v1) or blocks and transactions (v2, blocks), and its
 * protocol message with the proofs' parts put in must hash to its `signed_message`.
 *
 * @param certificate - the verified certificate named by the message
 * @param verified - the result of {@link verifyProofsMessage}
 * @throws {ArtifactError} `ARTIFACT_INVALID` (another certificate), `ARTIFACT_SIGNED_ENTITY_TYPE_MISMATCH` or `ARTIFACT_MESSAGE_MISMATCH`
 * @example
 * verifyProofsAgainstCertificate(chain.certificate, verifyProofsMessage(message));
 */
export function verifyProofsAgainstCertificate(certificate: Certificate, verified: VerifiedProofs): void {
  if (verified.certificateHash !== certificate.hash) {
    throw new ArtifactError('ARTIFACT_INVALID', `the proofs are certified by ${verified.certificateHash}, not ${certificate.hash}`, {
      field: 'certificate_hash',
    });
  }
  const expected = verified.version === 'v1' ? 'CardanoTransactions' : 'CardanoBlocksTransactions';
  if (certificate.signedEntityType.type !== expected) {
    throw new ArtifactError('ARTIFACT_SIGNED_ENTITY_TYPE_MISMATCH', `the certificate signs ${certificate.signedEntityType.type}, not ${expected}`, {
      field: 'signed_entity_type',
    });
  }
  assertSignedEntityTypeMatchesMessage(certificate);
  verifyMessagePartsAgainstCertificate(certificate, computeProofsMessageParts(verified));
}
