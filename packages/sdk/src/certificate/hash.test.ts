import { readFixtureText } from '@mithril/testing';
import { describe, expect, it } from 'vitest';
import { parseJson, type JsonObject } from '../codec/json.js';
import { bytesToHex, concatBytes, u64be, utf8 } from '../utils/bytes.js';
import { sha256 } from '../utils/hash.js';
import {
  computeCertificateHash,
  computeCertificateMetadataHash,
  computeCertificateSignerHash,
  computeCertificateV0Hash,
  computeProtocolMessageHash,
  computeProtocolParametersHash,
  phiFToU8F24,
  protocolParametersEqual,
} from './hash.js';
import { parseCertificate } from './schemas.js';
import { signedEntityTypeHashFeed } from './signed-entity-type.js';
import type { Certificate } from './types.js';

const FIXTURE = 'aggregator-fake-2026-05';

function fixtureCertificates(): Map<string, Certificate> {
  const raw = parseJson(readFixtureText(FIXTURE, 'certificates.json')) as JsonObject;
  return new Map([...raw].map(([key, value]) => [key, parseCertificate(value)]));
}

const certificates = fixtureCertificates();
const GENESIS = '57c16dc2c25471a1c55d66d944eaa334a32e05f8e267860b43f4ed8d5c3a65ea';
const CBT_23 = '05b960c3d620c762184069d1079b9e26cca41608abc44e26b134eecec17354c2';
const hex = (text: string): string => bytesToHex(sha256(utf8(text)));

describe('certificate hashes on the 2026-05 fixtures', () => {
  it('has the 43 certificates, each keyed by its hash', () => {
    expect(certificates.size).toBe(43);
    for (const [key, c] of certificates) expect(c.hash).toBe(key);
  });

  it('recomputes signed_message and hash of all 43 certificates', () => {
    for (const c of certificates.values()) {
      expect(computeProtocolMessageHash(c.protocolMessage)).toBe(c.signedMessage);
      expect(computeCertificateHash(c)).toBe(c.hash);
    }
  });

  it('reproduces the worked genesis example (certificates.md §2.5)', () => {
    const c = certificates.get(GENESIS)!;
    expect(c.metadata.initiatedAt.nanos).toBe(1779374513660381099n);
    expect(c.metadata.sealedAt.nanos).toBe(1779374513660381847n);
    expect(computeProtocolParametersHash(c.metadata.parameters)).toBe('c36d7a800cb88eed32791ad2de7a37d758ed878c3c721b254a9a29e42cc6ad4f');
    expect(computeCertificateMetadataHash(c.metadata)).toBe('c7bf0b943ec81672a1f381e60b2dcfc592795acf47e9eb5c639b7c0b5707c35a');
  });

  it('reproduces the worked CardanoBlocksTransactions example (certificates.md §2.5)', () => {
    const c = certificates.get(CBT_23)!;
    expect(computeCertificateMetadataHash(c.metadata)).toBe('1b7b9b32c7a540133ff3716b87abaaadd75be3eb4c5f0f891637e788b88d0be2');
    expect(computeCertificateSignerHash(c.metadata.signers[0]!).slice(0, 8)).toBe('9ea07d2b');
    expect(computeCertificateSignerHash(c.metadata.signers[1]!).slice(0, 8)).toBe('ebdd8bae');
    expect(bytesToHex(signedEntityTypeHashFeed(c.signedEntityType))).toBe('0005' + '0000000000000017' + '00000000000002c1' + '0000000000000001');
  });

  it('hashes metadata signers in array order, not sorted (trap 25)', () => {
    const c = certificates.get(CBT_23)!;
    const swapped = { ...c.metadata, signers: [...c.metadata.signers].reverse() };
    expect(computeCertificateMetadataHash(swapped)).not.toBe(computeCertificateMetadataHash(c.metadata));
  });

  it('feeds MSD and CSD identically, but not as CardanoTransactions (trap 26, §11)', () => {
    const msd = [...certificates.values()].find((c) => c.signedEntityType.type === 'MithrilStakeDistribution' && c.genesisSignature === '')!;
    const epoch = (msd.signedEntityType as { epoch: bigint }).epoch;
    expect(computeCertificateHash({ ...msd, signedEntityType: { type: 'CardanoStakeDistribution', epoch } })).toBe(msd.hash);
    expect(computeCertificateHash({ ...msd, signedEntityType: { type: 'CardanoTransactions', epoch, blockNumber: 0n } })).not.toBe(msd.hash);
  });

  it('ignores the signed entity type of genesis certificates (not hashed)', () => {
    const c = certificates.get(GENESIS)!;
    expect(computeCertificateHash({ ...c, signedEntityType: { type: 'CardanoDatabase', epoch: 1n, immutableFileNumber: 2n } })).toBe(c.hash);
  });
});

