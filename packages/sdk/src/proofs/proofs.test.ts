import { readFixtureText } from '@mithril/testing';
import { describe, expect, it } from 'vitest';
import { computeProtocolMessageHash } from '../certificate/hash.js';
import { parseCertificate } from '../certificate/schemas.js';
import type { Certificate } from '../certificate/types.js';
import { parseJson, type JsonObject, type JsonValue } from '../codec/json.js';
import { parseBlocksProofs, parseTransactionsProofsV1, parseTransactionsProofsV2, type ProofsMessage } from './messages.js';
import { computeProofsMessageParts, verifyProofsAgainstCertificate, verifyProofsMessage } from './verify.js';
import {
  parseCardanoBlocksTransactionsSnapshotList,
  parseCardanoTransactionsSnapshot,
  parseCardanoTransactionsSnapshotList,
  verifySnapshotAgainstCertificate,
} from './snapshots.js';

const FIXTURE = 'aggregator-fake-2026-05';
const entries = (file: string): [string, JsonValue][] => [...(parseJson(readFixtureText(FIXTURE, file)) as JsonObject).entries()];
const certificates = new Map(entries('certificates.json').map(([hash, v]) => [hash, parseCertificate(v)]));
const cert = (hash: string): Certificate => certificates.get(hash)!;

const messages: [string, string, ProofsMessage][] = [
  ...entries('ctx-proofs.json').map(([k, v]): [string, string, ProofsMessage] => ['v1', k, parseTransactionsProofsV1(v)]),
  ...entries('ctx-proofs-v2.json').map(([k, v]): [string, string, ProofsMessage] => ['v2', k, parseTransactionsProofsV2(v)]),
  ...entries('cblk-proofs.json').map(([k, v]): [string, string, ProofsMessage] => ['blocks', k, parseBlocksProofs(v)]),
];

describe('proofs of the 2026-05 fixture', () => {
  it('holds 4 v1, 4 v2 and 20 block proofs', () => {
    expect(messages.map(([v]) => v).join(',')).toBe(['v1', 'v1', 'v1', 'v1', 'v2', 'v2', 'v2', 'v2', ...Array(20).fill('blocks')].join(','));
  });

  it.each(messages)('%s proof of %s verifies against its certificate and recomputes its signed message', (_version, key, message) => {
    const verified = verifyProofsMessage(message);
    expect(verified.certifiedHashes).toEqual([key]);
    const certificate = cert(message.certificateHash);
    verifyProofsAgainstCertificate(certificate, verified);
    const parts = computeProofsMessageParts(verified);
    for (const [part, value] of Object.entries(parts)) {
      expect(certificate.protocolMessage.parts[part as keyof typeof parts]).toBe(value);
    }
    const preimage = { ...certificate.protocolMessage, parts: { ...certificate.protocolMessage.parts, ...parts } };
    expect(computeProtocolMessageHash(preimage)).toBe(certificate.signedMessage);
  });

  it('certifies the v1 roots under CardanoTransactions and the v2 / block roots under CardanoBlocksTransactions', () => {
    const roots = new Set(messages.map(([v, , m]) => `${v}:${verifyProofsMessage(m).merkleRoot}:${cert(m.certificateHash).signedEntityType.type}`));
    expect([...roots].sort()).toEqual([
      'blocks:ba054b8838be6879f4fff360d1bc24bdc4d1ede8216474e47045a4d1dbf481ea:CardanoBlocksTransactions',
      'v1:8bc34ade35cda1210c3011b69921b9fb2795ddfd022b32498028dace24109766:CardanoTransactions',
      'v2:ba054b8838be6879f4fff360d1bc24bdc4d1ede8216474e47045a4d1dbf481ea:CardanoBlocksTransactions',
    ]);
  });

  it('names the v2 transactions with their block (Tx leaves) and the blocks with their number (Block leaves)', () => {
    const v2 = messages.find(([v, k]) => v === 'v2' && k.startsWith('40f903cc'))![2];
    expect(verifyProofsMessage(v2).items).toEqual([
      {
        transactionHash: '40f903ccfce28e19de854b390130a4332cf449d64d2eec23a35e09e3a9d01ad3',
        blockNumber: 463n,
        slotNumber: 463n,
        blockHash: '7329e8afdeadacfb3177c7f9826801941ff7a976e143dfeb4ccda0f6b3e8cf38',
      },
    ]);
    expect(verifyProofsMessage(v2).blockNumberOffset).toBe(1n);
  });
});

describe('transactions and blocks-and-transactions snapshots', () => {
  const ctx = parseCardanoTransactionsSnapshotList(readFixtureText(FIXTURE, 'ctx-snapshots-list.json'));
  const cbt = parseCardanoBlocksTransactionsSnapshotList(readFixtureText(FIXTURE, 'cardano-blocks-txs-snapshots-list.json'));

  it('parses the lists (18 and 17 items) and the items', () => {
    expect([ctx.length, cbt.length]).toEqual([18, 17]);
    expect(ctx[0]).toMatchObject({
      epoch: 24n,
      blockNumber: 734n,
      certificateHash: 'ae09555744c062a9cb1d9e75a471c76cd82aa77bd8fce2ccc80695995380a221',
    });
    expect(cbt[0]).toMatchObject({ blockNumberSigned: 735n, blockNumberTip: 736n });
    const items = entries('ctx-snapshots.json').map(([, v]) => parseCardanoTransactionsSnapshot(v));
    expect(items.map((s) => s.hash).sort()).toEqual(ctx.map((s) => s.hash).sort());
  });

  it('binds every snapshot whose certificate is in the fixture, and rejects a changed root or block number', () => {
    const bound = [...ctx, ...cbt].filter((s) => certificates.has(s.certificateHash));
    expect(bound.length).toBe(11);
    for (const s of bound) verifySnapshotAgainstCertificate(cert(s.certificateHash), s);
    const first = ctx[0]!;
    const code = (f: () => void): string | undefined => {
      try {
        f();
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return undefined;
    };
    expect(code(() => verifySnapshotAgainstCertificate(cert(first.certificateHash), { ...first, merkleRoot: cbt[0]!.merkleRoot }))).toBe(
      'ARTIFACT_MESSAGE_MISMATCH',
    );
    expect(code(() => verifySnapshotAgainstCertificate(cert(first.certificateHash), { ...first, blockNumber: 733n }))).toBe(
      'ARTIFACT_MESSAGE_MISMATCH',
    );
    expect(code(() => verifySnapshotAgainstCertificate(cert(cbt[0]!.certificateHash), { ...first, certificateHash: cbt[0]!.certificateHash }))).toBe(
      'ARTIFACT_SIGNED_ENTITY_TYPE_MISMATCH',
    );
  });
});
