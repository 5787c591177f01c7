/**
 * Cardano blocks as the node stores them in its chunk files: a hard-fork-combinator pair `[era, block]`. For the
 * Shelley-based eras (Shelley to Conway) the block is `[header, transaction_bodies, witness_sets, auxiliary_data,
 * invalid_transactions]`, the header `[header_body, body_signature]` and the header body starts with
 * `block_number, slot`. Hashes are Blake2b-256 over the bytes as they appear: the header for the block hash, each
 * transaction body for its transaction hash.
 */
import { decodeCbor } from '../codec/cbor.js';
import { EncodingError } from '../errors.js';
import { bytesToHex } from '../utils/bytes.js';
import { blake2b256 } from '../utils/hash.js';
import { cborArraySpans, cborItemEnd, readCborHead } from './cbor-spans.js';

/**
 * Hard-fork-combinator era tags of the blocks in chunk files.
 *
 * @example
 * CARDANO_ERA_TAGS.Conway // 7
 */
export const CARDANO_ERA_TAGS = Object.freeze({ ByronBoundary: 0, Byron: 1, Shelley: 2, Allegra: 3, Mary: 4, Alonzo: 5, Babbage: 6, Conway: 7 });

/** Name of an era of {@link CARDANO_ERA_TAGS}. */
export type CardanoEra = keyof typeof CARDANO_ERA_TAGS;

const ERA_BY_TAG = new Map<number, CardanoEra>(Object.entries(CARDANO_ERA_TAGS).map(([name, tag]) => [tag, name as CardanoEra]));

/** A parsed Cardano block: what Mithril's transactions importer keeps of it. */
export interface CardanoBlock {
  readonly era: CardanoEra;
  /** Hex Blake2b-256 of the header CBOR. */
  readonly blockHash: string;
  readonly blockNumber: bigint;
  readonly slotNumber: bigint;
  /** Hex Blake2b-256 of each transaction body CBOR, in block order. */
  readonly transactionHashes: readonly string[];
  /** Where the block starts and ends in its source bytes (a chunk file). */
  readonly offset: number;
  readonly end: number;
}

function unsupported(message: string, field: string): never {
  throw new EncodingError('ENCODING_UNSUPPORTED_VARIANT', message, { field });
}

function invalid(message: string, field: string): never {
  throw new EncodingError('ENCODING_INVALID_CBOR', message, { field });
}

function u64(value: unknown, field: string): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'bigint' && value >= 0n) return value;
  return invalid('expected an unsigned integer', field);
}

/**
 * Parses the block that starts at `offset` (a chunk file holds blocks back to back).
 *
 * @param bytes - the bytes holding the block (e.g. a whole chunk file)
 * @param offset - where the block starts
 * @param field - field name for errors (e.g. the file name)
 * @returns the block, with its end offset
 * @throws {EncodingError} `ENCODING_INVALID_CBOR` when malformed, `ENCODING_UNSUPPORTED_VARIANT` for Byron blocks
 * @example
 * const block = parseCardanoBlock(chunkBytes, 0, '00002.chunk');
 */
export function parseCardanoBlock(bytes: Uint8Array, offset = 0, field = 'block'): CardanoBlock {
  const pair = cborArraySpans(bytes, offset, field);
  if (pair.items.length !== 2) invalid('expected an [era, block] pair', field);
  const [eraStart] = pair.items[0]!;
  const eraHead = readCborHead(bytes, eraStart, field);
  if (eraHead.major !== 0) invalid('expected an era tag', field);
  const era = ERA_BY_TAG.get(eraHead.argument);
  if (era === undefined) return unsupported(`unknown era tag ${eraHead.argument}`, field);
  if (era === 'Byron' || era === 'ByronBoundary') return unsupported(`${era} blocks are not supported`, field);
  const block = cborArraySpans(bytes, pair.items[1]![0], field);
  if (block.items.length < 4) invalid('a Shelley-based block has at least 4 parts', field);
  const [headerStart, headerEnd] = block.items[0]!;
  const headerBytes = bytes.subarray(headerStart, headerEnd);
  const header = cborArraySpans(bytes, headerStart, `${field}.header`);
  if (header.items.length !== 2) invalid('expected [header_body, body_signature]', `${field}.header`);
  const [bodyStart] = header.items[0]!;
  const bodyHead = readCborHead(bytes, bodyStart, `${field}.header.header_body`);
  if (bodyHead.major !== 4) invalid('expected the header body array', `${field}.header.header_body`);
  // block_number and slot are the first two items; decode just those.
  const slotEnd = cborItemEnd(bytes, cborItemEnd(bytes, bodyHead.contentStart, field), field);
  const [blockNumber, slot] = decodeCbor(
    Uint8Array.of(0x82, ...bytes.subarray(bodyHead.contentStart, slotEnd)),
    `${field}.header.header_body`,
  ) as unknown[];
  const txBodies = cborArraySpans(bytes, block.items[1]![0], `${field}.transaction_bodies`);
  return {
    era,
    blockHash: bytesToHex(blake2b256(headerBytes)),
    blockNumber: u64(blockNumber, `${field}.header.header_body[0]`),
    slotNumber: u64(slot, `${field}.header.header_body[1]`),
    transactionHashes: txBodies.items.map(([s, e]) => bytesToHex(blake2b256(bytes.subarray(s, e)))),
    offset,
    end: pair.end,
  };
}

/**
 * Parses every block of a chunk file (blocks back to back, nothing else).
 *
 * @param bytes - the chunk file's bytes
 * @param field - field name for errors (the file name)
 * @returns the blocks in file order
 * @throws {EncodingError} `ENCODING_INVALID_CBOR` or `ENCODING_UNSUPPORTED_VARIANT`
 * @example
 * parseChunkBlocks(await readFile('immutable/00002.chunk'), '00002.chunk').length; // 100
 */
export function parseChunkBlocks(bytes: Uint8Array, field = 'chunk'): CardanoBlock[] {
  const blocks: CardanoBlock[] = [];
  for (let pos = 0; pos < bytes.length; ) {
    const block = parseCardanoBlock(bytes, pos, `${field}@${pos}`);
    blocks.push(block);
    pos = block.end;
  }
  return blocks;
}
