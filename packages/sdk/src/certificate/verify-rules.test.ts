// Chain link rules, format rules and the chain walker limits; the fixture chain and tampering cases are in verify.test.ts.
import { readFixtureJson, readFixtureText } from '@mithril/testing';
import { describe, expect, it } from 'vitest';
import { parseJson, type JsonObject } from '../codec/json.js';
import { decodeAvkJsonHex, encodeAvkJsonHex } from '../codec/index.js';
import { bytesToHex, utf8 } from '../utils/bytes.js';
import { parseGenesisVerificationKey } from './genesis.js';
import { computeCertificateHash, computeProtocolMessageHash } from './hash.js';
import { parseCertificate } from './schemas.js';
import type { Certificate, ProtocolMessageParts } from './types.js';
import { walkCertificateChain } from './chain-walk.js';
import type { MultiSignatureVerifier } from './multi-signature-verifier.js';
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

const GENESIS = '57c16dc2c25471a1c55d66d944eaa334a32e05f8e267860b43f4ed8d5c3a65ea';
const LATEST = '3e2956f8d42accfc4efbea02773737d745dfceff8013d96bc3db04aa506c65f3';
/** CardanoBlocksTransactions [23,705,1]; its previous is the epoch-23 master (same-epoch link). */
const CBT_23 = '05b960c3d620c762184069d1079b9e26cca41608abc44e26b134eecec17354c2';
/** MithrilStakeDistribution 25; its previous is the epoch-24 master (epoch transition). */
const MSD_25 = '1e2e740710df0ee945d97586133d90e794a887b06739a614b6fac82b04e1b088';

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

const stubOk: MultiSignatureVerifier = () => undefined;

/** A canonical AVK that differs in one root byte. */
function avkVariant(hex: string): string {
  const avk = decodeAvkJsonHex(hex);
  const root = avk.mtCommitment.root.slice();
  root[0] = root[0]! ^ 1;
  return encodeAvkJsonHex({ ...avk, mtCommitment: { ...avk.mtCommitment, root } });
}

/** A canonical multi-signature whose first sigma differs in its last byte. */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? `uncoded ${String(error)}`;
  }
}

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
    const otherAvk = withParts(parent, {
      ...parent.protocolMessage.parts,
      next_aggregate_verification_key: avkVariant(parent.protocolMessage.parts.next_aggregate_verification_key!),
    });
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
    const spaced = bytesToHex(
      utf8(new TextDecoder().decode(Uint8Array.from(cbt.aggregateVerificationKey.match(/../g)!.map((h) => parseInt(h, 16)))).replace(':', ': ')),
    );
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
      walkCertificateChain(LATEST, {
        getCertificate: (h) => (h === LATEST ? cert(h) : Promise.reject(missing)),
        genesisKey,
        verifyMultiSignature: stubOk,
      }),
    ).rejects.toMatchObject({ code: 'CERTIFICATE_RETRIEVAL_FAILED', cause: missing });
    await expect(
      walkCertificateChain(LATEST, { getCertificate: () => cert(CBT_23), genesisKey, verifyMultiSignature: stubOk }),
    ).rejects.toMatchObject({
      code: 'CERTIFICATE_HASH_MISMATCH',
    });
  });

  it('honours an abort signal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      walkCertificateChain(LATEST, { getCertificate, genesisKey, verifyMultiSignature: stubOk, signal: controller.signal }),
    ).rejects.toThrow();
  });
});
