import { loadOpenApi, readFixtureJson, readFixtureText } from '@mithril/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEpochSettings, type EpochSettings, type Signer } from '../certificate/aggregator-messages.js';
import { parseSignedEntityType } from '../certificate/signed-entity-type.js';
import type { SignedEntityType } from '../certificate/types.js';
import { parseJson, stringifyJson } from '../codec/json.js';
import { U64_MAX } from '../utils/bytes.js';
import {
  encodeEpochSettings,
  encodeProtocolConfigurationMessage,
  encodeRegisterSignatureMessage,
  encodeRegisterSignerMessage,
  parseProtocolConfigurationMessage,
  parseRegisterSignatureMessage,
  parseRegisterSignerMessage,
  signedEntityTypeToJson,
  type ProtocolConfigurationMessage,
  type RegisterSignatureMessage,
  type RegisterSignerMessage,
} from './index.js';

const openapi = loadOpenApi();
const TOO_BIG = (U64_MAX + 1n).toString();

/** Compact JSON text of a fixture or example, in its own key order, with exact integers. */
const compact = (text: string): string => stringifyJson(parseJson(text));

function expectInvalid(run: () => unknown, field: string): void {
  expect(run).toThrow(expect.objectContaining({ code: 'MESSAGE_INVALID', field }));
}

const u64 = fc.bigInt({ min: 0n, max: U64_MAX });
const hex = fc.stringMatching(/^[0-9a-f]{0,40}$/);
const phiF = fc.double({ min: 0, max: 1, noNaN: true });
const parameters = fc.record({ k: u64, m: u64, phiF });
const signingConfig = fc.record({ securityParameter: u64, step: u64 });
const signer: fc.Arbitrary<Signer> = fc.record(
  { partyId: fc.string(), verificationKey: hex, verificationKeySignature: hex, operationalCertificate: hex, kesPeriod: u64 },
  { requiredKeys: ['partyId', 'verificationKey'] },
);
const signedEntityType: fc.Arbitrary<SignedEntityType> = fc.oneof(
  fc.record({ type: fc.constantFrom('MithrilStakeDistribution' as const, 'CardanoStakeDistribution' as const), epoch: u64 }),
  fc.record({ type: fc.constant('CardanoDatabase' as const), epoch: u64, immutableFileNumber: u64 }),
  fc.record(
    { type: fc.constant('CardanoImmutableFilesFull' as const), epoch: u64, immutableFileNumber: u64, network: fc.string() },
    { requiredKeys: ['type', 'epoch', 'immutableFileNumber'] },
  ),
  fc.record({ type: fc.constant('CardanoTransactions' as const), epoch: u64, blockNumber: u64 }),
  fc.record(
    { type: fc.constant('CardanoBlocksTransactions' as const), epoch: u64, blockNumber: u64, blockNumberOffset: u64 },
    { requiredKeys: ['type', 'epoch', 'blockNumber'] },
  ),
);

describe('round trips on reference data', () => {
  it('epoch settings: the fixture encodes back to its own compact text and matches the OpenAPI response schema', () => {
    const text = readFixtureText('aggregator-fake-2026-05', 'epoch-settings.json');
    const settings = parseEpochSettings(text);
    expect(settings.cardanoTransactionsSigningConfig).toBeDefined();
    expect(encodeEpochSettings(settings)).toBe(compact(text));
    expect(openapi.validateResponse('get', '/epoch-settings', 200, JSON.parse(encodeEpochSettings(settings)))).toBeUndefined();
  });

  it('signed entity types: every fixture certificate type encodes back to its own JSON', () => {
    const list = readFixtureJson<{ signed_entity_type: unknown }[]>('aggregator-fake-2026-05', 'certificates-list.json');
    const texts = new Set(list.map((c) => JSON.stringify(c.signed_entity_type)));
    const names = new Set<string>();
    for (const text of texts) {
      const type = parseSignedEntityType(parseJson(text));
      names.add(type.type);
      expect(stringifyJson(signedEntityTypeToJson(type))).toBe(compact(text));
    }
    expect(names.size).toBeGreaterThanOrEqual(3);
  });

  const examples: [string, (input: string) => unknown, (message: never) => string][] = [
    ['RegisterSignerMessage', parseRegisterSignerMessage, encodeRegisterSignerMessage],
    ['RegisterSingleSignatureMessage', parseRegisterSignatureMessage, encodeRegisterSignatureMessage],
    ['ProtocolConfigurationMessage', parseProtocolConfigurationMessage, encodeProtocolConfigurationMessage],
    ['EpochSettingsMessage', parseEpochSettings, encodeEpochSettings],
  ];
  it.each(examples)('%s: the OpenAPI examples encode back to their own text', (name, parse, encode) => {
    const found = openapi.schemaExamples(name);
    expect(found.length).toBeGreaterThan(0);
    for (const example of found) {
      const text = JSON.stringify(example);
      expect(encode(parse(text) as never)).toBe(compact(text));
    }
  });
});

