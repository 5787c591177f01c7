import { bls12_381 } from '@noble/curves/bls12-381.js';
import { golden, goldenFile, goldenHex } from '@mithril/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMithrilError } from '../errors.js';
import { bytesToHex, compareBytes, hexToBytes } from '../utils/bytes.js';
import { buildMerkleTree, createBatchPath, merkleLeafBytes, merklePaddingDigest, merkleTreeCommitment, verifyBatchPath } from './merkle.js';
import type { MerkleBatchPath, RegistrationEntry } from './types.js';

/** Just enough CBOR to read the golden tree and path maps: uints, text, arrays, maps, null (RFC 8949). */
function decodeCbor(bytes: Uint8Array): unknown {
  let pos = 0;
  const readLength = (info: number): number => {
    if (info < 24) return info;
    if (info === 24) return bytes[pos++]!;
    if (info === 25) {
      const v = (bytes[pos]! << 8) | bytes[pos + 1]!;
      pos += 2;
      return v;
    }
    throw new Error(`unsupported CBOR length ${info}`);
  };
  const item = (): unknown => {
    const head = bytes[pos++]!;
    const major = head >> 5;
    const info = head & 31;
    switch (major) {
      case 0:
        return readLength(info);
      case 3: {
        const n = readLength(info);
        const text = new TextDecoder().decode(bytes.subarray(pos, pos + n));
        pos += n;
        return text;
      }
      case 4:
        return Array.from({ length: readLength(info) }, item);
      case 5: {
        const out: Record<string, unknown> = {};
        const n = readLength(info);
        for (let i = 0; i < n; i++) out[item() as string] = item();
        return out;
      }
      case 7:
        if (info === 22) return null;
        break;
    }
    throw new Error(`unsupported CBOR item ${head}`);
  };
  return item();
}

/** Decodes a versioned (`0x01 ‖ CBOR`) golden vector. */
function goldenCbor(id: string): Record<string, unknown> {
  const bytes = hexToBytes(goldenHex(id));
  expect(bytes[0]).toBe(1);
  return decodeCbor(bytes.subarray(1)) as Record<string, unknown>;
}

const digestList = (value: unknown): string[] => (value as number[][]).map((d) => bytesToHex(Uint8Array.from(d)));

/** The identity verification key (G2 infinity, `c0` then 95 zero bytes), as in the default-key golden vectors. */
const identityVk = (): Uint8Array => {
  const vk = new Uint8Array(96);
  vk[0] = 0xc0;
  return vk;
};

const default4Leaves = (): Uint8Array[] => [0n, 1n, 2n, 3n].map((stake) => merkleLeafBytes({ vk: identityVk(), stake }));

function sortEntries(entries: RegistrationEntry[]): RegistrationEntry[] {
  return [...entries].sort((a, b) => (a.stake < b.stake ? -1 : a.stake > b.stake ? 1 : compareBytes(a.vk, b.vk)));
}

function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isMithrilError(e) ? e.code : `not a MithrilError: ${String(e)}`;
  }
  return undefined;
}

describe('merkle leaf and padding', () => {
  it('encodes vk ‖ u64_be(stake) (merkle.concatenation_leaf.bytes)', () => {
    const vk0 = hexToBytes(goldenFile().derived_values.vk0!);
    expect(bytesToHex(merkleLeafBytes({ vk: vk0, stake: 1n }))).toBe(goldenHex('merkle.concatenation_leaf.bytes'));
  });

  it('pads with Blake2b-256(0x00) (spec stm.md §4.3)', () => {
    expect(bytesToHex(merklePaddingDigest())).toBe('03170a2e7597b7b7e3d84c05391d139a62b157e78786d8c082f29dcf4c111314');
  });

  it('rejects a bad key length or stake', () => {
    expect(errorCode(() => merkleLeafBytes({ vk: new Uint8Array(95), stake: 1n }))).toBe('ENCODING_INVALID_LENGTH');
    expect(errorCode(() => merkleLeafBytes({ vk: identityVk(), stake: -1n }))).toBe('ENCODING_INTEGER_OUT_OF_RANGE');
  });
});

