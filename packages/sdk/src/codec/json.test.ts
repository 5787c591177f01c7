import { readFixtureText } from '@mithril/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EncodingError, isMithrilError } from '../errors.js';
import { formatJsonF64, JSON_MAX_DEPTH, JsonF64, parseJson, stringifyJson, type JsonValue } from './json.js';

/**
 * Converts a parsed value to what JSON.parse would give (Maps → plain objects, bigints rounded to the nearest double
 * as JSON.parse rounds them), for comparisons.
 */
function toPlain(value: JsonValue): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof JsonF64) return value.value;
  // Own properties only, as JSON.parse makes them: an assignment would turn a "__proto__" key into a prototype.
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, toPlain(v)]));
  if (Array.isArray(value)) return value.map(toPlain);
  return value;
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EncodingError);
    return isMithrilError(e) ? e.code : 'not a MithrilError';
  }
  return undefined;
}

/** Arbitrary JSON values with exact big integers, Map objects (unique keys) and finite doubles. */
const jsonValue: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.string({ unit: 'grapheme' }),
    fc.integer(),
    fc
      .bigInt({ min: -(1n << 80n), max: 1n << 80n })
      .map((b) => (b >= -BigInt(Number.MAX_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b)),
    // Every float literal parses as a JsonF64 (integral ones too: `1.0`), and a JsonF64 is written as one.
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => new JsonF64(d)),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.uniqueArray(fc.tuple(fc.string(), tie('value')), { maxLength: 5, selector: ([k]) => k }).map((entries) => new Map(entries)),
  ),
})).value;

