import { readFixtureText } from '@mithril/testing';
import { describe, expect, it } from 'vitest';
import { computeCertificateHash } from '../certificate/hash.js';
import { parseCertificate } from '../certificate/schemas.js';
import { verifyCertificate } from '../certificate/verify.js';
import { parseJson, type JsonObject } from '../codec/json.js';
import { MithrilError, isMithrilError } from '../errors.js';
import { computeMithrilStakeDistributionId } from './ids.js';
import { parseCardanoStakeDistribution, parseMithrilStakeDistribution } from './stake-distribution-schemas.js';
import { verifyArtifactAgainstCertificate } from './verify.js';

const FIXTURE = 'aggregator-fake-2026-05';
const texts = (file: string): Map<string, string> => {
  const all = JSON.parse(readFixtureText(FIXTURE, file)) as Record<string, unknown>;
  return new Map(Object.entries(all).map(([k, v]) => [k, JSON.stringify(v)]));
};
const certificateTexts = texts('certificates.json');
const certificateOf = (hash: string) => parseCertificate(certificateTexts.get(hash)!);

function failure(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('hostile documents in the SDK', () => {
  it('verifies a certificate with 70,000 signers (the stack overflowed from about 62,000) to a typed error, never a stack overflow', async () => {
    const [hash, text] = [...certificateTexts].find(([, t]) => !t.includes('"genesis_signature":"') || t.includes('"genesis_signature":""'))!;
    const original = certificateOf(hash);
    const doc = JSON.parse(text) as { metadata: { signers: { party_id: string; stake: number }[] } };
    const signer = doc.metadata.signers[0]!;
    doc.metadata.signers = Array.from({ length: 70_000 }, (_, i) => ({ party_id: `${signer.party_id}${i}`, stake: signer.stake }));
    const huge = parseCertificate(JSON.stringify(doc));
    expect(huge.metadata.signers).toHaveLength(70_000);
    expect(computeCertificateHash(huge)).toMatch(/^[0-9a-f]{64}$/);
    const previous = certificateOf(original.previousHash);
    const error = await verifyCertificate(huge, { previous, genesisKey: new Uint8Array(32) }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MithrilError);
    expect(isMithrilError(error, 'CERTIFICATE_HASH_MISMATCH')).toBe(true);
  });

  it('hashes a Mithril stake distribution of 100,000 signers without spreading them into arguments', () => {
    const msd = parseMithrilStakeDistribution([...texts('mithril-stake-distributions.json').values()][0]!);
    // Short keys keep the hashing cheap: only the number of signers matters here.
    const signer = { ...msd.signers[0]!, verificationKey: 'ab', verificationKeySignature: undefined, operationalCertificate: undefined };
    const signers = Array.from({ length: 100_000 }, (_, i) => ({ ...signer, partyId: `pool${i}` }));
    expect(computeMithrilStakeDistributionId(msd.epoch, signers)).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('counts a stake distribution entry named %s, so the artifact no longer matches', (key) => {
    const text = [...texts('cardano-stake-distributions.json').values()][0]!;
    const genuine = parseCardanoStakeDistribution(text);
    const certificate = certificateOf(genuine.certificateHash);
    expect(() => verifyArtifactAgainstCertificate(certificate, { type: 'CardanoStakeDistribution', artifact: genuine })).not.toThrow();
    const tampered = parseCardanoStakeDistribution(text.replace('"stake_distribution":{', `"stake_distribution":{"${key}":1,`));
    expect([...tampered.stakeDistribution.keys()]).toContain(key);
    expect(tampered.stakeDistribution.size).toBe(genuine.stakeDistribution.size + 1);
    const error = failure(() => verifyArtifactAgainstCertificate(certificate, { type: 'CardanoStakeDistribution', artifact: tampered }));
    expect(isMithrilError(error, 'ARTIFACT_MESSAGE_MISMATCH')).toBe(true);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses a protocol message part named %s, as the reference refuses an unknown part', (key) => {
    const text = [...certificateTexts.values()][0]!;
    const tampered = text.replace('"message_parts":{', `"message_parts":{"${key}":"x",`);
    expect(tampered).not.toBe(text);
    const error = failure(() => parseCertificate(tampered));
    expect(isMithrilError(error, 'MESSAGE_INVALID')).toBe(true);
    expect((error as MithrilError).field).toBe(`certificate.protocol_message.message_parts.${key}`);
  });

  it.each(['18.0', '1.8e1', '-0', '18e0'])('refuses the integer spelling %s where a u64 is expected, as serde_json', (spelling) => {
    const text = [...certificateTexts.values()][0]!;
    const epoch = (parseJson(text) as JsonObject).get('epoch');
    const tampered = text.replace(`"epoch":${epoch}`, `"epoch":${spelling}`);
    expect(tampered).not.toBe(text);
    const error = failure(() => parseCertificate(tampered));
    expect(isMithrilError(error, 'MESSAGE_INVALID')).toBe(true);
    expect((error as MithrilError).field).toBe('certificate.epoch');
    // A float field still takes an integer or a float spelling.
    expect(parseCertificate(text.replace(/"phi_f":[0-9.]+/, '"phi_f":1')).metadata.parameters.phiF).toBe(1);
    expect(parseCertificate(text.replace(/"phi_f":[0-9.]+/, '"phi_f":1.0')).metadata.parameters.phiF).toBe(1);
  });

  it('refuses a lone surrogate in a document string', () => {
    const text = [...certificateTexts.values()][0]!;
    const error = failure(() => parseCertificate(text.replace('"network":"devnet"', '"network":"dev\\ud800net"')));
    expect(isMithrilError(error, 'ENCODING_INVALID_JSON')).toBe(true);
  });
});