describe('golden trees', () => {
  it('builds the 4-leaf default-key tree: root and all 7 nodes (merkle.tree_default4.cbor)', () => {
    const tree = buildMerkleTree(default4Leaves());
    expect(bytesToHex(tree.root)).toBe(goldenFile().derived_values.root_default4);
    const decoded = goldenCbor('merkle.tree_default4.cbor');
    expect(decoded.n).toBe(4);
    expect(decoded.leaf_off).toBe(3);
    expect(tree.nodes.map(bytesToHex)).toEqual(digestList(decoded.nodes));
    const commitment = merkleTreeCommitment(tree);
    expect(commitment.nrLeaves).toBe(4);
    const json = golden('merkle.batch_commitment_default4.json').byte_arrays_as_hex!;
    expect(bytesToHex(commitment.root)).toBe(json.root);
  });

  it('creates and verifies the batch path for [0, 2] (merkle.batch_path_default4_indices_0_2.cbor)', () => {
    const leaves = default4Leaves();
    const tree = buildMerkleTree(leaves);
    const path = createBatchPath(tree, [0, 2]);
    const decoded = goldenCbor('merkle.batch_path_default4_indices_0_2.cbor');
    expect(path.values.map(bytesToHex)).toEqual(digestList(decoded.values));
    expect(path.indices).toEqual(decoded.indices);
    expect(bytesToHex(path.values[0]!).startsWith('39148b53')).toBe(true);
    expect(bytesToHex(path.values[1]!).startsWith('804e3484')).toBe(true);
    verifyBatchPath(merkleTreeCommitment(tree), [leaves[0]!, leaves[2]!], path);
  });

  it('commits to the two-party registration (vk0, 1), (vk1, 1)', () => {
    const values = goldenFile().derived_values;
    const entries = sortEntries([
      { vk: hexToBytes(values.vk1!), stake: 1n },
      { vk: hexToBytes(values.vk0!), stake: 1n },
    ]);
    const tree = buildMerkleTree(entries.map(merkleLeafBytes));
    expect(bytesToHex(tree.root)).toBe(values.root_two_party_registration);
  });

  it('commits to four seed-0 parties with stakes 0..3 (key_registration.commitment_4_initializers.json)', () => {
    const keys = goldenFile().conventions.derived_signing_keys as unknown as Record<string, string>;
    const vks = [0, 1, 2, 3].map((j) => bls12_381.G2.Point.BASE.multiply(BigInt(`0x${keys[`sk${j}_hex`]!}`)).toBytes());
    // The derived keys must reproduce the published vk0 / vk1 before vk2 / vk3 are trusted.
    expect(bytesToHex(vks[0]!)).toBe(goldenFile().derived_values.vk0);
    expect(bytesToHex(vks[1]!)).toBe(goldenFile().derived_values.vk1);
    const entries = sortEntries(vks.map((vk, j) => ({ vk, stake: BigInt(j) })));
    const tree = buildMerkleTree(entries.map(merkleLeafBytes));
    const expected = golden('key_registration.commitment_4_initializers.json').byte_arrays_as_hex!;
    expect(bytesToHex(tree.root)).toBe(expected.root);
  });

  it('has root = H(leaf) and an empty proof for one leaf', () => {
    const leaf = merkleLeafBytes({ vk: identityVk(), stake: 7n });
    const tree = buildMerkleTree([leaf]);
    expect(tree.nodes.length).toBe(1);
    const path = createBatchPath(tree, [0]);
    expect(path.values).toEqual([]);
    verifyBatchPath(merkleTreeCommitment(tree), [leaf], path);
  });
});

