import { EncodingError } from '@mithril/sdk';
import { describe, expect, it } from 'vitest';
import { mutateBytes, mutateText, mutateTree } from './mutate.js';
import { createRng } from './rng.js';
import { runFuzz } from './run.js';
import { loadFuzzTargets } from './targets.js';
import type { FuzzTarget } from './types.js';

const fake = (check: FuzzTarget['check'], verifies = true): FuzzTarget => ({
  name: 'fake',
  kind: 'json',
  seeds: ['{"epoch":18,"a":[1,2]}'],
  verifies,
  check,
});

describe('the mutation fuzzer', () => {
  it('is deterministic from its seed', () => {
    const a = createRng(5);
    const b = createRng(5);
    const text = '{"epoch":18,"signers":[{"party_id":"pool1","stake":10}],"hash":"ab01"}';
    for (let i = 0; i < 50; i++) {
      expect(mutateText(a, text)).toBe(mutateText(b, text));
      expect(mutateBytes(a, Uint8Array.of(1, 2, 3, 4))).toEqual(mutateBytes(b, Uint8Array.of(1, 2, 3, 4)));
    }
    expect(createRng(6).int(1000)).not.toBe(createRng(5).int(1000));
  });

  it('reports an untyped error and a false accept, and counts typed refusals and unchanged accepts', async () => {
    const untyped = await runFuzz({
      seed: 1,
      count: 20,
      targets: [
        fake(async (input) => {
          if (input === '{"epoch":18,"a":[1,2]}') return input;
          throw new TypeError('boom');
        }),
      ],
    });
    expect(untyped.findings).toHaveLength(20);
    expect(untyped.findings[0]).toMatchObject({ kind: 'untyped-error', target: 'fake', seed: 1, iteration: 0 });
    expect(untyped.findings[0]!.error).toContain('TypeError: boom');
    // The seed itself is accepted; every mutation that changes the value is a false accept of this "verifier".
    const lenient = await runFuzz({ seed: 1, count: 40, targets: [fake(async (input) => input)] });
    expect(lenient.findings.length).toBeGreaterThan(0);
    expect(lenient.findings.every((f) => f.kind === 'false-accept' && f.input !== '{"epoch":18,"a":[1,2]}')).toBe(true);
    const strict = await runFuzz({
      seed: 1,
      count: 40,
      targets: [
        fake(async (input) => {
          if (input !== '{"epoch":18,"a":[1,2]}') throw new EncodingError('ENCODING_INVALID_JSON', 'changed');
          return input;
        }),
      ],
    });
    expect(strict.findings).toEqual([]);
    expect((strict.refused['ENCODING_INVALID_JSON'] ?? 0) + strict.acceptedUnchanged).toBe(40);
  });

  it('mutates a tree without touching its input', () => {
    const rng = createRng(9);
    const tree = new Map<string, never>([['a', [1, 2, 3] as never]]);
    for (let i = 0; i < 20; i++) mutateTree(rng, tree);
    expect([...tree]).toEqual([['a', [1, 2, 3]]]);
  });

  it('finds nothing in the SDK over two hundred mutations of every fixture target', async () => {
    const report = await runFuzz({ seed: 20_261_202, count: 200, targets: loadFuzzTargets() });
    expect(report.findings).toEqual([]);
    expect(Object.values(report.refused).reduce((a, b) => a + b, 0)).toBeGreaterThan(150);
  }, 120_000);
});
