/**
 * Client actions for Cardano transactions and blocks: transactions and blocks-and-transactions snapshots, and the
 * certification of transaction or block hashes through their proofs and a verified certificate chain
 * (mithril-client `cardano_transaction_client.rs`, `cardano_transaction_v2_client.rs`, `cardano_block_client.rs`).
 */
import type { Certificate } from '../certificate/types.js';
import { normalizeProofHashes } from '../proofs/hashes.js';
import { parseBlocksProofs, parseTransactionsProofsV1, parseTransactionsProofsV2, type ProofsMessage } from '../proofs/messages.js';
import {
  parseCardanoBlocksTransactionsSnapshot,
  parseCardanoBlocksTransactionsSnapshotList,
  parseCardanoTransactionsSnapshot,
  parseCardanoTransactionsSnapshotList,
  type CardanoBlocksTransactionsSnapshot,
  type CardanoTransactionsSnapshot,
} from '../proofs/snapshots.js';
import { verifyProofsAgainstCertificate, verifyProofsMessage, type VerifiedProofs } from '../proofs/verify.js';
import { verifyCertificateChain, type VerifyCertificateChainResult } from './certificates.js';
import { assertHash, callSignal } from './internal.js';
import type { ActionOptions, MithrilClientBase } from './types.js';

/**
 * Which proof route certifies transactions: `v1` (`/proof/cardano-transaction`, the default) or `v2` (`/proof/v2/…`).
 *
 * @example
 * const backend: TransactionsProofBackend = 'v2'; // /proof/v2/cardano-transaction
 */
export type TransactionsProofBackend = 'v1' | 'v2';

/**
 * Parameters of {@link certifyCardanoTransactions}.
 *
 * @example
 * await client.certifyCardanoTransactions({ transactionHashes: [txHash], backend: 'v2' });
 */
export interface CertifyCardanoTransactionsParameters extends ActionOptions {
  /** Transaction hashes (64 hex characters, at most 100). */
  readonly transactionHashes: readonly string[];
  readonly backend?: TransactionsProofBackend;
}

/**
 * Parameters of {@link certifyCardanoBlocks}.
 *
 * @example
 * await client.certifyCardanoBlocks({ blockHashes: [blockHash] });
 */
export interface CertifyCardanoBlocksParameters extends ActionOptions {
  /** Block hashes (64 hex characters, at most 100). */
  readonly blockHashes: readonly string[];
}

/**
 * Outcome of a certification: which requested hashes are certified, which are not, and what proves it.
 *
 * @example
 * const { certified, nonCertified, certificate } = await client.certifyCardanoTransactions({ transactionHashes });
 * if (nonCertified.length > 0) console.log('not certified (yet):', nonCertified);
 */
export interface CertifyHashesResult {
  /** Requested hashes whose proof verified against the verified certificate chain, in request order. */
  readonly certified: readonly string[];
  /** Every other requested hash (unknown to the aggregator, not yet signed, or left out of the proof). */
  readonly nonCertified: readonly string[];
  /** The verified proofs; absent when the aggregator certified none of the hashes. */
  readonly proofs?: VerifiedProofs;
  /** The verified certificate the proofs bind to; absent when nothing is certified. */
  readonly certificate?: Certificate;
  readonly chain?: VerifyCertificateChainResult;
}

function query(name: string, hashes: readonly string[]): string {
  return `${name}=${hashes.join(',')}`;
}

async function certify(
  client: MithrilClientBase,
  requested: string[],
  path: string,
  parse: (text: string) => ProofsMessage,
  options: ActionOptions,
): Promise<CertifyHashesResult> {
  const signal = callSignal(client, options);
  const message = parse(await client.http.getText(path, { signal }));
  const offered =
    message.version === 'v1'
      ? message.certifiedTransactions.length
      : message.version === 'v2'
        ? (message.certifiedTransactions?.items.length ?? 0)
        : (message.certifiedBlocks?.items.length ?? 0);
  if (offered === 0) return { certified: [], nonCertified: requested };
  const proofs = verifyProofsMessage(message);
  assertHash(proofs.certificateHash, 'certificate_hash');
  const chain = await verifyCertificateChain(client, { hash: proofs.certificateHash, ...(signal !== undefined && { signal }) });
  verifyProofsAgainstCertificate(chain.certificate, proofs);
  const proven = new Set(proofs.certifiedHashes);
  return {
    certified: requested.filter((h) => proven.has(h)),
    nonCertified: requested.filter((h) => !proven.has(h)),
    proofs,
    certificate: chain.certificate,
    chain,
  };
}

/**
 * Certifies transactions: fetches their proofs, verifies them, verifies the chain of the certificate they name and
 * binds them to it. A hash is reported certified only when all of this succeeded.
 *
 * @param client - the client
 * @param parameters - the hashes, the proof backend and a signal
 * @returns the certified and non-certified hashes, with the verified proofs and certificate
 * @throws {ProofError} `PROOF_HASHES_INVALID` (bad input), `PROOF_*` (bad proofs)
 * @throws {ArtifactError} when the proofs do not match their certificate
 * @throws {CertificateError} when the certificate chain does not verify
 * @example
 * const { certified, nonCertified } = await certifyCardanoTransactions(client, { transactionHashes: [hash] });
 */
