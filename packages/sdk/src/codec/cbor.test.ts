import { goldenHex } from '@mithril/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EncodingError } from '../errors.js';
import { bytesToHex, hexToBytes } from '../utils/bytes.js';
import { CBOR_MAX_DEPTH, CborFloat, CborMap, decodeCbor, encodeCbor, type CborValue } from './cbor.js';
import { decodeAggregateSignatureBytes, decodeAvkBytes, decodeParametersBytes, decodeSingleSignatureBytes } from './index.js';

const hex = (h: string): Uint8Array => hexToBytes(h.replace(/\s/g, ''));

/** Runs `fn`; returns 'ok', or the error's code when it is an EncodingError, or a marker for any other throw. */
function outcome(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return e instanceof EncodingError ? e.code : `unexpected ${String(e)}`;
  }
}

describe('CBOR writer', () => {
  it('writes shortest integer heads (RFC 8949 appendix A examples)', () => {
    const cases: Array<[CborValue, string]> = [
      [0, '00'],
      [23, '17'],
      [24, '1818'],
      [255, '18ff'],
      [256, '190100'],
      [65535, '19ffff'],
      [65536, '1a00010000'],
      [4294967295, '1affffffff'],
      [4294967296, '1b0000000100000000'],
      [18446744073709551615n, '1bffffffffffffffff'],
      [-1, '20'],
      [-100, '3863'],
      [-18446744073709551616n, '3bffffffffffffffff'],
      ['IETF', '6449455446'],
      ['ü', '62c3bc'],
      [Uint8Array.of(1, 2, 3, 4), '4401020304'],
      [[1, [2, 3]], '820182020 3'.replace(' ', '')],
      [null, 'f6'],
      [true, 'f5'],
      [false, 'f4'],
      [new CborMap([['a', 1]]), 'a1616101'],
      [new CborMap([['a', 1]], true), 'bf616101ff'],
    ];
    for (const [v, h] of cases) expect(bytesToHex(encodeCbor(v))).toBe(h);
  });

  it('shrinks floats to f16 / f32 when lossless, as ciborium does (RFC 8949 appendix A)', () => {
    const cases: Array<[number, string]> = [
      [0, 'f90000'],
      [-0, 'f98000'],
      [1, 'f93c00'],
      [0.5, 'f93800'],
      [1.5, 'f93e00'],
      [65504, 'f97bff'],
      [2 ** -24, 'f90001'], // the smallest f16 subnormal
      [0.00006103515625, 'f90400'],
      [-4, 'f9c400'],
      [100000, 'fa47c35000'],
      [3.4028234663852886e38, 'fa7f7fffff'],
      [1.1, 'fb3ff199999999999a'],
      [0.2, 'fb3fc999999999999a'],
      [1e300, 'fb7e37e43c8800759c'],
      [Infinity, 'f97c00'],
      [-Infinity, 'f9fc00'],
      [Number.NaN, 'f97e00'],
    ];
    for (const [x, h] of cases) expect(bytesToHex(encodeCbor(new CborFloat(x)))).toBe(h);
  });

  it('round-trips floats exactly (property)', () => {
    fc.assert(
      fc.property(fc.double(), (x) => {
        const back = decodeCbor(encodeCbor(new CborFloat(x)));
        expect(back).toBeInstanceOf(CborFloat);
        expect(Object.is((back as CborFloat).value, x)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses integers it cannot encode', () => {
    expect(outcome(() => encodeCbor(1.5))).toBe('ENCODING_INTEGER_OUT_OF_RANGE');
    expect(outcome(() => encodeCbor(1n << 64n))).toBe('ENCODING_INTEGER_OUT_OF_RANGE');
  });
});

describe('CBOR reader', () => {
  it('reads every width, indefinite maps, strings and simple values', () => {
    expect(decodeCbor(hex('1bffffffffffffffff'))).toBe(18446744073709551615n);
    expect(decodeCbor(hex('1b001fffffffffffff'))).toBe(Number.MAX_SAFE_INTEGER);
    expect(decodeCbor(hex('3bffffffffffffffff'))).toBe(-18446744073709551616n);
    expect(decodeCbor(hex('5f42010243030405ff'))).toEqual(Uint8Array.of(1, 2, 3, 4, 5));
    expect(decodeCbor(hex('7f657374726561646d696e67ff'))).toBe('streaming');
    expect(decodeCbor(hex('9f018202039f0405ffff'))).toEqual([1, [2, 3], [4, 5]]);
    const m = decodeCbor(hex('bf61610161629f0203ffff'));
    expect(m).toBeInstanceOf(CborMap);
    expect((m as CborMap).indefinite).toBe(true);
    expect((m as CborMap).get('b')).toEqual([2, 3]);
    expect(decodeCbor(hex('f7'))).toBeUndefined();
    expect((decodeCbor(hex('f97bff')) as CborFloat).value).toBe(65504);
    expect((decodeCbor(hex('fa47c35000')) as CborFloat).value).toBe(100000);
  });

  it('round-trips arbitrary values (property)', () => {
    const value: fc.Arbitrary<CborValue> = fc.letrec<{ v: CborValue }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc
          .bigInt({ min: -(1n << 64n), max: (1n << 64n) - 1n })
          .map((b) => (b >= -BigInt(Number.MAX_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b)),
        fc.string(),
        fc.uint8Array({ maxLength: 40 }),
        fc.constantFrom<CborValue>(null, true, false, undefined),
        fc.double().map((d) => new CborFloat(d)),
        fc.array(tie('v'), { maxLength: 5 }),
        fc
          .tuple(fc.uniqueArray(fc.tuple(fc.string(), tie('v')), { maxLength: 4, selector: ([k]) => k }), fc.boolean())
          .map(([entries, indefinite]) => new CborMap(entries, indefinite)),
      ),
    })).v;
    fc.assert(
      fc.property(value, (v) => {
        const bytes = encodeCbor(v);
        expect(encodeCbor(decodeCbor(bytes))).toEqual(bytes);
      }),
      { numRuns: 500 },
    );
  });

  const malformed: Array<[string, string]> = [
    ['', 'empty'],
    ['18', 'truncated uint8 argument'],
    ['19ff', 'truncated uint16 argument'],
    ['1b00000000', 'truncated uint64 argument'],
    ['1c', 'reserved additional info 28'],
    ['1f', 'indefinite unsigned integer'],
    ['43 0102', 'byte string shorter than declared'],
    ['5b ffffffffffffffff', 'huge byte string length'],
    ['9b ffffffffffffffff', 'huge array length'],
    ['9a ffffffff', 'array longer than the input'],
    ['82 01', 'array missing an element'],
    ['a1 6161', 'map missing a value'],
    ['a2 616101 616102', 'duplicate map key'],
    ['9f 01', 'unterminated indefinite array'],
    ['bf 6161', 'unterminated indefinite map'],
    ['ff', 'lone break'],
    ['82 ff 01', 'break inside a definite array'],
    ['5f 61 61 ff', 'text chunk inside a byte string'],
    ['62 c328', 'invalid UTF-8 text'],
    ['c1 01', 'tag'],
    ['f8 20', 'two-byte simple value'],
    ['f9 00', 'truncated half float'],
    ['fb 0000', 'truncated double'],
    ['01 02', 'trailing bytes'],
  ];
  it.each(malformed)('rejects %s (%s) with ENCODING_INVALID_CBOR', (h) => {
    expect(outcome(() => decodeCbor(hex(h)))).toBe('ENCODING_INVALID_CBOR');
  });

  it('rejects deep nesting without overflowing the stack', () => {
    expect(outcome(() => decodeCbor(new Uint8Array(CBOR_MAX_DEPTH + 1).fill(0x81)))).toBe('ENCODING_INVALID_CBOR');
    expect(outcome(() => decodeCbor(new Uint8Array(100_000).fill(0x9f)))).toBe('ENCODING_INVALID_CBOR');
  });

  it('never throws anything but EncodingError on random bytes (fuzz)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(outcome(() => decodeCbor(bytes))).not.toMatch(/^unexpected/);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('STM binary decoders on damaged input (fuzz)', () => {
  const decoders: Array<[string, string, (b: Uint8Array) => unknown]> = [
    ['aggregate_signature.cbor', 'aggregate signature', decodeAggregateSignatureBytes],
    ['aggregate_verification_key.cbor', 'AVK', decodeAvkBytes],
    ['aggregate_verification_key.legacy_bytes', 'legacy AVK', decodeAvkBytes],
    ['single_signature.cbor', 'single signature', decodeSingleSignatureBytes],
    ['single_signature.legacy_bytes', 'legacy single signature', decodeSingleSignatureBytes],
    ['parameters.cbor', 'parameters', decodeParametersBytes],
  ];

  it.each(decoders)('%s: every truncation fails with an EncodingError', (id, _name, decode) => {
    const bytes = hexToBytes(goldenHex(id));
    expect(outcome(() => decode(bytes))).toBe('ok');
    // Every proper prefix of the big aggregate would take long; sample the prefixes evenly.
    const step = Math.max(1, Math.floor(bytes.length / 400));
    // A legacy AVK's root has no fixed length (as in the reference), so its prefixes of 16+ bytes still decode.
    const mayDecode = id === 'aggregate_verification_key.legacy_bytes';
    for (let n = 0; n < bytes.length; n += step) {
      const result = outcome(() => decode(bytes.subarray(0, n)));
      expect(result).not.toMatch(/^unexpected/);
      if (!(mayDecode && n >= 16)) expect(result).not.toBe('ok');
    }
  });

  it.each(decoders)('%s: random byte flips never throw anything but EncodingError', (id, _name, decode) => {
    const bytes = hexToBytes(goldenHex(id));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (flips) => {
        const damaged = bytes.slice();
        for (const [i, b] of flips) damaged[i] = b;
        expect(outcome(() => decode(damaged))).not.toMatch(/^unexpected/);
      }),
      { numRuns: id === 'aggregate_signature.cbor' ? 150 : 500 },
    );
  });

  it('random garbage after the 0x01 prefix never throws anything but EncodingError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (tail) => {
        const bytes = new Uint8Array(tail.length + 1);
        bytes[0] = 1;
        bytes.set(tail, 1);
        for (const [, , decode] of decoders) expect(outcome(() => decode(bytes))).not.toMatch(/^unexpected/);
      }),
      { numRuns: 1000 },
    );
  });
});
