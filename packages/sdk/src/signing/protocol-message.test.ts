import { readFixtureJson } from '@mithril/testing';
import { describe, expect, it } from 'vitest';
import { isMithrilError } from '../errors.js';
import { signedEntityTypeAt, signedEntityTypeSigningEpoch } from './signed-entity-types.js';
import { computeProtocolMessage, computeSignableMessage } from './protocol-message.js';

interface WireCertificate {
  hash: string;
  epoch: number;
  signed_entity_type: Record<string, unknown>;
  signed_message: string;
  protocol_message: { message_parts: Record<string, string> };
}
interface WireMsd {
  epoch: number;
  certificate_hash: string;
  protocol_parameters: { k: number; m: number; phi_f: number };
}
interface WireCsd {
  epoch: number;
  certificate_hash: string;
  stake_distribution: Record<string, number>;
}

const dir = 'aggregator-fake-2026-05';
const certificates = readFixtureJson<Record<string, WireCertificate>>(dir, 'certificates.json');
const msds = Object.values(readFixtureJson<Record<string, WireMsd>>(dir, 'mithril-stake-distributions.json'));
const csds = Object.values(readFixtureJson<Record<string, WireCsd>>(dir, 'cardano-stake-distributions.json'));

function nextParametersAt(epoch: number): { k: bigint; m: bigint; phiF: number } {
  // An MSD artifact carries the next protocol parameters of its epoch (nodes.md §2.8).
  const msd = msds.find((a) => a.epoch === epoch);
  if (msd === undefined) throw new Error(`no MSD artifact for epoch ${epoch}`);
  const p = msd.protocol_parameters;
  return { k: BigInt(p.k), m: BigInt(p.m), phiF: p.phi_f };
}

describe('computeProtocolMessage on the 2026-05 fixtures', () => {
  it('reproduces the signed message of every Mithril stake distribution certificate', () => {
    expect(msds.length).toBeGreaterThan(0);
    for (const msd of msds) {
      const certificate = certificates[msd.certificate_hash]!;
      const type = signedEntityTypeAt('MithrilStakeDistribution', BigInt(certificate.epoch));
      expect(type).toEqual({ type: 'MithrilStakeDistribution', epoch: BigInt(msd.epoch) });
      const { protocolMessage, signedMessage } = computeSignableMessage(type, {
        nextAggregateVerificationKey: certificate.protocol_message.message_parts['next_aggregate_verification_key']!,
        nextProtocolParameters: nextParametersAt(msd.epoch),
        currentEpoch: BigInt(certificate.epoch),
      });
      expect(protocolMessage.parts).toEqual(certificate.protocol_message.message_parts);
      expect(signedMessage).toBe(certificate.signed_message);
    }
  });

  it('reproduces the signed message of every Cardano stake distribution certificate', () => {
    expect(csds.length).toBeGreaterThan(0);
    for (const csd of csds) {
      const certificate = certificates[csd.certificate_hash]!;
      const type = signedEntityTypeAt('CardanoStakeDistribution', BigInt(certificate.epoch));
      expect(type.epoch).toBe(BigInt(csd.epoch));
      expect(signedEntityTypeSigningEpoch(type)).toBe(BigInt(certificate.epoch));
      const stakes = new Map(Object.entries(csd.stake_distribution).map(([k, v]) => [k, BigInt(v)]));
      const { protocolMessage, signedMessage } = computeSignableMessage(type, {
        nextAggregateVerificationKey: certificate.protocol_message.message_parts['next_aggregate_verification_key']!,
        nextProtocolParameters: nextParametersAt(certificate.epoch),
        currentEpoch: BigInt(certificate.epoch),
        cardanoStakeDistribution: stakes,
      });
      expect(protocolMessage.parts).toEqual(certificate.protocol_message.message_parts);
      expect(signedMessage).toBe(certificate.signed_message);
    }
  });

  it('refuses types it has no builder for, and a CSD without stakes', () => {
    const seed = { nextAggregateVerificationKey: '00', nextProtocolParameters: { k: 5n, m: 50n, phiF: 0.65 }, currentEpoch: 3n };
    const fails = (fn: () => unknown, code: string): void => {
      try {
        fn();
        expect.unreachable();
      } catch (error) {
        expect(isMithrilError(error)).toBe(true);
        expect((error as { code: string }).code).toBe(code);
      }
    };
    fails(() => computeProtocolMessage({ type: 'CardanoDatabase', epoch: 3n, immutableFileNumber: 2n }, seed), 'SIGNED_ENTITY_TYPE_UNSUPPORTED');
    fails(() => computeProtocolMessage({ type: 'CardanoStakeDistribution', epoch: 2n }, seed), 'SIGNING_INPUT_MISSING');
    fails(() => signedEntityTypeAt('CardanoStakeDistribution', 0n), 'SIGNED_ENTITY_TYPE_UNSUPPORTED');
  });
});

describe('genesis signing', () => {
  it('signs the fixture genesis message with the public devnet seed exactly as the fixture', async () => {
    const { signGenesisMessage, genesisVerificationKeyFromSecret } = await import('./genesis.js');
    const genesis = Object.values(certificates).find((c) => (c as unknown as { genesis_signature: string }).genesis_signature !== '')!;
    // The devnet seed is public test data (certificates.md §5.4); Ed25519 is deterministic, so the fixture signature is reproduced.
    const seed = '76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7';
    expect(signGenesisMessage(seed, genesis.signed_message)).toBe((genesis as unknown as { genesis_signature: string }).genesis_signature);
    expect(genesisVerificationKeyFromSecret(seed).startsWith('5b33322c3235332c')).toBe(true);
  });
});
