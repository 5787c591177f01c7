/**
 * Certificate chain walking (certificates.md §6.1): from a tip down to genesis over an injected retriever, verifying
 * each certificate against its previous one, bounded and cycle-free.
 */
import { CertificateError } from './errors.js';
import { isGenesisCertificate, type CertificateHashOptions } from './hash.js';
import type { MultiSignatureVerifier } from './multi-signature-verifier.js';
import type { Certificate } from './types.js';
import { verifyCertificate, type VerifyCertificateResult } from './verify.js';

/** Port that returns the full certificate with the given hash (synchronously or not); it throws when there is none. */
export type CertificateRetriever = (hash: string) => Certificate | Promise<Certificate>;

/**
 * Default bound on the number of certificates one chain walk verifies.
 *
 * @example
 * DEFAULT_MAX_CHAIN_LENGTH // 10000: a longer walk fails with CERTIFICATE_CHAIN_TOO_LONG
 */
export const DEFAULT_MAX_CHAIN_LENGTH = 10_000;

/** Options of {@link walkCertificateChain}. */
export interface WalkCertificateChainOptions extends CertificateHashOptions {
  /** Fetches a certificate by hash. */
  readonly getCertificate: CertificateRetriever;
  /** Raw 32-byte Ed25519 genesis verification key. */
  readonly genesisKey: Uint8Array;
  /** STM multi-signature check; default `createStmMultiSignatureVerifier()` (see `multi-signature-verifier.ts`). */
  readonly verifyMultiSignature?: MultiSignatureVerifier | undefined;
  /** Most certificates a walk may verify, genesis included (default {@link DEFAULT_MAX_CHAIN_LENGTH}). */
  readonly maxLength?: number | undefined;
  /** Called after each certificate has been fully verified, tip first. */
  readonly onCertificateVerified?: ((certificate: Certificate, result: VerifyCertificateResult) => void | Promise<void>) | undefined;
  /** Aborts the walk between certificates. */
  readonly signal?: AbortSignal | undefined;
}

/** Outcome of {@link walkCertificateChain}. */
export interface CertificateChainVerification {
  /** The verified tip certificate, whose `signed_message` is now authenticated. */
  readonly tip: Certificate;
  /** The genesis certificate the chain ends at. */
  readonly genesis: Certificate;
  /** Hashes of the verified certificates, tip first, genesis last. */
  readonly hashes: readonly string[];
}

async function retrieve(getCertificate: CertificateRetriever, hash: string, context: string): Promise<Certificate> {
  let certificate: Certificate;
  try {
    certificate = await getCertificate(hash);
  } catch (error) {
    throw new CertificateError('CERTIFICATE_RETRIEVAL_FAILED', `cannot retrieve ${context} certificate ${hash}`, {
      field: 'previous_hash',
      cause: error,
      details: { certificateHash: hash },
    });
  }
  return certificate;
}

/**
 * Walks and verifies a certificate chain from a tip down to a genesis certificate, fetching each previous
 * certificate before verifying the current one, like the reference (certificates.md §6.1). Unlike the reference it
 * bounds the walk and refuses revisited hashes (trap 36), and it checks that the tip it was given is the one asked for.
 *
 * @param tipHash - hash of the certificate to authenticate (e.g. an artifact's `certificate_hash`)
 * @param options - retriever, genesis key, multi-signature verifier, limits
 * @returns the verified tip, the genesis and the visited hashes
 * @throws {CertificateError} any code of {@link verifyCertificate}, plus `CERTIFICATE_RETRIEVAL_FAILED`,
 *   `CERTIFICATE_CHAIN_CYCLE`, `CERTIFICATE_CHAIN_TOO_LONG`, and `CERTIFICATE_HASH_MISMATCH` when the retriever
 *   returns another certificate than the tip asked for
 * @example
 * const { tip } = await walkCertificateChain(msd.certificateHash, { getCertificate, genesisKey });
 */
export async function walkCertificateChain(tipHash: string, options: WalkCertificateChainOptions): Promise<CertificateChainVerification> {
  const maxLength = options.maxLength ?? DEFAULT_MAX_CHAIN_LENGTH;
  const verifyOptions = {
    genesisKey: options.genesisKey,
    verifyMultiSignature: options.verifyMultiSignature,
    ...(options.blocksTransactionsPrefix !== undefined && { blocksTransactionsPrefix: options.blocksTransactionsPrefix }),
  };
  options.signal?.throwIfAborted();
  const tip = await retrieve(options.getCertificate, tipHash, 'tip');
  if (tip.hash !== tipHash) {
    throw new CertificateError('CERTIFICATE_HASH_MISMATCH', `asked for certificate ${tipHash}, got ${tip.hash}`, {
      field: 'hash',
      details: { certificateHash: tipHash },
    });
  }
  const hashes: string[] = [];
  const visited = new Set<string>();
  let current = tip;
  for (;;) {
    options.signal?.throwIfAborted();
    if (hashes.length >= maxLength) {
      throw new CertificateError('CERTIFICATE_CHAIN_TOO_LONG', `the chain is longer than ${maxLength} certificates`, {
        field: 'previous_hash',
        details: { certificateHash: current.hash, maxLength },
      });
    }
    visited.add(current.hash);
    if (isGenesisCertificate(current)) {
      const result = await verifyCertificate(current, verifyOptions);
      hashes.push(current.hash);
      await options.onCertificateVerified?.(current, result);
      return { tip, genesis: current, hashes };
    }
    // A self-reference is left to the reference's infinite-loop rule; any other revisit is a cycle.
    if (current.previousHash !== current.hash && visited.has(current.previousHash)) {
      throw new CertificateError('CERTIFICATE_CHAIN_CYCLE', `certificate ${current.hash} leads back to ${current.previousHash}`, {
        field: 'previous_hash',
        details: { certificateHash: current.hash },
      });
    }
    const previous = await retrieve(options.getCertificate, current.previousHash, 'previous');
    const result = await verifyCertificate(current, { ...verifyOptions, previous });
    hashes.push(current.hash);
    await options.onCertificateVerified?.(current, result);
    current = previous;
  }
}
