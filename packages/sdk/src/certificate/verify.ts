/**
 * Verification of one certificate as a pure function (certificates.md §5.2, §6.1): the per-certificate checks of the
 * reference `MithrilCertificateVerifier`, in its order.
 */
import { decodeAggregateSignatureJsonHex, decodeAvkJsonHex } from '../codec/index.js';
import { isMithrilError } from '../errors.js';
import type { AggregateVerificationKey } from '../stm/types.js';
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
import { createStmMultiSignatureVerifier, type MultiSignatureVerifier } from './multi-signature-verifier.js';
import type { Certificate } from './types.js';

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
