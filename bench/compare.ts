/**
 * `npm run bench -- --compare <saved.jsonl>`: after each figure, prints to stderr how its ratio to the floor changed
 * against a saved earlier run (the stdout of a previous `npm run bench`, one JSON figure per line), and whether the
 * figure meets its goal. Stdout keeps only the figures, so a run can be saved and compared in one go:
 * `npm run bench -- --compare before.jsonl > after.jsonl`.
 */
import { readFileSync } from 'node:fs';

/** Goals of the figures named in bench/README.md (ratio to native blst, lower is better). */
const GOALS: ReadonlyMap<string, number> = new Map([
  ['verify_aggregate_300.noble.pure_default.cold', 2.5],
  ['chain_12_fixture.noble.cold', 3],
  ['aggregator_verify_single.noble.individual', 3],
  ['verify_aggregate_300.mcl.node.cold', 1.5],
  ['verify_aggregate_300.chromium.noble.cold', 1.5],
]);

interface SavedFigure {
  readonly name: string;
  readonly ratio: number;
}

function loadSaved(path: string): Map<string, number> {
  const saved = new Map<string, number>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    const parsed = JSON.parse(line) as SavedFigure;
    if (typeof parsed.name === 'string' && typeof parsed.ratio === 'number') saved.set(parsed.name, parsed.ratio);
  }
  return saved;
}

/** Reads `--compare <file>` from the command line; undefined when absent. */
function comparePath(argv: readonly string[]): string | undefined {
  const at = argv.indexOf('--compare');
  if (at < 0) return undefined;
  const path = argv[at + 1];
  if (path === undefined) throw new Error('--compare needs the path of a saved run (the stdout of npm run bench)');
  return path;
}

/**
 * Creates the per-figure reporter: a no-op without `--compare`, else a function printing
 * `name: ratio before → after (±x %) [goal ≤ g: met|missed]` to stderr.
 *
 * @param argv - the command line (process.argv)
 * @param log - where to print (stderr)
 */
export function createComparer(argv: readonly string[], log: (text: string) => void): (name: string, ratio: number) => void {
  const path = comparePath(argv);
  const saved = path === undefined ? undefined : loadSaved(path);
  return (name, ratio) => {
    const goal = GOALS.get(name);
    const goalText = goal === undefined ? '' : ` [goal ≤ ${goal}: ${ratio <= goal ? 'met' : 'missed'}]`;
    if (saved === undefined) {
      if (goal !== undefined) log(`${name}: ratio ${ratio}${goalText}`);
      return;
    }
    const before = saved.get(name);
    const change =
      before === undefined ? 'new' : `${before} → ${ratio} (${ratio >= before ? '+' : ''}${(((ratio - before) / before) * 100).toFixed(1)} %)`;
    log(`${name}: ratio ${change}${goalText}`);
  };
}
