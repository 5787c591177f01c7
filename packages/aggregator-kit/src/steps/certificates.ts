/**
 * Certificates as typed values: sealed with their hash by the SDK hasher, stored as the SDK encoder's text (the exact
 * JSON the routes serve), read back with the SDK parser.
 */
import type { AggregatorContext } from '../context.js';
import { AggregatorError } from '../errors.js';
import { computeCertificateHash, encodeCertificate, parseCertificate, type Certificate } from '../sdk.js';

/** A certificate before its hash is known. */
export type UnsealedCertificate = Omit<Certificate, 'hash'>;

/**
 * Sets a certificate's hash (certificates.md §2).
 *
 * @param certificate - the certificate without its hash
 * @returns the certificate with its hash
 * @throws {CertificateError} when a field cannot be hashed (unknown signed entity type or message part)
 * @example
 * const certificate = sealCertificate({ previousHash, epoch, signedEntityType, metadata, … });
 */
export function sealCertificate(certificate: UnsealedCertificate): Certificate {
  const unsealed: Certificate = { ...certificate, hash: '' };
  return { ...unsealed, hash: computeCertificateHash(unsealed) };
}

/**
 * Stores a certificate under its hash and appends it to the index.
 *
 * @param ctx - the aggregator context
 * @param certificate - the sealed certificate
 * @example
 * await storeCertificate(ctx, sealCertificate(unsealed));
 */
export async function storeCertificate(ctx: AggregatorContext, certificate: Certificate): Promise<void> {
  await ctx.store.insertCertificate({ json: encodeCertificate(certificate), epoch: certificate.epoch.toString(), hash: certificate.hash });
}

/**
 * A stored certificate, parsed.
 *
 * @param ctx - the aggregator context
 * @param hash - the certificate hash
 * @returns the certificate
 * @throws {AggregatorError} `AGGREGATOR_NOT_FOUND` when it is not stored
 * @example
 * const parent = await loadCertificate(ctx, certificate.previousHash);
 */
export async function loadCertificate(ctx: AggregatorContext, hash: string): Promise<Certificate> {
  const doc = await ctx.store.getCertificate(hash);
  if (doc === undefined) throw new AggregatorError('AGGREGATOR_NOT_FOUND', `certificate ${hash} is missing`);
  return parseCertificate(doc.json);
}
