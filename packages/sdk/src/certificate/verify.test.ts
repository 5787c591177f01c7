import { readFixtureJson, readFixtureText } from '@mithril/testing';
import { describe, expect, it } from 'vitest';
import { parseJson, type JsonObject } from '../codec/json.js';
import { decodeAggregateSignatureJsonHex, decodeAvkJsonHex, encodeAggregateSignatureJsonHex, encodeAvkJsonHex } from '../codec/index.js';
import { createStmVerificationCache } from '../stm/cache.js';
import { bytesToHex, utf8 } from '../utils/bytes.js';
import { parseGenesisVerificationKey } from './genesis.js';
import { computeCertificateHash, computeProtocolMessageHash } from './hash.js';
import { parseCertificate } from './schemas.js';
import type { Certificate, ProtocolMessageParts } from './types.js';
import { walkCertificateChain } from './chain-walk.js';
import { createStmMultiSignatureVerifier, type MultiSignatureVerificationRequest, type MultiSignatureVerifier } from './multi-signature-verifier.js';
import { verifyCertificate } from './verify.js';

const raw = parseJson(readFixtureText('aggregator-fake-2026-05', 'certificates.json')) as JsonObject;
const certificates = new Map([...raw].map(([hash, value]) => [hash, parseCertificate(value)]));
const cert = (hash: string): Certificate => {
  const found = certificates.get(hash);
  if (found === undefined) throw new Error(`no fixture certificate ${hash}`);
  return found;
};
const keysFile = readFixtureJson<{
  devnet_genesis_verification_key: { json_hex: string };
  genesis_verification_keys: { json_hex: string; key_hex: string }[];
}>('genesis-keys.json');
const genesisKey = parseGenesisVerificationKey(keysFile.devnet_genesis_verification_key.json_hex);
const otherGenesisKey = parseGenesisVerificationKey(keysFile.genesis_verification_keys[0]!.json_hex);

const GENESIS = '57c16dc2c25471a1c55d66d944eaa334a32e05f8e267860b43f4ed8d5c3a65ea';
const LATEST = '3e2956f8d42accfc4efbea02773737d745dfceff8013d96bc3db04aa506c65f3';
/** CardanoBlocksTransactions [23,705,1]; its previous is the epoch-23 master (same-epoch link). */
const CBT_23 = '05b960c3d620c762184069d1079b9e26cca41608abc44e26b134eecec17354c2';
/** The chain from the latest certificate (certificates.md §7), 12-hex-digit prefixes. */
const CHAIN_PREFIXES = [
  '3e2956f8d42a',
  '1e2e740710df',
  '196d68ff255e',
  '9dca78286c8d',
  '77d7ddc174c7',
  '9f9d43184b76',
  'fc6eb8e7e7cf',
  '5a2517b089f8',
  'fe3607404b4c',
  '0efeba082dcb',
  'c6cbc52c1d40',
  '57c16dc2c254',
];

function recordingVerifier(): { calls: MultiSignatureVerificationRequest[]; verify: MultiSignatureVerifier } {
  const calls: MultiSignatureVerificationRequest[] = [];
  return { calls, verify: (request) => void calls.push(request) };
}

/** What a forger does: change fields, then recompute `signed_message` and `hash` so that both integrity checks pass. */
function forge(c: Certificate, change: (c: Certificate) => Certificate): Certificate {
  const changed = change(c);
  const withMessage = { ...changed, signedMessage: computeProtocolMessageHash(changed.protocolMessage) };
  return { ...withMessage, hash: computeCertificateHash(withMessage) };
}

function withParts(c: Certificate, parts: ProtocolMessageParts): Certificate {
  return { ...c, protocolMessage: { ...c.protocolMessage, parts } };
}

function alterHex(text: string): string {
  const last = text.slice(-1);
  return text.slice(0, -1) + (last === '0' ? '1' : '0');
}

function alterDecimal(text: string): string {
  return (BigInt(text) + 1n).toString();
}

