/**
 * Versioned CBOR `to_bytes` / `from_bytes` forms of the STM types (stm.md §8.3, trap 16): `0x01 ‖ CBOR`, structs as
 * definite maps with text keys in declaration order, `SingleSignature` as an indefinite map, byte vectors as arrays
 * of unsigned integers, and nested values (in the `*_bytes` envelope fields) pre-serialized with their own `0x01`.
 *
 * The decoders here require the `0x01` prefix; `stm-legacy.ts` has the versioned entry points that fall back to the
 * legacy layouts. Like ciborium with serde's derived structs, unknown map keys are ignored and missing keys fail.
 */
import type {
  AggregateSignature,
  AggregateVerificationKey,
  MerkleBatchPath,
  MerkleTreeCommitment,
  RegistrationEntry,
  SignatureWithRegisteredParty,
  SingleSignature,
  StmParameters,
} from '../stm/types.js';
import { CborFloat, CborMap, decodeCbor, encodeCbor, type CborValue } from './cbor.js';
import {
  BLS_PROOF_OF_POSSESSION_BYTES,
  BLS_SIGNATURE_BYTES,
  BLS_SIGNING_KEY_BYTES,
  BLS_VERIFICATION_KEY_BYTES,
  describe,
  fail,
  fieldPath,
  indexPath,
  toBytes,
  toIndex,
  toU64,
} from './fields.js';
import {
  decodeMerkleBatchPathBytes,
  decodeRegistrationEntryBytes,
  decodeSignatureWithRegisteredPartyBytes,
  decodeSingleSignatureBytes,
  decodeConcatenationProofBytes,
} from './stm-legacy.js';
import type { StmInitializer } from './stm-json.js';

/** Version byte of the CBOR v1 codec (`CODEC_VERSION_CBOR_V1`). */
export const CBOR_V1_PREFIX = 0x01;

/** `AggregateSignatureType` byte of the concatenation proof system. */
export const AGGREGATE_SIGNATURE_TYPE_CONCATENATION = 0;

const BAD = 'ENCODING_INVALID_CBOR';

function versioned(value: CborValue): Uint8Array {
  const body = encodeCbor(value);
  const out = new Uint8Array(body.length + 1);
  out[0] = CBOR_V1_PREFIX;
  out.set(body, 1);
  return out;
}

function unversioned(bytes: Uint8Array, field: string): CborValue {
  if (!(bytes instanceof Uint8Array)) fail(BAD, 'expected bytes', field);
  if (bytes[0] !== CBOR_V1_PREFIX) fail(BAD, 'missing the 0x01 CBOR version prefix', field);
  return decodeCbor(bytes.subarray(1), field);
}

function map(value: CborValue | undefined, field: string): CborMap {
  if (!(value instanceof CborMap)) fail(BAD, `expected a map, got ${describe(value)}`, field);
  return value;
}

function member(m: CborMap, key: string, field: string): CborValue {
  if (!m.has(key)) fail(BAD, `missing field "${key}"`, field);
  return m.get(key);
}

function array(value: CborValue | undefined, field: string): CborValue[] {
  if (!Array.isArray(value)) fail(BAD, `expected an array, got ${describe(value)}`, field);
  return value;
}

function hasherNull(m: CborMap, field: string): void {
  if (member(m, 'hasher', field) !== null) fail(BAD, 'expected null', fieldPath(field, 'hasher'));
}

function byteArray(bytes: Uint8Array): number[] {
  return Array.from(bytes);
}

function bytesOf(value: CborValue, field: string, length?: number): Uint8Array {
  return toBytes(value, field, length, BAD);
}

function parametersMap(p: StmParameters): CborMap {
  return new CborMap([
    ['m', p.m],
    ['k', p.k],
    ['phi_f', new CborFloat(p.phiF)],
  ]);
}

function parametersFromMap(value: CborValue, field: string): StmParameters {
  const m = map(value, field);
  const phi = member(m, 'phi_f', field);
  let phiF: number;
  if (phi instanceof CborFloat) phiF = phi.value;
  else if (typeof phi === 'number') phiF = phi;
  else return fail(BAD, `expected a float, got ${describe(phi)}`, fieldPath(field, 'phi_f'));
  return {
    m: toU64(member(m, 'm', field), fieldPath(field, 'm'), BAD),
    k: toU64(member(m, 'k', field), fieldPath(field, 'k'), BAD),
    phiF,
  };
}

/**
 * `Parameters::to_bytes`: `0x01 ‖ {m, k, phi_f}` (stm.md §2).
 *
 * @param params - the parameters
 * @returns the versioned CBOR bytes
 * @throws {EncodingError} `ENCODING_INTEGER_OUT_OF_RANGE` when m or k exceeds u64
 */
