import { readFixtureText } from '@mithril/testing';
import { describe, expect, it } from 'vitest';
import { computeCertificateHash } from '../certificate/hash.js';
import { parseCertificate } from '../certificate/schemas.js';
import type { Certificate } from '../certificate/types.js';
import { parseJson, type JsonObject, type JsonValue } from '../codec/json.js';
import { bytesToHex, utf8 } from '../utils/bytes.js';
import { sha256 } from '../utils/hash.js';
import { computeCardanoDatabaseMerkleRoot, computeMithrilStakeDistributionAvk, computeSnapshotDigest } from './compute.js';
import { computeCardanoDatabaseId, computeCardanoStakeDistributionId, computeMithrilStakeDistributionId } from './ids.js';
import { computeMmrRoot } from './mmr.js';
import { parseCardanoStakeDistribution, parseMithrilStakeDistribution } from './stake-distribution-schemas.js';
import { parseCardanoDatabaseSnapshot } from './cardano-database-schemas.js';
import { assertSignedEntityTypeMatchesMessage, verifyArtifactAgainstCertificate, verifyMessagePartsAgainstCertificate } from './verify.js';

const FIXTURE = 'aggregator-fake-2026-05';
const values = (file: string): JsonValue[] => [...(parseJson(readFixtureText(FIXTURE, file)) as JsonObject).values()];
const certificates = new Map(
  values('certificates.json')
    .map((v) => parseCertificate(v))
    .map((c) => [c.hash, c]),
);
const cert = (hash: string): Certificate => certificates.get(hash)!;
const msds = values('mithril-stake-distributions.json').map(parseMithrilStakeDistribution);
const csds = values('cardano-stake-distributions.json').map(parseCardanoStakeDistribution);
const cdbs = values('cardano-databases.json').map(parseCardanoDatabaseSnapshot);

