/**
 * Genesis signing for aggregators (certificates.md §5.1, nodes.md §2.10): the offline ceremony signs the 64 ASCII
 * bytes of the genesis protocol-message hash with an Ed25519 key. Devnets keep the key in process for a one-shot
 * bootstrap.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { encodeJsonHex } from '../codec/json-hex.js';
import { MithrilError } from '../errors.js';
import { bytesToHex, hexToBytes, utf8 } from '../utils/bytes.js';

function secretBytes(secretKey: Uint8Array | string): Uint8Array {
  const bytes = typeof secretKey === 'string' ? hexToBytes(secretKey.trim(), 'genesis_secret_key') : secretKey;
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) {
    throw new MithrilError('GENESIS_VERIFICATION_KEY_INVALID', 'expected a 32-byte Ed25519 secret key (seed)', {
      field: 'genesis_secret_key',
    });
  }
  return bytes;
}

/**
 * Signs a genesis `signed_message` (its 64 ASCII bytes, trap 29) with an Ed25519 secret seed.
 *
 * @param secretKey - 32-byte seed, raw or as 64 hex characters
 * @param signedMessage - the genesis protocol-message hash (64 lowercase hex characters)
 * @returns the bytes-hex signature (128 characters), the `genesis_signature` field
 * @throws {MithrilError} `GENESIS_VERIFICATION_KEY_INVALID` for a key of the wrong size
 * @example
 * const genesisSignature = signGenesisMessage(seed, protocolMessageHash);
 */
export function signGenesisMessage(secretKey: Uint8Array | string, signedMessage: string): string {
  return bytesToHex(ed25519.sign(utf8(signedMessage), secretBytes(secretKey)));
}

/**
 * The genesis verification key of a secret seed in the reference's JSON-hex form (hex of the ASCII JSON byte array,
 * certificates.md §5.3), as published in `genesis.vkey` files.
 *
 * @param secretKey - 32-byte seed, raw or hex
 * @returns the JSON-hex verification key (starts with `5b`)
 * @throws {MithrilError} `GENESIS_VERIFICATION_KEY_INVALID` for a key of the wrong size
 *
 * @example
 * const vkey = genesisVerificationKeyFromSecret(secretKey); // '5b…', the form of a genesis.vkey file
 */
export function genesisVerificationKeyFromSecret(secretKey: Uint8Array | string): string {
  return encodeJsonHex(Array.from(ed25519.getPublicKey(secretBytes(secretKey))));
}
