/**
 * The devnet's ancillary key (nodes.md §5.4): an Ed25519 secret derived from the devnet's genesis secret (so it
 * survives restarts without a new state field), and the verification key a client passes as
 * `--ancillary-verification-key`.
 */
import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';

/** DER prefix of a PKCS#8 Ed25519 private key, followed by the 32-byte seed. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The Ed25519 verification key of a 32-byte secret seed.
 *
 * @param secretKeyHex - the seed, 64 hex characters
 * @returns the 32-byte public key, hex
 * @throws {Error} when the seed is not 32 bytes of hex
 * @example
 * ancillaryVerificationKeyHex('22'.repeat(32)).length; // 64
 */
export function ancillaryVerificationKeyHex(secretKeyHex: string): string {
  if (!/^[0-9a-f]{64}$/i.test(secretKeyHex)) throw new Error('the ancillary secret key must be 64 hex characters');
  const key = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, Buffer.from(secretKeyHex, 'hex')]), format: 'der', type: 'pkcs8' });
  const jwk = createPublicKey(key).export({ format: 'jwk' });
  return Buffer.from(jwk.x as string, 'base64url').toString('hex');
}

/**
 * The devnet's ancillary secret seed, derived from its genesis secret: SHA-256 of a fixed label and the secret.
 *
 * @param genesisSecretKeyHex - the devnet's genesis secret, hex
 * @returns a 32-byte Ed25519 seed, hex
 * @example
 * ancillarySecretKeyHex('11'.repeat(32)).length; // 64
 */
export function ancillarySecretKeyHex(genesisSecretKeyHex: string): string {
  return createHash('sha256').update('mithril-devnet-ancillary-key').update(Buffer.from(genesisSecretKeyHex, 'hex')).digest('hex');
}
