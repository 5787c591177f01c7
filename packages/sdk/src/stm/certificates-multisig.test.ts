import { readFixtureText } from '@mithril/testing';
import { describe, expect, it } from 'vitest';
import { decodeAggregateSignatureJsonHex, decodeAvkJsonHex } from '../codec/index.js';
import { isMithrilError } from '../errors.js';
import type { StmParameters } from './types.js';
import { verifyAggregateSignature } from './verify.js';

interface FixtureCertificate {
  hash: string;
  signed_message: string;
  aggregate_verification_key: string;
  multi_signature: string;
  genesis_signature: string;
  metadata: { parameters: { k: number; m: number; phi_f: number } };
}

const certificates = Object.values(
  JSON.parse(readFixtureText('aggregator-fake-2026-05', 'certificates.json')) as Record<string, FixtureCertificate>,
).filter((c) => c.genesis_signature === '');

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
const parametersOf = (c: FixtureCertificate): StmParameters => ({
  k: BigInt(c.metadata.parameters.k),
  m: BigInt(c.metadata.parameters.m),
  phiF: c.metadata.parameters.phi_f,
});

describe('multi-signatures of the reference devnet certificates', () => {
  it('covers every non-genesis certificate', () => {
    expect(certificates.length).toBe(42);
  });

  it.each(certificates.map((c) => [c.hash.slice(0, 16), c] as const))(
    'certificate %s verifies with its own AVK and parameters over the ASCII signed_message',
    (_, certificate) => {
      const signature = decodeAggregateSignatureJsonHex(certificate.multi_signature);
      const avk = decodeAvkJsonHex(certificate.aggregate_verification_key);
      verifyAggregateSignature({ message: ascii(certificate.signed_message), signature, avk, parameters: parametersOf(certificate) });
    },
  );

  it('fails for another certificate’s message, AVK or parameters', () => {
    const [a, b] = certificates as [FixtureCertificate, FixtureCertificate];
    const signature = decodeAggregateSignatureJsonHex(a.multi_signature);
    const avk = decodeAvkJsonHex(a.aggregate_verification_key);
    const failures: [() => void, string][] = [
      [() => verifyAggregateSignature({ message: ascii(b.signed_message), signature, avk, parameters: parametersOf(a) }), 'STM_LOTTERY_LOST'],
      // total_stake is bound only through the lottery: a large change loses lotteries
      [
        () =>
          verifyAggregateSignature({
            message: ascii(a.signed_message),
            signature,
            avk: { ...avk, totalStake: avk.totalStake * 1000n },
            parameters: parametersOf(a),
          }),
        'STM_LOTTERY_LOST',
      ],
      [
        () =>
          verifyAggregateSignature({
            message: ascii(a.signed_message),
            signature,
            avk: { ...avk, mtCommitment: { ...avk.mtCommitment, nrLeaves: 3 } },
            parameters: parametersOf(a),
          }),
        'STM_BATCH_PATH_INVALID',
      ],
      [
        () => verifyAggregateSignature({ message: ascii(a.signed_message), signature, avk, parameters: { ...parametersOf(a), k: 1000n } }),
        'STM_NOT_ENOUGH_SIGNATURES',
      ],
      [
        () => verifyAggregateSignature({ message: ascii(a.signed_message), signature, avk, parameters: { ...parametersOf(a), m: 50n } }),
        'STM_INDEX_BOUND_FAILED',
      ],
      [
        () => verifyAggregateSignature({ message: ascii(a.signed_message.toUpperCase()), signature, avk, parameters: parametersOf(a) }),
        'STM_LOTTERY_LOST',
      ],
    ];
    for (const [run, code] of failures) {
      let caught: unknown;
      try {
        run();
      } catch (error) {
        caught = error;
      }
      expect(isMithrilError(caught) ? caught.code : caught).toBe(code);
    }
  });
});
