/**
 * The fuzzer's deterministic random source: a seeded xorshift generator, so that a seed replays a run exactly.
 */

/** A seeded pseudo-random source. */
export interface Rng {
  /** An integer in [0, n). */
  int(n: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(list: readonly T[]): T;
}

/**
 * A deterministic generator (xorshift128+ over two 32-bit halves, seeded through splitmix32).
 *
 * @param seed - any 32-bit integer
 * @returns the generator
 * @example
 * const rng = createRng(42); rng.int(10); // the same number on every run
 */
export function createRng(seed: number): Rng {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix() | 1;
  let b = splitmix();
  const next = (): number => {
    let x = a;
    const y = b;
    a = y;
    x ^= x << 23;
    x ^= x >>> 17;
    x ^= y ^ (y >>> 26);
    b = x;
    return ((a + b) >>> 0) / 4294967296;
  };
  return {
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)]!,
  };
}
