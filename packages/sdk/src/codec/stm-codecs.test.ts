import { golden, goldenHex, goldenJson, readFixtureText } from '@mithril/testing';
import { describe, expect, it } from 'vitest';
import { EncodingError, isMithrilError, type MithrilErrorCode } from '../errors.js';
import { bytesToHex, hexToBytes, utf8 } from '../utils/bytes.js';
import { parseJson, type JsonValue } from './json.js';
import { encodeJsonHex } from './json-hex.js';
import {
  decodeAggregateSignatureCbor,
  decodeAvkCbor,
  decodeConcatenationProofCbor,
  decodeInitializerCbor,
  decodeMerkleBatchPathCbor,
  decodeMerkleTreeCommitmentCbor,
  decodeParametersCbor,
  decodeRegistrationEntryCbor,
  decodeSignatureWithRegisteredPartyCbor,
  decodeSingleSignatureCbor,
  encodeAggregateSignatureCbor,
  encodeAvkCbor,
  encodeConcatenationProofCbor,
  encodeInitializerCbor,
  encodeMerkleBatchPathCbor,
  encodeMerkleTreeCommitmentCbor,
  encodeParametersCbor,
  encodeRegistrationEntryCbor,
  encodeSignatureWithRegisteredPartyCbor,
  encodeSingleSignatureCbor,
} from './index.js';
import {
  aggregateSignatureFromJson,
  aggregateSignatureToJson,
  aggregateVerificationKeyFromJson,
  aggregateVerificationKeyToJson,
  bytesFromJson,
  bytesToJson,
  decodeAggregateSignatureJsonHex,
  decodeAvkJsonHex,
  decodeSingleSignatureJsonHex,
  decodeVerificationKeyPopJsonHex,
  encodeAggregateSignatureJsonHex,
  encodeAvkJsonHex,
  encodeSingleSignatureJsonHex,
  encodeVerificationKeyPopJsonHex,
  initializerFromJson,
  initializerToJson,
  merkleTreeCommitmentFromJson,
  merkleTreeCommitmentToJson,
  parametersFromJson,
  parametersToJson,
  registrationEntryFromJson,
  registrationEntryToJson,
  signatureWithRegisteredPartyFromJson,
  signatureWithRegisteredPartyToJson,
  singleSignatureFromJson,
  singleSignatureToJson,
  verificationKeyPopFromJson,
  verificationKeyPopToJson,
} from './index.js';
import {
  decodeAggregateSignatureBytes,
  decodeAggregateSignatureLegacy,
  decodeAvkBytes,
  decodeAvkLegacy,
  decodeMerkleTreeCommitmentLegacy,
  decodeParametersBytes,
  decodeParametersLegacy,
  decodeRegistrationEntryBytes,
  decodeRegistrationEntryLegacy,
  decodeSingleSignatureBytes,
  decodeSingleSignatureLegacy,
  encodeAggregateSignatureLegacy,
  encodeAvkLegacy,
  encodeMerkleTreeCommitmentLegacy,
  encodeParametersLegacy,
  encodeRegistrationEntryLegacy,
  encodeSingleSignatureLegacy,
} from './index.js';
import { stringifyJson } from './json.js';

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

const hexOf = (id: string): Uint8Array => hexToBytes(goldenHex(id));

interface JsonCase {
  id: string;
  roundTrip: (value: JsonValue) => JsonValue;
}

const jsonCases: JsonCase[] = [
  { id: 'parameters.json', roundTrip: (v) => parametersToJson(parametersFromJson(v)) },
  { id: 'bls.verification_key_pop.json', roundTrip: (v) => verificationKeyPopToJson(verificationKeyPopFromJson(v)) },
  { id: 'bls.signing_key.json', roundTrip: (v) => bytesToJson(bytesFromJson(v, 'sk', 32)) },
  { id: 'bls.proof_of_possession.json', roundTrip: (v) => bytesToJson(bytesFromJson(v, 'pop', 96)) },
  { id: 'bls.signature.json', roundTrip: (v) => bytesToJson(bytesFromJson(v, 'sigma', 48)) },
  { id: 'merkle.batch_commitment_default4.json', roundTrip: (v) => merkleTreeCommitmentToJson(merkleTreeCommitmentFromJson(v)) },
  { id: 'key_registration.commitment_4_initializers.json', roundTrip: (v) => merkleTreeCommitmentToJson(merkleTreeCommitmentFromJson(v)) },
  { id: 'aggregate_verification_key.json', roundTrip: (v) => aggregateVerificationKeyToJson(aggregateVerificationKeyFromJson(v)) },
  { id: 'single_signature.json', roundTrip: (v) => singleSignatureToJson(singleSignatureFromJson(v)) },
  {
    id: 'single_signature_with_registered_party.json',
    roundTrip: (v) => signatureWithRegisteredPartyToJson(signatureWithRegisteredPartyFromJson(v)),
  },
  { id: 'aggregate_signature.json', roundTrip: (v) => aggregateSignatureToJson(aggregateSignatureFromJson(v)) },
  { id: 'initializer.json', roundTrip: (v) => initializerToJson(initializerFromJson(v)) },
];

