import { ed25519 } from '@noble/curves/ed25519.js';
import { readFixtureJson, readFixtureText } from '@mithril/testing';
import { describe, expect, it } from 'vitest';
import { parseJson, type JsonObject } from '../codec/json.js';
import { bytesToHex, hexToBytes, utf8 } from '../utils/bytes.js';
import { parseGenesisVerificationKey, verifyEd25519Strict, verifyGenesisSignature } from './genesis.js';
import { parseCertificate } from './schemas.js';

interface KeyEntry {
  json_hex: string;
  json_text: string;
  key_hex: string;
  kind: string;
  environment?: string;
}
interface GenesisKeysFile {
  devnet_genesis_verification_key: KeyEntry;
  genesis_verification_keys: KeyEntry[];
  era_verification_keys: KeyEntry[];
  ancillary_verification_keys: KeyEntry[];
}

const keys = readFixtureJson<GenesisKeysFile>('genesis-keys.json');
const allKeys = [
  keys.devnet_genesis_verification_key,
  ...keys.genesis_verification_keys,
  ...keys.era_verification_keys,
  ...keys.ancillary_verification_keys,
];
const raw = parseJson(readFixtureText('aggregator-fake-2026-05', 'certificates.json')) as JsonObject;
const genesis = parseCertificate(raw.get('57c16dc2c25471a1c55d66d944eaa334a32e05f8e267860b43f4ed8d5c3a65ea'));
// The devnet genesis secret seed is public test data (certificates.md §5.4).
const DEVNET_SEED = hexToBytes('76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7');

describe('parseGenesisVerificationKey (certificates.md §5.3)', () => {
  it('decodes every JSON-hex key of genesis-keys.json to its raw bytes', () => {
    for (const entry of allKeys) expect(bytesToHex(parseGenesisVerificationKey(entry.json_hex))).toBe(entry.key_hex);
  });

  it('trims whitespace and accepts upper-case hex like the reference', () => {
    const entry = keys.devnet_genesis_verification_key;
    expect(bytesToHex(parseGenesisVerificationKey(`  ${entry.json_hex.toUpperCase()}\n`))).toBe(entry.key_hex);
  });

  it('derives from the public devnet seed', () => {
    expect(bytesToHex(ed25519.getPublicKey(DEVNET_SEED))).toBe(keys.devnet_genesis_verification_key.key_hex);
  });

  it.each([
    ['empty', '', 'GENESIS_VERIFICATION_KEY_INVALID'],
    ['raw key hex not starting with 5', '20fdbac9b10b7587bba7b5bc163bce69e796d71e4ed44c10fcb4488689f7a144', 'GENESIS_VERIFICATION_KEY_INVALID'],
    ['dual bundle', `0120${'00'.repeat(32)}`, 'CERTIFICATE_UNSUPPORTED_FORMAT'],
    ['31 bytes', bytesToHex(utf8(JSON.stringify(Array.from({ length: 31 }, () => 1)))), 'GENESIS_VERIFICATION_KEY_INVALID'],
    ['byte out of range', bytesToHex(utf8(JSON.stringify([256, ...Array.from({ length: 31 }, () => 1)]))), 'GENESIS_VERIFICATION_KEY_INVALID'],
    ['not JSON', bytesToHex(utf8('[1,2')), 'GENESIS_VERIFICATION_KEY_INVALID'],
    ['odd hex', '5b3', 'GENESIS_VERIFICATION_KEY_INVALID'],
    ['small-order key (identity)', bytesToHex(utf8(JSON.stringify([1, ...Array.from({ length: 31 }, () => 0)]))), 'GENESIS_VERIFICATION_KEY_INVALID'],
  ])('rejects %s', (_name, input, code) => {
    expect(() => parseGenesisVerificationKey(input)).toThrowError(expect.objectContaining({ code }));
  });
});

describe('genesis signature (certificates.md §5.2, §5.5)', () => {
  const devnetKey = parseGenesisVerificationKey(keys.devnet_genesis_verification_key.json_hex);

  it('verifies the fixture genesis certificate with the devnet key', () => {
    expect(() => verifyGenesisSignature(genesis.signedMessage, genesis.genesisSignature, devnetKey)).not.toThrow();
  });

  it('fails with every other key of genesis-keys.json', () => {
    const others = allKeys.filter((k) => k.key_hex !== keys.devnet_genesis_verification_key.key_hex);
    expect(others.length).toBeGreaterThan(0);
    for (const entry of others) {
      expect(() => verifyGenesisSignature(genesis.signedMessage, genesis.genesisSignature, parseGenesisVerificationKey(entry.json_hex))).toThrowError(
        expect.objectContaining({ code: 'CERTIFICATE_GENESIS_SIGNATURE_INVALID' }),
      );
    }
  });

  it('is over the ASCII signed_message, not its raw digest, and the message is case-sensitive', () => {
    const signature = hexToBytes(genesis.genesisSignature);
    expect(verifyEd25519Strict(signature, utf8(genesis.signedMessage), devnetKey)).toBe(true);
    expect(verifyEd25519Strict(signature, hexToBytes(genesis.signedMessage), devnetKey)).toBe(false);
    expect(() => verifyGenesisSignature(genesis.signedMessage.toUpperCase(), genesis.genesisSignature, devnetKey)).toThrowError(
      expect.objectContaining({ code: 'CERTIFICATE_GENESIS_SIGNATURE_INVALID' }),
    );
  });

  it('rejects a flipped signature bit and a non-canonical signature spelling', () => {
    const flipped = genesis.genesisSignature.slice(0, 10) + (genesis.genesisSignature[10] === '0' ? '1' : '0') + genesis.genesisSignature.slice(11);
    expect(() => verifyGenesisSignature(genesis.signedMessage, flipped, devnetKey)).toThrowError(
      expect.objectContaining({ code: 'CERTIFICATE_GENESIS_SIGNATURE_INVALID' }),
    );
    expect(() => verifyGenesisSignature(genesis.signedMessage, genesis.genesisSignature.toUpperCase(), devnetKey)).toThrowError(
      expect.objectContaining({ code: 'MESSAGE_INVALID', field: 'genesis_signature' }),
    );
  });

  it('accepts a fresh signature by the devnet secret and rejects s + L (non-canonical scalar)', () => {
    const message = utf8('a'.repeat(64));
    const signature = ed25519.sign(message, DEVNET_SEED);
    expect(verifyEd25519Strict(signature, message, devnetKey)).toBe(true);
    const L = (1n << 252n) + 27742317777372353535851937790883648493n;
    let s = 0n;
    for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(signature[i]!);
    const sPlusL = s + L;
    const malleable = signature.slice();
    for (let i = 0; i < 32; i++) malleable[32 + i] = Number((sPlusL >> BigInt(8 * i)) & 0xffn);
    expect(verifyEd25519Strict(malleable, message, devnetKey)).toBe(false);
  });
});
