import { readFixtureText } from '@mithril/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMithrilError } from '../errors.js';
import { parseTimestamp } from '../certificate/timestamp.js';
import { JsonF64, parseJson, stringifyJson, toJsonText, type JsonValue } from './json.js';

const FIXTURES = ['certificates.json', 'certificates-list.json', 'epoch-settings.json', 'status.json', 'ctx-proofs.json'];

const jsonValue: fc.Arbitrary<JsonValue> = fc.letrec<{ value: JsonValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.string(),
    fc.maxSafeInteger(),
    fc.bigInt({ min: -(1n << 70n), max: 1n << 70n }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => new JsonF64(d)),
    fc.array(tie('value')),
    fc.array(fc.tuple(fc.string(), tie('value'))).map((entries) => new Map(entries)),
  ),
})).value;

describe('toJsonText', () => {
  it('writes the lossless model so that it parses back to the same value (fixtures and generated values)', () => {
    // stringifyJson is this writer without indentation: what it must hold is that nothing is lost on the way back.
    for (const name of FIXTURES) {
      const value = parseJson(readFixtureText('aggregator-fake-2026-05', name));
      expect(parseJson(toJsonText(value))).toEqual(value);
      expect(toJsonText(value)).toBe(stringifyJson(value));
    }
    // Generated values mix small bigints and f64 spellings that parse back as other variants: require valid JSON text
    // that JSON.parse accepts (the fixtures above check the exact round trip).
    fc.assert(
      fc.property(jsonValue, (value) => {
        const text = toJsonText(value);
        expect(() => JSON.parse(text)).not.toThrow();
      }),
    );
  });

  it('writes plain data: insertion order, exact bigint, undefined members left out, null in arrays', () => {
    expect(toJsonText({ b: 1n << 64n, a: [1, undefined, 'x'], skip: undefined, f: () => 1, n: null, t: true })).toBe(
      '{"b":18446744073709551616,"a":[1,null,"x"],"n":null,"t":true}',
    );
    expect(
      toJsonText(
        new Map<string, unknown>([
          ['z', 1],
          ['gone', undefined],
          ['a', { c: 2n }],
        ]),
      ),
    ).toBe('{"z":1,"a":{"c":2}}');
    expect(toJsonText({ phi_f: new JsonF64(1), small: 1e-7, half: 0.5, zero: -0 })).toBe('{"phi_f":1.0,"small":1e-7,"half":0.5,"zero":0}');
    expect(toJsonText(undefined)).toBe('null');
    expect(toJsonText({})).toBe('{}');
    expect(toJsonText([])).toBe('[]');
  });

  it('writes bytes as lowercase hex and timestamps as their text', () => {
    const at = parseTimestamp('2026-05-21T14:41:53.660381099Z');
    expect(toJsonText({ vk: Uint8Array.of(0, 171, 255), at })).toBe('{"vk":"00abff","at":"2026-05-21T14:41:53.660381099Z"}');
  });

  it('indents like JSON.stringify with the same indent', () => {
    const value = { a: [1, { b: 'x' }, []], c: {}, d: 'y' };
    for (const indent of [1, 2, 4]) expect(toJsonText(value, { indent })).toBe(JSON.stringify(value, null, indent));
    expect(toJsonText({ big: 12345678901234567890n }, { indent: 2 })).toBe('{\n  "big": 12345678901234567890\n}');
    fc.assert(
      fc.property(jsonValue, fc.integer({ min: 1, max: 4 }), (value, indent) => {
        expect(stringifyJson(parseJson(toJsonText(value, { indent })))).toBe(stringifyJson(parseJson(toJsonText(value))));
      }),
      { numRuns: 200 },
    );
  });

  it('refuses non-finite numbers, cycles and a bad indent with ENCODING_INVALID_JSON', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    for (const thunk of [
      () => toJsonText({ x: Number.NaN }),
      () => toJsonText([Infinity]),
      () => toJsonText(cyclic),
      () => toJsonText(1, { indent: -1 }),
    ]) {
      let error: unknown;
      try {
        thunk();
      } catch (e) {
        error = e;
      }
      expect(isMithrilError(error, 'ENCODING_INVALID_JSON')).toBe(true);
    }
  });
});
