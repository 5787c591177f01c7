import { readFixtureText } from '@mithril/testing';
import { describe, expect, it } from 'vitest';
import { isMithrilError, parseJson, parseSignedEntityType, signedEntityTypeToJson, stringifyJson } from '@mithril/sdk';
import type { SignedEntityType } from '@mithril/sdk';
import { signedEntityTypeKey } from './messages.js';
import {
  encodeRegisterSignatureMessage as encodeRegisterSignatureBody,
  encodeRegisterSignerMessage as encodeRegisterSignerBody,
  parseEpochSettings,
  parseProtocolConfigurationMessage as parseProtocolConfiguration,
} from './sdk.js';

// The messages are the SDK's (packages/sdk/src/messages); these cases pin what the signer relies on.
describe('signer wire messages', () => {
  it('parses the reference epoch settings fixture', () => {
    const text = readFixtureText('aggregator-fake-2026-05', 'epoch-settings.json');
    const raw = JSON.parse(text) as { epoch: number; current_signers: { party_id: string; verification_key: string }[]; next_signers: unknown[] };
    const settings = parseEpochSettings(text);
    expect(settings.epoch).toBe(BigInt(raw.epoch));
    expect(settings.currentSigners.map((s) => s.partyId)).toEqual(raw.current_signers.map((s) => s.party_id));
    expect(settings.currentSigners.map((s) => s.verificationKey)).toEqual(raw.current_signers.map((s) => s.verification_key));
    expect(settings.nextSigners).toHaveLength(raw.next_signers.length);
    expect(settings.signerRegistrationProtocol).toEqual({ k: 70n, m: 105n, phiF: 0.95 });
  });

  it('parses a protocol configuration and keeps u64 values exact', () => {
    const config = parseProtocolConfiguration(
      '{"protocol_parameters":{"k":18446744073709551615,"m":100,"phi_f":0.2},"available_signed_entity_types":["MithrilStakeDistribution"],"extra":1}',
    );
    expect(config.protocolParameters).toEqual({ k: 18446744073709551615n, m: 100n, phiF: 0.2 });
    expect(config.availableSignedEntityTypes).toEqual(['MithrilStakeDistribution']);
  });

  it('rejects malformed messages with a typed error naming the field', () => {
    const cases: [string, () => unknown, string][] = [
      ['epoch_settings.epoch', () => parseEpochSettings('{"epoch":-1,"current_signers":[],"next_signers":[]}'), 'MESSAGE_INVALID'],
      ['epoch_settings.current_signers', () => parseEpochSettings('{"epoch":1,"current_signers":{},"next_signers":[]}'), 'MESSAGE_INVALID'],
      [
        'epoch_settings.next_signers[0].verification_key',
        () => parseEpochSettings('{"epoch":1,"current_signers":[],"next_signers":[{"party_id":"pool1x","verification_key":5}]}'),
        'MESSAGE_INVALID',
      ],
      [
        'protocol_configuration.protocol_parameters.phi_f',
        () => parseProtocolConfiguration('{"protocol_parameters":{"k":1,"m":2,"phi_f":"x"},"available_signed_entity_types":[]}'),
        'MESSAGE_INVALID',
      ],
      ['epoch_settings', () => parseEpochSettings('7'), 'MESSAGE_INVALID'],
      // valibot reads an array as an object without members: the first missing member is named.
      ['epoch_settings.epoch', () => parseEpochSettings('[1]'), 'MESSAGE_INVALID'],
    ];
    for (const [field, parse, code] of cases) {
      try {
        parse();
        expect.unreachable(field);
      } catch (error) {
        expect(isMithrilError(error)).toBe(true);
        expect((error as { code: string }).code).toBe(code);
        expect((error as { field: string }).field).toBe(field);
      }
    }
    expect(() => parseEpochSettings('{"epoch":')).toThrow();
  });

  it('encodes signed entity types in the externally tagged form the SDK decoder reads back', () => {
    const types: SignedEntityType[] = [
      { type: 'MithrilStakeDistribution', epoch: 246n },
      { type: 'CardanoStakeDistribution', epoch: 245n },
      { type: 'CardanoDatabase', epoch: 12n, immutableFileNumber: 345n },
      { type: 'CardanoTransactions', epoch: 12n, blockNumber: 2n ** 60n },
      { type: 'CardanoBlocksTransactions', epoch: 12n, blockNumber: 100n, blockNumberOffset: 15n },
    ];
    for (const type of types) {
      const json = stringifyJson(signedEntityTypeToJson(type));
      expect(parseSignedEntityType(parseJson(json))).toEqual(type);
    }
    expect(stringifyJson(signedEntityTypeToJson(types[0]!))).toBe('{"MithrilStakeDistribution":246}');
    expect(new Set(types.map(signedEntityTypeKey)).size).toBe(types.length);
  });

  it('writes the reference field names of the POST bodies', () => {
    expect(encodeRegisterSignerBody({ epoch: 101n, partyId: 'pool1x', verificationKey: '7b7d' })).toBe(
      '{"epoch":101,"party_id":"pool1x","verification_key":"7b7d"}',
    );
    expect(
      encodeRegisterSignatureBody({
        signedEntityType: { type: 'CardanoStakeDistribution', epoch: 9n },
        partyId: 'pool1x',
        signature: '7b7d',
        indexes: [1, 4],
        signedMessage: 'ab'.repeat(32),
      }),
    ).toBe(
      `{"entity_type":{"CardanoStakeDistribution":9},"party_id":"pool1x","signature":"7b7d","indexes":[1,4],"signed_message":"${'ab'.repeat(32)}"}`,
    );
  });
});