describe('parseJson', () => {
  it('keeps integers beyond 2^53 exact as bigint and safe ones as number', () => {
    const v = parseJson('[9007199254740991,9007199254740992,-9007199254740993,18446744073709551616,123456789012345678901234567890]');
    expect(v).toEqual([9007199254740991, 9007199254740992n, -9007199254740993n, 18446744073709551616n, 123456789012345678901234567890n]);
  });

  it('keeps float spellings apart from integers, as serde_json reads them as f64 (`18.0`, `1.8e1`, `-0`)', () => {
    for (const [text, value] of [
      ['18.0', 18],
      ['1.8e1', 18],
      ['1.5e3', 1500],
      ['-0', -0],
      ['-0.0', -0],
      ['0.95', 0.95],
    ] as const) {
      const parsed = parseJson(text);
      expect(parsed).toBeInstanceOf(JsonF64);
      expect(Object.is((parsed as JsonF64).value, value)).toBe(true);
    }
    expect(parseJson('0')).toBe(0);
    expect(parseJson('18')).toBe(18);
    expect(stringifyJson(parseJson('[18.0,1.8e1,-0]'))).toBe('[18.0,18.0,-0.0]');
    // serde_json refuses a number beyond the f64 range.
    expect(codeOf(() => parseJson('1e400'))).toBe('ENCODING_INVALID_JSON');
    expect(codeOf(() => parseJson('-1e400'))).toBe('ENCODING_INVALID_JSON');
  });

  it('keeps object key order, including integer-like keys, and is safe against __proto__', () => {
    const v = parseJson('{"b":1,"1":2,"__proto__":{"polluted":true},"a":3}');
    expect(v).toBeInstanceOf(Map);
    expect([...(v as Map<string, JsonValue>).keys()]).toEqual(['b', '1', '__proto__', 'a']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(stringifyJson(v)).toBe('{"b":1,"1":2,"__proto__":{"polluted":true},"a":3}');
  });

  it('decodes escapes, surrogate pairs included', () => {
    const text = '"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\\uD83D\\uDE00x"';
    expect(parseJson(text)).toBe(JSON.parse(text));
  });

  it('refuses lone surrogates, escaped or raw, as serde_json does (JSON.parse keeps them)', () => {
    for (const text of [
      '"\\ud800"',
      '"\\ud800x"',
      '"\\udc00"',
      '"\\ud800\\u0041"',
      '"\\ud800\\ud800"',
      '"\\ude00\\ud83d"',
      '"\ud800"',
      '"\udc00a"',
    ]) {
      expect(
        codeOf(() => parseJson(text)),
        text,
      ).toBe('ENCODING_INVALID_JSON');
    }
  });

  it('agrees with JSON.parse up to big-integer rounding (property)', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(toPlain(parseJson(text))).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips arbitrary values exactly, big integers included (property)', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        const text = stringifyJson(value);
        expect(parseJson(text)).toEqual(value);
        expect(stringifyJson(parseJson(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('emits exactly what JSON.stringify emits for plain safe values (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ noUnicodeString: false }), (value) => {
        const text = JSON.stringify(value);
        const reparsed = parseJson(text);
        const emitted = stringifyJson(reparsed);
        // Same value always; same text unless a non-integral double is present, which serde (and so this emitter)
        // may spell with an exponent where JavaScript does not (0.000001 is `1e-6`).
        expect(JSON.parse(emitted)).toEqual(JSON.parse(text));
        if (!/[.eE]/.test(text)) expect(emitted).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  const malformed: Array<[string, string]> = [
    ['', 'empty input'],
    ['   ', 'only whitespace'],
    ['[1,2,]', 'trailing comma in array'],
    ['{"a":1,}', 'trailing comma in object'],
    ['01', 'leading zero'],
    ['-01', 'leading zero after minus'],
    ['1.', 'missing fraction digits'],
    ['.5', 'missing integer part'],
    ['1e', 'missing exponent digits'],
    ['+1', 'plus sign'],
    ['NaN', 'NaN'],
    ['Infinity', 'Infinity'],
    ['[1] // comment', 'comment'],
    ['/* c */ 1', 'block comment'],
    ['"a\u0001b"', 'raw control character'],
    ['"a\nb"', 'raw newline in string'],
    ['"\\x41"', 'invalid escape'],
    ['"\\u12G4"', 'bad unicode escape'],
    ['"abc', 'unterminated string'],
    ["'a'", 'single quotes'],
    ['{a:1}', 'unquoted key'],
    ['{"a" 1}', 'missing colon'],
    ['{"a":1 "b":2}', 'missing comma'],
    ['{"a":1,"a":2}', 'duplicate key'],
    ['[1] x', 'trailing garbage'],
    ['[1][2]', 'two values'],
    ['tru', 'truncated literal'],
    ['nul', 'truncated null'],
    ['\uFEFF1', 'byte order mark'],
    ['[', 'unclosed array'],
    ['{"a":', 'unclosed object'],
  ];
  it.each(malformed)('rejects %j (%s) with ENCODING_INVALID_JSON', (text) => {
    expect(codeOf(() => parseJson(text, 'x'))).toBe('ENCODING_INVALID_JSON');
  });

  it('reports the position of a duplicate key', () => {
    try {
      parseJson('{"a":1,"a":2}', 'multi_signature');
      expect.unreachable();
    } catch (e) {
      expect(isMithrilError(e, 'ENCODING_INVALID_JSON')).toBe(true);
      expect((e as EncodingError).details).toEqual({ position: 7 });
      expect((e as EncodingError).field).toBe('multi_signature');
    }
  });

  it('rejects deep nesting with an EncodingError, not a stack overflow', () => {
    expect(parseJson('['.repeat(JSON_MAX_DEPTH) + ']'.repeat(JSON_MAX_DEPTH))).toBeInstanceOf(Array);
    expect(codeOf(() => parseJson('['.repeat(JSON_MAX_DEPTH + 1) + ']'.repeat(JSON_MAX_DEPTH + 1)))).toBe('ENCODING_INVALID_JSON');
    expect(codeOf(() => parseJson('['.repeat(1_000_000)))).toBe('ENCODING_INVALID_JSON');
    expect(codeOf(() => parseJson('{"a":'.repeat(100_000)))).toBe('ENCODING_INVALID_JSON');
  });

  it('parses the 190 KB certificates fixture like JSON.parse', () => {
    const text = readFixtureText('aggregator-fake-2026-05', 'certificates.json');
    expect(toPlain(parseJson(text))).toEqual(JSON.parse(text));
  });
});

describe('stringifyJson', () => {
  it('writes compact JSON with bigint digits and Map order', () => {
    const v = new Map<string, JsonValue>([
      ['z', [1, 2n ** 70n, -3n]],
      ['a', new Map([['s', 'é"\n']])],
      ['n', null],
      ['t', true],
    ]);
    expect(stringifyJson(v)).toBe('{"z":[1,1180591620717411303424,-3],"a":{"s":"é\\"\\n"},"n":null,"t":true}');
  });

  it('writes f64 values the way serde_json (ryu) does', () => {
    // Expected spellings are ryu's documented layout: integral values keep ".0", scientific outside [1e-5, 1e16).
    const cases: Array<[number, string]> = [
      [0.2, '0.2'],
      [0.95, '0.95'],
      [1, '1.0'],
      [0, '0.0'],
      [-0, '-0.0'],
      [-2.5, '-2.5'],
      [1e15, '1000000000000000.0'],
      [1e16, '1e16'],
      [1.5e16, '1.5e16'],
      [123456.789, '123456.789'],
      [0.0001, '0.0001'],
      [0.00001, '0.00001'],
      [0.000001, '1e-6'],
      [1.25e-7, '1.25e-7'],
      [5e-324, '5e-324'],
      [1.7976931348623157e308, '1.7976931348623157e308'],
    ];
    for (const [x, s] of cases) expect(formatJsonF64(x)).toBe(s);
    expect(stringifyJson(new Map([['phi_f', new JsonF64(1)]]))).toBe('{"phi_f":1.0}');
    expect(stringifyJson(0.1)).toBe('0.1');
    expect(stringifyJson(1e300)).toBe('1e300');
  });

  it('formatJsonF64 output parses back to the same double (property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Object.is(Number(formatJsonF64(x)), x)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses values it cannot encode', () => {
    expect(codeOf(() => stringifyJson(Number.NaN))).toBe('ENCODING_INVALID_JSON');
    expect(codeOf(() => stringifyJson(Infinity))).toBe('ENCODING_INVALID_JSON');
    const cyclic: JsonValue[] = [];
    cyclic.push(cyclic);
    expect(codeOf(() => stringifyJson(cyclic))).toBe('ENCODING_INVALID_JSON');
  });
});
