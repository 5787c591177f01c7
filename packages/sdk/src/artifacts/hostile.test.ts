import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readFixtureText } from '@mithril/testing';
import { describe, expect, it } from 'vitest';
import { parseCertificate } from '../certificate/schemas.js';
import { parseJson, type JsonObject } from '../codec/json.js';
import { type MithrilError, isMithrilError } from '../errors.js';
import { parseCardanoStakeDistribution } from './stake-distribution-schemas.js';
import { verifyArtifactAgainstCertificate } from './verify.js';

const FIXTURE = 'aggregator-fake-2026-05';
const run = promisify(execFile);
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
  // Run in a plain Node process: its default stack is the one the CLI and most hosts have (a test worker's is deeper,
  // and hides an overflow that a user hits).
  it('verifies a certificate with 70,000 signers and hashes a distribution of 100,000 to typed results, never a RangeError', async () => {
    const script = `
      import { readFixtureJson } from '@mithril/testing';
      import { computeMithrilStakeDistributionId, parseCertificate, parseMithrilStakeDistribution, verifyCertificate } from '@mithril/sdk';
      const certificates = readFixtureJson('${FIXTURE}', 'certificates.json');
      const doc = Object.values(certificates).find((c) => c.genesis_signature === '');
      const signer = doc.metadata.signers[0];
      const previous = parseCertificate(JSON.stringify(certificates[doc.previous_hash]));
      doc.metadata.signers = Array.from({ length: 70000 }, (_, i) => ({ party_id: signer.party_id + i, stake: signer.stake }));
      const huge = parseCertificate(JSON.stringify(doc));
      const outcome = await verifyCertificate(huge, { previous, genesisKey: new Uint8Array(32) }).then(() => 'accepted', (e) => e.code ?? e.name);
      const msd = parseMithrilStakeDistribution(JSON.stringify(Object.values(readFixtureJson('${FIXTURE}', 'mithril-stake-distributions.json'))[0]));
      const short = { ...msd.signers[0], verificationKey: 'ab', verificationKeySignature: undefined, operationalCertificate: undefined };
      let id;
      try {
        id = computeMithrilStakeDistributionId(msd.epoch, Array.from({ length: 100000 }, (_, i) => ({ ...short, partyId: 'pool' + i })));
      } catch (e) {
        id = e.name;
      }
      console.log(JSON.stringify({ signers: huge.metadata.signers.length, outcome, id }));`;
    const { stdout } = await run(process.execPath, ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('../../../..', import.meta.url)),
    });
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as { signers: number; outcome: string; id: string };
    expect(result.signers).toBe(70_000);
    expect(result.outcome).toBe('CERTIFICATE_HASH_MISMATCH');
    expect(result.id).toMatch(/^[0-9a-f]{64}$/);
  }, 120_000);

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
