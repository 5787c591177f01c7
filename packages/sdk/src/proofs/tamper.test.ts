import { readFixtureText } from '@mithril/testing';
import { describe, expect, it } from 'vitest';
import { parseCertificate } from '../certificate/schemas.js';
import type { Certificate } from '../certificate/types.js';
import { parseJson, type JsonObject, type JsonValue } from '../codec/json.js';
import { bytesToHex, hexToBytes } from '../utils/bytes.js';
import { ProofError } from './errors.js';
import { normalizeProofHashes, MAX_PROOF_HASHES } from './hashes.js';
import * as messages from './messages.js';
import type { ProofsMessage } from './messages.js';
import { verifyProofsAgainstCertificate, verifyProofsMessage } from './verify.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests edit fixture JSON field by field
type Loose = any;
const FIXTURE = 'aggregator-fake-2026-05';
// The parsers read JSON text (or lossless parsed values); the tests edit plain objects and send them as text.
const parseTransactionsProofsV1 = (v: unknown): ProofsMessage => messages.parseTransactionsProofsV1(JSON.stringify(v));
const parseTransactionsProofsV2 = (v: unknown): ProofsMessage => messages.parseTransactionsProofsV2(JSON.stringify(v));
const parseBlocksProofs = (v: unknown): ProofsMessage => messages.parseBlocksProofs(JSON.stringify(v));
const raw = (file: string): Record<string, Loose> => JSON.parse(readFixtureText(FIXTURE, file));
const certificates = new Map(
  [...(parseJson(readFixtureText(FIXTURE, 'certificates.json')) as JsonObject).entries()].map(([h, v]: [string, JsonValue]) => [
    h,
    parseCertificate(v),
  ]),
);
const cert = (hash: string): Certificate => certificates.get(hash)!;
const V1 = Object.values(raw('ctx-proofs.json'))[0];
const V2 = Object.values(raw('ctx-proofs-v2.json'))[0];
const BLOCKS = Object.values(raw('cblk-proofs.json'))[0];