describe('protocol parameters hash and U8F24 rounding (certificates.md §2.3, trap 24)', () => {
  it('rounds phi_f × 2^24 half to even', () => {
    const table: [number, number][] = [
      [0.95, 0x00f33333],
      [0.2, 0x00333333],
      [0.65, 0x00a66666],
      [1, 0x01000000],
      [0, 0],
      // exact ties: n + 0.5 ulps of 2^-24
      [0.5 / 16777216, 0], // 0.5 → 0 (even)
      [1.5 / 16777216, 2], // 1.5 → 2
      [2.5 / 16777216, 2], // 2.5 → 2
      [3.5 / 16777216, 4],
      [(0x00f33333 + 0.5) / 16777216, 0x00f33334], // odd floor rounds up
      [(0x00f33334 + 0.5) / 16777216, 0x00f33334], // even floor stays
      [(0x00f33333 + 0.49) / 16777216, 0x00f33333],
      [(0x00f33333 + 0.51) / 16777216, 0x00f33334],
    ];
    for (const [phiF, expected] of table) expect(phiFToU8F24(phiF)).toBe(expected);
  });

  it('matches the Rust unit vector (k=1000, m=100, phi_f=0.123), which truncation would miss', () => {
    expect(computeProtocolParametersHash({ k: 1000n, m: 100n, phiF: 0.123 })).toBe(
      'ace019657cd995b0dfbb1ce8721a1092715972c4ae0171cc636ab4a44e6e4279',
    );
  });

  it('treats values within the same U8F24 step as equal (§2.3, §11 item 10)', () => {
    const a = { k: 70n, m: 105n, phiF: 0.95 };
    const b = { k: 70n, m: 105n, phiF: 0.9500000001 };
    expect(protocolParametersEqual(a, b)).toBe(true);
    expect(computeProtocolParametersHash(b)).toBe(computeProtocolParametersHash(a));
    expect(protocolParametersEqual(a, { ...a, phiF: 0.951 })).toBe(false);
    expect(protocolParametersEqual(a, { ...a, k: 71n })).toBe(false);
  });

  it('rejects phi_f values that do not fit U8F24', () => {
    for (const bad of [Number.NaN, Infinity, -0.5, 256, 1e300]) {
      expect(() => phiFToU8F24(bad)).toThrowError(expect.objectContaining({ code: 'MESSAGE_INVALID' }));
    }
  });
});

describe('protocol message hash (certificates.md §3)', () => {
  it('hashes in enum order whatever the JSON order', () => {
    const c = certificates.get(CBT_23)!;
    const reversed = Object.fromEntries(Object.entries(c.protocolMessage.parts).reverse());
    expect(computeProtocolMessageHash({ parts: reversed })).toBe(c.signedMessage);
    const expected = Object.entries(c.protocolMessage.parts)
      .map(([k, v]) => k + v)
      .join('');
    expect(computeProtocolMessageHash({ parts: reversed })).toBe(hex(expected));
  });

  it('hashes the empty message as SHA-256 of nothing', () => {
    expect(computeProtocolMessageHash({ parts: {} })).toBe(hex(''));
  });

  it('rejects unknown keys and non-legacy hash schemes', () => {
    expect(() => computeProtocolMessageHash({ parts: { snapshot_digest: 'a', bogus: 'b' } as never })).toThrowError(
      expect.objectContaining({ code: 'MESSAGE_INVALID', field: 'protocol_message.message_parts.bogus' }),
    );
    expect(() => computeProtocolMessageHash({ parts: {}, hashScheme: 'rigid' })).toThrowError(
      expect.objectContaining({ code: 'CERTIFICATE_UNSUPPORTED_FORMAT' }),
    );
    expect(computeProtocolMessageHash({ parts: {}, hashScheme: 'legacy' })).toBe(hex(''));
  });
});