describe('serde JSON forms (golden vectors)', () => {
  it.each(jsonCases)('$id: decode → re-encode is byte-identical', ({ id, roundTrip }) => {
    const text = goldenJson(id);
    expect(stringifyJson(roundTrip(parseJson(text, id)))).toBe(text);
  });

  it('decodes the golden aggregate signature into the documented values', () => {
    const sig = aggregateSignatureFromJson(parseJson(goldenJson('aggregate_signature.json')));
    const hexes = golden('aggregate_signature.json').byte_arrays_as_hex ?? {};
    expect(sig.signatures.map((s) => s.signature.signerIndex)).toEqual([0, 1]);
    expect(sig.signatures[1]!.signature.indexes).toEqual([0, 3, 6]);
    expect(sig.batchProof.indices).toEqual([0, 1]);
    expect(bytesToHex(sig.signatures[0]!.signature.sigma)).toBe(hexes['signatures[0][0].sigma']);
    expect(bytesToHex(sig.signatures[0]!.registration.vk)).toBe(hexes['signatures[0][1][0]']);
  });

  it('JSON-hex encoders write lowercase hex of the golden compact text', () => {
    const avk = aggregateVerificationKeyFromJson(parseJson(goldenJson('aggregate_verification_key.json')));
    expect(encodeAvkJsonHex(avk)).toBe(bytesToHex(utf8(goldenJson('aggregate_verification_key.json'))));
    const sig = aggregateSignatureFromJson(parseJson(goldenJson('aggregate_signature.json')));
    const sigHex = encodeAggregateSignatureJsonHex(sig);
    expect(sigHex).toBe(bytesToHex(utf8(goldenJson('aggregate_signature.json'))));
    expect(encodeAggregateSignatureJsonHex(decodeAggregateSignatureJsonHex(sigHex))).toBe(sigHex);
    const single = singleSignatureFromJson(parseJson(goldenJson('single_signature.json')));
    const singleHex = encodeSingleSignatureJsonHex(single);
    expect(decodeSingleSignatureJsonHex(singleHex)).toEqual(single);
    const vkPop = verificationKeyPopFromJson(parseJson(goldenJson('bls.verification_key_pop.json')));
    const vkHex = encodeVerificationKeyPopJsonHex(vkPop);
    expect(decodeVerificationKeyPopJsonHex(vkHex)).toEqual(vkPop);
  });
});