const stubOk: MultiSignatureVerifier = () => undefined;
const real = createStmMultiSignatureVerifier();

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? `uncoded ${String(error)}`;
  }
}

describe('the fixture chain passes every rule', () => {
  it('verifies the genesis certificate with the devnet key', async () => {
    await expect(verifyCertificate(cert(GENESIS), { genesisKey, verifyMultiSignature: stubOk })).resolves.toEqual({ kind: 'genesis' });
  });

  it('passes the link rules for all 42 standard certificates (stub multi-signature verifier)', async () => {
    const { calls, verify } = recordingVerifier();
    const links = { 'same-epoch': 0, 'epoch-transition': 0 };
    for (const c of certificates.values()) {
      if (c.genesisSignature !== '') continue;
      const result = await verifyCertificate(c, { previous: cert(c.previousHash), genesisKey, verifyMultiSignature: verify });
      if (result.kind !== 'standard') throw new Error('expected a standard certificate');
      links[result.link]++;
      const call = calls.at(-1)!;
      expect(call.certificate).toBe(c);
      expect(bytesToHex(call.message)).toBe(bytesToHex(utf8(c.signedMessage)));
      expect(encodeAvkJsonHex(call.avk)).toBe(c.aggregateVerificationKey);
      expect(encodeAggregateSignatureJsonHex(call.signature)).toBe(c.multiSignature);
      expect(call.parameters).toEqual({ k: 70n, m: 105n, phiF: 0.95 });
    }
    expect(calls).toHaveLength(42);
    expect(links).toEqual({ 'same-epoch': 32, 'epoch-transition': 10 });
  });

  it('verifies the STM multi-signature of all 42 standard certificates with the real verifier', async () => {
    let verified = 0;
    for (const c of certificates.values()) {
      if (c.genesisSignature !== '') continue;
      await verifyCertificate(c, { previous: cert(c.previousHash), genesisKey, verifyMultiSignature: real });
      verified++;
    }
    expect(verified).toBe(42);
  });

  it('a verifier with a shared verification cache reuses the epoch keys and decides the same', async () => {
    const cache = createStmVerificationCache();
    const cached = createStmMultiSignatureVerifier({ cache });
    let verified = 0;
    for (const c of certificates.values()) {
      if (c.genesisSignature !== '') continue;
      await verifyCertificate(c, { previous: cert(c.previousHash), genesisKey, verifyMultiSignature: cached });
      verified++;
    }
    expect(verified).toBe(42);
    // 2 signers whose keys change once per epoch (11 epochs): most key look-ups are hits.
    expect(cache.stats().keyMisses).toBeLessThanOrEqual(2 * 11);
    expect(cache.stats().keyHits).toBeGreaterThan(cache.stats().keyMisses);
    const standard = [...certificates.values()].find((c) => c.genesisSignature === '')!;
    const tampered = { ...standard, signedMessage: alterHex(standard.signedMessage) };
    await expect(async () =>
      cached({
        message: utf8(tampered.signedMessage),
        signature: decodeAggregateSignatureJsonHex(standard.multiSignature),
        avk: decodeAvkJsonHex(standard.aggregateVerificationKey),
        parameters: standard.metadata.parameters,
        certificate: tampered,
      }),
    ).rejects.toMatchObject({ code: 'STM_LOTTERY_LOST' });
  });

  it('walks the chain from the latest certificate to genesis with the default (real) verifier', async () => {
    const seen: string[] = [];
    const result = await walkCertificateChain(LATEST, {
      getCertificate: (hash) => cert(hash),
      genesisKey,
      onCertificateVerified: (c) => void seen.push(c.hash),
    });
    expect(result.hashes.map((h) => h.slice(0, 12))).toEqual(CHAIN_PREFIXES);
    expect(seen).toEqual(result.hashes);
    expect(result.tip.hash).toBe(LATEST);
    expect(result.genesis.hash).toBe(GENESIS);
  });

  it('reaches genesis from every certificate of the file (async retriever)', async () => {
    for (const hash of certificates.keys()) {
      const result = await walkCertificateChain(hash, {
        getCertificate: async (h) => Promise.resolve(cert(h)),
        genesisKey,
        verifyMultiSignature: stubOk,
      });
      expect(result.genesis.hash).toBe(GENESIS);
      expect(result.hashes.length).toBeLessThanOrEqual(12);
    }
  });
});

