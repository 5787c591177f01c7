/**
 * Keeps the docs' TypeScript samples equal to code that runs: every ```ts fence of a page is preceded by
 * `<!-- snippet: examples/<file>#<region> -->` and equals that `// #region` of the file (examples/examples.test.ts
 * runs the examples), so a sample cannot drift from tested code.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SNIPPET = /^<!-- snippet: (\S+?)#(\S+) -->$/;

/** The lines between `// #region name` and `// #endregion` in a file of the repository, dedented. */
function region(repoRoot: string, file: string, name: string): string | undefined {
  const path = join(repoRoot, file);
  if (!existsSync(path)) return undefined;
  const lines = readFileSync(path, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.trim() === `// #region ${name}`);
  if (start < 0) return undefined;
  const end = lines.findIndex((l, i) => i > start && l.trim().startsWith('// #endregion'));
  if (end < 0) return undefined;
  const body = lines.slice(start + 1, end).filter((l) => !/^\s*\/\/ #(end)?region\b/.test(l));
  const indent = Math.min(...body.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return body.map((l) => l.slice(indent)).join('\n');
}

/**
 * Checks (or with `sync`, rewrites) every TypeScript sample of a page against its example region.
 *
 * @param problems - collects one message per mismatch
 * @returns the page text, rewritten when `sync` is set
 */
export function checkSnippets(repoRoot: string, page: string, text: string, sync: boolean, problems: string[]): string {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fence = lines[i]!.match(/^```(\w*)/);
    if (fence === null) continue;
    const close = lines.findIndex((l, j) => j > i && l.startsWith('```'));
    if (close < 0) {
      problems.push(`${page}:${i + 1}: unclosed code fence`);
      break;
    }
    if (fence[1] === 'ts') {
      const marker = lines[i - 1]?.match(SNIPPET);
      if (marker === undefined || marker === null) {
        problems.push(`${page}:${i + 1}: a ts sample must be preceded by <!-- snippet: examples/…#region -->`);
      } else {
        const expected = region(repoRoot, marker[1]!, marker[2]!);
        const actual = lines.slice(i + 1, close).join('\n');
        if (expected === undefined) problems.push(`${page}:${i}: no region ${marker[2]} in ${marker[1]}`);
        else if (!marker[1]!.startsWith('examples/')) problems.push(`${page}:${i}: samples must come from examples/`);
        else if (expected !== actual) {
          if (sync) {
            lines.splice(i + 1, close - i - 1, ...expected.split('\n'));
            i += expected.split('\n').length + 1;
            continue;
          }
          problems.push(`${page}:${i + 1}: sample differs from ${marker[1]}#${marker[2]} (run with --sync)`);
        }
      }
    }
    i = close;
  }
  return lines.join('\n');
}
