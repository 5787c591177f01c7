import { readFileSync } from 'node:fs';
import { fixturePath } from '@mithril/testing';
import { describe, expect, it } from 'vitest';
import { isMithrilError } from '../errors.js';
import { readChunkFileBlocks, readImmutableBlocks } from '../node/chunk-blocks.js';
import { parseCardanoBlock, parseChunkBlocks } from './block.js';
import { cborArraySpans, cborItemEnd } from './cbor-spans.js';

const IMMUTABLE = fixturePath('cardano-db', 'immutable');
const chunk = (n: number): Uint8Array => new Uint8Array(readFileSync(`${IMMUTABLE}/${String(n).padStart(5, '0')}.chunk`));

describe('blocks of the real chunk files', () => {
  it('finds block c75a3d5d… in 00002.chunk holding only transaction ce2872d6…', async () => {
    const blocks = await readChunkFileBlocks(`${IMMUTABLE}/00002.chunk`);
    const block = blocks.find((b) => b.blockHash === 'c75a3d5dbfcebd36bcbcdb2701ede41862764e856f81e8f1aafc5a960fd2283a');
    expect(block).toMatchObject({
      era: 'Conway',
      chunkNumber: 2,
      blockNumber: 255n,
      slotNumber: 255n,
      transactionHashes: ['ce2872d64240a25d7d43fb57efacfd1d9bd20073e91e1539bd31ef3ebc16555e'],
    });
  });

  it('reads 400 Conway blocks with consecutive numbers and 11 transactions from the folder', async () => {
    const blocks = await readImmutableBlocks(IMMUTABLE);
    expect(blocks).toHaveLength(400);
    expect(new Set(blocks.map((b) => b.era))).toEqual(new Set(['Conway']));
    expect(blocks.map((b) => Number(b.blockNumber))).toEqual(blocks.map((_, i) => Number(blocks[0]!.blockNumber) + i));
    expect(blocks.flatMap((b) => b.transactionHashes)).toHaveLength(11);
    expect(new Set(blocks.map((b) => b.blockHash)).size).toBe(400);
    expect((await readImmutableBlocks(IMMUTABLE, { upTo: 1 })).map((b) => b.chunkNumber).at(-1)).toBe(1);
  });

  it('tiles each chunk file exactly with its blocks', () => {
    const bytes = chunk(2);
    const blocks = parseChunkBlocks(bytes, '00002.chunk');
    expect(blocks[0]!.offset).toBe(0);
    for (let i = 1; i < blocks.length; i++) expect(blocks[i]!.offset).toBe(blocks[i - 1]!.end);
    expect(blocks.at(-1)!.end).toBe(bytes.length);
  });

  it('rejects a truncated chunk, a Byron block and a malformed item with typed errors', () => {
    const bytes = chunk(2);
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        return isMithrilError(e) ? e.code : String(e);
      }
      return undefined;
    };
    expect(code(() => parseChunkBlocks(bytes.subarray(0, bytes.length - 1), 'x'))).toBe('ENCODING_INVALID_CBOR');
    const byron = bytes.slice(0, parseCardanoBlock(bytes).end);
    byron[1] = 0x01;
    expect(code(() => parseCardanoBlock(byron))).toBe('ENCODING_UNSUPPORTED_VARIANT');
    expect(code(() => parseCardanoBlock(Uint8Array.of(0x01)))).toBe('ENCODING_INVALID_CBOR');
  });
});

describe('CBOR spans', () => {
  it('skips tags, indefinite strings, arrays and maps, and floats', () => {
    // [tag 258 [1], (_ h'01' h'02'), {_ 1: 2}, 1.5 (half)] then a trailing 0x00
    const bytes = Uint8Array.of(
      0x84,
      0xd9,
      0x01,
      0x02,
      0x81,
      0x01,
      0x5f,
      0x41,
      0x01,
      0x41,
      0x02,
      0xff,
      0xbf,
      0x01,
      0x02,
      0xff,
      0xf9,
      0x3e,
      0x00,
      0x00,
    );
    expect(cborItemEnd(bytes, 0, 'x')).toBe(bytes.length - 1);
    expect(cborArraySpans(bytes, 0, 'x').items).toEqual([
      [1, 6],
      [6, 12],
      [12, 16],
      [16, 19],
    ]);
  });
});