describe('versioned CBOR forms (golden vectors)', () => {
  const cases: Array<[string, (b: Uint8Array) => Uint8Array]> = [
    ['parameters.cbor', (b) => encodeParametersCbor(decodeParametersCbor(b))],
    ['closed_registration_entry.cbor', (b) => encodeRegistrationEntryCbor(decodeRegistrationEntryCbor(b))],
    ['single_signature.cbor', (b) => encodeSingleSignatureCbor(decodeSingleSignatureCbor(b))],
    ['single_signature_with_registered_party.cbor', (b) => encodeSignatureWithRegisteredPartyCbor(decodeSignatureWithRegisteredPartyCbor(b))],
    ['merkle.batch_path_default4_indices_0_2.cbor', (b) => encodeMerkleBatchPathCbor(decodeMerkleBatchPathCbor(b))],
    ['merkle.batch_commitment_default4.cbor', (b) => encodeMerkleTreeCommitmentCbor(decodeMerkleTreeCommitmentCbor(b))],
    ['aggregate_verification_key.cbor', (b) => encodeAvkCbor(decodeAvkCbor(b))],
    ['concatenation_proof.cbor', (b) => encodeConcatenationProofCbor(decodeConcatenationProofCbor(b))],
    ['aggregate_signature.cbor', (b) => encodeAggregateSignatureCbor(decodeAggregateSignatureCbor(b))],
    ['initializer.cbor', (b) => encodeInitializerCbor(decodeInitializerCbor(b))],
  ];
  it.each(cases)('%s: decode → re-encode is byte-identical', (id, roundTrip) => {
    const bytes = hexOf(id);
    expect(bytes.length).toBe(golden(id).expected_length);
    expect(bytesToHex(roundTrip(bytes))).toBe(goldenHex(id));
  });

  it('CBOR vectors decode to the same values as the JSON vectors', () => {
    const pairs: Array<[unknown, unknown]> = [
      [decodeParametersCbor(hexOf('parameters.cbor')), parametersFromJson(parseJson(goldenJson('parameters.json')))],
      [
        decodeAvkCbor(hexOf('aggregate_verification_key.cbor')),
        aggregateVerificationKeyFromJson(parseJson(goldenJson('aggregate_verification_key.json'))),
      ],
      [decodeSingleSignatureCbor(hexOf('single_signature.cbor')), singleSignatureFromJson(parseJson(goldenJson('single_signature.json')))],
      [
        decodeSignatureWithRegisteredPartyCbor(hexOf('single_signature_with_registered_party.cbor')),
        signatureWithRegisteredPartyFromJson(parseJson(goldenJson('single_signature_with_registered_party.json'))),
      ],
      [
        decodeAggregateSignatureCbor(hexOf('aggregate_signature.cbor')),
        aggregateSignatureFromJson(parseJson(goldenJson('aggregate_signature.json'))),
      ],
      [
        decodeMerkleTreeCommitmentCbor(hexOf('merkle.batch_commitment_default4.cbor')),
        merkleTreeCommitmentFromJson(parseJson(goldenJson('merkle.batch_commitment_default4.json'))),
      ],
      [decodeInitializerCbor(hexOf('initializer.cbor')), initializerFromJson(parseJson(goldenJson('initializer.json')))],
    ];
    for (const [a, b] of pairs) expect(a).toEqual(b);
  });

  it('the proof_bytes inside the aggregate signature are the concatenation proof vector', () => {
    const sig = decodeAggregateSignatureCbor(hexOf('aggregate_signature.cbor'));
    expect(bytesToHex(encodeConcatenationProofCbor(sig))).toBe(goldenHex('concatenation_proof.cbor'));
  });
});

describe('legacy byte layouts (golden vectors)', () => {
  it('parameters: 24 bytes, decode → re-encode identical; versioned entry point dispatches', () => {
    const bytes = hexOf('parameters.legacy_bytes');
    const p = decodeParametersLegacy(bytes);
    expect(p).toEqual(parametersFromJson(parseJson(goldenJson('parameters.json'))));
    expect(bytesToHex(encodeParametersLegacy(p))).toBe(goldenHex('parameters.legacy_bytes'));
    expect(decodeParametersBytes(bytes)).toEqual(decodeParametersBytes(hexOf('parameters.cbor')));
  });

  it('closed registration entry: 104 bytes', () => {
    const bytes = hexOf('closed_registration_entry.legacy_bytes');
    const e = decodeRegistrationEntryLegacy(bytes);
    expect(bytesToHex(encodeRegistrationEntryLegacy(e))).toBe(goldenHex('closed_registration_entry.legacy_bytes'));
    expect(decodeRegistrationEntryBytes(hexOf('closed_registration_entry.cbor'))).toEqual(e);
  });

  it('single signature', () => {
    const bytes = hexOf('single_signature.legacy_bytes');
    const s = decodeSingleSignatureLegacy(bytes);
    expect(s).toEqual(singleSignatureFromJson(parseJson(goldenJson('single_signature.json'))));
    expect(bytesToHex(encodeSingleSignatureLegacy(s))).toBe(goldenHex('single_signature.legacy_bytes'));
    expect(decodeSingleSignatureBytes(bytes)).toEqual(s);
  });

  it('batch commitment and AVK', () => {
    const c = decodeMerkleTreeCommitmentLegacy(hexOf('merkle.batch_commitment_default4.legacy_bytes'));
    expect(c).toEqual(merkleTreeCommitmentFromJson(parseJson(goldenJson('merkle.batch_commitment_default4.json'))));
    expect(bytesToHex(encodeMerkleTreeCommitmentLegacy(c))).toBe(goldenHex('merkle.batch_commitment_default4.legacy_bytes'));
    const avkBytes = hexOf('aggregate_verification_key.legacy_bytes');
    const avk = decodeAvkLegacy(avkBytes);
    expect(avk).toEqual(aggregateVerificationKeyFromJson(parseJson(goldenJson('aggregate_verification_key.json'))));
    expect(bytesToHex(encodeAvkLegacy(avk))).toBe(goldenHex('aggregate_verification_key.legacy_bytes'));
    expect(decodeAvkBytes(avkBytes)).toEqual(avk);
    expect(decodeAvkBytes(hexOf('aggregate_verification_key.cbor'))).toEqual(avk);
  });

  it('aggregate signature: legacy round trip, and legacy bytes starting with 0x01 fall back from CBOR', () => {
    const sig = aggregateSignatureFromJson(parseJson(goldenJson('aggregate_signature.json')));
    const legacy = encodeAggregateSignatureLegacy(sig);
    expect(decodeAggregateSignatureLegacy(legacy)).toEqual(sig);
    expect(decodeAggregateSignatureBytes(legacy)).toEqual(sig);
    expect(decodeAggregateSignatureBytes(hexOf('aggregate_signature.cbor'))).toEqual(sig);
    // Type byte 0x01 is the SNARK type in legacy and the version prefix in CBOR: neither decodes here.
    const snark = legacy.slice();
    snark[0] = 1;
    expect(codeOf(() => decodeAggregateSignatureBytes(snark))).toBe('ENCODING_UNSUPPORTED_VARIANT');
    // Lenient JSON-hex decoding falls back to bytes-hex, like the reference ProtocolKeyCodec.
    expect(decodeAggregateSignatureJsonHex(bytesToHex(hexOf('aggregate_signature.cbor')), 'm', { mode: 'lenient' })).toEqual(sig);
    expect(decodeAggregateSignatureJsonHex(bytesToHex(legacy), 'm', { mode: 'lenient' })).toEqual(sig);
    expect(codeOf(() => decodeAggregateSignatureJsonHex(bytesToHex(legacy), 'm'))).toBe('ENCODING_INVALID_JSON');
  });
});

