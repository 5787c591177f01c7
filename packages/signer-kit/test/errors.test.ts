import { describe, expect, it } from 'vitest';
import { isMithrilError, MITHRIL_ERROR_CODES } from '@mithril/sdk';
import { createSigner, SIGNER_ERROR_CODES, SignerError, type SignerErrorCode } from '@mithril/signer-kit';
import { createDevnetChain, devnetPoolId } from '@mithril/sdk/devnet';

describe('signer error codes', () => {
  it('has a table entry with a docs path for every code, and none shared with the SDK', () => {
    for (const code of Object.keys(SIGNER_ERROR_CODES) as SignerErrorCode[]) {
      expect(code.startsWith('SIGNER_')).toBe(true);
      expect(SIGNER_ERROR_CODES[code].meaning.length).toBeGreaterThan(0);
      expect(new SignerError(code, 'x').docsPath).toBe(`sdk.html#${code.toLowerCase()}`);
      expect(Object.hasOwn(MITHRIL_ERROR_CODES, code)).toBe(false);
    }
  });

  it('gives a thrown signer error its class and docs path', () => {
    const chain = createDevnetChain({ stakes: new Map([[0n, new Map([[devnetPoolId('a'), 1n]])]]) });
    let caught: unknown;
    try {
      createSigner({ partyId: devnetPoolId('a'), chainObserver: chain, aggregatorEndpoint: 'not a url' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SignerError);
    expect(isMithrilError(caught, 'SIGNER_INVALID_CONFIGURATION')).toBe(true);
    expect((caught as SignerError).docsPath).toBe(SIGNER_ERROR_CODES.SIGNER_INVALID_CONFIGURATION.docsPath);
  });
});
