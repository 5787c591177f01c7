/**
 * The fuzz loop: mutates the seeds of every target in turn, checks each mutated input, and classifies the outcome.
 * A finding is a false accept (a verifying target accepted an input whose verified fields differ from its seed's; an
 * input that reads back to the same canonical value is not one) or an untyped error (anything not a MithrilError).
 */
import { bytesToHex, hexToBytes, isMithrilError, MithrilError, parseJson, stringifyJson } from '@mithril/sdk';
import { mutateBytes, mutateText, mutateTree } from './mutate.js';
import { createRng, type Rng } from './rng.js';
import type { FuzzTarget } from './types.js';

/** One finding, with what is needed to reproduce it. */
interface FuzzFinding {
  readonly kind: 'false-accept' | 'untyped-error';
  readonly target: string;
  readonly seed: number;
  readonly iteration: number;
  readonly seedIndex: number;
  /** The mutated input (JSON text, or hex for binary targets). */
  readonly input: string;
  readonly error?: string;
}

/** Counts of a run. */
export interface FuzzReport {
  readonly seed: number;
  readonly count: number;
  /** Inputs refused with a typed error, by code. */
  readonly refused: Readonly<Record<string, number>>;
  /** Inputs accepted with the same verified value as their seed (a re-spelling, an unverified field), or a value it implies. */
  readonly acceptedUnchanged: number;
  /** Inputs a decoding target accepted (decoders accept whatever is well formed). */
  readonly decoded: number;
  readonly findings: readonly FuzzFinding[];
}

/** Options of {@link runFuzz}. */
export interface FuzzOptions {
  readonly seed: number;
  readonly count: number;
  readonly targets: readonly FuzzTarget[];
  /** Called on each finding as it happens. */
  readonly onFinding?: (finding: FuzzFinding) => void;
  /** Called every `progressEvery` inputs. */
  readonly onProgress?: (done: number) => void;
  readonly progressEvery?: number;
}

function mutate(rng: Rng, target: FuzzTarget, seedText: string): string {
  if (target.kind === 'bytes') return bytesToHex(mutateBytes(rng, hexToBytes(seedText)));
  if (rng.chance(0.35)) return mutateText(rng, seedText);
  let tree = mutateTree(rng, parseJson(seedText));
  if (target.fixup !== undefined) tree = target.fixup(tree, rng);
  const text = stringifyJson(tree);
  return rng.chance(0.15) ? mutateText(rng, text) : text;
}

/**
 * Runs the fuzzer: `count` mutated inputs, the targets taken in turn, deterministic from `seed`.
 *
 * @param options - seed, count, targets and callbacks
 * @returns the counts and findings
 * @throws {Error} when a seed itself is not accepted (the fixtures and the code disagree before any mutation)
 * @example
 * const report = await runFuzz({ seed: 1, count: 1000, targets: loadFuzzTargets() });
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const { targets, seed, count } = options;
  const expected = await Promise.all(
    targets.map((t) =>
      Promise.all(
        t.seeds.map((s, i) =>
          t.check(s, i).catch((error: unknown) => {
            throw new Error(`seed ${i} of ${t.name} is refused before any mutation: ${String(error)}`);
          }),
        ),
      ),
    ),
  );
  const rng = createRng(seed);
  // The order in which targets take turns: each appears `weight` times.
  const turns = targets.flatMap((t, i) => Array.from({ length: t.weight ?? 1 }, () => i));
  const refused: Record<string, number> = {};
  const findings: FuzzFinding[] = [];
  let acceptedUnchanged = 0;
  let decoded = 0;
  for (let iteration = 0; iteration < count; iteration++) {
    const targetIndex = turns[iteration % turns.length]!;
    const target = targets[targetIndex]!;
    const seedIndex = rng.int(target.seeds.length);
    let input: string;
    try {
      input = mutate(rng, target, target.seeds[seedIndex]!);
    } catch (error) {
      throw new Error(`the mutator failed on ${target.name} seed ${seedIndex}: ${String(error)}`);
    }
    let finding: FuzzFinding | undefined;
    const base = { target: target.name, seed, iteration, seedIndex, input };
    try {
      const accepted = await target.check(input, seedIndex);
      if (!target.verifies) decoded++;
      else if (accepted === expected[targetIndex]![seedIndex] || target.impliedBy?.(expected[targetIndex]![seedIndex]!, accepted) === true)
        acceptedUnchanged++;
      else finding = { kind: 'false-accept', ...base };
    } catch (error) {
      if (isMithrilError(error) && error instanceof MithrilError) refused[error.code] = (refused[error.code] ?? 0) + 1;
      else
        finding = {
          kind: 'untyped-error',
          ...base,
          error: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error),
        };
    }
    if (finding !== undefined) {
      findings.push(finding);
      options.onFinding?.(finding);
    }
    if (options.onProgress !== undefined && (iteration + 1) % (options.progressEvery ?? 10_000) === 0) options.onProgress(iteration + 1);
  }
  return { seed, count, refused, acceptedUnchanged, decoded, findings };
}
