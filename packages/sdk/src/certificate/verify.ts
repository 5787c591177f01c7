/**
 * Certificate chain verification as pure functions (certificates.md §5.2, §6): the per-certificate checks of the
 * reference `MithrilCertificateVerifier`, in its order, and a chain walker over an injected retriever.
 */
import type { BlsBackend } from '../bls/backend.js';
import { decodeAggregateSignatureJsonHex, decodeAvkJsonHex } from '../codec/index.js';
import { isMithrilError } from '../errors.js';
import type { StmVerificationCache } from '../stm/cache.js';
import type { LotteryHasher } from '../stm/lottery-hash.js';
import type { AggregateSignature, AggregateVerificationKey, StmParameters } from '../stm/types.js';
import { verifyAggregateSignature } from '../stm/verify.js';
import { equalBytes, utf8 } from '../utils/bytes.js';
import { CertificateError } from './errors.js';
import { verifyGenesisSignature } from './genesis.js';
import {
  computeCertificateHash,
  computeProtocolMessageHash,
  computeProtocolParametersHash,
  isGenesisCertificate,
  protocolParametersEqual,
  type CertificateHashOptions,
} from './hash.js';
import type { Certificate } from './types.js';

/** What a {@link MultiSignatureVerifier} is asked to check. */
export interface MultiSignatureVerificationRequest {
  /** The 64 ASCII bytes of `signed_message` (trap 4, 20). */
  readonly message: Uint8Array;
  /** The decoded `multi_signature`. */
  readonly signature: AggregateSignature;
  /** The certificate's own decoded `aggregate_verification_key`. */
  readonly avk: AggregateVerificationKey;
  /** The certificate's `metadata.parameters`. */
  readonly parameters: StmParameters;
  /** The certificate being verified, for context. */
  readonly certificate: Certificate;
}

/**
 * Port that checks an STM multi-signature (stm.md §6.3). It must throw (any error) when the signature is invalid and
 * return normally when it is valid; it may be asynchronous.
 */
export type MultiSignatureVerifier = (request: MultiSignatureVerificationRequest) => void | Promise<void>;

/** Options of {@link createStmMultiSignatureVerifier}. */
export interface StmMultiSignatureVerifierOptions {
  /** BLS backend (default: the pure JavaScript one). */
  readonly backend?: BlsBackend;
  /**
   * Verification cache shared by the certificates checked (their epochs reuse the same registered keys); a cache
   * never changes a decision.
   */
  readonly cache?: StmVerificationCache;
  /** Lottery hasher (default: pure; `nodeLotteryHasher` from `@mithril/sdk/node` is faster on Node). */
  readonly lotteryHasher?: LotteryHasher;
}

/**
 * The STM concatenation-proof verifier of this SDK as a {@link MultiSignatureVerifier}.
 *
 * @param options - a BLS backend, or options with a backend, a verification cache and a lottery hasher
 * @returns a verifier that throws `StmError` / `BlsError` on an invalid signature
 * @example
 * const verifyMultiSignature = createStmMultiSignatureVerifier({ cache: createStmVerificationCache() });
 * await verifyCertificate(cert, { previous, genesisKey, verifyMultiSignature });
 */
export function createStmMultiSignatureVerifier(options?: BlsBackend | StmMultiSignatureVerifierOptions): MultiSignatureVerifier {
  const { backend, cache, lotteryHasher } = isBackend(options) ? { backend: options, cache: undefined, lotteryHasher: undefined } : (options ?? {});
  return ({ message, signature, avk, parameters }) =>
    verifyAggregateSignature({
      message,
      signature,
      avk,
      parameters,
      ...(backend !== undefined && { backend }),
      ...(cache !== undefined && { cache }),
      ...(lotteryHasher !== undefined && { lotteryHasher }),
    });
}

function isBackend(value: unknown): value is BlsBackend {
  return typeof value === 'object' && value !== null && typeof (value as BlsBackend).decodeG1 === 'function';
}

const defaultMultiSignatureVerifier = createStmMultiSignatureVerifier();