export function encodeParametersCbor(params: StmParameters): Uint8Array {
  return versioned(parametersMap(params));
}

/**
 * Parameters from versioned CBOR.
 *
 * @param bytes - `0x01 ‖ CBOR`
 * @param field - name of the input, for errors
 * @returns the parameters
 * @throws {EncodingError} `ENCODING_INVALID_CBOR` or `ENCODING_INTEGER_OUT_OF_RANGE`
 */
export function decodeParametersCbor(bytes: Uint8Array, field = 'parameters'): StmParameters {
  return parametersFromMap(unversioned(bytes, field), field);
}

/**
 * `ClosedRegistrationEntry::to_bytes`: `0x01 ‖ {verification_key_bytes, stake}` (stm.md §8.3).
 *
 * @param entry - the entry
 * @returns the versioned CBOR bytes
 */
export function encodeRegistrationEntryCbor(entry: RegistrationEntry): Uint8Array {
  return versioned(
    new CborMap([
      ['verification_key_bytes', byteArray(entry.vk)],
      ['stake', entry.stake],
    ]),
  );
}

/**
 * A closed registration entry from versioned CBOR.
 *
 * @param bytes - `0x01 ‖ CBOR`
 * @param field - name of the input, for errors
 * @returns the entry (the key is not validated as a point)
 * @throws {EncodingError} on malformed input
 */
export function decodeRegistrationEntryCbor(bytes: Uint8Array, field = 'registration'): RegistrationEntry {
  const m = map(unversioned(bytes, field), field);
  return {
    vk: bytesOf(member(m, 'verification_key_bytes', field), fieldPath(field, 'verification_key_bytes'), BLS_VERIFICATION_KEY_BYTES),
    stake: toU64(member(m, 'stake', field), fieldPath(field, 'stake'), BAD),
  };
}

/**
 * `SingleSignature::to_bytes`: `0x01 ‖ indefinite map {sigma, indexes, signer_index}` (stm.md §8.3).
 *
 * @param sig - the single signature
 * @returns the versioned CBOR bytes
 */
export function encodeSingleSignatureCbor(sig: SingleSignature): Uint8Array {
  return versioned(
    new CborMap(
      [
        ['sigma', byteArray(sig.sigma)],
        ['indexes', [...sig.indexes]],
        ['signer_index', sig.signerIndex],
      ],
      true,
    ),
  );
}

/**
 * A single signature from versioned CBOR.
 *
 * @param bytes - `0x01 ‖ CBOR`
 * @param field - name of the input, for errors
 * @returns the single signature
 * @throws {EncodingError} on malformed input
 */
export function decodeSingleSignatureCbor(bytes: Uint8Array, field = 'signature'): SingleSignature {
  const m = map(unversioned(bytes, field), field);
  const indexesField = fieldPath(field, 'indexes');
  return {
    sigma: bytesOf(member(m, 'sigma', field), fieldPath(field, 'sigma'), BLS_SIGNATURE_BYTES),
    indexes: array(member(m, 'indexes', field), indexesField).map((v, i) => toIndex(v, indexPath(indexesField, i), BAD)),
    signerIndex: toIndex(member(m, 'signer_index', field), fieldPath(field, 'signer_index'), BAD),
  };
}

/**
 * `SingleSignatureWithRegisteredParty::to_bytes`: `0x01 ‖ {signature_bytes, registration_entry_bytes}`, each a
 * nested versioned encoding (stm.md §8.3).
 *
 * @param entry - the pair
 * @returns the versioned CBOR bytes
 */
export function encodeSignatureWithRegisteredPartyCbor(entry: SignatureWithRegisteredParty): Uint8Array {
  return versioned(
    new CborMap([
      ['signature_bytes', byteArray(encodeSingleSignatureCbor(entry.signature))],
      ['registration_entry_bytes', byteArray(encodeRegistrationEntryCbor(entry.registration))],
    ]),
  );
}

/**
 * A signature with its registered party from versioned CBOR (nested values may be CBOR or legacy bytes).
 *
 * @param bytes - `0x01 ‖ CBOR`
 * @param field - name of the input, for errors
 * @returns the pair
 * @throws {EncodingError} on malformed input
 */
export function decodeSignatureWithRegisteredPartyCbor(bytes: Uint8Array, field = 'signature'): SignatureWithRegisteredParty {
  const m = map(unversioned(bytes, field), field);
  const sigField = fieldPath(field, 'signature_bytes');
  const regField = fieldPath(field, 'registration_entry_bytes');
  return {
    signature: decodeSingleSignatureBytes(bytesOf(member(m, 'signature_bytes', field), sigField), sigField),
    registration: decodeRegistrationEntryBytes(bytesOf(member(m, 'registration_entry_bytes', field), regField), regField),
  };
}