const outcome = (f: () => unknown): string => {
  try {
    f();
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
};

describe('Merkle mountain range (certificates.md §10)', () => {
  it('reproduces the golden-1..5 vector (two peaks, right-first bagging)', () => {
    const leaves = [1, 2, 3, 4, 5].map((i) => utf8(`golden-${i}`));
    expect(bytesToHex(computeMmrRoot(leaves))).toBe('3bbced153528697ecde7345a22e50115306478353619411523e804f2323fd921');
  });

  it('returns a single raw leaf as the root and refuses an empty range', () => {
    const leaf = utf8('a'.repeat(64));
    expect(computeMmrRoot([leaf])).toEqual(leaf);
    expect(outcome(() => computeMmrRoot([]))).toBe('ARTIFACT_INVALID');
  });
});

describe('dummy Cardano database vectors (nodes.md §5.2, §5.3)', () => {
  // Trios 1..101, each file holding the ASCII text "This is a test file named '<name>'"; the beacon is (1, 100).
  const names = Array.from({ length: 101 }, (_, i) => i + 1).flatMap((n) =>
    ['chunk', 'primary', 'secondary'].map((ext) => `${String(n).padStart(5, '0')}.${ext}`),
  );
  const digests = names.map((name) => ({ immutableFileName: name, digest: bytesToHex(sha256(utf8(`This is a test file named '${name}'`))) }));

  it('hashes single files as the reference does', () => {
    const byName = new Map(digests.map((d) => [d.immutableFileName, d.digest]));
    expect(byName.get('00001.chunk')).toBe('faebbf47077f68ef57219396ff69edc738978a3eca946ac7df1983dbf11364ec');
    expect(byName.get('00001.primary')).toBe('f11bdb991fc7e72970be7d7f666e10333f92c14326d796fed8c2c041675fa826');
    expect(byName.get('00001.secondary')).toBe('b139684b968fa12ce324cce464d000de0e2c2ded0fd3e473a666410821d3fde3');
  });

  it('computes the CardanoDatabase Merkle root, ignoring files beyond the beacon (trap 44)', () => {
    expect(computeCardanoDatabaseMerkleRoot(digests, 100n)).toBe('8552f75838176c967a33eb6da1fe5f3c9940b706d75a9c2352c0acd8439f3d84');
    expect(computeCardanoDatabaseMerkleRoot([...digests].reverse(), 100n)).toBe('8552f75838176c967a33eb6da1fe5f3c9940b706d75a9c2352c0acd8439f3d84');
  });

  it('computes the legacy snapshot digest', () => {
    const upTo100 = digests.filter((d) => Number(d.immutableFileName.slice(0, 5)) <= 100).map((d) => d.digest);
    expect(computeSnapshotDigest({ network: 'devnet', epoch: 1n, immutableFileNumber: 100n }, upTo100)).toBe(
      'a27fd67e495c2c77e4b6b0af9925b2b0bc39656c56adfad4aaab9f20fae49122',
    );
  });

  it('refuses a digest entry that is not an immutable file', () => {
    expect(outcome(() => computeCardanoDatabaseMerkleRoot([{ immutableFileName: 'ledger/123', digest: 'ab' }], 1n))).toBe('ARTIFACT_INVALID');
  });
});

describe('fixture artifacts against their certificates (certificates.md §9)', () => {
  it('has the expected artifact counts', () => {
    expect([msds.length, csds.length, cdbs.length]).toEqual([9, 9, 11]);
  });

  it('binds all 9 Mithril stake distributions through next_aggregate_verification_key', () => {
    for (const msd of msds) {
      const certificate = cert(msd.certificateHash);
      const parts = verifyArtifactAgainstCertificate(certificate, { type: 'MithrilStakeDistribution', artifact: msd });
      expect(parts.next_aggregate_verification_key).toBe(certificate.protocolMessage.parts.next_aggregate_verification_key);
      expect(computeMithrilStakeDistributionAvk(msd.signers)).toBe(certificate.protocolMessage.parts.next_aggregate_verification_key);
    }
  });

  it('binds all 9 Cardano stake distributions through the MMR root and epoch', () => {
    for (const csd of csds) {
      const certificate = cert(csd.certificateHash);
      const parts = verifyArtifactAgainstCertificate(certificate, { type: 'CardanoStakeDistribution', artifact: csd });
      expect(parts.cardano_stake_distribution_merkle_root).toBe(certificate.protocolMessage.parts.cardano_stake_distribution_merkle_root);
      expect(certificate.epoch).toBe(csd.epoch + 1n);
    }
  });

  it('matches the signed Cardano database roots of all 11 snapshots', () => {
    for (const cdb of cdbs) {
      const certificate = cert(cdb.certificateHash);
      expect(outcome(() => verifyMessagePartsAgainstCertificate(certificate, { cardano_database_merkle_root: cdb.merkleRoot }))).toBe('ok');
      const altered = cdb.merkleRoot.slice(0, -1) + (cdb.merkleRoot.endsWith('0') ? '1' : '0');
      expect(outcome(() => verifyMessagePartsAgainstCertificate(certificate, { cardano_database_merkle_root: altered }))).toBe(
        'ARTIFACT_MESSAGE_MISMATCH',
      );
    }
  });

  it('recomputes the artifact ids (nodes.md §10.1)', () => {
    for (const msd of msds) expect(computeMithrilStakeDistributionId(msd.epoch, msd.signers)).toBe(msd.hash);
    for (const csd of csds) expect(computeCardanoStakeDistributionId(csd.epoch, csd.stakeDistribution)).toBe(csd.hash);
    for (const cdb of cdbs) expect(computeCardanoDatabaseId(cdb.beacon.epoch, cdb.merkleRoot)).toBe(cdb.hash);
  });

  it('finds the signed entity type label consistent with the signed parts on all 43 certificates', () => {
    for (const c of certificates.values()) expect(outcome(() => assertSignedEntityTypeMatchesMessage(c))).toBe('ok');
  });
});

describe('artifact tampering', () => {
  const msd = msds[0]!;
  const msdCert = cert(msd.certificateHash);
  const csd = csds[0]!;
  const csdCert = cert(csd.certificateHash);

  it('rejects a Mithril stake distribution with a changed stake or a missing signer', () => {
    const changed = { ...msd, signers: msd.signers.map((s, i) => (i === 0 ? { ...s, stake: s.stake + 1n } : s)) };
    expect(outcome(() => verifyArtifactAgainstCertificate(msdCert, { type: 'MithrilStakeDistribution', artifact: changed }))).toBe(
      'ARTIFACT_MESSAGE_MISMATCH',
    );
    const fewer = { ...msd, signers: msd.signers.slice(1) };
    expect(outcome(() => verifyArtifactAgainstCertificate(msdCert, { type: 'MithrilStakeDistribution', artifact: fewer }))).toBe(
      'ARTIFACT_MESSAGE_MISMATCH',
    );
  });

  it('rejects a Cardano stake distribution with a changed stake, an extra pool or another epoch', () => {
    const [[pool, stake]] = [...csd.stakeDistribution] as [[string, bigint]];
    const changed = { ...csd, stakeDistribution: new Map([...csd.stakeDistribution, [pool, stake + 1n]]) };
    expect(outcome(() => verifyArtifactAgainstCertificate(csdCert, { type: 'CardanoStakeDistribution', artifact: changed }))).toBe(
      'ARTIFACT_MESSAGE_MISMATCH',
    );
    const extra = { ...csd, stakeDistribution: new Map([...csd.stakeDistribution, ['pool1extra', 1n]]) };
    expect(outcome(() => verifyArtifactAgainstCertificate(csdCert, { type: 'CardanoStakeDistribution', artifact: extra }))).toBe(
      'ARTIFACT_MESSAGE_MISMATCH',
    );
    const otherEpoch = { ...csd, epoch: csd.epoch + 1n };
    expect(outcome(() => verifyArtifactAgainstCertificate(csdCert, { type: 'CardanoStakeDistribution', artifact: otherEpoch }))).toBe(
      'ARTIFACT_SIGNED_ENTITY_TYPE_MISMATCH',
    );
  });

  it('rejects an artifact checked against another certificate', () => {
    expect(outcome(() => verifyArtifactAgainstCertificate(csdCert, { type: 'MithrilStakeDistribution', artifact: msd }))).toBe('ARTIFACT_INVALID');
  });

  it('catches a relabelled tip certificate (MSD ↔ CSD feed the same hash bytes; trap 32)', () => {
    const epoch = (msdCert.signedEntityType as { epoch: bigint }).epoch;
    const relabelled: Certificate = { ...msdCert, signedEntityType: { type: 'CardanoStakeDistribution', epoch } };
    expect(computeCertificateHash(relabelled)).toBe(msdCert.hash);
    expect(outcome(() => assertSignedEntityTypeMatchesMessage(relabelled))).toBe('ARTIFACT_SIGNED_ENTITY_TYPE_MISMATCH');
    const fakeCsd = { ...csd, epoch, certificateHash: msdCert.hash };
    expect(outcome(() => verifyArtifactAgainstCertificate(relabelled, { type: 'CardanoStakeDistribution', artifact: fakeCsd }))).toBe(
      'ARTIFACT_SIGNED_ENTITY_TYPE_MISMATCH',
    );
    // The MSD artifact of the same epoch under a CSD label is refused too: the label must match the artifact kind.
    const relabelledCsd: Certificate = { ...csdCert, signedEntityType: { type: 'MithrilStakeDistribution', epoch: csd.epoch } };
    expect(outcome(() => assertSignedEntityTypeMatchesMessage(relabelledCsd))).toBe('ARTIFACT_SIGNED_ENTITY_TYPE_MISMATCH');
  });

  it('catches a CardanoDatabase label whose beacon disagrees with the signed message or the artifact', () => {
    const cdb = cdbs[0]!;
    const cdbCert = cert(cdb.certificateHash);
    const beacon = cdbCert.signedEntityType as { epoch: bigint; immutableFileNumber: bigint };
    const relabelled: Certificate = {
      ...cdbCert,
      signedEntityType: { type: 'CardanoDatabase', epoch: beacon.epoch + 1n, immutableFileNumber: beacon.immutableFileNumber },
    };
    expect(outcome(() => assertSignedEntityTypeMatchesMessage(relabelled))).toBe('ARTIFACT_SIGNED_ENTITY_TYPE_MISMATCH');
    const otherBeacon = { certificateHash: cdb.certificateHash, beacon: { ...cdb.beacon, immutableFileNumber: cdb.beacon.immutableFileNumber + 1n } };
    expect(outcome(() => verifyArtifactAgainstCertificate(cdbCert, { type: 'CardanoDatabase', artifact: otherBeacon, digests: [] }))).toBe(
      'ARTIFACT_SIGNED_ENTITY_TYPE_MISMATCH',
    );
  });
});
