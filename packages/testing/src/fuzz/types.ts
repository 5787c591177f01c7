/**
 * The shape of a fuzz target.
 */
import type { JsonValue } from '@mithril/sdk';
import type { Rng } from './rng.js';

/**
 * One kind of input the fuzzer mutates.
 *
 * @example
 * const target: FuzzTarget = { name: 'x', kind: 'json', seeds: ['1'], verifies: false, check: async () => '' };
 */
export interface FuzzTarget {
  readonly name: string;
  /** `json`: seeds are JSON text; `bytes`: seeds are hex. */
  readonly kind: 'json' | 'bytes';
  readonly seeds: readonly string[];
  /**
   * `true` when {@link check} verifies the input against trusted data, so that an accepted input whose verified
   * fields differ from its seed's is a false accept; `false` for decoders, where only untyped errors are findings.
   */
  readonly verifies: boolean;
  /**
   * Checks one input: resolves with the canonical form of what it accepted (the fields verification covers); throws
   * when the input is refused.
   *
   * @param input - JSON text or hex
   * @param seedIndex - the seed it was mutated from (its trusted context: previous certificate, certificate)
   */
  check(input: string, seedIndex: number): Promise<string>;
  /** How often it is picked relative to the others (default 1): the costly checks get a smaller share. */
  readonly weight?: number;
  /**
   * Whether an accepted canonical value claims nothing beyond the seed's (default: equality). A proof message that
   * lists fewer or repeated hashes than its seed still claims only certified ones.
   */
  impliedBy?(seedValue: string, accepted: string): boolean;
  /** Optional repair after a tree mutation, so that the mutation reaches past the cheap checks (a recomputed hash). */
  fixup?(tree: JsonValue, rng: Rng): JsonValue;
}
