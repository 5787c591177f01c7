import { readFixtureText } from '@mithril/testing';
import { describe, expect, it } from 'vitest';
import { parseCertificate } from '../certificate/schemas.js';
import { parseJson, type JsonObject, type JsonValue } from '../codec/json.js';
import { decodeVerificationKeyPopJsonHex, encodeVerificationKeyPopJsonHex } from '../codec/stm/verification-key.js';
import { decodeSum6SignatureJsonHex, encodeSum6SignatureJsonHex } from '../kes/codec.js';
import { decodeOperationalCertificateJsonHex, encodeOperationalCertificateJsonHex } from '../opcert/opcert.js';
import { verifyMithrilStakeDistributionSigners } from './msd-signers.js';
import { parseMithrilStakeDistribution, type MithrilStakeDistribution, type SignerWithStake } from './stake-distribution-schemas.js';
import { verifyArtifactAgainstCertificate } from './verify.js';

const FIXTURE = 'aggregator-fake-2026-05';
const values = (file: string): JsonValue[] => [...(parseJson(readFixtureText(FIXTURE, file)) as JsonObject).values()];
const certificates = new Map(values('certificates.json').map((v) => [parseCertificate(v).hash, parseCertificate(v)]));
const msds = values('mithril-stake-distributions.json').map(parseMithrilStakeDistribution);

function verify(msd: MithrilStakeDistribution): { code: string; reason?: unknown; field?: string | undefined } {
  try {
    verifyArtifactAgainstCertificate(certificates.get(msd.certificateHash)!, { type: 'MithrilStakeDistribution', artifact: msd });
    return { code: 'ok' };
  } catch (error) {
    const e = error as { code: string; details?: { reason?: unknown }; field?: string };
    return { code: e.code, reason: e.details?.reason, field: e.field };
  }
}

const withSigner = (msd: MithrilStakeDistribution, i: number, change: (s: SignerWithStake) => SignerWithStake): MithrilStakeDistribution => ({
  ...msd,
  signers: msd.signers.map((s, j) => (j === i ? change(s) : s)),
});

describe('Mithril stake distribution signers (opcert, KES signature, party id, PoP)', () => {
  it('accepts every real artifact of the fixtures, with certification required', () => {
    expect(msds).toHaveLength(9);
    for (const msd of msds) {
      expect(msd.signers.every((s) => s.operationalCertificate !== undefined)).toBe(true);
      expect(() => verifyMithrilStakeDistributionSigners(msd.signers, { requireCertification: true })).not.toThrow();
      expect(verify(msd)).toEqual({ code: 'ok' });
    }
  });

  it('rejects an artifact in which one signer’s KES signature or operational certificate was changed', () => {
    for (const msd of msds) {
      for (let i = 0; i < msd.signers.length; i++) {
        const forged = withSigner(msd, i, (s) => {
          const raw = decodeSum6SignatureJsonHex(s.verificationKeySignature!);
          const at = (i * 97 + Number(msd.epoch)) % 448;
          raw[at] = (raw[at] as number) ^ 0x01;
          return { ...s, verificationKeySignature: encodeSum6SignatureJsonHex(raw) };
        });
        expect(verify(forged)).toEqual({
          code: 'ARTIFACT_INVALID',
          reason: 'KES_SIGNATURE_INVALID',
          field: `signers[${i}].verification_key_signature`,
        });
        const recertified = withSigner(msd, i, (s) => {
          const cert = decodeOperationalCertificateJsonHex(s.operationalCertificate!);
          return { ...s, operationalCertificate: encodeOperationalCertificateJsonHex({ ...cert, issueNumber: cert.issueNumber + 1n }) };
        });
        expect(verify(recertified)).toEqual({ code: 'ARTIFACT_INVALID', reason: 'OPCERT_INVALID', field: `signers[${i}].operational_certificate` });
      }
    }
  });

  it('rejects a KES period two evolutions off, a swapped party id, a missing KES signature and a bad proof of possession', () => {
    const msd = msds[0]!;
    const [a, b] = msd.signers as [SignerWithStake, SignerWithStake];
    expect(verify(withSigner(msd, 0, (s) => ({ ...s, kesPeriod: s.kesPeriod! + 2n }))).reason).toBe('KES_SIGNATURE_INVALID');
    expect(verify(withSigner(msd, 0, (s) => ({ ...s, kesPeriod: s.kesPeriod! + 1n })))).toEqual({ code: 'ok' });
    expect(verify(withSigner(msd, 0, (s) => ({ ...s, partyId: b.partyId }))).field).toBe('signers[0].party_id');
    expect(verify(withSigner(msd, 1, (s) => ({ ...s, verificationKeySignature: undefined }))).field).toBe('signers[1].verification_key_signature');
    expect(verify(withSigner(msd, 1, (s) => ({ ...s, kesPeriod: undefined }))).field).toBe('signers[1].kes_period');
    // Another signer's PoP with this signer's key: the KES signature covers vk ‖ pop, so it fails there first …
    const mixed = { ...decodeVerificationKeyPopJsonHex(a.verificationKey, 'vk', { mode: 'lenient' }) };
    const otherPop = decodeVerificationKeyPopJsonHex(b.verificationKey, 'vk', { mode: 'lenient' }).pop;
    const badPop = encodeVerificationKeyPopJsonHex({ vk: mixed.vk, pop: otherPop });
    expect(verify(withSigner(msd, 0, (s) => ({ ...s, verificationKey: badPop }))).reason).toBe('KES_SIGNATURE_INVALID');
    // … and on an uncertified devnet signer the proof of possession itself is checked.
    const bare = { ...a, verificationKey: badPop, operationalCertificate: undefined, verificationKeySignature: undefined };
    expect(() => verifyMithrilStakeDistributionSigners([bare], { requireCertification: false })).toThrow(
      expect.objectContaining({ code: 'ARTIFACT_INVALID', details: { signer: 0, reason: 'BLS_POP_INVALID' } }),
    );
    expect(() => verifyMithrilStakeDistributionSigners([{ ...bare, verificationKey: a.verificationKey }], { requireCertification: true })).toThrow(
      expect.objectContaining({ code: 'ARTIFACT_INVALID', field: 'signers[0].operational_certificate' }),
    );
    expect(() =>
      verifyMithrilStakeDistributionSigners([{ ...bare, verificationKey: a.verificationKey }], { requireCertification: false }),
    ).not.toThrow();
  });
});