/**
 * `MerkleBatchPath::to_bytes`: `0x01 ‖ {values, indices, hasher: null}` (stm.md §4.4).
 *
 * @param path - the batch path
 * @returns the versioned CBOR bytes
 */
export function encodeMerkleBatchPathCbor(path: MerkleBatchPath): Uint8Array {
  return versioned(
    new CborMap([
      ['values', path.values.map(byteArray)],
      ['indices', [...path.indices]],
      ['hasher', null],
    ]),
  );
}

/**
 * A Merkle batch path from versioned CBOR.
 *
 * @param bytes - `0x01 ‖ CBOR`
 * @param field - name of the input, for errors
 * @returns the batch path
 * @throws {EncodingError} on malformed input
 */
export function decodeMerkleBatchPathCbor(bytes: Uint8Array, field = 'batch_proof'): MerkleBatchPath {
  const m = map(unversioned(bytes, field), field);
  const valuesField = fieldPath(field, 'values');
  const indicesField = fieldPath(field, 'indices');
  const values = array(member(m, 'values', field), valuesField).map((v, i) => bytesOf(v, indexPath(valuesField, i)));
  const indices = array(member(m, 'indices', field), indicesField).map((v, i) => toIndex(v, indexPath(indicesField, i), BAD));
  hasherNull(m, field);
  return { values, indices };
}

function commitmentMap(c: MerkleTreeCommitment): CborMap {
  return new CborMap([
    ['root', byteArray(c.root)],
    ['nr_leaves', c.nrLeaves],
    ['hasher', null],
  ]);
}

function commitmentFromMap(value: CborValue, field: string): MerkleTreeCommitment {
  const m = map(value, field);
  const root = bytesOf(member(m, 'root', field), fieldPath(field, 'root'));
  const nrLeaves = toIndex(member(m, 'nr_leaves', field), fieldPath(field, 'nr_leaves'), BAD);
  hasherNull(m, field);
  return { root, nrLeaves };
}

/**
 * `MerkleTreeBatchCommitment::to_bytes`: `0x01 ‖ {root, nr_leaves, hasher: null}` (stm.md §4.5).
 *
 * @param commitment - the commitment
 * @returns the versioned CBOR bytes
 */
export function encodeMerkleTreeCommitmentCbor(commitment: MerkleTreeCommitment): Uint8Array {
  return versioned(commitmentMap(commitment));
}

/**
 * A batch commitment from versioned CBOR.
 *
 * @param bytes - `0x01 ‖ CBOR`
 * @param field - name of the input, for errors
 * @returns the commitment
 * @throws {EncodingError} on malformed input
 */
export function decodeMerkleTreeCommitmentCbor(bytes: Uint8Array, field = 'mt_commitment'): MerkleTreeCommitment {
  return commitmentFromMap(unversioned(bytes, field), field);
}

/**
 * `AggregateVerificationKeyForConcatenation::to_bytes`: `0x01 ‖ {mt_commitment: {…}, total_stake}`; the commitment
 * is an inline map here, not nested bytes (stm.md §4.5).
 *
 * @param avk - the aggregate verification key
 * @returns the versioned CBOR bytes
 */
export function encodeAvkCbor(avk: AggregateVerificationKey): Uint8Array {
  return versioned(
    new CborMap([
      ['mt_commitment', commitmentMap(avk.mtCommitment)],
      ['total_stake', avk.totalStake],
    ]),
  );
}

/**
 * An AVK from versioned CBOR.
 *
 * @param bytes - `0x01 ‖ CBOR`
 * @param field - name of the input, for errors
 * @returns the aggregate verification key
 * @throws {EncodingError} on malformed input
 */
export function decodeAvkCbor(bytes: Uint8Array, field = 'aggregate_verification_key'): AggregateVerificationKey {
  const m = map(unversioned(bytes, field), field);
  return {
    mtCommitment: commitmentFromMap(member(m, 'mt_commitment', field), fieldPath(field, 'mt_commitment')),
    totalStake: toU64(member(m, 'total_stake', field), fieldPath(field, 'total_stake'), BAD),
  };
}

/**
 * `ConcatenationProof::to_bytes`: `0x01 ‖ {signature_bytes: [[…]…], batch_proof_bytes: […]}` (stm.md §8.3).
 *
 * @param proof - the concatenation proof
 * @returns the versioned CBOR bytes
 */
export function encodeConcatenationProofCbor(proof: AggregateSignature): Uint8Array {
  return versioned(
    new CborMap([
      ['signature_bytes', proof.signatures.map((s) => byteArray(encodeSignatureWithRegisteredPartyCbor(s)))],
      ['batch_proof_bytes', byteArray(encodeMerkleBatchPathCbor(proof.batchProof))],
    ]),
  );
}