interface TamperRow {
  readonly name: string;
  readonly mutate: (c: Certificate) => Certificate;
  /** Code when only the field changes (hash and signed_message left as they were). */
  readonly untouched: string;
  /** Code for a forger who recomputes signed_message and hash, with a stub that accepts any multi-signature. */
  readonly forgedStub: string;
  /** Same forger against the real STM verifier. */
  readonly forgedReal: string;
}

function standardRows(c: Certificate): TamperRow[] {
  const partRows = Object.entries(c.protocolMessage.parts).map(([key, value]): TamperRow => {
    const changed = /^\d+$/.test(value) ? alterDecimal(value) : key === 'next_aggregate_verification_key' ? avkVariant(value) : alterHex(value);
    return {
      name: `message part ${key}`,
      mutate: (x) => withParts(x, { ...x.protocolMessage.parts, [key]: changed }),
      untouched: 'CERTIFICATE_HASH_MISMATCH',
      forgedStub: key === 'current_epoch' ? 'CERTIFICATE_CURRENT_EPOCH_MISMATCH' : 'ok',
      forgedReal: 'CERTIFICATE_MULTI_SIGNATURE_INVALID',
    };
  });
  return [
    ...partRows,
    {
      name: 'aggregate verification key',
      mutate: (x) => ({ ...x, aggregateVerificationKey: avkVariant(x.aggregateVerificationKey) }),
      untouched: 'CERTIFICATE_HASH_MISMATCH',
      forgedStub: 'CERTIFICATE_CHAIN_AVK_UNMATCH',
      forgedReal: 'CERTIFICATE_MULTI_SIGNATURE_INVALID',
    },
    {
      name: 'multi-signature sigma byte',
      mutate: (x) => ({ ...x, multiSignature: multiSignatureVariant(x.multiSignature) }),
      untouched: 'CERTIFICATE_HASH_MISMATCH',
      forgedStub: 'ok',
      forgedReal: 'CERTIFICATE_MULTI_SIGNATURE_INVALID',
    },
    {
      name: 'epoch',
      mutate: (x) => ({ ...x, epoch: x.epoch + 1n }),
      untouched: 'CERTIFICATE_HASH_MISMATCH',
      forgedStub: 'CERTIFICATE_CURRENT_EPOCH_MISMATCH',
      forgedReal: 'CERTIFICATE_CURRENT_EPOCH_MISMATCH',
    },
    {
      name: 'previous hash',
      mutate: (x) => ({ ...x, previousHash: alterHex(x.previousHash) }),
      untouched: 'CERTIFICATE_HASH_MISMATCH',
      forgedStub: 'CERTIFICATE_CHAIN_PREVIOUS_HASH_UNMATCH',
      forgedReal: 'CERTIFICATE_CHAIN_PREVIOUS_HASH_UNMATCH',
    },
    {
      name: 'protocol parameters (k beyond m: no quorum possible)',
      mutate: (x) => ({ ...x, metadata: { ...x.metadata, parameters: { ...x.metadata.parameters, k: 1000n } } }),
      untouched: 'CERTIFICATE_HASH_MISMATCH',
      forgedStub: 'CERTIFICATE_CHAIN_PROTOCOL_PARAMETERS_UNMATCH',
      forgedReal: 'CERTIFICATE_MULTI_SIGNATURE_INVALID',
    },
    // Metadata, timestamps and the type label are not signed (certificates.md §11): a forger can rewrite them on a
    // tip certificate; only a child's previous_hash (or the artifact cross-check) exposes it.
    {
      name: 'signer stake',
      mutate: (x) => ({
        ...x,
        metadata: { ...x.metadata, signers: x.metadata.signers.map((s, i) => (i === 0 ? { ...s, stake: s.stake + 1n } : s)) },
      }),
      untouched: 'CERTIFICATE_HASH_MISMATCH',
      forgedStub: 'ok',
      forgedReal: 'ok',
    },
    {
      name: 'initiated_at (+1 ns)',
      mutate: (x) => ({ ...x, metadata: { ...x.metadata, initiatedAt: { ...x.metadata.initiatedAt, nanos: x.metadata.initiatedAt.nanos + 1n } } }),
      untouched: 'CERTIFICATE_HASH_MISMATCH',
      forgedStub: 'ok',
      forgedReal: 'ok',
    },
    {
      name: 'sealed_at (+1 ns)',
      mutate: (x) => ({ ...x, metadata: { ...x.metadata, sealedAt: { ...x.metadata.sealedAt, nanos: x.metadata.sealedAt.nanos + 1n } } }),
      untouched: 'CERTIFICATE_HASH_MISMATCH',
      forgedStub: 'ok',
      forgedReal: 'ok',
    },
    {
      name: 'signed entity type label',
      mutate: (x) => ({ ...x, signedEntityType: { type: 'CardanoTransactions', epoch: x.epoch, blockNumber: 705n } }),
      untouched: 'CERTIFICATE_HASH_MISMATCH',
      forgedStub: 'ok',
      forgedReal: 'ok',
    },
  ];
}

