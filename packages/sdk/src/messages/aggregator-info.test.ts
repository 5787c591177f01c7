import { loadOpenApi, readFixtureText } from '@mithril/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseAggregatorCapabilities,
  parseAggregatorStatus,
  type AggregatorCapabilities,
  type AggregatorStatus,
} from '../certificate/aggregator-messages.js';
import { parseJson, stringifyJson } from '../codec/json.js';
import { U64_MAX } from '../utils/bytes.js';
import { encodeAggregatorCapabilities, encodeAggregatorStatus } from './index.js';

const openapi = loadOpenApi();
const u64 = fc.bigInt({ min: 0n, max: U64_MAX });
const parameters = fc.record({ k: u64, m: u64, phiF: fc.double({ min: 0, max: 1, noNaN: true }) });

describe('aggregator information messages', () => {
  it('status: the fixture encodes back to its own compact text', () => {
    const text = readFixtureText('aggregator-fake-2026-05', 'status.json');
    expect(encodeAggregatorStatus(parseAggregatorStatus(text))).toBe(stringifyJson(parseJson(text)));
  });

  it('status: encode → parse gives the value back and the text satisfies the OpenAPI schema', () => {
    const status: fc.Arbitrary<AggregatorStatus> = fc.record({
      epoch: u64,
      cardanoEra: fc.string(),
      cardanoNetwork: fc.constantFrom('mainnet', 'preprod', 'preview', 'devnet', 'private'),
      mithrilEra: fc.constant('pythagoras'),
      cardanoNodeVersion: fc.string(),
      aggregatorNodeVersion: fc.string(),
      protocol: parameters,
      nextProtocol: parameters,
      totalSigners: u64,
      totalNextSigners: u64,
      totalStakesSigners: u64,
      totalNextStakesSigners: u64,
      totalCardanoSpo: u64,
      totalCardanoStake: u64,
    });
    fc.assert(
      fc.property(status, (s) => {
        const text = encodeAggregatorStatus(s);
        expect(parseAggregatorStatus(text)).toEqual(s);
        expect(openapi.validateResponse('get', '/status', 200, JSON.parse(text))).toBeUndefined();
      }),
      { numRuns: 60 },
    );
  });

  it('capabilities: reference key order, prover only when present, round trip', () => {
    const base: AggregatorCapabilities = {
      openApiVersion: '0.1.55',
      documentationUrl: 'https://mithril.network',
      capabilities: { signedEntityTypes: ['MithrilStakeDistribution', 'CardanoTransactions'], aggregateSignatureType: 'Concatenation' },
    };
    expect(encodeAggregatorCapabilities(base)).toBe(
      '{"open_api_version":"0.1.55","documentation_url":"https://mithril.network","capabilities":{"signed_entity_types":["MithrilStakeDistribution","CardanoTransactions"],"aggregate_signature_type":"Concatenation"}}',
    );
    const capabilities: fc.Arbitrary<AggregatorCapabilities> = fc.record({
      openApiVersion: fc.string(),
      documentationUrl: fc.string(),
      capabilities: fc.record(
        {
          signedEntityTypes: fc.array(
            fc.constantFrom('MithrilStakeDistribution', 'CardanoStakeDistribution', 'CardanoDatabase', 'CardanoTransactions'),
          ),
          aggregateSignatureType: fc.constant('Concatenation'),
          cardanoTransactionsProver: fc.record({ maxHashesAllowedByRequest: u64 }),
        },
        { requiredKeys: ['signedEntityTypes', 'aggregateSignatureType'] },
      ),
    });
    fc.assert(
      fc.property(capabilities, (c) => {
        const text = encodeAggregatorCapabilities(c);
        expect(parseAggregatorCapabilities(text)).toEqual(c);
        expect(encodeAggregatorCapabilities(parseAggregatorCapabilities(text))).toBe(text);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses out-of-range integers, naming the field', () => {
    const status = parseAggregatorStatus(readFixtureText('aggregator-fake-2026-05', 'status.json'));
    expect(() => encodeAggregatorStatus({ ...status, totalCardanoStake: -1n })).toThrow(
      expect.objectContaining({ code: 'MESSAGE_INVALID', field: 'status.total_cardano_stake' }),
    );
  });
});
