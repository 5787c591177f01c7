import { golden, goldenHex, goldenJson, readFixtureText } from '@mithril/testing';
import { describe, expect, it } from 'vitest';
import { EncodingError, type MithrilErrorCode } from '../errors.js';
import { bytesToHex, hexToBytes, utf8 } from '../utils/bytes.js';
import { parseJson, type JsonValue } from './json.js';
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