/** A canonical AVK that differs in one root byte. */
function avkVariant(hex: string): string {
  const avk = decodeAvkJsonHex(hex);
  const root = avk.mtCommitment.root.slice();
  root[0] = root[0]! ^ 1;
  return encodeAvkJsonHex({ ...avk, mtCommitment: { ...avk.mtCommitment, root } });
}

/** A canonical multi-signature whose first sigma differs in its last byte. */
function multiSignatureVariant(hex: string): string {
  const sig = decodeAggregateSignatureJsonHex(hex);
  const [first, ...rest] = sig.signatures;
  const sigma = first!.signature.sigma.slice();
  sigma[47] = sigma[47]! ^ 1;
  return encodeAggregateSignatureJsonHex({ ...sig, signatures: [{ ...first!, signature: { ...first!.signature, sigma } }, ...rest] });
}

describe('tampering with a standard certificate (CardanoBlocksTransactions 23, same-epoch link)', () => {
  const original = cert(CBT_23);
  const previous = cert(original.previousHash);
  for (const row of standardRows(original)) {
    it(`${row.name}: rejected unless re-signed`, async () => {
      const touched = row.mutate(original);
      expect(await outcome(verifyCertificate(touched, { previous, genesisKey, verifyMultiSignature: stubOk }))).toBe(row.untouched);

      const forged = forge(original, row.mutate);
      const { calls, verify } = recordingVerifier();
      expect(await outcome(verifyCertificate(forged, { previous, genesisKey, verifyMultiSignature: verify }))).toBe(row.forgedStub);
      if (row.forgedStub !== 'CERTIFICATE_CHAIN_PREVIOUS_HASH_UNMATCH') {
        // The signature check was asked about exactly the forged message, AVK and signature.
        expect(calls).toHaveLength(1);
        expect(bytesToHex(calls[0]!.message)).toBe(bytesToHex(utf8(forged.signedMessage)));
        expect(encodeAvkJsonHex(calls[0]!.avk)).toBe(forged.aggregateVerificationKey);
        expect(encodeAggregateSignatureJsonHex(calls[0]!.signature)).toBe(forged.multiSignature);
      }
      expect(await outcome(verifyCertificate(forged, { previous, genesisKey, verifyMultiSignature: real }))).toBe(row.forgedReal);
    });
  }

  it('a forged tip is caught by its child: the child commits to the original hash', async () => {
    const child = cert(LATEST);
    const tamperedParent = forge(cert(child.previousHash), (x) => ({
      ...x,
      metadata: { ...x.metadata, signers: x.metadata.signers.map((s) => ({ ...s, stake: s.stake + 1n })) },
    }));
    expect(await outcome(verifyCertificate(child, { previous: tamperedParent, genesisKey, verifyMultiSignature: stubOk }))).toBe(
      'CERTIFICATE_CHAIN_PREVIOUS_HASH_UNMATCH',
    );
  });
});