export async function certifyCardanoTransactions(
  client: MithrilClientBase,
  parameters: CertifyCardanoTransactionsParameters,
): Promise<CertifyHashesResult> {
  const hashes = normalizeProofHashes(parameters.transactionHashes, 'transaction_hashes');
  const v2 = parameters.backend === 'v2';
  const path = `${v2 ? 'proof/v2/cardano-transaction' : 'proof/cardano-transaction'}?${query('transaction_hashes', hashes)}`;
  return certify(client, hashes, path, v2 ? parseTransactionsProofsV2 : parseTransactionsProofsV1, parameters);
}

/**
 * Certifies blocks: fetches their proofs (`/proof/v2/cardano-block`), verifies them and binds them to their verified
 * certificate chain. A hash is reported certified only when all of this succeeded.
 *
 * @param client - the client
 * @param parameters - the hashes and a signal
 * @returns the certified and non-certified hashes, with the verified proofs and certificate
 * @throws {ProofError} `PROOF_HASHES_INVALID` (bad input), `PROOF_*` (bad proofs)
 * @throws {ArtifactError} when the proofs do not match their certificate
 * @throws {CertificateError} when the certificate chain does not verify
 * @example
 * const { certified } = await certifyCardanoBlocks(client, { blockHashes: [hash] });
 */
export async function certifyCardanoBlocks(client: MithrilClientBase, parameters: CertifyCardanoBlocksParameters): Promise<CertifyHashesResult> {
  const hashes = normalizeProofHashes(parameters.blockHashes, 'block_hashes');
  return certify(client, hashes, `proof/v2/cardano-block?${query('block_hashes', hashes)}`, parseBlocksProofs, parameters);
}

/**
 * Lists the Cardano transactions snapshots (`/artifact/cardano-transactions`, latest first).
 *
 * @param client - the client
 * @param options - a signal
 * @returns the snapshots
 * @throws {ClientError} on HTTP failures; {ProofError} `PROOF_MALFORMED`
 * @example
 * const [latest] = await listCardanoTransactionsSnapshots(client);
 */
export async function listCardanoTransactionsSnapshots(client: MithrilClientBase, options?: ActionOptions): Promise<CardanoTransactionsSnapshot[]> {
  return parseCardanoTransactionsSnapshotList(await client.http.getText('artifact/cardano-transactions', { signal: callSignal(client, options) }));
}

/**
 * Gets one Cardano transactions snapshot by hash.
 *
 * @param client - the client
 * @param hash - the snapshot hash
 * @param options - a signal
 * @returns the snapshot
 * @throws {ClientError} `CLIENT_INVALID_OPTIONS`, `CLIENT_NOT_FOUND`…; {ProofError} `PROOF_MALFORMED`
 * @example
 * await getCardanoTransactionsSnapshot(client, '54b5…');
 */
export async function getCardanoTransactionsSnapshot(
  client: MithrilClientBase,
  hash: string,
  options?: ActionOptions,
): Promise<CardanoTransactionsSnapshot> {
  assertHash(hash, 'hash');
  return parseCardanoTransactionsSnapshot(await client.http.getText(`artifact/cardano-transaction/${hash}`, { signal: callSignal(client, options) }));
}

/**
 * Lists the Cardano blocks-and-transactions snapshots (`/artifact/cardano-blocks-transactions`, latest first).
 *
 * @param client - the client
 * @param options - a signal
 * @returns the snapshots
 * @throws {ClientError} on HTTP failures; {ProofError} `PROOF_MALFORMED`
 * @example
 * const [latest] = await listCardanoBlocksTransactionsSnapshots(client);
 */
export async function listCardanoBlocksTransactionsSnapshots(
  client: MithrilClientBase,
  options?: ActionOptions,
): Promise<CardanoBlocksTransactionsSnapshot[]> {
  return parseCardanoBlocksTransactionsSnapshotList(
    await client.http.getText('artifact/cardano-blocks-transactions', { signal: callSignal(client, options) }),
  );
}

/**
 * Gets one Cardano blocks-and-transactions snapshot by hash.
 *
 * @param client - the client
 * @param hash - the snapshot hash
 * @param options - a signal
 * @returns the snapshot
 * @throws {ClientError} `CLIENT_INVALID_OPTIONS`, `CLIENT_NOT_FOUND`…; {ProofError} `PROOF_MALFORMED`
 * @example
 * await getCardanoBlocksTransactionsSnapshot(client, '39e1…');
 */
export async function getCardanoBlocksTransactionsSnapshot(
  client: MithrilClientBase,
  hash: string,
  options?: ActionOptions,
): Promise<CardanoBlocksTransactionsSnapshot> {
  assertHash(hash, 'hash');
  return parseCardanoBlocksTransactionsSnapshot(
    await client.http.getText(`artifact/cardano-blocks-transactions/${hash}`, { signal: callSignal(client, options) }),
  );
}
