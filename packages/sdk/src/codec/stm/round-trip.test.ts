import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type {
  AggregateSignature,
  AggregateVerificationKey,
  MerkleBatchPath,
  MerkleTreeCommitment,
  RegistrationEntry,
  SignatureWithRegisteredParty,
  SingleSignature,
  StmParameters,
  VerificationKeyProofOfPossession,
} from '../../stm/types.js';
import { U64_MAX } from '../../utils/bytes.js';
import { parseJson } from '../json-parse.js';
import type { JsonValue } from '../json-value.js';
import { stringifyJson } from '../json-write.js';
import * as agg from './aggregate-signature.js';
import * as avk from './aggregate-verification-key.js';
import * as init from './initializer.js';
import * as path from './merkle-batch-path.js';
import * as commitment from './merkle-tree-commitment.js';
import * as params from './parameters.js';
import * as reg from './registration-entry.js';
import * as pair from './signature-with-registered-party.js';
import * as single from './single-signature.js';
import * as vkPop from './verification-key.js';

// Legacy layouts start with a big-endian u64 or with a compressed point, never with the 0x01 CBOR prefix; the
// generators keep to that (sizes below 2^56, compressed-point flag bit set), as real values do.
const u64 = fc.bigInt({ min: 0n, max: U64_MAX });
const small = fc.bigInt({ min: 0n, max: (1n << 56n) - 1n });
const index = fc.nat({ max: Number.MAX_SAFE_INTEGER });
const bytes = (length: number) => fc.uint8Array({ minLength: length, maxLength: length });
const point = (length: number) =>
  bytes(length).map((b) => {
    b[0] = b[0]! | 0x80;
    return b;
  });

const parameters: fc.Arbitrary<StmParameters> = fc.record({ m: small, k: u64, phiF: fc.double({ noNaN: true, noDefaultInfinity: true }) });
const key: fc.Arbitrary<VerificationKeyProofOfPossession> = fc.record({ vk: point(96), pop: point(96) });
const registration: fc.Arbitrary<RegistrationEntry> = fc.record({ vk: point(96), stake: u64 });
const signature: fc.Arbitrary<SingleSignature> = fc.record({ sigma: point(48), indexes: fc.array(index, { maxLength: 6 }), signerIndex: index });
const withParty: fc.Arbitrary<SignatureWithRegisteredParty> = fc.record({ signature, registration });
const batchPath: fc.Arbitrary<MerkleBatchPath> = fc.record({
  values: fc.array(bytes(32), { maxLength: 4 }),
  indices: fc.array(index, { maxLength: 4 }),
});
const tree: fc.Arbitrary<MerkleTreeCommitment> = fc.record({ root: bytes(32), nrLeaves: index });
const verificationKey: fc.Arbitrary<AggregateVerificationKey> = fc.record({ mtCommitment: tree, totalStake: u64 });
const aggregate: fc.Arbitrary<AggregateSignature> = fc.record({ signatures: fc.array(withParty, { maxLength: 3 }), batchProof: batchPath });
const initializer: fc.Arbitrary<init.StmInitializer> = fc.record({ stake: u64, parameters, signingKey: bytes(32), verificationKeyPop: key });

/** Every form a type has; each present pair must give the value back. */
interface Forms<T> {
  readonly cbor?: readonly [(v: T) => Uint8Array, (b: Uint8Array) => T];
  readonly legacy?: readonly [(v: T) => Uint8Array, (b: Uint8Array) => T];
  readonly bytes?: (b: Uint8Array) => T;
  readonly json?: readonly [(v: T) => JsonValue, (j: JsonValue) => T];
  readonly jsonHex?: readonly [(v: T) => string, (h: string, f?: string, o?: { mode?: 'canonical' | 'lenient' }) => T];
}

function checkForms<T>(name: string, arbitrary: fc.Arbitrary<T>, forms: Forms<T>): void {
  it(name, () => {
    fc.assert(
      fc.property(arbitrary, (value) => {
        for (const form of [forms.cbor, forms.legacy]) {
          if (form === undefined) continue;
          const [encode, decode] = form;
          const encoded = encode(value);
          expect(decode(encoded)).toEqual(value);
          if (forms.bytes !== undefined) expect(forms.bytes(encoded)).toEqual(value);
        }
        if (forms.json !== undefined) {
          const [toJson, fromJson] = forms.json;
          const text = stringifyJson(toJson(value));
          expect(fromJson(parseJson(text))).toEqual(value);
          expect(stringifyJson(toJson(fromJson(parseJson(text))))).toBe(text);
        }
        if (forms.jsonHex !== undefined) {
          const [encode, decode] = forms.jsonHex;
          const hex = encode(value);
          expect(decode(hex)).toEqual(value);
          expect(decode(hex.toUpperCase(), 'x', { mode: 'lenient' })).toEqual(value);
        }
      }),
      { numRuns: 60 },
    );
  });
}

