import { describe, expect, it } from 'vitest';
import { generateSum6Key, signSum6 } from '../kes/sum6.js';
import { bytesToHex, hexToBytes } from '../utils/bytes.js';
import { signWithOperationalCertificate, verifySignerCertification } from './certification.js';
import {
  decodeOperationalCertificateJsonHex,
  encodeOperationalCertificateBodyCbor,
  encodeOperationalCertificateJsonHex,
  formatOperationalCertificateEnvelope,
  isOperationalCertificateValid,
  issueOperationalCertificate,
  kesEvolutionsAt,
  operationalCertificatePartyId,
  parseOperationalCertificateEnvelope,
} from './opcert.js';

// The reference's `test_vector_opcert` (mithril-common opcert.rs): the cold key comes from `ChaCha20Rng` seeded with
// 32 zero bytes (its first 32 output bytes, the ChaCha20 zero-key keystream), the KES key from a zero seed.
const COLD_SECRET = hexToBytes('76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7');
const REFERENCE_BODY_CBOR =
  '845820e650d7531509bb6cffd7998c28c68e4ec8fa621a0952206ea11eb03fcd7dcb2900005840d4abce27da05ff03c1342cc6ab53135072e1babf9cc05492f59f1ff009f70457aaa862c7158b13be0cfb41d7a91a562589bc110eb2cdaf5d2756048abbea5f05';

function referenceCertificate() {
  const kes = generateSum6Key(new Uint8Array(32));
  const cert = issueOperationalCertificate({
    kesVerificationKey: kes.verificationKey,
    issueNumber: 0n,
    startKesPeriod: 0n,
    coldSecretKey: COLD_SECRET,
  });
  return { kes, cert };
}

describe('operational certificate: the reference test vector', () => {
  it('reproduces the CBOR, the pool id and its hash, through a text-envelope round trip', () => {
    const { cert } = referenceCertificate();
    expect(isOperationalCertificateValid(cert)).toBe(true);
    const parsed = parseOperationalCertificateEnvelope(formatOperationalCertificateEnvelope(cert));
    expect(isOperationalCertificateValid(parsed)).toBe(true);
    expect(bytesToHex(encodeOperationalCertificateBodyCbor(parsed))).toBe(REFERENCE_BODY_CBOR);
    expect(operationalCertificatePartyId(parsed)).toBe('pool1mxyec46067n3querj9cxkk0g0zlag93pf3ya9vuyr3wgkq2e6t7');
  });

  it('round-trips the JSON-hex wire form and refuses a changed field', () => {
    const { cert } = referenceCertificate();
    const decoded = decodeOperationalCertificateJsonHex(encodeOperationalCertificateJsonHex(cert));
    expect(decoded).toEqual(cert);
    expect(isOperationalCertificateValid({ ...cert, issueNumber: 1n })).toBe(false);
    expect(isOperationalCertificateValid({ ...cert, startKesPeriod: 3n })).toBe(false);
    const sig = cert.coldSignature.slice();
    sig[5] = (sig[5] as number) ^ 0x10;
    expect(isOperationalCertificateValid({ ...cert, coldSignature: sig })).toBe(false);
  });

  it('checks the KES period window', () => {
    const cert = { startKesPeriod: 10n };
    expect(kesEvolutionsAt(cert, 10n)).toBe(0);
    expect(kesEvolutionsAt(cert, 73n)).toBe(63);
    expect(() => kesEvolutionsAt(cert, 9n)).toThrow(expect.objectContaining({ code: 'OPCERT_KES_PERIOD_OUT_OF_WINDOW' }));
    expect(() => kesEvolutionsAt(cert, 74n)).toThrow(expect.objectContaining({ code: 'OPCERT_KES_PERIOD_OUT_OF_WINDOW' }));
  });
});

describe('signer certification', () => {
  const message = new Uint8Array(192).fill(3);

  it('signs at the current evolutions and verifies with one evolution of tolerance', () => {
    const { kes, cert: base } = referenceCertificate();
    const cert = issueOperationalCertificate({ ...base, startKesPeriod: 10n, coldSecretKey: COLD_SECRET });
    const { signature, kesEvolutions } = signWithOperationalCertificate(kes.secretKey, cert, 15n, message);
    expect(kesEvolutions).toBe(5);
    const party = 'pool1mxyec46067n3querj9cxkk0g0zlag93pf3ya9vuyr3wgkq2e6t7';
    for (const e of [4n, 5n, 6n]) {
      expect(verifySignerCertification({ operationalCertificate: cert, verificationKeySignature: signature, message, kesEvolutions: e })).toBe(party);
    }
    for (const e of [3n, 7n]) {
      expect(() =>
        verifySignerCertification({ operationalCertificate: cert, verificationKeySignature: signature, message, kesEvolutions: e }),
      ).toThrow(expect.objectContaining({ code: 'KES_SIGNATURE_INVALID' }));
    }
  });

  it('refuses a bad opcert before the KES signature, and a signature by another KES key', () => {
    const { kes, cert } = referenceCertificate();
    const signature = signSum6(kes.secretKey, message);
    expect(() =>
      verifySignerCertification({
        operationalCertificate: { ...cert, issueNumber: 2n },
        verificationKeySignature: signature,
        message,
        kesEvolutions: 0n,
      }),
    ).toThrow(expect.objectContaining({ code: 'OPCERT_INVALID' }));
    const other = signSum6(generateSum6Key(new Uint8Array(32).fill(1)).secretKey, message);
    expect(() => verifySignerCertification({ operationalCertificate: cert, verificationKeySignature: other, message, kesEvolutions: 0n })).toThrow(
      expect.objectContaining({ code: 'KES_SIGNATURE_INVALID' }),
    );
  });
});