/** Verifies a message end to end (proofs, then binding to the certificate it names); returns the error code or 'ok'. */
function outcome(message: ProofsMessage): string {
  try {
    verifyProofsAgainstCertificate(cert(message.certificateHash), verifyProofsMessage(message));
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const hexOfJson = (v: unknown): string => bytesToHex(new TextEncoder().encode(JSON.stringify(v)));
const jsonOfHex = (hex: string): Loose => JSON.parse(new TextDecoder().decode(hexToBytes(hex)));

/** The v1 fixture message with its (decoded) proof JSON changed by `edit`. */
function v1WithProof(edit: (proof: Loose) => void): ProofsMessage {
  const m = clone(V1);
  const proof = jsonOfHex(m.certified_transactions[0].proof);
  edit(proof);
  m.certified_transactions[0].proof = hexOfJson(proof);
  return parseTransactionsProofsV1(m);
}

describe('tampered v1 transaction proofs', () => {
  it('accepts the untouched message and a re-encoded proof', () => {
    expect(outcome(parseTransactionsProofsV1(V1))).toBe('ok');
    expect(outcome(v1WithProof(() => {}))).toBe('ok');
  });

  it.each([
    ['the master root', (p: Loose) => (p.master_proof.inner_root.hash[0] ^= 1)],
    ['a master leaf', (p: Loose) => (p.master_proof.inner_leaves[0][1].hash[5] ^= 1)],
    ['a master leaf position', (p: Loose) => (p.master_proof.inner_leaves[0][0] = 0)],
    ['a path item', (p: Loose) => (p.master_proof.inner_proof_items[1].hash[31] ^= 1)],
    ['a removed path item', (p: Loose) => p.master_proof.inner_proof_items.pop()],
    ['the MMR size', (p: Loose) => (p.master_proof.inner_proof_size = 15)],
    ['an impossible MMR size', (p: Loose) => (p.master_proof.inner_proof_size = 6)],
    ['a block-range start', (p: Loose) => (p.sub_proofs[0][0].inner_range.start += 15)],
    ['a block-range end', (p: Loose) => (p.sub_proofs[0][0].inner_range.end += 1)],
    ['a sub-proof root', (p: Loose) => (p.sub_proofs[0][1].master_proof.inner_root.hash[0] ^= 1)],
    ['a sub-proof leaf', (p: Loose) => (p.sub_proofs[0][1].master_proof.inner_leaves[0][1].hash[0] ^= 1)],
    ['a duplicated leaf position', (p: Loose) => p.master_proof.inner_leaves.push([p.master_proof.inner_leaves[0][0], { hash: Array(32).fill(7) }])],
  ])('rejects a changed %s with PROOF_INVALID', (_name, edit) => {
    expect(outcome(v1WithProof(edit))).toBe('PROOF_INVALID');
  });

  it('rejects a changed transaction hash, latest block number or certificate', () => {
    const otherHash = clone(V1);
    otherHash.certified_transactions[0].transactions_hashes[0] = 'cc2b7d9ccdfcb80c485e5e5d1d33ac1e939f1c9c32cad840ac6c090feb58acf2';
    expect(outcome(parseTransactionsProofsV1(otherHash))).toBe('PROOF_INVALID');
    expect(outcome(parseTransactionsProofsV1({ ...clone(V1), latest_block_number: 733 }))).toBe('ARTIFACT_MESSAGE_MISMATCH');
    const otherCtx = [...certificates.values()].find((c) => c.signedEntityType.type === 'CardanoTransactions' && c.hash !== V1.certificate_hash)!;
    expect(outcome(parseTransactionsProofsV1({ ...clone(V1), certificate_hash: otherCtx.hash }))).toBe('ARTIFACT_MESSAGE_MISMATCH');
    expect(outcome(parseTransactionsProofsV1({ ...clone(V1), certificate_hash: V2.certificate_hash }))).toBe('ARTIFACT_SIGNED_ENTITY_TYPE_MISMATCH');
  });

  it('rejects a message without certified transactions, two roots, and a proof that is not JSON-hex', () => {
    expect(outcome(parseTransactionsProofsV1({ ...clone(V1), certified_transactions: [] }))).toBe('PROOF_NO_CERTIFIED_ITEM');
    const twoRoots = clone(V1);
    const v2Root = clone(V1.certified_transactions[0]);
    v2Root.proof = hexOfJson({
      master_proof: { inner_root: { hash: [1] }, inner_leaves: [[0, { hash: [1] }]], inner_proof_size: 1, inner_proof_items: [] },
      sub_proofs: [],
    });
    v2Root.transactions_hashes = [];
    twoRoots.certified_transactions.push(v2Root);
    expect(outcome(parseTransactionsProofsV1(twoRoots))).toBe('PROOF_ROOT_MISMATCH');
    const notHex = clone(V1);
    notHex.certified_transactions[0].proof = 'zz';
    expect(outcome(parseTransactionsProofsV1(notHex))).toBe('PROOF_MALFORMED');
  });

  it('rejects every single-byte change of the encoded proof', () => {
    const bytes = hexToBytes(V1.certified_transactions[0].proof);
    for (let i = 0; i < bytes.length; i++) {
      const m = clone(V1);
      const changed = bytes.slice();
      changed[i]! ^= 0x01;
      m.certified_transactions[0].proof = bytesToHex(changed);
      expect(outcome(parseTransactionsProofsV1(m)), `byte ${i}`).toMatch(/^PROOF_(INVALID|MALFORMED)$/);
    }
  });
});

describe.each([
  ['v2 transaction', V2, 'certified_transactions', parseTransactionsProofsV2],
  ['block', BLOCKS, 'certified_blocks', parseBlocksProofs],
] as const)('tampered %s proofs', (_name, fixture, setKey, parse) => {
  it('accepts the untouched message', () => {
    expect(outcome(parse(fixture))).toBe('ok');
  });

  it('rejects every single-byte change of the bincode proof', () => {
    const bytes = hexToBytes(fixture[setKey].proof);
    for (let i = 0; i < bytes.length; i++) {
      const m = clone(fixture);
      const changed = bytes.slice();
      changed[i]! ^= 0x01;
      m[setKey].proof = bytesToHex(changed);
      expect(outcome(parse(m)), `byte ${i}`).toMatch(/^PROOF_(INVALID|MALFORMED)$/);
    }
    const trailing = clone(fixture);
    trailing[setKey].proof += '00';
    expect(outcome(parse(trailing))).toBe('PROOF_MALFORMED');
  });

  it('rejects a changed item field, latest block number, offset or certificate', () => {
    const item = fixture[setKey].items[0];
    for (const [field, value] of [
      ['block_number', item.block_number + 1],
      ['slot_number', item.slot_number + 1],
      ['block_hash', '00'.repeat(32)],
      ...(setKey === 'certified_transactions' ? [['transaction_hash', '11'.repeat(32)]] : []),
    ] as const) {
      const m = clone(fixture);
      m[setKey].items[0][field] = value;
      expect(outcome(parse(m)), field).toBe('PROOF_INVALID');
    }
    expect(outcome(parse({ ...clone(fixture), latest_block_number: 734 }))).toBe('ARTIFACT_MESSAGE_MISMATCH');
    expect(outcome(parse({ ...clone(fixture), security_parameter: 2 }))).toBe('ARTIFACT_MESSAGE_MISMATCH');
    const otherCbt = [...certificates.values()].find(
      (c) => c.signedEntityType.type === 'CardanoBlocksTransactions' && c.hash !== fixture.certificate_hash,
    )!;
    expect(outcome(parse({ ...clone(fixture), certificate_hash: otherCbt.hash }))).toBe('ARTIFACT_MESSAGE_MISMATCH');
    expect(outcome(parse({ ...clone(fixture), certificate_hash: V1.certificate_hash }))).toBe('ARTIFACT_SIGNED_ENTITY_TYPE_MISMATCH');
    expect(outcome(parse({ ...clone(fixture), [setKey]: null }))).toBe('PROOF_NO_CERTIFIED_ITEM');
  });

  it('rejects a proof for another root (a v1 root under this certificate)', () => {
    const verified = verifyProofsMessage(parse(fixture));
    const v1Root = verifyProofsMessage(parseTransactionsProofsV1(V1)).merkleRoot;
    expect(() => verifyProofsAgainstCertificate(cert(fixture.certificate_hash), { ...verified, merkleRoot: v1Root })).toThrow(
      expect.objectContaining({ code: 'ARTIFACT_MESSAGE_MISMATCH' }),
    );
  });
});

describe('hash lists to certify', () => {
  const hash = 'ce2872d64240a25d7d43fb57efacfd1d9bd20073e91e1539bd31ef3ebc16555e';
  const code = (f: () => unknown): string | undefined => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(ProofError);
      return (e as ProofError).code;
    }
    return undefined;
  };

  it('lowercases and de-duplicates, keeping the first-seen order', () => {
    expect(normalizeProofHashes([hash.toUpperCase(), '00'.repeat(32), hash], 'transaction_hashes')).toEqual([hash, '00'.repeat(32)]);
  });

  it('rejects an empty list, a malformed hash and more than the reference limit of 100', () => {
    expect(MAX_PROOF_HASHES).toBe(100);
    expect(code(() => normalizeProofHashes([], 'transaction_hashes'))).toBe('PROOF_HASHES_INVALID');
    expect(code(() => normalizeProofHashes([hash.slice(1)], 'transaction_hashes'))).toBe('PROOF_HASHES_INVALID');
    expect(code(() => normalizeProofHashes([`${hash.slice(1)}g`], 'transaction_hashes'))).toBe('PROOF_HASHES_INVALID');
    const many = Array.from({ length: 101 }, (_, i) => i.toString(16).padStart(64, '0'));
    expect(code(() => normalizeProofHashes(many, 'block_hashes'))).toBe('PROOF_HASHES_INVALID');
    expect(normalizeProofHashes(many.slice(0, 100), 'block_hashes')).toHaveLength(100);
  });
});
