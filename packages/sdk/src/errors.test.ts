import { describe, expect, it } from 'vitest';
import { hexToBytes } from './utils/bytes.js';
import {
  BlsError,
  EncodingError,
  errorCodeTable,
  errorDocsPath,
  isMithrilError,
  MITHRIL_ERROR_CODES,
  MithrilError,
  type MithrilErrorCode,
} from './errors.js';

describe('error codes and docs paths', () => {
  it('fills docsPath from the code table when an SDK function throws', () => {
    let caught: unknown;
    try {
      hexToBytes('zz');
    } catch (error) {
      caught = error;
    }
    expect(isMithrilError(caught)).toBe(true);
    const error = caught as MithrilError;
    expect(error.docsPath).toBe(MITHRIL_ERROR_CODES[error.code].docsPath);
    expect(error.docsPath).toBe(`sdk.html#${error.code.toLowerCase()}`);
  });

  it('fills docsPath for every class and code, and keeps an explicit one', () => {
    for (const code of Object.keys(MITHRIL_ERROR_CODES) as MithrilErrorCode[]) {
      for (const Class of [MithrilError, EncodingError, BlsError]) {
        expect(new Class(code, 'x').docsPath).toBe(errorDocsPath(code));
      }
    }
    expect(new MithrilError('STM_LOTTERY_LOST', 'x', { docsPath: 'elsewhere.html' }).docsPath).toBe('elsewhere.html');
  });

  it('has one complete entry per code', () => {
    const codes = Object.keys(MITHRIL_ERROR_CODES);
    expect(codes.length).toBeGreaterThan(50);
    expect(codes.some((c) => c.startsWith('AGGREGATOR_') || c.startsWith('SIGNER_'))).toBe(false);
    for (const code of codes) {
      const entry = MITHRIL_ERROR_CODES[code as MithrilErrorCode];
      expect(entry.area.length, code).toBeGreaterThan(0);
      expect(entry.meaning.length, code).toBeGreaterThan(0);
      expect(entry.docsPath).toBe(`sdk.html#${code.toLowerCase()}`);
    }
    expect(Object.isFrozen(MITHRIL_ERROR_CODES)).toBe(true);
  });

  it("carries another package's codes with its own table, and falls back to the SDK's for SDK codes", () => {
    type KitCode = 'KIT_BROKEN';
    const KIT_CODES = errorCodeTable<KitCode>({ KIT_BROKEN: ['kit', 'the kit broke'] });
    class KitError extends MithrilError<KitCode | MithrilErrorCode> {
      static override readonly errorCodes = KIT_CODES;
      override readonly name: string = 'KitError';
    }
    const kit = new KitError('KIT_BROKEN', 'it broke', { field: 'part' });
    expect(kit.docsPath).toBe('sdk.html#kit_broken');
    expect(kit.message).toBe('part: it broke');
    expect(new KitError('CHAIN_UNAVAILABLE', 'down').docsPath).toBe(MITHRIL_ERROR_CODES.CHAIN_UNAVAILABLE.docsPath);
    expect(isMithrilError(kit, 'KIT_BROKEN')).toBe(true);
    expect(isMithrilError(kit, 'CHAIN_UNAVAILABLE')).toBe(false);
    const narrowed: unknown = kit;
    if (isMithrilError(narrowed, 'KIT_BROKEN')) {
      const code: 'KIT_BROKEN' = narrowed.code;
      expect(code).toBe('KIT_BROKEN');
    }
    // A code of no table has no docs path (and still is a MithrilError).
    expect(new MithrilError<string>('NOT_A_CODE', 'x').docsPath).toBeUndefined();
  });
});
