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
import {
  createStmMultiSignatureVerifier,
  verifyCertificate,
  walkCertificateChain,
  type MultiSignatureVerificationRequest,
  type MultiSignatureVerifier,
} from './verify.js';

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
/** MithrilStakeDistribution 25; its previous is the epoch-24 master (epoch transition). */
const MSD_25 = '1e2e740710df0ee945d97586133d90e794a887b06739a614b6fac82b04e1b088';
/** The chain from the latest certificate (certificates.md §7), 12-hex-digit prefixes. */
const CHAIN_PREFIXES = [
  '3e2956f8d42a', '1e2e740710df', '196d68ff255e', '9dca78286c8d', '77d7ddc174c7', '9f9d43184b76',
  'fc6eb8e7e7cf', '5a2517b089f8', 'fe3607404b4c', '0efeba082dcb', 'c6cbc52c1d40', '57c16dc2c254',
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
    await expect(async () => cached({ message: utf8(tampered.signedMessage), signature: decodeAggregateSignatureJsonHex(standard.multiSignature), avk: decodeAvkJsonHex(standard.aggregateVerificationKey), parameters: standard.metadata.parameters, certificate: tampered })).rejects.toMatchObject({ code: 'STM_LOTTERY_LOST' });
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
        withParts(x, { ...x.protocolMessage.parts, [key]: /^\d+$/.test(value) ? alterDecimal(value) : key === 'next_aggregate_verification_key' ? avkVariant(value) : alterHex(value) }),
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

describe('link rules (certificates.md §6.1 step 3) and format rules', () => {
  const cbt = cert(CBT_23);
  const msd25 = cert(MSD_25);
  const run = (c: Certificate, previous?: Certificate): Promise<string> =>
    outcome(verifyCertificate(c, { previous, genesisKey, verifyMultiSignature: stubOk }));

  it('rejects an epoch gap larger than one', async () => {
    const forged = forge(cbt, (x) => withParts({ ...x, epoch: 25n }, { ...x.protocolMessage.parts, current_epoch: '25' }));
    expect(await run(forged, cert(cbt.previousHash))).toBe('CERTIFICATE_EPOCH_GAP');
  });

  it('lets a parent one epoch later pass the gap check (absolute difference), then applies AVK chaining', async () => {
    const forged = forge(cbt, (x) => withParts({ ...x, epoch: 22n }, { ...x.protocolMessage.parts, current_epoch: '22' }));
    expect(await run(forged, cert(cbt.previousHash))).toBe('CERTIFICATE_CHAIN_AVK_UNMATCH');
  });

  it('requires next_aggregate_verification_key and next_protocol_parameters on an epoch change', async () => {
    const parent = cert(msd25.previousHash);
    expect(await run(msd25, parent)).toBe('ok');
    const { next_aggregate_verification_key: _avk, ...noAvk } = parent.protocolMessage.parts;
    expect(await run(msd25, withParts(parent, noAvk))).toBe('CERTIFICATE_CHAIN_AVK_UNMATCH');
    const { next_protocol_parameters: _pp, ...noParams } = parent.protocolMessage.parts;
    expect(await run(msd25, withParts(parent, noParams))).toBe('CERTIFICATE_CHAIN_PROTOCOL_PARAMETERS_UNMATCH');
    const otherAvk = withParts(parent, { ...parent.protocolMessage.parts, next_aggregate_verification_key: avkVariant(parent.protocolMessage.parts.next_aggregate_verification_key!) });
    expect(await run(msd25, otherAvk)).toBe('CERTIFICATE_CHAIN_AVK_UNMATCH');
  });

  it('compares an announced AVK by value, like the reference (upper-case spelling still matches)', async () => {
    const parent = cert(msd25.previousHash);
    const upper = withParts(parent, {
      ...parent.protocolMessage.parts,
      next_aggregate_verification_key: parent.protocolMessage.parts.next_aggregate_verification_key!.toUpperCase(),
    });
    expect(await run(msd25, upper)).toBe('ok');
  });

  it('rejects parameter changes on an epoch change unless announced', async () => {
    const forged = forge(msd25, (x) => ({ ...x, metadata: { ...x.metadata, parameters: { ...x.metadata.parameters, phiF: 0.9 } } }));
    expect(await run(forged, cert(msd25.previousHash))).toBe('CERTIFICATE_CHAIN_PROTOCOL_PARAMETERS_UNMATCH');
  });

  it('accepts same-epoch parameters equal as U8F24 (0.9500000001 ~ 0.95)', async () => {
    const forged = forge(cbt, (x) => ({ ...x, metadata: { ...x.metadata, parameters: { ...x.metadata.parameters, phiF: 0.9500000001 } } }));
    expect(forged.hash).toBe(cbt.hash);
    expect(await run(forged, cert(cbt.previousHash))).toBe('ok');
  });

  it('checks current_epoch as an exact decimal string, and its absence', async () => {
    const padded = forge(cbt, (x) => withParts(x, { ...x.protocolMessage.parts, current_epoch: '023' }));
    expect(await run(padded, cert(cbt.previousHash))).toBe('CERTIFICATE_CURRENT_EPOCH_MISMATCH');
    const absent = forge(cbt, (x) => withParts(x, { ...x.protocolMessage.parts, current_epoch: undefined }));
    expect(await run(absent, cert(cbt.previousHash))).toBe('CERTIFICATE_CURRENT_EPOCH_MISMATCH');
  });

  it('reports the infinite loop before anything else', async () => {
    expect(await run({ ...cbt, previousHash: cbt.hash }, cbt)).toBe('CERTIFICATE_CHAIN_INFINITE_LOOP');
  });

  it('reports the hash mismatch before the protocol-message mismatch', async () => {
    expect(await run({ ...cbt, signedMessage: alterHex(cbt.signedMessage) }, cert(cbt.previousHash))).toBe('CERTIFICATE_HASH_MISMATCH');
    const rehashedOnly = { ...cbt, signedMessage: alterHex(cbt.signedMessage) };
    expect(await run({ ...rehashedOnly, hash: computeCertificateHash(rehashedOnly) }, cert(cbt.previousHash))).toBe(
      'CERTIFICATE_PROTOCOL_MESSAGE_MISMATCH',
    );
  });

  it('requires a previous certificate and a multi-signature on standard certificates', async () => {
    expect(await run(cbt)).toBe('CERTIFICATE_PREVIOUS_MISSING');
    expect(await run({ ...cbt, multiSignature: '' }, cert(cbt.previousHash))).toBe('CERTIFICATE_MULTI_SIGNATURE_MISSING');
  });

  it('refuses future-era fields, other hash schemes and unknown signed entity types', async () => {
    const previous = cert(cbt.previousHash);
    expect(await run({ ...cbt, aggregateVerificationKeySnark: 'ab' }, previous)).toBe('CERTIFICATE_UNSUPPORTED_FORMAT');
    expect(await run({ ...cbt, ancillaryProverData: 'ab' }, previous)).toBe('CERTIFICATE_UNSUPPORTED_FORMAT');
    expect(await run({ ...cbt, ancillaryVerifierData: 'ab' }, previous)).toBe('CERTIFICATE_UNSUPPORTED_FORMAT');
    expect(await run({ ...cert(GENESIS), genesisSchnorrSignature: 'ab' })).toBe('CERTIFICATE_UNSUPPORTED_FORMAT');
    expect(await run({ ...cert(GENESIS), genesisSchnorrSignature: '' })).toBe('ok');
    expect(await run({ ...cbt, protocolMessage: { ...cbt.protocolMessage, hashScheme: 'rigid' } }, previous)).toBe('CERTIFICATE_UNSUPPORTED_FORMAT');
    expect(await run({ ...cbt, signedEntityType: { type: 'Unknown', name: 'CardanoFuture' } }, previous)).toBe('CERTIFICATE_UNSUPPORTED_FORMAT');
  });

  it('requires canonical JSON-hex for the AVK and the multi-signature (trap 28)', async () => {
    const previous = cert(cbt.previousHash);
    expect(await run({ ...cbt, aggregateVerificationKey: cbt.aggregateVerificationKey.toUpperCase() }, previous)).toBe('ENCODING_NON_CANONICAL_JSON');
    expect(await run({ ...cbt, multiSignature: cbt.multiSignature.toUpperCase() }, previous)).toBe('ENCODING_NON_CANONICAL_JSON');
    // `{"a":1}` with a space: valid JSON, not the compact form.
    const spaced = bytesToHex(utf8(new TextDecoder().decode(Uint8Array.from(cbt.aggregateVerificationKey.match(/../g)!.map((h) => parseInt(h, 16)))).replace(':', ': ')));
    expect(await run({ ...cbt, aggregateVerificationKey: spaced }, previous)).toBe('ENCODING_NON_CANONICAL_JSON');
  });

  it('wraps the multi-signature verifier failure with its cause', async () => {
    const boom = new Error('bad signature');
    await expect(
      verifyCertificate(cbt, { previous: cert(cbt.previousHash), genesisKey, verifyMultiSignature: () => Promise.reject(boom) }),
    ).rejects.toMatchObject({ code: 'CERTIFICATE_MULTI_SIGNATURE_INVALID', cause: boom });
  });
});

describe('chain walker limits (trap 36)', () => {
  const getCertificate = (hash: string): Certificate => cert(hash);

  it('stops cleanly at the depth limit and accepts the exact length', async () => {
    await expect(walkCertificateChain(LATEST, { getCertificate, genesisKey, verifyMultiSignature: stubOk, maxLength: 11 })).rejects.toMatchObject({
      code: 'CERTIFICATE_CHAIN_TOO_LONG',
    });
    const ok = await walkCertificateChain(LATEST, { getCertificate, genesisKey, verifyMultiSignature: stubOk, maxLength: 12 });
    expect(ok.hashes).toHaveLength(12);
  });

  it('detects a revisit (A → B → A)', async () => {
    const a = cert(LATEST);
    const b = { ...cert(a.previousHash), previousHash: a.hash };
    const lookup = (hash: string): Certificate => (hash === b.hash ? b : cert(hash));
    await expect(walkCertificateChain(a.hash, { getCertificate: lookup, genesisKey, verifyMultiSignature: stubOk })).rejects.toMatchObject({
      code: 'CERTIFICATE_CHAIN_CYCLE',
    });
  });

  it('reports a self-reference as the reference infinite loop', async () => {
    const self = { ...cert(CBT_23), previousHash: CBT_23 };
    await expect(walkCertificateChain(CBT_23, { getCertificate: () => self, genesisKey, verifyMultiSignature: stubOk })).rejects.toMatchObject({
      code: 'CERTIFICATE_CHAIN_INFINITE_LOOP',
    });
  });

  it('stops an endless forged chain at its first link (hash preimages cannot be faked)', async () => {
    // Every lookup answers a fresh certificate pointing further down: no genesis is ever reached.
    let counter = 0;
    const endless = (hash: string): Certificate => ({ ...cert(CBT_23), hash, previousHash: `fake-${++counter}` });
    await expect(
      walkCertificateChain('fake-0', { getCertificate: endless, genesisKey, verifyMultiSignature: stubOk, maxLength: 50 }),
    ).rejects.toMatchObject({ code: 'CERTIFICATE_HASH_MISMATCH' });
    expect(counter).toBe(2);
  });

  it('wraps retriever failures and refuses a tip other than the one asked for', async () => {
    const missing = new Error('404');
    await expect(
      walkCertificateChain(LATEST, { getCertificate: (h) => (h === LATEST ? cert(h) : Promise.reject(missing)), genesisKey, verifyMultiSignature: stubOk }),
    ).rejects.toMatchObject({ code: 'CERTIFICATE_RETRIEVAL_FAILED', cause: missing });
    await expect(walkCertificateChain(LATEST, { getCertificate: () => cert(CBT_23), genesisKey, verifyMultiSignature: stubOk })).rejects.toMatchObject({
      code: 'CERTIFICATE_HASH_MISMATCH',
    });
  });

  it('honours an abort signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(walkCertificateChain(LATEST, { getCertificate, genesisKey, verifyMultiSignature: stubOk, signal: controller.signal })).rejects.toThrow();
  });
});
