/**
 * `npm run fuzz [-- --count N] [--seed S] [--out DIR]`: the mutation fuzzer over the shared fixtures. Prints the seed
 * first, each finding as it happens (written whole to a reproducer file), and the counts at the end; exits 1 on any
 * finding.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFuzz } from './run.js';
import { loadFuzzTargets } from './targets.js';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function integer(name: string, fallback: number): number {
  const text = option(name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`--${name} expects a non-negative integer, got ${text}`);
    process.exit(2);
  }
  return n;
}

const count = integer('count', 100_000);
const seed = integer('seed', Date.now() % 2 ** 31);
const out = option('out') ?? join(tmpdir(), `mithril-fuzz-${seed}`);
const started = Date.now();
console.log(`fuzz: seed ${seed}, ${count} mutations (replay with --seed ${seed} --count ${count})`);
const targets = loadFuzzTargets();
console.log(`targets: ${targets.map((t) => `${t.name} (${t.seeds.length} seeds)`).join(', ')}`);
const report = await runFuzz({
  seed,
  count,
  targets,
  progressEvery: 10_000,
  onProgress: (done) => console.log(`  ${done} done, ${Math.round((Date.now() - started) / 1000)} s`),
  onFinding: (finding) => {
    mkdirSync(out, { recursive: true });
    const file = join(out, `${finding.kind}-${finding.iteration}.json`);
    writeFileSync(file, `${JSON.stringify(finding, null, 2)}\n`);
    console.log(
      `FINDING ${finding.kind} on ${finding.target} (seed ${finding.seed}, iteration ${finding.iteration}, from seed document ${finding.seedIndex})`,
    );
    console.log(`  reproducer: ${file}`);
    console.log(`  input (first 300 characters): ${finding.input.slice(0, 300)}`);
    if (finding.error !== undefined) console.log(`  error: ${finding.error.split('\n').slice(0, 4).join('\n    ')}`);
  },
});
const falseAccepts = report.findings.filter((f) => f.kind === 'false-accept').length;
const untyped = report.findings.length - falseAccepts;
const refused = Object.values(report.refused).reduce((a, b) => a + b, 0);
console.log(
  `fuzz: ${count} mutations in ${((Date.now() - started) / 1000).toFixed(1)} s: ${falseAccepts} false accepts, ${untyped} untyped errors; ` +
    `${refused} refused with a typed error, ${report.acceptedUnchanged} accepted unchanged, ${report.decoded} decoded`,
);
console.log(
  `refusals by code: ${Object.entries(report.refused)
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => `${code} ${n}`)
    .join(', ')}`,
);
process.exit(report.findings.length === 0 ? 0 : 1);