describe('historical signed-entity-type feeds and v0 hash (certificates.md §8.2)', () => {
  const e = 0x0102030405060708n;
  const be = (...xs: bigint[]): string => xs.map((x) => bytesToHex(u64be(x))).join('');

  it('feeds each current type as specified', () => {
    expect(bytesToHex(signedEntityTypeHashFeed({ type: 'MithrilStakeDistribution', epoch: e }))).toBe(be(e));
    expect(bytesToHex(signedEntityTypeHashFeed({ type: 'CardanoStakeDistribution', epoch: e }))).toBe(be(e));
    expect(bytesToHex(signedEntityTypeHashFeed({ type: 'CardanoDatabase', epoch: e, immutableFileNumber: 9n }))).toBe(be(e, 9n));
    expect(bytesToHex(signedEntityTypeHashFeed({ type: 'CardanoTransactions', epoch: e, blockNumber: 9n }))).toBe(be(e, 9n));
  });

  it('feeds CardanoImmutableFilesFull with and without the pre-2450 network', () => {
    expect(bytesToHex(signedEntityTypeHashFeed({ type: 'CardanoImmutableFilesFull', epoch: e, immutableFileNumber: 9n }))).toBe(be(e, 9n));
    expect(bytesToHex(signedEntityTypeHashFeed({ type: 'CardanoImmutableFilesFull', epoch: e, immutableFileNumber: 9n, network: 'devnet' }))).toBe(
      bytesToHex(utf8('devnet')) + be(e, 9n),
    );
  });

  it('uses the u16 CardanoBlocksTransactions prefix since 2617.0 and the 8-byte one before', () => {
    const cbt = { type: 'CardanoBlocksTransactions', epoch: e, blockNumber: 9n, blockNumberOffset: 1n } as const;
    expect(bytesToHex(signedEntityTypeHashFeed(cbt))).toBe(`0005${be(e, 9n, 1n)}`);
    expect(bytesToHex(signedEntityTypeHashFeed(cbt, { blocksTransactionsPrefix: 'u64' }))).toBe(be(5n, e, 9n, 1n));
    const twoElements = { type: 'CardanoBlocksTransactions', epoch: e, blockNumber: 9n } as const;
    expect(bytesToHex(signedEntityTypeHashFeed(twoElements))).toBe(be(5n, e, 9n));
  });

  it('refuses to hash an unknown signed entity type', () => {
    expect(() => signedEntityTypeHashFeed({ type: 'Unknown', name: 'CardanoFuture' })).toThrowError(
      expect.objectContaining({ code: 'CERTIFICATE_UNSUPPORTED_FORMAT' }),
    );
  });

  it('hashes a v0 certificate with the beacon hash and a network-less metadata hash', () => {
    const c = certificates.get(CBT_23)!;
    const v0 = {
      hash: '',
      previousHash: c.previousHash,
      beacon: { network: 'devnet', epoch: 23n, immutableFileNumber: 7n },
      metadata: c.metadata,
      protocolMessage: c.protocolMessage,
      signedMessage: c.signedMessage,
      aggregateVerificationKey: c.aggregateVerificationKey,
      multiSignature: c.multiSignature,
      genesisSignature: '',
    };
    const beaconHash = bytesToHex(sha256(concatBytes(utf8('devnet'), u64be(23n), u64be(7n))));
    const metadataV0 = bytesToHex(
      sha256(
        concatBytes(
          utf8('0.1.0'),
          utf8(computeProtocolParametersHash(c.metadata.parameters)),
          u64be(c.metadata.initiatedAt.nanos),
          u64be(c.metadata.sealedAt.nanos),
          ...c.metadata.signers.map((s) => utf8(computeCertificateSignerHash(s))),
        ),
      ),
    );
    const expected = hex(
      c.previousHash + beaconHash + metadataV0 + c.signedMessage + c.signedMessage + c.aggregateVerificationKey + c.multiSignature,
    );
    expect(computeCertificateV0Hash(v0)).toBe(expected);
  });
});
