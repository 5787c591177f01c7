// Malformed STM JSON and JSON-hex inputs: each is refused with a stable code and the JSON path of the offending value,
// while lenient mode accepts what the reference accepts. The golden-vector round trips live in stm-codecs.test.ts.
import { goldenJson } from '@mithril/testing';
import { describe, expect, it } from 'vitest';
import { EncodingError, isMithrilError, type MithrilErrorCode } from '../errors.js';
import { bytesToHex, utf8 } from '../utils/bytes.js';
import {
  aggregateSignatureFromJson,
  decodeAggregateSignatureJsonHex,
  decodeAvkJsonHex,
  registrationEntryFromJson,
  registrationEntryToJson,
} from './index.js';
import { encodeJsonHex } from './json-hex.js';
import { parseJson, stringifyJson, type JsonValue } from './json.js';

function codeOf(fn: () => unknown): MithrilErrorCode | string | undefined {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof EncodingError)) return `not an EncodingError: ${String(e)}`;
    return e.code;
  }
  return undefined;
}

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isMithrilError(e) ? e.field : undefined;
  }
  return undefined;
}

describe('malformed STM JSON and JSON-hex', () => {
  const avkText = goldenJson('aggregate_verification_key.json');
  const sigText = goldenJson('aggregate_signature.json');
  const hexText = (t: string): string => bytesToHex(utf8(t));
  const avkHex = hexText(avkText);

  const table: Array<[string, () => unknown, MithrilErrorCode]> = [
    ['bad hex character', () => decodeAvkJsonHex(`${avkHex.slice(0, -2)}zz`), 'ENCODING_INVALID_HEX'],
    ['odd hex length', () => decodeAvkJsonHex(avkHex.slice(0, -1)), 'ENCODING_INVALID_HEX'],
    ['uppercase hex', () => decodeAvkJsonHex(avkHex.toUpperCase()), 'ENCODING_NON_CANONICAL_JSON'],
    ['surrounding whitespace', () => decodeAvkJsonHex(` ${avkHex}\n`), 'ENCODING_NON_CANONICAL_JSON'],
    ['spaces in the JSON', () => decodeAvkJsonHex(hexText(avkText.replace(',', ', '))), 'ENCODING_NON_CANONICAL_JSON'],
    [
      'reordered keys',
      () => decodeAvkJsonHex(encodeJsonHex(new Map([...(parseJson(avkText) as Map<string, JsonValue>)].reverse()))),
      'ENCODING_NON_CANONICAL_JSON',
    ],
    [
      'duplicate keys',
      () => decodeAvkJsonHex(hexText(avkText.replace('{"mt_commitment"', '{"total_stake":1,"mt_commitment"'))),
      'ENCODING_INVALID_JSON',
    ],
    // serde_json reads `2.0` as an f64, which a u64 field refuses: a decoding error, not only a non-canonical spelling.
    ['1.0 instead of 1', () => decodeAvkJsonHex(hexText(avkText.replace('"total_stake":2', '"total_stake":2.0'))), 'ENCODING_INVALID_JSON'],
    ['leading zeros', () => decodeAvkJsonHex(hexText(avkText.replace('"total_stake":2', '"total_stake":02'))), 'ENCODING_INVALID_JSON'],
    ['unknown key', () => decodeAvkJsonHex(hexText(avkText.replace(/\}$/, ',"x":1}'))), 'ENCODING_NON_CANONICAL_JSON'],
    ['trailing garbage', () => decodeAvkJsonHex(`${avkHex}00`), 'ENCODING_INVALID_JSON'],
    ['invalid UTF-8', () => decodeAvkJsonHex('ff'), 'ENCODING_INVALID_JSON'],
    ['deeply nested input', () => decodeAvkJsonHex(hexText('['.repeat(5000))), 'ENCODING_INVALID_JSON'],
    ['missing hasher', () => decodeAvkJsonHex(hexText(avkText.replace(',"hasher":null', ''))), 'ENCODING_INVALID_JSON'],
    ['negative stake', () => decodeAvkJsonHex(hexText(avkText.replace('"total_stake":2', '"total_stake":-2'))), 'ENCODING_INTEGER_OUT_OF_RANGE'],
    [
      'stake 2^64',
      () => decodeAvkJsonHex(hexText(avkText.replace('"total_stake":2', '"total_stake":18446744073709551616'))),
      'ENCODING_INTEGER_OUT_OF_RANGE',
    ],
    ['stake as string', () => decodeAvkJsonHex(hexText(avkText.replace('"total_stake":2', '"total_stake":"2"'))), 'ENCODING_INVALID_JSON'],
    ['root byte 256', () => decodeAvkJsonHex(hexText(avkText.replace('"root":[56,', '"root":[256,'))), 'ENCODING_INVALID_BYTES'],
    ['root byte -1', () => decodeAvkJsonHex(hexText(avkText.replace('"root":[56,', '"root":[-1,'))), 'ENCODING_INVALID_BYTES'],
    [
      'nr_leaves 2^53',
      () => decodeAvkJsonHex(hexText(avkText.replace('"nr_leaves":2', '"nr_leaves":9007199254740992'))),
      'ENCODING_INTEGER_OUT_OF_RANGE',
    ],
    ['sigma of 47 bytes', () => decodeAggregateSignatureJsonHex(hexText(sigText.replace(/"sigma":\[\d+,/, '"sigma":['))), 'ENCODING_INVALID_LENGTH'],
    ['vk of 97 bytes', () => decodeAggregateSignatureJsonHex(hexText(sigText.replace('[[143,', '[[1,143,'))), 'ENCODING_INVALID_LENGTH'],
    [
      'registration with 3 elements',
      () => decodeAggregateSignatureJsonHex(hexText(sigText.replace(/,(\d+)\]\]/, ',$1,0]]'))),
      'ENCODING_INVALID_JSON',
    ],
    ['Snark variant', () => decodeAggregateSignatureJsonHex(encodeJsonHex(new Map([['Snark', new Map()]]))), 'ENCODING_UNSUPPORTED_VARIANT'],
    [
      'IvcSnark variant',
      () => decodeAggregateSignatureJsonHex(encodeJsonHex(new Map([['IvcSnark', []]])), 'm', { mode: 'lenient' }),
      'ENCODING_UNSUPPORTED_VARIANT',
    ],
    [
      'negative index',
      () => decodeAggregateSignatureJsonHex(hexText(sigText.replace('"indexes":[1,', '"indexes":[-1,'))),
      'ENCODING_INTEGER_OUT_OF_RANGE',
    ],
    [
      'fractional signer index',
      () => decodeAggregateSignatureJsonHex(hexText(sigText.replace('"signer_index":0', '"signer_index":0.5'))),
      'ENCODING_INVALID_JSON',
    ],
  ];
  it.each(table)('%s', (_name, fn, code) => {
    expect(codeOf(fn)).toBe(code);
  });

  it('names the JSON path of the offending value', () => {
    const bad = sigText.replace(/("signer_index":1\},\[\[)(\d+)/, '$1999');
    expect(fieldOf(() => decodeAggregateSignatureJsonHex(hexText(bad)))).toBe('multi_signature.signatures[1][1][0][0]');
    const badSigma = sigText.replace(/("signatures":\[\[\{"sigma":\[\d+,\d+,\d+,)\d+/, '$1300');
    expect(fieldOf(() => decodeAggregateSignatureJsonHex(hexText(badSigma), ''))).toBe('signatures[0][0].sigma[3]');
  });

  it('lenient mode accepts what the reference accepts: spacing, uppercase, unknown keys, object forms', () => {
    const expected = aggregateSignatureFromJson(parseJson(sigText));
    const sig = parseJson(sigText) as Map<string, JsonValue>;
    const first = (sig.get('signatures') as JsonValue[])[0] as JsonValue[];
    const reg = first[1] as JsonValue[];
    const objectForm = new Map<string, JsonValue>([
      ['sig', first[0]!],
      [
        'reg_party',
        new Map([
          ['verification_key_for_concatenation', reg[0]!],
          ['stake', reg[1]!],
          ['future', true],
        ]),
      ],
    ]);
    (sig.get('signatures') as JsonValue[])[0] = objectForm;
    sig.set('extra', 'ignored');
    const text = JSON.stringify(JSON.parse(stringifyJson(sig)), null, 2);
    const hex = ` ${bytesToHex(utf8(text)).toUpperCase()} `;
    expect(decodeAggregateSignatureJsonHex(hex, 'm', { mode: 'lenient' })).toEqual(expected);
    expect(codeOf(() => decodeAggregateSignatureJsonHex(hex))).toBe('ENCODING_NON_CANONICAL_JSON');
    expect(registrationEntryToJson(registrationEntryFromJson(objectForm.get('reg_party')!))).toEqual(reg);
  });
});