/** Options of {@link verifyCertificate}. */
export interface VerifyCertificateOptions extends CertificateHashOptions {
  /** The certificate named by `previous_hash` (required for a standard certificate). */
  readonly previous?: Certificate | undefined;
  /** Raw 32-byte Ed25519 genesis verification key (see `parseGenesisVerificationKey`). */
  readonly genesisKey: Uint8Array;
  /** STM multi-signature check; default {@link createStmMultiSignatureVerifier}(). */
  readonly verifyMultiSignature?: MultiSignatureVerifier | undefined;
}

/** Outcome of {@link verifyCertificate}. */
export type VerifyCertificateResult =
  | { readonly kind: 'genesis' }
  | {
      readonly kind: 'standard';
      /** The hash of the certificate to verify next. */
      readonly previousHash: string;
      /** Whether the link stays in the same epoch or crosses an epoch change (§6.1 step 3.3). */
      readonly link: 'same-epoch' | 'epoch-transition';
    };

function fail(
  code: ConstructorParameters<typeof CertificateError>[0],
  message: string,
  certificate: Certificate,
  field: string,
  cause?: unknown,
): never {
  throw new CertificateError(code, `certificate ${certificate.hash}: ${message}`, {
    field,
    cause,
    details: { certificateHash: certificate.hash, epoch: certificate.epoch },
  });
}

/** The fields the reference cannot convert in a default (Pythagoras) build: refused, not ignored (trap 38). */
function assertPythagorasFormat(certificate: Certificate): void {
  const future: [string, string | undefined][] = [
    ['aggregate_verification_key_snark', certificate.aggregateVerificationKeySnark],
    ['ancillary_prover_data', certificate.ancillaryProverData],
    ['ancillary_verifier_data', certificate.ancillaryVerifierData],
    ['genesis_schnorr_signature', certificate.genesisSchnorrSignature === '' ? undefined : certificate.genesisSchnorrSignature],
  ];
  for (const [field, value] of future) {
    if (value !== undefined) fail('CERTIFICATE_UNSUPPORTED_FORMAT', 'future-era field is not supported', certificate, field);
  }
  const scheme = certificate.protocolMessage.hashScheme;
  if (scheme !== undefined && scheme !== 'legacy') {
    fail('CERTIFICATE_UNSUPPORTED_FORMAT', `hash scheme ${JSON.stringify(scheme)} is not supported`, certificate, 'protocol_message.hash_scheme');
  }
}

function avkEqual(a: AggregateVerificationKey, b: AggregateVerificationKey): boolean {
  // The reference compares root, leaf count and total stake; `hasher` is not part of the value.
  return equalBytes(a.mtCommitment.root, b.mtCommitment.root) && a.mtCommitment.nrLeaves === b.mtCommitment.nrLeaves && a.totalStake === b.totalStake;
}

function checkHash(certificate: Certificate, options: CertificateHashOptions): void {
  const hashOptions = options.blocksTransactionsPrefix === undefined ? {} : { blocksTransactionsPrefix: options.blocksTransactionsPrefix };
  const recomputed = computeCertificateHash(certificate, hashOptions);
  if (recomputed !== certificate.hash) {
    fail('CERTIFICATE_HASH_MISMATCH', `recomputed hash ${recomputed} differs`, certificate, 'hash');
  }
  if (computeProtocolMessageHash(certificate.protocolMessage) !== certificate.signedMessage) {
    fail('CERTIFICATE_PROTOCOL_MESSAGE_MISMATCH', 'signed_message is not the hash of protocol_message', certificate, 'signed_message');
  }
}

function checkCurrentEpoch(certificate: Certificate): void {
  // Exact string comparison, as the reference does: "023" does not match epoch 23.
  if (certificate.protocolMessage.parts.current_epoch !== certificate.epoch.toString()) {
    fail(
      'CERTIFICATE_CURRENT_EPOCH_MISMATCH',
      `current_epoch ${JSON.stringify(certificate.protocolMessage.parts.current_epoch)} differs from epoch ${certificate.epoch}`,
      certificate,
      'protocol_message.message_parts.current_epoch',
    );
  }
}

