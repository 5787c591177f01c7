import { readFixtureJson } from '@mithril/testing';
import { describe, expect, it } from 'vitest';
import { computeMmrRoot } from '../artifacts/mmr.js';
import { bytesToHex, utf8 } from '../utils/bytes.js';
import { buildMkTree, cardanoTransactionsBlockNumberToSign, computeCardanoTransactionsMerkleMap, encodeMkMapProofJsonHex } from './build.js';
import { verifyMkMapProof } from './map-proof.js';
import { verifyMkProof } from './mmr-proof.js';
import { decodeMkMapProofJsonHex } from './proof-codec.js';

const DIR = 'aggregator-fake-2026-05';
type V1 = { certificate_hash: string; certified_transactions: { transactions_hashes: string[]; proof: string }[]; latest_block_number: number };
const v1 = readFixtureJson<Record<string, V1>>(DIR, 'ctx-proofs.json');
const certificates = readFixtureJson<Record<string, { protocol_message: { message_parts: Record<string, string> } }>>(DIR, 'certificates.json');

describe('Merkle mountain range proofs (producer side)', () => {
  it('builds the same root as computeMmrRoot and proves every pair of leaves for 1 to 33 leaves', () => {
    for (let n = 1; n <= 33; n++) {
      const leaves = Array.from({ length: n }, (_, i) => utf8(`leaf-${i}`));
      const tree = buildMkTree(leaves);
      expect(bytesToHex(tree.root)).toBe(bytesToHex(computeMmrRoot(leaves)));
      for (let a = 0; a < n; a++) {
        for (let b = a; b < n; b += 4) verifyMkProof(tree.prove([a, b]));
      }
    }
  });

  it('refuses an empty tree and out-of-range indexes', () => {
    expect(() => buildMkTree([])).toThrow(expect.objectContaining({ code: 'PROOF_INVALID' }));
    expect(() => buildMkTree([utf8('a')]).prove([1])).toThrow(expect.objectContaining({ code: 'PROOF_INVALID' }));
  });
});

describe('Cardano transactions Merkle map', () => {
  // The fixture devnet holds 4 transactions; each v1 proof names its block range.
  const txs = Object.entries(v1).map(([hash, m]) => {
    const proof = decodeMkMapProofJsonHex(m.certified_transactions[0]!.proof);
    return { transactionHash: hash, blockNumber: proof.subProofs[0]!.range.start };
  });
  const map = computeCardanoTransactionsMerkleMap(
    [...txs].sort((a, b) => Number(a.blockNumber - b.blockNumber)),
    734n,
  );

  it('recomputes the certified cardano_transactions_merkle_root of the fixture', () => {
    const certificate = certificates[Object.values(v1)[0]!.certificate_hash]!;
    expect(map.root).toBe(certificate.protocol_message.message_parts.cardano_transactions_merkle_root);
    expect(map.ranges.map((r) => `${r.start}-${r.end}`)).toEqual(['210-225', '360-375', '450-465', '495-510']);
  });

  it.each(Object.entries(v1))('produces the exact v1 proof bytes the reference served for %s', (hash, message) => {
    const proved = map.prove([hash, '00'.repeat(32)])!;
    expect(proved.proven).toEqual([hash]);
    verifyMkMapProof(proved.proof);
    expect(encodeMkMapProofJsonHex(proved.proof)).toBe(message.certified_transactions[0]!.proof);
  });

  it('proves nothing for unknown hashes and leaves out incomplete block ranges', () => {
    expect(map.prove(['00'.repeat(32)])).toBeUndefined();
    const partial = computeCardanoTransactionsMerkleMap([...txs, { transactionHash: 'ab'.repeat(32), blockNumber: 734n }], 733n);
    expect(partial.ranges).toHaveLength(4);
    expect(partial.root).toBe(map.root);
    expect(() => computeCardanoTransactionsMerkleMap(txs, 100n)).toThrow(expect.objectContaining({ code: 'PROOF_INVALID' }));
  });
});

describe('the CardanoTransactions block number to sign', () => {
  it('rounds the step down to whole 15-block ranges, takes the security parameter off, then one (ranges end-exclusive)', () => {
    expect(cardanoTransactionsBlockNumberToSign({ securityParameter: 1n, step: 15n }, 736n)).toBe(734n);
    expect(cardanoTransactionsBlockNumberToSign({ securityParameter: 0n, step: 40n }, 100n)).toBe(89n);
    expect(cardanoTransactionsBlockNumberToSign({ securityParameter: 0n, step: 7n }, 31n)).toBe(29n);
  });

  it('saturates at 0 below the security parameter and below one step', () => {
    expect(cardanoTransactionsBlockNumberToSign({ securityParameter: 3000n, step: 120n }, 10n)).toBe(0n);
    expect(cardanoTransactionsBlockNumberToSign({ securityParameter: 0n, step: 15n }, 14n)).toBe(0n);
  });
});
