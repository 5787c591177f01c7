import { golden, goldenFile, goldenHex, goldenIkm, goldenJson } from '@mithril/testing';
import { describe, expect, it } from 'vitest';
import { nobleBackend } from '../bls/noble-backend.js';
import { isMithrilError, type MithrilErrorCode } from '../errors.js';
import { parseJson } from '../codec/json.js';
import { decodeAggregateSignatureCbor, decodeAvkCbor, encodeAggregateSignatureCbor } from '../codec/index.js';
import { aggregateSignatureFromJson, aggregateVerificationKeyFromJson, encodeAggregateSignatureJson, encodeAvkJson } from '../codec/index.js';
import { bytesToHex, hexToBytes } from '../utils/bytes.js';
import { aggregateSignatures } from './aggregate.js';
import { closeRegistration, findSignerIndex, KeyRegistration } from './registration.js';
import { createSingleSignature, generateStmKeyPair, type StmKeyPair } from './signer.js';
import type { AggregateSignature, SingleSignature, StmParameters } from './types.js';
import { verifyAggregateSignature, verifySingleSignature } from './verify.js';

const backend = nobleBackend;

function expectCode(run: () => unknown, code: MithrilErrorCode): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(isMithrilError(caught) ? caught.code : caught).toBe(code);
}