/**
 * Verifies one certificate exactly as the reference does (certificates.md §5.2 for genesis, §6.1 for standard
 * certificates), reporting the first failure in the reference order:
 * genesis: hash, protocol message, Ed25519 over `signed_message`, `current_epoch`;
 * standard: infinite loop, hash, protocol message, STM multi-signature, `current_epoch`, then the links to `previous`:
 * epoch gap, previous hash, AVK chaining, protocol-parameter chaining.
 * Before those checks the conversion rules of the reference apply: canonical AVK / multi-signature / genesis
 * signature encodings, a known signed entity type, no future-era fields.
 *
 * @param certificate - the certificate to verify
 * @param options - the previous certificate, the genesis key and the multi-signature verifier
 * @returns the kind of certificate and, for a standard one, the next hash to follow
 * @throws {CertificateError} with one of the codes `CERTIFICATE_UNSUPPORTED_FORMAT`, `CERTIFICATE_MULTI_SIGNATURE_MISSING`,
 *   `CERTIFICATE_PREVIOUS_MISSING`, `CERTIFICATE_CHAIN_INFINITE_LOOP`, `CERTIFICATE_HASH_MISMATCH`,
 *   `CERTIFICATE_PROTOCOL_MESSAGE_MISMATCH`, `CERTIFICATE_MULTI_SIGNATURE_INVALID`, `CERTIFICATE_GENESIS_SIGNATURE_INVALID`,
 *   `CERTIFICATE_CURRENT_EPOCH_MISMATCH`, `CERTIFICATE_EPOCH_GAP`, `CERTIFICATE_CHAIN_PREVIOUS_HASH_UNMATCH`,
 *   `CERTIFICATE_CHAIN_AVK_UNMATCH`, `CERTIFICATE_CHAIN_PROTOCOL_PARAMETERS_UNMATCH`, `MESSAGE_INVALID`
 * @throws {EncodingError} when the AVK or multi-signature is not canonical JSON-hex (trap 28)
 * @example
 * const result = await verifyCertificate(cert, { previous, genesisKey });
 */