describe('STM codec round trips, every form of every type', () => {
  checkForms('parameters', parameters, {
    cbor: [params.encodeParametersCbor, (b) => params.decodeParametersCbor(b)],
    legacy: [params.encodeParametersLegacy, (b) => params.decodeParametersLegacy(b)],
    bytes: (b) => params.decodeParametersBytes(b),
    json: [params.parametersToJson, (j) => params.parametersFromJson(j)],
  });
  checkForms('verification key with proof of possession', key, {
    legacy: [vkPop.encodeVerificationKeyPopBytes, (b) => vkPop.decodeVerificationKeyPopBytes(b)],
    json: [vkPop.verificationKeyPopToJson, (j) => vkPop.verificationKeyPopFromJson(j)],
    jsonHex: [vkPop.encodeVerificationKeyPopJsonHex, vkPop.decodeVerificationKeyPopJsonHex],
  });
  checkForms('initializer', initializer, {
    cbor: [init.encodeInitializerCbor, (b) => init.decodeInitializerCbor(b)],
    json: [init.initializerToJson, (j) => init.initializerFromJson(j)],
  });
  checkForms('registration entry', registration, {
    cbor: [reg.encodeRegistrationEntryCbor, (b) => reg.decodeRegistrationEntryCbor(b)],
    legacy: [reg.encodeRegistrationEntryLegacy, (b) => reg.decodeRegistrationEntryLegacy(b)],
    bytes: (b) => reg.decodeRegistrationEntryBytes(b),
    json: [reg.registrationEntryToJson, (j) => reg.registrationEntryFromJson(j)],
  });
  checkForms('single signature', signature, {
    cbor: [single.encodeSingleSignatureCbor, (b) => single.decodeSingleSignatureCbor(b)],
    legacy: [single.encodeSingleSignatureLegacy, (b) => single.decodeSingleSignatureLegacy(b)],
    bytes: (b) => single.decodeSingleSignatureBytes(b),
    json: [single.singleSignatureToJson, (j) => single.singleSignatureFromJson(j)],
    jsonHex: [single.encodeSingleSignatureJsonHex, single.decodeSingleSignatureJsonHex],
  });
  checkForms('signature with registered party', withParty, {
    cbor: [pair.encodeSignatureWithRegisteredPartyCbor, (b) => pair.decodeSignatureWithRegisteredPartyCbor(b)],
    legacy: [pair.encodeSignatureWithRegisteredPartyLegacy, (b) => pair.decodeSignatureWithRegisteredPartyLegacy(b)],
    bytes: (b) => pair.decodeSignatureWithRegisteredPartyBytes(b),
    json: [pair.signatureWithRegisteredPartyToJson, (j) => pair.signatureWithRegisteredPartyFromJson(j)],
  });
  checkForms('Merkle batch path', batchPath, {
    cbor: [path.encodeMerkleBatchPathCbor, (b) => path.decodeMerkleBatchPathCbor(b)],
    legacy: [path.encodeMerkleBatchPathLegacy, (b) => path.decodeMerkleBatchPathLegacy(b)],
    bytes: (b) => path.decodeMerkleBatchPathBytes(b),
    json: [path.merkleBatchPathToJson, (j) => path.merkleBatchPathFromJson(j)],
  });
  checkForms('Merkle tree commitment', tree, {
    cbor: [commitment.encodeMerkleTreeCommitmentCbor, (b) => commitment.decodeMerkleTreeCommitmentCbor(b)],
    legacy: [commitment.encodeMerkleTreeCommitmentLegacy, (b) => commitment.decodeMerkleTreeCommitmentLegacy(b)],
    bytes: (b) => commitment.decodeMerkleTreeCommitmentBytes(b),
    json: [commitment.merkleTreeCommitmentToJson, (j) => commitment.merkleTreeCommitmentFromJson(j)],
  });
  checkForms('aggregate verification key', verificationKey, {
    cbor: [avk.encodeAvkCbor, (b) => avk.decodeAvkCbor(b)],
    legacy: [avk.encodeAvkLegacy, (b) => avk.decodeAvkLegacy(b)],
    bytes: (b) => avk.decodeAvkBytes(b),
    json: [avk.aggregateVerificationKeyToJson, (j) => avk.aggregateVerificationKeyFromJson(j)],
    jsonHex: [avk.encodeAvkJsonHex, avk.decodeAvkJsonHex],
  });
  checkForms('aggregate signature (concatenation proof)', aggregate, {
    cbor: [agg.encodeAggregateSignatureCbor, (b) => agg.decodeAggregateSignatureCbor(b)],
    legacy: [agg.encodeAggregateSignatureLegacy, (b) => agg.decodeAggregateSignatureLegacy(b)],
    bytes: (b) => agg.decodeAggregateSignatureBytes(b),
    json: [agg.aggregateSignatureToJson, (j) => agg.aggregateSignatureFromJson(j)],
    jsonHex: [agg.encodeAggregateSignatureJsonHex, agg.decodeAggregateSignatureJsonHex],
  });
  checkForms('concatenation proof', aggregate, {
    cbor: [agg.encodeConcatenationProofCbor, (b) => agg.decodeConcatenationProofCbor(b)],
    legacy: [agg.encodeConcatenationProofLegacy, (b) => agg.decodeConcatenationProofLegacy(b)],
    bytes: (b) => agg.decodeConcatenationProofBytes(b),
  });

  it('JSON text helpers agree with the JSON-hex forms', () => {
    fc.assert(
      fc.property(verificationKey, aggregate, (k, s) => {
        expect(avk.encodeAvkJson(k)).toBe(stringifyJson(avk.aggregateVerificationKeyToJson(k)));
        expect(agg.encodeAggregateSignatureJson(s)).toBe(stringifyJson(agg.aggregateSignatureToJson(s)));
      }),
      { numRuns: 30 },
    );
  });
});