describe('batch path rules', () => {
  const leaves = Array.from({ length: 5 }, (_, i) => merkleLeafBytes({ vk: identityVk(), stake: BigInt(i) }));
  const tree = buildMerkleTree(leaves);
  const commitment = merkleTreeCommitment(tree);
  const pick = (indices: number[]) => indices.map((i) => leaves[i]!);

  it('rejects empty, unsorted and out-of-range indices on creation', () => {
    expect(errorCode(() => buildMerkleTree([]))).toBe('STM_MERKLE_TREE_EMPTY');
    for (const indices of [[], [2, 1], [5], [-1], [0.5]]) {
      expect(errorCode(() => createBatchPath(tree, indices))).toBe('STM_BATCH_PATH_INVALID');
    }
  });

  it('rejects what the reference rejects on verification', () => {
    const path = createBatchPath(tree, [1, 3, 4]);
    verifyBatchPath(commitment, pick([1, 3, 4]), path);
    const cases: [readonly Uint8Array[], MerkleBatchPath][] = [
      [pick([1, 3]), path],
      [[], { values: [], indices: [] }],
      [pick([3, 1, 4]), { values: path.values, indices: [3, 1, 4] }],
      [pick([1, 3, 4]), { values: path.values.slice(0, -1), indices: path.indices }],
      [pick([1, 3, 3]), path],
      [pick([1, 3, 4]), { ...path, indices: [1, 3, 2 ** 60] }],
    ];
    for (const [ls, p] of cases) expect(errorCode(() => verifyBatchPath(commitment, ls, p))).toBe('STM_BATCH_PATH_INVALID');
    // Wrong number of leaves or another root.
    expect(errorCode(() => verifyBatchPath({ ...commitment, nrLeaves: 8 }, pick([1, 3, 4]), path))).toBe('STM_BATCH_PATH_INVALID');
    expect(errorCode(() => verifyBatchPath({ ...commitment, root: tree.nodes[1]! }, pick([1, 3, 4]), path))).toBe('STM_BATCH_PATH_INVALID');
  });

  it('accepts leftover proof values', () => {
    const path = createBatchPath(tree, [0, 4]);
    verifyBatchPath(commitment, pick([0, 4]), { ...path, values: [...path.values, new Uint8Array(32)] });
  });

  it('fails to prove a padding position beyond the leaves', () => {
    // Position 5 of 5 leaves is padding; even with every real sibling it cannot reach the root.
    const path = createBatchPath(tree, [4]);
    expect(errorCode(() => verifyBatchPath(commitment, [leaves[4]!], { ...path, indices: [5] }))).toBe('STM_BATCH_PATH_INVALID');
  });
});

describe('batch path properties', () => {
  const arbCase = fc
    .integer({ min: 1, max: 40 })
    .chain((n) =>
      fc.record({
        leaves: fc.array(fc.uint8Array({ minLength: 104, maxLength: 104 }), { minLength: n, maxLength: n }),
        chosen: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: n }),
        pick: fc.nat(),
        byte: fc.nat(),
      }),
    )
    .map(({ leaves, chosen, pick, byte }) => ({ leaves, indices: [...chosen].sort((a, b) => a - b), pick, byte }));

  it('create → verify passes; any tampering fails', () => {
    fc.assert(
      fc.property(arbCase, ({ leaves, indices, pick, byte }) => {
        const tree = buildMerkleTree(leaves);
        const commitment = merkleTreeCommitment(tree);
        const path = createBatchPath(tree, indices);
        const opened = indices.map((i) => leaves[i]!);
        verifyBatchPath(commitment, opened, path);
        const fails = (ls: readonly Uint8Array[], p: MerkleBatchPath): void => {
          expect(errorCode(() => verifyBatchPath(commitment, ls, p))).toBe('STM_BATCH_PATH_INVALID');
        };

        if (path.values.length > 0) {
          const values = path.values.map((v) => v.slice());
          const target = values[pick % values.length]!;
          target[byte % 32] = target[byte % 32]! ^ (1 << (byte % 8));
          fails(opened, { ...path, values });
        }

        const changed = opened.map((l) => l.slice());
        const leaf = changed[pick % changed.length]!;
        leaf[byte % 104] = leaf[byte % 104]! ^ 0x80;
        fails(changed, path);

        if (indices.length > 1) {
          const drop = pick % indices.length;
          fails(
            opened.filter((_, j) => j !== drop),
            { ...path, indices: indices.filter((_, j) => j !== drop) },
          );
        }

        const dup = pick % indices.length;
        fails([...opened.slice(0, dup + 1), opened[dup]!, ...opened.slice(dup + 1)], {
          ...path,
          indices: [...indices.slice(0, dup + 1), indices[dup]!, ...indices.slice(dup + 1)],
        });
      }),
      { numRuns: 150 },
    );
  });
});