describe('certificates of the 2026-05 aggregator-fake fixture', () => {
  const certificates = parseJson(readFixtureText('aggregator-fake-2026-05', 'certificates.json'), 'certificates.json') as Map<string, JsonValue>;
  const entries = [...certificates].map(([hash, cert]) => ({ hash, cert: cert as Map<string, JsonValue> }));

  it('has 43 certificates', () => {
    expect(entries.length).toBe(43);
  });

  it('every AVK (and next AVK) decodes canonically and re-encodes identically', () => {
    let count = 0;
    for (const { hash, cert } of entries) {
      const hexes = [cert.get('aggregate_verification_key')];
      const parts = (cert.get('protocol_message') as Map<string, JsonValue>).get('message_parts') as Map<string, JsonValue>;
      if (parts.has('next_aggregate_verification_key')) hexes.push(parts.get('next_aggregate_verification_key'));
      for (const hex of hexes) {
        expect(typeof hex).toBe('string');
        const avk = decodeAvkJsonHex(hex as string, `${hash}.aggregate_verification_key`);
        expect(encodeAvkJsonHex(avk)).toBe(hex);
        expect(avk.mtCommitment.nrLeaves).toBe(2);
        expect(avk.totalStake).toBe(40000000002n);
        count++;
      }
    }
    expect(count).toBeGreaterThanOrEqual(43);
  });

  it('every multi-signature decodes canonically and re-encodes identically', () => {
    let count = 0;
    for (const { hash, cert } of entries) {
      const hex = cert.get('multi_signature') as string;
      if (hex === '') {
        expect(cert.get('genesis_signature')).not.toBe('');
        continue;
      }
      const sig = decodeAggregateSignatureJsonHex(hex, `${hash}.multi_signature`);
      expect(encodeAggregateSignatureJsonHex(sig)).toBe(hex);
      expect(decodeAggregateSignatureJsonHex(hex, 'm', { mode: 'lenient' })).toEqual(sig);
      expect(decodeAggregateSignatureBytes(encodeAggregateSignatureCbor(sig))).toEqual(sig);
      expect(decodeAggregateSignatureBytes(encodeAggregateSignatureLegacy(sig))).toEqual(sig);
      count++;
    }
    expect(count).toBe(42);
  });
});

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
    ['1.0 instead of 1', () => decodeAvkJsonHex(hexText(avkText.replace('"total_stake":2', '"total_stake":2.0'))), 'ENCODING_NON_CANONICAL_JSON'],
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