/** Deterministic pseudo-random IKM for test parties (not the golden stream). */
function testIkm(seed: number): Uint8Array {
  const out = new Uint8Array(32);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < 32; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

describe('STM protocol on the golden aggregate (m=10, k=5, phi_f=0.8)', async () => {
  const parameters: StmParameters = { m: 10n, k: 5n, phiF: 0.8 };
  const message = new Uint8Array(16);
  const keys = [generateStmKeyPair(await goldenIkm(0), backend), generateStmKeyPair(await goldenIkm(1), backend)];
  const registration = new KeyRegistration(backend);
  for (const k of keys) registration.register(1n, k.verificationKey);
  const closed = registration.close();
  const derived = goldenFile().derived_values;
  const goldenAggregate = golden('aggregate_signature.json').byte_arrays_as_hex!;

  it('keys and the closed registration match the reference', () => {
    expect(bytesToHex(keys[0]!.verificationKey.vk)).toBe(derived.vk0);
    expect(bytesToHex(keys[0]!.verificationKey.pop)).toBe(derived.pop0);
    expect(bytesToHex(keys[1]!.verificationKey.vk)).toBe(derived.vk1);
    expect(bytesToHex(closed.avk.mtCommitment.root)).toBe(derived.root_two_party_registration);
    expect(closed.avk.totalStake).toBe(2n);
    expect(findSignerIndex(closed, keys[0]!.verificationKey.vk)).toBe(0);
    expect(findSignerIndex(closed, keys[1]!.verificationKey.vk)).toBe(1);
  });

  const sign = (j: number): SingleSignature =>
    createSingleSignature({
      parameters,
      signingKey: keys[j]!.signingKey,
      closedRegistration: closed,
      signerIndex: findSignerIndex(closed, keys[j]!.verificationKey.vk)!,
      message,
      backend,
    });

  it('single signatures win the reference indexes', () => {
    const s0 = sign(0);
    const s1 = sign(1);
    expect(bytesToHex(s0.sigma)).toBe(derived.sigma_party0);
    expect(s0.indexes).toEqual([1, 4, 5, 8]);
    expect(bytesToHex(s1.sigma)).toBe(derived.sigma_party1);
    expect(s1.indexes).toEqual([0, 3, 4, 5, 6]);
    for (const s of [s0, s1]) {
      verifySingleSignature({ message, signature: s, registration: closed.entries[s.signerIndex]!, avk: closed.avk, parameters, backend });
    }
  });

  it('aggregation selects as the reference clerk and the aggregate verifies', () => {
    const { signature, indexCount } = aggregateSignatures({
      message,
      signatures: [sign(0), sign(1)],
      closedRegistration: closed,
      parameters,
      backend,
    });
    expect(indexCount).toBe(7);
    expect(signature.signatures.map((s) => s.signature.indexes)).toEqual([
      [1, 4, 5, 8],
      [0, 3, 6],
    ]);
    expect(signature.signatures.map((s) => s.signature.signerIndex)).toEqual([0, 1]);
    expect(signature.batchProof.indices).toEqual([0, 1]);
    expect(signature.batchProof.values).toEqual([]);
    const sigmaHexes = Object.entries(goldenAggregate)
      .filter(([path]) => path.endsWith('.sigma'))
      .map(([, hex]) => hex);
    expect(signature.signatures.map((s) => bytesToHex(s.signature.sigma))).toEqual(sigmaHexes);
    verifyAggregateSignature({ message, signature, avk: closed.avk, parameters, backend });
  });

  it('the aggregate and AVK encode to the golden JSON and CBOR, and the decoded goldens verify', () => {
    const { signature } = aggregateSignatures({ message, signatures: [sign(0), sign(1)], closedRegistration: closed, parameters, backend });
    expect(encodeAggregateSignatureJson(signature)).toBe(goldenJson('aggregate_signature.json'));
    expect(bytesToHex(encodeAggregateSignatureCbor(signature))).toBe(goldenHex('aggregate_signature.cbor'));
    expect(encodeAvkJson(closed.avk)).toBe(goldenJson('aggregate_verification_key.json'));
    const fromJson = aggregateSignatureFromJson(parseJson(goldenJson('aggregate_signature.json')));
    const fromCbor = decodeAggregateSignatureCbor(hexToBytes(goldenHex('aggregate_signature.cbor')));
    const avkJson = aggregateVerificationKeyFromJson(parseJson(goldenJson('aggregate_verification_key.json')));
    const avkCbor = decodeAvkCbor(hexToBytes(goldenHex('aggregate_verification_key.cbor')));
    for (const sig of [fromJson, fromCbor]) {
      for (const avk of [avkJson, avkCbor]) verifyAggregateSignature({ message, signature: sig, avk, parameters, backend });
    }
    expectCode(
      () =>
        verifyAggregateSignature({
          message,
          signature: { ...fromJson, batchProof: { ...fromJson.batchProof, values: [new Uint8Array(32).fill(7)] } },
          avk: { ...avkJson, mtCommitment: { ...avkJson.mtCommitment, nrLeaves: 3 } },
          parameters,
          backend,
        }),
      'STM_BATCH_PATH_INVALID',
    );
  });

  it('the input order does not change the aggregate here, and duplicates are dropped first', () => {
    const a = aggregateSignatures({ message, signatures: [sign(1), sign(0), sign(1)], closedRegistration: closed, parameters, backend });
    expect(a.signature.signatures.map((s) => s.signature.indexes)).toEqual([
      [1, 4, 5, 8],
      [0, 3, 6],
    ]);
  });

  it('tampering is detected with the reference error kinds', () => {
    const { signature } = aggregateSignatures({ message, signatures: [sign(0), sign(1)], closedRegistration: closed, parameters, backend });
    const verify = (sig: AggregateSignature, msg = message, avk = closed.avk, params = parameters) =>
      verifyAggregateSignature({ message: msg, signature: sig, avk, parameters: params, backend });
    const first = signature.signatures[0]!;
    const second = signature.signatures[1]!;
    const withFirst = (patch: (s: typeof first) => typeof first): AggregateSignature => ({
      ...signature,
      signatures: [patch(first), second],
    });
    // an index the signer did not win
    expectCode(() => verify(withFirst((s) => ({ ...s, signature: { ...s.signature, indexes: [1, 4, 5, 7] } }))), 'STM_LOTTERY_LOST');
    // an index beyond m (m itself is accepted by the bound check, then fails its lottery or not)
    expectCode(() => verify(withFirst((s) => ({ ...s, signature: { ...s.signature, indexes: [1, 4, 5, 11] } }))), 'STM_INDEX_BOUND_FAILED');
    // the same index twice across the proof
    expectCode(() => verify(withFirst((s) => ({ ...s, signature: { ...s.signature, indexes: [0, 1, 4, 5, 8] } }))), 'STM_LOTTERY_LOST');
    expectCode(() => verify(withFirst((s) => ({ ...s, signature: { ...s.signature, indexes: [1, 4, 5, 8, 8] } }))), 'STM_INDEX_NOT_UNIQUE');
    // fewer than k indexes
    expectCode(() => verify({ ...signature, signatures: [first] }), 'STM_NOT_ENOUGH_SIGNATURES');
    expectCode(() => verify(signature, message, closed.avk, { ...parameters, k: 8n }), 'STM_NOT_ENOUGH_SIGNATURES');
    // a stake that is not the registered one: the lottery or the Merkle proof fails
    expectCode(() => verify(withFirst((s) => ({ ...s, registration: { ...s.registration, stake: 2n } }))), 'STM_BATCH_PATH_INVALID');
    // swapped keys: Merkle leaves no longer match
    expectCode(() => verify(withFirst((s) => ({ ...s, registration: { ...s.registration, vk: second.registration.vk } }))), 'STM_BATCH_PATH_INVALID');
    // a proof value or index changed
    expectCode(() => verify({ ...signature, batchProof: { ...signature.batchProof, indices: [0, 0] } }), 'STM_BATCH_PATH_INVALID');
    expectCode(() => verify({ ...signature, batchProof: { values: [new Uint8Array(32)], indices: [1, 0] } }), 'STM_BATCH_PATH_INVALID');
    // another message
    expectCode(() => verify(signature, new Uint8Array(16).fill(1)), 'STM_LOTTERY_LOST');
    // a valid point that is not the signature: swap the two sigmas (lotteries are evaluated first)
    expectCode(() => verify(withFirst((s) => ({ ...s, signature: { ...s.signature, sigma: second.signature.sigma } }))), 'STM_LOTTERY_LOST');
    // an invalid point
    const bad = new Uint8Array(first.signature.sigma);
    bad[47] = bad[47]! ^ 1;
    expectCode(() => verify(withFirst((s) => ({ ...s, signature: { ...s.signature, sigma: bad } }))), 'BLS_INVALID_POINT');
  });

  it('a BLS signature that passes every lottery but is not the signer’s is rejected by the pairing', () => {
    // With phi_f close to 1 every index is won, so only the BLS aggregate check can catch a forged sigma.
    const easy: StmParameters = { m: 10n, k: 5n, phiF: 1 };
    const s0 = createSingleSignature({
      parameters: easy,
      signingKey: keys[0]!.signingKey,
      closedRegistration: closed,
      signerIndex: 0,
      message,
      backend,
    });
    const { signature } = aggregateSignatures({ message, signatures: [s0], closedRegistration: closed, parameters: easy, backend });
    verifyAggregateSignature({ message, signature, avk: closed.avk, parameters: easy, backend });
    const forged = createSingleSignature({
      parameters: easy,
      signingKey: keys[1]!.signingKey,
      closedRegistration: closed,
      signerIndex: 0,
      message,
      backend,
    });
    const tampered: AggregateSignature = {
      ...signature,
      signatures: [{ ...signature.signatures[0]!, signature: { ...signature.signatures[0]!.signature, sigma: forged.sigma } }],
    };
    expectCode(() => verifyAggregateSignature({ message, signature: tampered, avk: closed.avk, parameters: easy, backend }), 'BLS_SIGNATURE_INVALID');
  });
});

describe('registration rules', async () => {
  const a = generateStmKeyPair(await goldenIkm(0), backend);
  const b = generateStmKeyPair(await goldenIkm(1), backend);

  it('rejects a key registered twice, a bad PoP, zero and overflowing total stake', () => {
    const reg = new KeyRegistration(backend);
    reg.register(5n, a.verificationKey);
    expectCode(() => reg.register(7n, a.verificationKey), 'STM_ENTRY_ALREADY_REGISTERED');
    expectCode(() => reg.register(7n, { vk: b.verificationKey.vk, pop: a.verificationKey.pop }), 'BLS_POP_INVALID');
    expectCode(() => reg.register(-1n, b.verificationKey), 'STM_TOTAL_STAKE_OVERFLOW');
    expectCode(() => closeRegistration([{ vk: a.verificationKey.vk, stake: 0n }]), 'STM_ZERO_TOTAL_STAKE');
    expectCode(
      () =>
        closeRegistration([
          { vk: a.verificationKey.vk, stake: (1n << 64n) - 1n },
          { vk: b.verificationKey.vk, stake: 1n },
        ]),
      'STM_TOTAL_STAKE_OVERFLOW',
    );
    expectCode(
      () =>
        closeRegistration([
          { vk: a.verificationKey.vk, stake: 1n },
          { vk: a.verificationKey.vk, stake: 2n },
        ]),
      'STM_ENTRY_ALREADY_REGISTERED',
    );
    const closed = reg.close();
    expectCode(() => reg.register(1n, b.verificationKey), 'STM_REGISTRATION_CLOSED');
    expect(closed.totalStake).toBe(5n);
  });

  it('empty inputs get typed errors: no parties, no signatures, an empty aggregate', () => {
    expectCode(() => closeRegistration([]), 'STM_ZERO_TOTAL_STAKE');
    const closed = closeRegistration([{ vk: a.verificationKey.vk, stake: 1n }]);
    const parameters: StmParameters = { m: 10n, k: 1n, phiF: 0.8 };
    const message = new Uint8Array(16);
    expectCode(() => aggregateSignatures({ message, signatures: [], closedRegistration: closed, parameters, backend }), 'STM_NOT_ENOUGH_SIGNATURES');
    expectCode(
      () =>
        verifyAggregateSignature({
          message,
          signature: { signatures: [], batchProof: { values: [], indices: [] } },
          avk: closed.avk,
          parameters,
          backend,
        }),
      'STM_NOT_ENOUGH_SIGNATURES',
    );
  });

  it('orders parties by stake, then key bytes; stakes above 2^53 stay exact', () => {
    const big = (1n << 60n) + 3n;
    const closed = closeRegistration([
      { vk: a.verificationKey.vk, stake: big },
      { vk: b.verificationKey.vk, stake: 1n },
    ]);
    expect(closed.entries.map((e) => e.stake)).toEqual([1n, big]);
    expect(closed.totalStake).toBe(big + 1n);
    const tie = closeRegistration([
      { vk: b.verificationKey.vk, stake: 3n },
      { vk: a.verificationKey.vk, stake: 3n },
    ]);
    // vk0 = 8fa1…, vk1 = 9138…: key bytes break the tie
    expect(bytesToHex(tie.entries[0]!.vk)).toBe(bytesToHex(a.verificationKey.vk));
  });
});

function roundTrip(parties: number, parameters: StmParameters, stakeOf: (i: number) => bigint) {
  const keys: StmKeyPair[] = Array.from({ length: parties }, (_, i) => generateStmKeyPair(testIkm(i + 1), backend));
  const registration = new KeyRegistration(backend);
  for (const [i, k] of keys.entries()) registration.register(stakeOf(i), k.verificationKey);
  const closed = registration.close();
  const message = new TextEncoder().encode('a6b4c1d2'.repeat(8));
  const signatures: SingleSignature[] = [];
  let lost = 0;
  for (const k of keys) {
    try {
      signatures.push(
        createSingleSignature({
          parameters,
          signingKey: k.signingKey,
          closedRegistration: closed,
          signerIndex: findSignerIndex(closed, k.verificationKey.vk)!,
          message,
          backend,
        }),
      );
    } catch (error) {
      if (!isMithrilError(error, 'STM_LOTTERY_LOST')) throw error;
      lost++;
    }
  }
  const result = aggregateSignatures({ message, signatures, closedRegistration: closed, parameters, backend });
  verifyAggregateSignature({ message, signature: result.signature, avk: closed.avk, parameters, backend });
  return { closed, signatures, lost, result, message };
}

describe('round trips', () => {
  it('mainnet parameters (m=20973, k=2422, phi_f=0.2) with 50 parties of unequal stake', () => {
    const parameters: StmParameters = { m: 20973n, k: 2422n, phiF: 0.2 };
    const { result, signatures } = roundTrip(50, parameters, (i) => 10_000_000_000_000n * BigInt(1 + ((i * 37) % 23)) + BigInt(i));
    expect(signatures.length).toBeGreaterThan(40);
    expect(result.indexCount).toBeGreaterThanOrEqual(2422);
    const distinct = new Set(result.signature.signatures.flatMap((s) => s.signature.indexes));
    expect(distinct.size).toBe(result.indexCount);
    const signerIndexes = result.signature.signatures.map((s) => s.signature.signerIndex);
    expect([...signerIndexes].sort((x, y) => x - y)).toEqual(signerIndexes);
  });

  it('fixture parameters (m=105, k=70, phi_f=0.95) with 5 parties, and a quorum failure below k', () => {
    const parameters: StmParameters = { m: 105n, k: 70n, phiF: 0.95 };
    const { result, closed, signatures, message } = roundTrip(5, parameters, (i) => 20_000_000_001n + BigInt(i) * 1_000_000n);
    expect(result.indexCount).toBeGreaterThanOrEqual(70);
    // a single small signer cannot reach the quorum alone
    const smallest = signatures.reduce((a, b) => (a.indexes.length <= b.indexes.length ? a : b));
    expectCode(
      () =>
        aggregateSignatures({
          message,
          signatures: [smallest],
          closedRegistration: closed,
          parameters: { ...parameters, k: BigInt(smallest.indexes.length + 1) },
          backend,
        }),
      'STM_NOT_ENOUGH_SIGNATURES',
    );
    expectCode(
      () => aggregateSignatures({ message, signatures: [{ ...smallest, signerIndex: 99 }], closedRegistration: closed, parameters, backend }),
      'STM_UNKNOWN_SIGNER_INDEX',
    );
  });

  it('an invalid single signature is skipped by aggregation, not fatal', () => {
    const parameters: StmParameters = { m: 40n, k: 3n, phiF: 0.9 };
    const { result, closed, signatures, message } = roundTrip(3, parameters, (i) => 100n + BigInt(i));
    const broken = { ...signatures[0]!, indexes: [...signatures[0]!.indexes, 40] };
    const again = aggregateSignatures({ message, signatures: [broken, ...signatures.slice(1)], closedRegistration: closed, parameters, backend });
    expect(again.rejected).toEqual([0]);
    expect(result.rejected).toEqual([]);
  });

  it('a tiny stake loses every lottery with a typed error', () => {
    const parties = [generateStmKeyPair(testIkm(100), backend), generateStmKeyPair(testIkm(101), backend)];
    const closed = closeRegistration([
      { vk: parties[0]!.verificationKey.vk, stake: 1n },
      { vk: parties[1]!.verificationKey.vk, stake: 1n << 62n },
    ]);
    expectCode(
      () =>
        createSingleSignature({
          parameters: { m: 20n, k: 1n, phiF: 0.2 },
          signingKey: parties[0]!.signingKey,
          closedRegistration: closed,
          signerIndex: 0,
          message: hexToBytes('00'),
          backend,
        }),
      'STM_LOTTERY_LOST',
    );
  });
});