describe('tampering with the genesis certificate', () => {
  const original = cert(GENESIS);
  const rows: { name: string; mutate: (c: Certificate) => Certificate; forged: string }[] = [
    {
      name: 'genesis signature byte',
      mutate: (x) => ({ ...x, genesisSignature: alterHex(x.genesisSignature) }),
      forged: 'CERTIFICATE_GENESIS_SIGNATURE_INVALID',
    },
    ...Object.entries(original.protocolMessage.parts).map(([key, value]) => ({
      name: `message part ${key}`,
      mutate: (x: Certificate) =>
        withParts(x, {
          ...x.protocolMessage.parts,
          [key]: /^\d+$/.test(value) ? alterDecimal(value) : key === 'next_aggregate_verification_key' ? avkVariant(value) : alterHex(value),
        }),
      forged: 'CERTIFICATE_GENESIS_SIGNATURE_INVALID',
    })),
    { name: 'epoch', mutate: (x) => ({ ...x, epoch: x.epoch + 1n }), forged: 'CERTIFICATE_CURRENT_EPOCH_MISMATCH' },
    // Not authenticated on a genesis certificate (certificates.md §5.2, §11 item 8): only the hash notices.
    { name: 'aggregate verification key', mutate: (x) => ({ ...x, aggregateVerificationKey: avkVariant(x.aggregateVerificationKey) }), forged: 'ok' },
    {
      name: 'initiated_at (+1 ns)',
      mutate: (x) => ({ ...x, metadata: { ...x.metadata, initiatedAt: { ...x.metadata.initiatedAt, nanos: x.metadata.initiatedAt.nanos + 1n } } }),
      forged: 'ok',
    },
  ];
  for (const row of rows) {
    it(`${row.name}: hash mismatch, and ${row.forged} once re-hashed`, async () => {
      expect(await outcome(verifyCertificate(row.mutate(original), { genesisKey }))).toBe('CERTIFICATE_HASH_MISMATCH');
      expect(await outcome(verifyCertificate(forge(original, row.mutate), { genesisKey }))).toBe(row.forged);
    });
  }

  it('rejects the genuine genesis certificate under another network key', async () => {
    expect(await outcome(verifyCertificate(original, { genesisKey: otherGenesisKey }))).toBe('CERTIFICATE_GENESIS_SIGNATURE_INVALID');
    expect(await outcome(walkCertificateChain(LATEST, { getCertificate: cert, genesisKey: otherGenesisKey, verifyMultiSignature: stubOk }))).toBe(
      'CERTIFICATE_GENESIS_SIGNATURE_INVALID',
    );
  });

  it('rejects a non-canonical genesis signature spelling before hashing', async () => {
    expect(await outcome(verifyCertificate({ ...original, genesisSignature: original.genesisSignature.toUpperCase() }, { genesisKey }))).toBe(
      'MESSAGE_INVALID',
    );
  });

  it('removing current_epoch from a re-hashed genesis breaks its Ed25519 signature', async () => {
    const forged = forge(original, (x) => withParts(x, { ...x.protocolMessage.parts, current_epoch: undefined }));
    expect(await outcome(verifyCertificate(forged, { genesisKey }))).toBe('CERTIFICATE_GENESIS_SIGNATURE_INVALID');
  });
});
