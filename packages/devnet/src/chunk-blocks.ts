/**
 * Synthetic Conway blocks for the devnet's chunk files, so the chain carries transactions that signers and the
 * aggregator certify (CardanoTransactions). Chunk `n` holds {@link DEVNET_BLOCKS_PER_CHUNK} blocks, numbers
 * `n·10 … n·10 + 9`, one block every other slot, each with one to three transactions. Everything derives from the block
 * number (no randomness), so every run writes the same bytes and the same transaction hashes.
 *
 * The CBOR has the shape the node stores and the SDK's block parser reads: the hard-fork-combinator pair
 * `[7, [header, transaction_bodies, witness_sets, auxiliary_data, invalid_transactions]]`, the header
 * `[header_body, body_signature]` with `header_body = [block_number, slot, prev_hash, issuer_vkey, vrf_vkey,
 * vrf_result, body_size, body_hash, operational_cert, protocol_version]`, and transaction bodies
 * `{0: inputs, 1: outputs, 2: fee}`. Keys, signatures and the body hash are SHA-256 filler: nothing here is a valid
 * ledger block.
 */
import { concatBytes, sha256, u64be } from '@mithril/sdk';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/**
 * Blocks per devnet chunk file.
 *
 * @example
 * const firstBlockOfChunk3 = 3n * DEVNET_BLOCKS_PER_CHUNK; // 30n
 */
export const DEVNET_BLOCKS_PER_CHUNK = 10n;

/** Conway's hard-fork-combinator era tag. */
const CONWAY = 7;

type Cbor = bigint | number | Uint8Array | null | readonly Cbor[] | CborMap;

/** A CBOR map with unsigned-integer keys, in the given order. */
class CborMap {
  constructor(readonly entries: readonly (readonly [number, Cbor])[]) {}
}

function head(major: number, value: bigint): Uint8Array {
  const m = major << 5;
  if (value < 24n) return Uint8Array.of(m | Number(value));
  if (value < 0x100n) return Uint8Array.of(m | 24, Number(value));
  if (value < 0x10000n) return Uint8Array.of(m | 25, Number(value >> 8n), Number(value & 0xffn));
  if (value < 0x100000000n) return concatBytes(Uint8Array.of(m | 26), u64be(value).subarray(4));
  return concatBytes(Uint8Array.of(m | 27), u64be(value));
}

function encode(value: Cbor): Uint8Array {
  if (value === null) return Uint8Array.of(0xf6);
  if (typeof value === 'bigint' || typeof value === 'number') return head(0, BigInt(value));
  if (value instanceof Uint8Array) return concatBytes(head(2, BigInt(value.length)), value);
  if (value instanceof CborMap) {
    return concatBytes(head(5, BigInt(value.entries.length)), ...value.entries.flatMap(([k, v]) => [encode(k), encode(v)]));
  }
  return concatBytes(head(4, BigInt(value.length)), ...value.map(encode));
}

/** Deterministic filler bytes of a given length, from a label. */
function filler(label: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i * 32 < length; i++) out.set(sha256(utf8(`${label}/${i}`)).subarray(0, Math.min(32, length - i * 32)), i * 32);
  return out;
}

/** The transaction bodies of a block: one to three, each spending an output of the one before. */
function transactionBodies(blockNumber: bigint): Cbor[] {
  const count = Number(blockNumber % 3n) + 1;
  return Array.from({ length: count }, (_, i) => {
    const input: Cbor = [filler(`devnet-utxo-${blockNumber}-${i}`, 32), 0];
    const address = concatBytes(Uint8Array.of(0x60), filler(`devnet-address-${(blockNumber + BigInt(i)) % 7n}`, 28));
    const amount = 1_000_000n + blockNumber * 1_000n + BigInt(i);
    return new CborMap([
      [0, [input]],
      [1, [[address, amount]]],
      [2, 170_000n + BigInt(i)],
    ]);
  });
}

/**
 * The CBOR of one devnet block.
 *
 * @param blockNumber - the block number (slot = 2 × block number)
 * @returns the `[7, block]` bytes as a chunk file stores them
 * @example
 * parseCardanoBlock(devnetBlock(12n)).transactionHashes.length; // 1
 */
function devnetBlock(blockNumber: bigint): Uint8Array {
  const bodies = transactionBodies(blockNumber);
  const body: Cbor[] = [bodies, bodies.map(() => new CborMap([])), new CborMap([]), []];
  const bodyBytes = concatBytes(...body.map(encode));
  const headerBody: Cbor = [
    blockNumber,
    blockNumber * 2n,
    blockNumber === 0n ? null : filler(`devnet-header-${blockNumber - 1n}`, 32),
    filler('devnet-issuer-vkey', 32),
    filler('devnet-vrf-vkey', 32),
    [filler(`devnet-vrf-output-${blockNumber}`, 64), filler(`devnet-vrf-proof-${blockNumber}`, 80)],
    BigInt(bodyBytes.length),
    sha256(bodyBytes),
    [filler('devnet-hot-vkey', 32), 0, 0, filler('devnet-opcert-signature', 64)],
    [10, 0],
  ];
  const header: Cbor = [headerBody, filler(`devnet-kes-signature-${blockNumber}`, 448)];
  return encode([CONWAY, [header, ...body]]);
}

/**
 * The content of devnet chunk file `n`: its blocks back to back.
 *
 * @param n - the immutable file number
 * @returns the chunk bytes
 * @example
 * parseChunkBlocks(devnetChunk(3n)).map((b) => b.blockNumber); // [30n, …, 39n]
 */
export function devnetChunk(n: bigint): Uint8Array {
  const first = n * DEVNET_BLOCKS_PER_CHUNK;
  const blocks: Uint8Array[] = [];
  for (let b = first; b < first + DEVNET_BLOCKS_PER_CHUNK; b++) blocks.push(devnetBlock(b));
  return concatBytes(...blocks);
}
