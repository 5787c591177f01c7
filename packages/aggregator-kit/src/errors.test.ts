import { describe, expect, it } from 'vitest';
import { isMithrilError, MITHRIL_ERROR_CODES } from '@mithril/sdk';
import { createTestNetwork } from '@mithril/testing/test-network';
import { AGGREGATOR_ERROR_CODES, AggregatorError, type AggregatorErrorCode } from './errors.js';

describe('aggregator error codes', () => {
  it('has a table entry with a docs path for every code, and none shared with the SDK', () => {
    for (const code of Object.keys(AGGREGATOR_ERROR_CODES) as AggregatorErrorCode[]) {
      expect(code.startsWith('AGGREGATOR_')).toBe(true);
      expect(AGGREGATOR_ERROR_CODES[code].meaning.length).toBeGreaterThan(0);
      expect(AGGREGATOR_ERROR_CODES[code].docsPath).toBe(`sdk.html#${code.toLowerCase()}`);
      expect(new AggregatorError(code, 'x').docsPath).toBe(AGGREGATOR_ERROR_CODES[code].docsPath);
      expect(Object.hasOwn(MITHRIL_ERROR_CODES, code)).toBe(false);
    }
  });

  it('gives a thrown aggregator error its docs path', async () => {
    const net = createTestNetwork({ k: 5n, m: 50n, phiF: 0.65 });
    // The runner has not recorded an epoch yet: no genesis can be made.
    const caught = await net.aggregator.genesis.exportPayload().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(caught).toBeInstanceOf(AggregatorError);
    expect(isMithrilError(caught, 'AGGREGATOR_GENESIS_MISSING')).toBe(true);
    expect((caught as AggregatorError).docsPath).toBe('sdk.html#aggregator_genesis_missing');
  });

  it('keeps the SDK docs path when it relabels an SDK failure', () => {
    expect(new AggregatorError('GENESIS_VERIFICATION_KEY_INVALID', 'x').docsPath).toBe('sdk.html#genesis_verification_key_invalid');
  });
});
