import { blake2b } from '@noble/hashes/blake2.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

/**
 * SHA-256 digest.
 *
 * @example
 * bytesToHex(sha256(new TextEncoder().encode('abc'))) // 'ba7816bf…15ad'
 */
export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}

/** Blake2b-512 (64-byte output), used by the STM lottery. */
export function blake2b512(data: Uint8Array): Uint8Array {
  return blake2b(data, { dkLen: 64 });
}

/** Blake2b with a 32-byte output parameter (not a truncation), used by the STM Merkle tree. */
export function blake2b256(data: Uint8Array): Uint8Array {
  return blake2b(data, { dkLen: 32 });
}