export async function verifyCertificate(certificate: Certificate, options: VerifyCertificateOptions): Promise<VerifyCertificateResult> {
  assertPythagorasFormat(certificate);
  const avk = decodeAvkJsonHex(certificate.aggregateVerificationKey, 'aggregate_verification_key');

  if (isGenesisCertificate(certificate)) {
    // The reference decodes the signature while converting the message, before any check.
    if (!/^[0-9a-f]{128}$/.test(certificate.genesisSignature)) {
      fail('MESSAGE_INVALID', 'expected 128 lowercase hex characters (64-byte Ed25519 signature)', certificate, 'genesis_signature');
    }
    checkHash(certificate, options);
    try {
      verifyGenesisSignature(certificate.signedMessage, certificate.genesisSignature, options.genesisKey);
    } catch (error) {
      if (isMithrilError(error, 'MESSAGE_INVALID')) throw error;
      fail('CERTIFICATE_GENESIS_SIGNATURE_INVALID', 'the genesis signature does not verify', certificate, 'genesis_signature', error);
    }
    checkCurrentEpoch(certificate);
    return { kind: 'genesis' };
  }

  if (certificate.multiSignature === '') {
    fail('CERTIFICATE_MULTI_SIGNATURE_MISSING', 'a standard certificate needs a multi-signature', certificate, 'multi_signature');
  }
  if (certificate.signedEntityType.type === 'Unknown') {
    fail('CERTIFICATE_UNSUPPORTED_FORMAT', `unknown signed entity type ${certificate.signedEntityType.name}`, certificate, 'signed_entity_type');
  }
  const signature = decodeAggregateSignatureJsonHex(certificate.multiSignature, 'multi_signature');
  const previous = options.previous;
  if (previous === undefined) {
    fail('CERTIFICATE_PREVIOUS_MISSING', 'the previous certificate is required', certificate, 'previous_hash');
  }
  const previousAvk = decodeAvkJsonHex(previous.aggregateVerificationKey, 'previous.aggregate_verification_key');

  // Integrity (§6.1 step 2).
  if (certificate.hash === certificate.previousHash) {
    fail('CERTIFICATE_CHAIN_INFINITE_LOOP', 'the certificate names itself as previous', certificate, 'previous_hash');
  }
  checkHash(certificate, options);
  const { parameters } = certificate.metadata;
  try {
    await (options.verifyMultiSignature ?? defaultMultiSignatureVerifier)({
      message: utf8(certificate.signedMessage),
      signature,
      avk,
      parameters: { k: parameters.k, m: parameters.m, phiF: parameters.phiF },
      certificate,
    });
  } catch (error) {
    fail('CERTIFICATE_MULTI_SIGNATURE_INVALID', 'the multi-signature does not verify', certificate, 'multi_signature', error);
  }
  checkCurrentEpoch(certificate);

  // Links (§6.1 step 3).
  const gap = certificate.epoch > previous.epoch ? certificate.epoch - previous.epoch : previous.epoch - certificate.epoch;
  if (gap > 1n) {
    fail('CERTIFICATE_EPOCH_GAP', `epoch ${certificate.epoch} is more than one epoch away from ${previous.epoch}`, certificate, 'epoch');
  }
  if (previous.hash !== certificate.previousHash) {
    fail('CERTIFICATE_CHAIN_PREVIOUS_HASH_UNMATCH', `previous certificate has hash ${previous.hash}`, certificate, 'previous_hash');
  }
  const sameEpoch = certificate.epoch === previous.epoch;
  if (sameEpoch) {
    if (!avkEqual(previousAvk, avk)) {
      fail(
        'CERTIFICATE_CHAIN_AVK_UNMATCH',
        'the AVK differs from the previous certificate of the same epoch',
        certificate,
        'aggregate_verification_key',
      );
    }
    if (!protocolParametersEqual(previous.metadata.parameters, parameters)) {
      fail(
        'CERTIFICATE_CHAIN_PROTOCOL_PARAMETERS_UNMATCH',
        'the parameters differ from the previous certificate of the same epoch',
        certificate,
        'metadata.parameters',
      );
    }
  } else {
    const announcedAvk = previous.protocolMessage.parts.next_aggregate_verification_key;
    let announced: AggregateVerificationKey | undefined;
    if (announcedAvk !== undefined) {
      try {
        // The reference decodes this part leniently and compares values.
        announced = decodeAvkJsonHex(announcedAvk, 'next_aggregate_verification_key', { mode: 'lenient' });
      } catch {
        announced = undefined;
      }
    }
    if (announced === undefined || !avkEqual(announced, avk)) {
      fail(
        'CERTIFICATE_CHAIN_AVK_UNMATCH',
        "the AVK is not the previous certificate's next_aggregate_verification_key",
        certificate,
        'aggregate_verification_key',
      );
    }
    const announcedParameters = previous.protocolMessage.parts.next_protocol_parameters;
    if (announcedParameters === undefined || announcedParameters !== computeProtocolParametersHash(parameters)) {
      fail(
        'CERTIFICATE_CHAIN_PROTOCOL_PARAMETERS_UNMATCH',
        "the parameters hash is not the previous certificate's next_protocol_parameters",
        certificate,
        'metadata.parameters',
      );
    }
  }
  return { kind: 'standard', previousHash: certificate.previousHash, link: sameEpoch ? 'same-epoch' : 'epoch-transition' };
}

/** Port that returns the full certificate with the given hash (synchronously or not); it throws when there is none. */
export type CertificateRetriever = (hash: string) => Certificate | Promise<Certificate>;

/** Default bound on the number of certificates one chain walk verifies. */
export const DEFAULT_MAX_CHAIN_LENGTH = 10_000;

/** Options of {@link walkCertificateChain}. */
export interface WalkCertificateChainOptions extends CertificateHashOptions {
  /** Fetches a certificate by hash. */
  readonly getCertificate: CertificateRetriever;
  /** Raw 32-byte Ed25519 genesis verification key. */
  readonly genesisKey: Uint8Array;
  /** STM multi-signature check; default {@link createStmMultiSignatureVerifier}(). */
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
