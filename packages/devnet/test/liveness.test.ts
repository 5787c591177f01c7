import { describe, expect, it } from 'vitest';
import { certifiedNetwork } from '@mithril/testing/test-network';
import { livenessCheck } from '../src/liveness.js';

describe('devnet liveness', () => {
  it('says when the runner is blocked by an epoch gap, re-bootstraps the chain and certifies again', async () => {
    const net = await certifiedNetwork();
    const lines: string[] = [];
    const check = livenessCheck(
      () => net.aggregator,
      (line) => lines.push(line),
    );
    // Epoch 13 passes without a certificate (a stalled machine): the runner ticks, signers register, nobody signs.
    net.chain.advance();
    await net.aggregator.runner.tick();
    await net.registerAll();
    net.chain.advance();
    expect(await net.aggregator.runner.tick()).toBe('blocked');
    expect(net.aggregator.runner.blockedReason).toBe('EpochGap');
    expect(await check(net.chain.epoch)).toBe('ok');
    expect(lines[0]).toBe('devnet: aggregator blocked (EpochGap) at epoch 14');
    expect(lines[1]).toMatch(
      /^devnet: the certificate chain has an epoch gap; re-bootstrapped with a new genesis certificate [0-9a-f]{16}… at epoch 14/,
    );
    expect(await check(net.chain.epoch)).toBe('ok');
    expect(lines).toHaveLength(2); // once per epoch
    await net.registerAll();
    net.chain.advance();
    expect(await net.aggregator.runner.tick()).toBe('signing');
    expect(await check(net.chain.epoch)).toBe('ok');
    expect(lines[2]).toBe('devnet: aggregator unblocked at epoch 15');
    await net.aggregator.runner.stop();
  }, 90_000);

  it('reports a critical error', async () => {
    const fake = { runner: { crashed: true, blockedReason: undefined } } as unknown as Parameters<typeof livenessCheck>[0] extends () => infer A
      ? A
      : never;
    expect(
      await livenessCheck(
        () => fake,
        () => undefined,
      )(3n),
    ).toBe('critical');
  });
});