/**
 * A concatenation proof from versioned CBOR (nested values may be CBOR or legacy bytes).
 *
 * @param bytes - `0x01 ‖ CBOR`
 * @param field - name of the input, for errors
 * @returns the proof
 * @throws {EncodingError} on malformed input
 */
export function decodeConcatenationProofCbor(bytes: Uint8Array, field = 'proof'): AggregateSignature {
  const m = map(unversioned(bytes, field), field);
  const sigsField = fieldPath(field, 'signature_bytes');
  const pathField = fieldPath(field, 'batch_proof_bytes');
  const signatures = array(member(m, 'signature_bytes', field), sigsField).map((v, i) => {
    const f = indexPath(sigsField, i);
    return decodeSignatureWithRegisteredPartyBytes(bytesOf(v, f), f);
  });
  return { signatures, batchProof: decodeMerkleBatchPathBytes(bytesOf(member(m, 'batch_proof_bytes', field), pathField), pathField) };
}

/**
 * `AggregateSignature::to_bytes`: `0x01 ‖ {signature_type: 0, proof_bytes: […]}` (stm.md §8.3).
 *
 * @param sig - the aggregate signature
 * @returns the versioned CBOR bytes
 */
export function encodeAggregateSignatureCbor(sig: AggregateSignature): Uint8Array {
  return versioned(
    new CborMap([
      ['signature_type', AGGREGATE_SIGNATURE_TYPE_CONCATENATION],
      ['proof_bytes', byteArray(encodeConcatenationProofCbor(sig))],
    ]),
  );
}

/**
 * An aggregate signature from versioned CBOR (no legacy fallback; see `decodeAggregateSignatureBytes`).
 *
 * @param bytes - `0x01 ‖ CBOR`
 * @param field - name of the input, for errors
 * @returns the concatenation proof
 * @throws {EncodingError} `ENCODING_UNSUPPORTED_VARIANT` for SNARK types (1, 2); others on malformed input
 */
export function decodeAggregateSignatureCbor(bytes: Uint8Array, field = 'multi_signature'): AggregateSignature {
  const m = map(unversioned(bytes, field), field);
  const typeField = fieldPath(field, 'signature_type');
  const type = toIndex(member(m, 'signature_type', field), typeField, BAD);
  if (type === 1 || type === 2) fail('ENCODING_UNSUPPORTED_VARIANT', `aggregate signature type ${type} (SNARK) is not supported`, typeField);
  if (type !== AGGREGATE_SIGNATURE_TYPE_CONCATENATION) fail(BAD, `unknown aggregate signature type ${type}`, typeField);
  const proofField = fieldPath(field, 'proof_bytes');
  return decodeConcatenationProofBytes(bytesOf(member(m, 'proof_bytes', field), proofField), proofField);
}

/**
 * `Initializer::to_bytes`: `0x01 ‖ {stake, params: {…}, sk: [32], pk: {vk, pop}}`.
 *
 * @param init - the initializer
 * @returns the versioned CBOR bytes
 */
export function encodeInitializerCbor(init: StmInitializer): Uint8Array {
  return versioned(
    new CborMap([
      ['stake', init.stake],
      ['params', parametersMap(init.parameters)],
      ['sk', byteArray(init.signingKey)],
      [
        'pk',
        new CborMap([
          ['vk', byteArray(init.verificationKeyPop.vk)],
          ['pop', byteArray(init.verificationKeyPop.pop)],
        ]),
      ],
    ]),
  );
}

/**
 * A signer initializer from versioned CBOR.
 *
 * @param bytes - `0x01 ‖ CBOR`
 * @param field - name of the input, for errors
 * @returns the initializer
 * @throws {EncodingError} on malformed input
 */
export function decodeInitializerCbor(bytes: Uint8Array, field = 'initializer'): StmInitializer {
  const m = map(unversioned(bytes, field), field);
  const pkField = fieldPath(field, 'pk');
  const pk = map(member(m, 'pk', field), pkField);
  return {
    stake: toU64(member(m, 'stake', field), fieldPath(field, 'stake'), BAD),
    parameters: parametersFromMap(member(m, 'params', field), fieldPath(field, 'params')),
    signingKey: bytesOf(member(m, 'sk', field), fieldPath(field, 'sk'), BLS_SIGNING_KEY_BYTES),
    verificationKeyPop: {
      vk: bytesOf(member(pk, 'vk', pkField), fieldPath(pkField, 'vk'), BLS_VERIFICATION_KEY_BYTES),
      pop: bytesOf(member(pk, 'pop', pkField), fieldPath(pkField, 'pop'), BLS_PROOF_OF_POSSESSION_BYTES),
    },
  };
}