describe('property round trips, checked against the OpenAPI schemas', () => {
  /** encode → parse gives the value back, and the text satisfies the OpenAPI schema of the route. */
  function roundTrip<T>(
    value: fc.Arbitrary<T>,
    encode: (v: T) => string,
    parse: (text: string) => T,
    schemaErrors: (body: unknown) => unknown,
  ): void {
    fc.assert(
      fc.property(value, (v) => {
        const text = encode(v);
        expect(parse(text)).toEqual(v);
        expect(schemaErrors(JSON.parse(text))).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  }

  it('RegisterSignerMessage', () => {
    const message: fc.Arbitrary<RegisterSignerMessage> = signer.chain((s) => u64.map((epoch) => ({ epoch, ...s })));
    roundTrip(message, encodeRegisterSignerMessage, parseRegisterSignerMessage, (body) => openapi.validateRequest('post', '/register-signer', body));
  });

  it('RegisterSignatureMessage', () => {
    const message: fc.Arbitrary<RegisterSignatureMessage> = fc.record({
      signedEntityType,
      partyId: fc.string(),
      signature: hex,
      indexes: fc.array(fc.nat({ max: Number.MAX_SAFE_INTEGER })),
      signedMessage: fc.stringMatching(/^[0-9a-f]{64}$/),
    });
    roundTrip(message, encodeRegisterSignatureMessage, parseRegisterSignatureMessage, (body) =>
      openapi.validateRequest('post', '/register-signatures', body),
    );
  });

  it('ProtocolConfigurationMessage', () => {
    const names = fc.constantFrom('MithrilStakeDistribution', 'CardanoStakeDistribution', 'CardanoDatabase', 'CardanoTransactions');
    const message: fc.Arbitrary<ProtocolConfigurationMessage> = fc.record(
      {
        protocolParameters: parameters,
        cardanoTransactionsSigningConfig: signingConfig,
        cardanoBlocksTransactionsSigningConfig: signingConfig,
        availableSignedEntityTypes: fc.array(names, { minLength: 1 }),
      },
      { requiredKeys: ['protocolParameters', 'availableSignedEntityTypes'] },
    );
    roundTrip(message, encodeProtocolConfigurationMessage, parseProtocolConfigurationMessage, (body) =>
      openapi.validateResponse('get', '/protocol-configuration/12', 200, body),
    );
  });

  it('EpochSettings', () => {
    const settings: fc.Arbitrary<EpochSettings> = fc.record(
      {
        epoch: u64,
        currentSigners: fc.array(signer, { maxLength: 3 }),
        nextSigners: fc.array(signer, { maxLength: 3 }),
        signerRegistrationProtocol: parameters,
        cardanoTransactionsSigningConfig: signingConfig,
      },
      { requiredKeys: ['epoch', 'currentSigners', 'nextSigners'] },
    );
    roundTrip(settings, encodeEpochSettings, parseEpochSettings, (body) => openapi.validateResponse('get', '/epoch-settings', 200, body));
  });

  it('signed entity types', () => {
    roundTrip(
      signedEntityType,
      (type) => stringifyJson(signedEntityTypeToJson(type)),
      (text) => parseSignedEntityType(parseJson(text)),
      () => undefined,
    );
  });
});

describe('optional members', () => {
  it('null reads as absent and is not written back', () => {
    const text =
      '{"epoch":13,"party_id":"pool1x","verification_key":"7b7d","verification_key_signature":null,"operational_certificate":null,"kes_period":null}';
    const message = parseRegisterSignerMessage(text);
    expect(message).toEqual({ epoch: 13n, partyId: 'pool1x', verificationKey: '7b7d' });
    expect(encodeRegisterSignerMessage(message)).toBe('{"epoch":13,"party_id":"pool1x","verification_key":"7b7d"}');
  });

  it('phi_f keeps the f64 spelling of the reference', () => {
    const text = encodeProtocolConfigurationMessage({
      protocolParameters: { k: 5n, m: 100n, phiF: 1 },
      availableSignedEntityTypes: ['MithrilStakeDistribution'],
    });
    expect(text).toBe('{"protocol_parameters":{"k":5,"m":100,"phi_f":1.0},"available_signed_entity_types":["MithrilStakeDistribution"]}');
  });
});

describe('malformed input → MESSAGE_INVALID naming the field', () => {
  const signerBody = { epoch: 13, party_id: 'pool1x', verification_key: '7b7d', kes_period: 2 };
  const signatureBody = {
    entity_type: { CardanoTransactions: [12, 1500] },
    party_id: 'pool1x',
    signature: '7b7d',
    indexes: [1, 4],
    signed_message: 'ab'.repeat(32),
  };
  const configBody = {
    protocol_parameters: { k: 5, m: 100, phi_f: 0.65 },
    cardano_transactions_signing_config: { security_parameter: 100, step: 10 },
    available_signed_entity_types: ['MithrilStakeDistribution'],
  };
  /** The body with one member replaced (or removed when `value` is undefined), as JSON text; `raw` is spliced verbatim. */
  const variant = (body: Record<string, unknown>, key: string, value: unknown, raw?: string): string => {
    const copy: Record<string, unknown> = { ...body };
    if (value === undefined && raw === undefined) delete copy[key];
    else copy[key] = raw === undefined ? value : '@RAW@';
    return JSON.stringify(copy).replace('"@RAW@"', raw ?? '');
  };

  const cases: [string, () => unknown, string][] = [
    ['register-signer: not an object', () => parseRegisterSignerMessage('7'), 'register_signer'],
    ['register-signer: an array (no members)', () => parseRegisterSignerMessage('[1,2]'), 'register_signer.epoch'],
    ['register-signer: epoch as a string', () => parseRegisterSignerMessage(variant(signerBody, 'epoch', '13')), 'register_signer.epoch'],
    ['register-signer: missing epoch', () => parseRegisterSignerMessage(variant(signerBody, 'epoch', undefined)), 'register_signer.epoch'],
    ['register-signer: negative epoch', () => parseRegisterSignerMessage(variant(signerBody, 'epoch', -1)), 'register_signer.epoch'],
    ['register-signer: epoch above 2^64', () => parseRegisterSignerMessage(variant(signerBody, 'epoch', 0, TOO_BIG)), 'register_signer.epoch'],
    ['register-signer: fractional epoch', () => parseRegisterSignerMessage(variant(signerBody, 'epoch', 1.5)), 'register_signer.epoch'],
    ['register-signer: party_id as a number', () => parseRegisterSignerMessage(variant(signerBody, 'party_id', 42)), 'register_signer.party_id'],
    [
      'register-signer: missing verification_key',
      () => parseRegisterSignerMessage(variant(signerBody, 'verification_key', undefined)),
      'register_signer.verification_key',
    ],
    [
      'register-signer: opcert as an array',
      () => parseRegisterSignerMessage(variant(signerBody, 'operational_certificate', [])),
      'register_signer.operational_certificate',
    ],
    ['register-signer: negative kes_period', () => parseRegisterSignerMessage(variant(signerBody, 'kes_period', -1)), 'register_signer.kes_period'],
    [
      'register-signer: kes_period above 2^64',
      () => parseRegisterSignerMessage(variant(signerBody, 'kes_period', 0, TOO_BIG)),
      'register_signer.kes_period',
    ],
    ['register-signature: not an object', () => parseRegisterSignatureMessage('"x"'), 'register_signature'],
    [
      'register-signature: missing entity_type',
      () => parseRegisterSignatureMessage(variant(signatureBody, 'entity_type', undefined)),
      'register_signature.entity_type',
    ],
    [
      'register-signature: entity_type as a string',
      () => parseRegisterSignatureMessage(variant(signatureBody, 'entity_type', 'MithrilStakeDistribution')),
      'register_signature.entity_type',
    ],
    [
      'register-signature: unknown entity type',
      () => parseRegisterSignatureMessage(variant(signatureBody, 'entity_type', { SomethingNew: 12 })),
      'register_signature.entity_type.SomethingNew',
    ],
    [
      'register-signature: negative beacon',
      () => parseRegisterSignatureMessage(variant(signatureBody, 'entity_type', { MithrilStakeDistribution: -1 })),
      'register_signature.entity_type.MithrilStakeDistribution',
    ],
    [
      'register-signature: block number above 2^64',
      () => parseRegisterSignatureMessage(variant(signatureBody, 'entity_type', 0, `{"CardanoTransactions":[12,${TOO_BIG}]}`)),
      'register_signature.entity_type.CardanoTransactions[1]',
    ],
    [
      'register-signature: party_id null',
      () => parseRegisterSignatureMessage(variant(signatureBody, 'party_id', null)),
      'register_signature.party_id',
    ],
    [
      'register-signature: missing signature',
      () => parseRegisterSignatureMessage(variant(signatureBody, 'signature', undefined)),
      'register_signature.signature',
    ],
    [
      'register-signature: indexes as a string',
      () => parseRegisterSignatureMessage(variant(signatureBody, 'indexes', 'all')),
      'register_signature.indexes',
    ],
    [
      'register-signature: negative index',
      () => parseRegisterSignatureMessage(variant(signatureBody, 'indexes', [3, -1])),
      'register_signature.indexes[1]',
    ],
    [
      'register-signature: index above 2^64',
      () => parseRegisterSignatureMessage(variant(signatureBody, 'indexes', 0, `[${TOO_BIG}]`)),
      'register_signature.indexes[0]',
    ],
    [
      'register-signature: signed_message as a number',
      () => parseRegisterSignatureMessage(variant(signatureBody, 'signed_message', 7)),
      'register_signature.signed_message',
    ],
    ['protocol-configuration: not an object', () => parseProtocolConfigurationMessage('null'), 'protocol_configuration'],
    [
      'protocol-configuration: missing parameters',
      () => parseProtocolConfigurationMessage(variant(configBody, 'protocol_parameters', undefined)),
      'protocol_configuration.protocol_parameters',
    ],
    [
      'protocol-configuration: phi_f as a string',
      () => parseProtocolConfigurationMessage(variant(configBody, 'protocol_parameters', { k: 5, m: 100, phi_f: 'x' })),
      'protocol_configuration.protocol_parameters.phi_f',
    ],
    [
      'protocol-configuration: negative k',
      () => parseProtocolConfigurationMessage(variant(configBody, 'protocol_parameters', { k: -5, m: 100, phi_f: 0.5 })),
      'protocol_configuration.protocol_parameters.k',
    ],
    [
      'protocol-configuration: m above 2^64',
      () => parseProtocolConfigurationMessage(variant(configBody, 'protocol_parameters', 0, `{"k":5,"m":${TOO_BIG},"phi_f":0.5}`)),
      'protocol_configuration.protocol_parameters.m',
    ],
    [
      'protocol-configuration: step as a string',
      () => parseProtocolConfigurationMessage(variant(configBody, 'cardano_transactions_signing_config', { security_parameter: 1, step: '15' })),
      'protocol_configuration.cardano_transactions_signing_config.step',
    ],
    [
      'protocol-configuration: types not an array',
      () => parseProtocolConfigurationMessage(variant(configBody, 'available_signed_entity_types', 'MithrilStakeDistribution')),
      'protocol_configuration.available_signed_entity_types',
    ],
    [
      'protocol-configuration: type name as a number',
      () => parseProtocolConfigurationMessage(variant(configBody, 'available_signed_entity_types', [0])),
      'protocol_configuration.available_signed_entity_types[0]',
    ],
    ['epoch settings: negative epoch', () => parseEpochSettings('{"epoch":-1,"current_signers":[],"next_signers":[]}'), 'epoch_settings.epoch'],
    [
      'epoch settings: kes_period above 2^64',
      () => parseEpochSettings(`{"epoch":1,"current_signers":[{"party_id":"p","verification_key":"7b","kes_period":${TOO_BIG}}],"next_signers":[]}`),
      'epoch_settings.current_signers[0].kes_period',
    ],
  ];
  it.each(cases)('%s', (_name, run, field) => expectInvalid(run, field));

  it('malformed JSON text is an encoding error, not a crash', () => {
    for (const parse of [parseRegisterSignerMessage, parseRegisterSignatureMessage, parseProtocolConfigurationMessage]) {
      expect(() => parse('{"epoch":')).toThrow(expect.objectContaining({ code: 'ENCODING_INVALID_JSON' }));
    }
  });

  const base: RegisterSignatureMessage = {
    signedEntityType: { type: 'MithrilStakeDistribution', epoch: 1n },
    partyId: 'pool1x',
    signature: '7b7d',
    indexes: [1],
    signedMessage: 'ab'.repeat(32),
  };
  const encodeCases: [string, () => unknown, string][] = [
    ['negative epoch', () => encodeRegisterSignerMessage({ epoch: -1n, partyId: 'p', verificationKey: '7b' }), 'register_signer.epoch'],
    [
      'kes_period above 2^64',
      () => encodeRegisterSignerMessage({ epoch: 1n, partyId: 'p', verificationKey: '7b', kesPeriod: U64_MAX + 1n }),
      'register_signer.kes_period',
    ],
    [
      'unknown signed entity type',
      () => encodeRegisterSignatureMessage({ ...base, signedEntityType: { type: 'Unknown', name: 'New' } }),
      'register_signature.entity_type',
    ],
    [
      'beacon above 2^64',
      () => encodeRegisterSignatureMessage({ ...base, signedEntityType: { type: 'CardanoTransactions', epoch: 1n, blockNumber: U64_MAX + 1n } }),
      'register_signature.entity_type.CardanoTransactions[1]',
    ],
    ['negative index', () => encodeRegisterSignatureMessage({ ...base, indexes: [0, -2] }), 'register_signature.indexes[1]'],
    ['fractional index', () => encodeRegisterSignatureMessage({ ...base, indexes: [0.5] }), 'register_signature.indexes[0]'],
    [
      'non-finite phi_f',
      () => encodeProtocolConfigurationMessage({ protocolParameters: { k: 1n, m: 1n, phiF: Number.NaN }, availableSignedEntityTypes: [] }),
      'protocol_configuration.protocol_parameters.phi_f',
    ],
    [
      'negative step',
      () =>
        encodeEpochSettings({
          epoch: 1n,
          currentSigners: [],
          nextSigners: [],
          cardanoTransactionsSigningConfig: { securityParameter: 1n, step: -1n },
        }),
      'epoch_settings.cardano_transactions_signing_config.step',
    ],
    [
      'negative signer kes_period',
      () => encodeEpochSettings({ epoch: 1n, currentSigners: [], nextSigners: [{ partyId: 'p', verificationKey: '7b', kesPeriod: -1n }] }),
      'epoch_settings.next_signers[0].kes_period',
    ],
  ];
  it.each(encodeCases)('encoder refuses: %s', (_name, run, field) => expectInvalid(run, field));
});
