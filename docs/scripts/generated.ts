/**
 * The generated parts of the pages, written to docs/generated (git-ignored) and pulled into a page with VitePress's
 * `<!--@include: ./generated/<name>.md-->`: the table of every package's error codes (one anchor per code, the one
 * its `docsPath` names) and the output of `mithril --help`.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODE_TABLES } from '../error-codes.js';

/** One code of a package's table. */
export interface DocumentedCode {
  readonly code: string;
  readonly area: string;
  readonly meaning: string;
  readonly docsPath: string;
  readonly owner: string;
}

/** Every error code of every package's table, with its entry, in table order. */
export function errorCodes(): DocumentedCode[] {
  return ERROR_CODE_TABLES.flatMap(({ packageName, codes }) =>
    Object.entries(codes).map(([code, entry]) => ({ code, ...entry, owner: packageName })),
  );
}

/** Source files of the packages (tests excluded), to find which error classes carry each code. */
function packageSources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === 'testing') return [];
    if (statSync(path).isDirectory()) return packageSources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Text that Markdown and VitePress's Vue templates show literally inside a table cell. */
function cell(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\|/g, '\\|').replace(/\{/g, '&#123;').replace(/\}/g, '&#125;');
}

/** The anchor of a `docsPath` (`sdk.html#stm_lottery_lost` → `stm_lottery_lost`). */
export function anchorOf(docsPath: string): string {
  return docsPath.split('#')[1] ?? '';
}

/** The errors table in Markdown: one row per code, each row holding the anchor its `docsPath` points at. */
export function errorTable(repoRoot: string, problems: string[]): string {
  const codes = errorCodes();
  if (codes.length === 0) problems.push('no error code found in the package tables of docs/error-codes.ts');
  const seen = new Set<string>();
  for (const { code, owner } of codes) {
    if (seen.has(code)) problems.push(`docs/error-codes.ts: ${code} (${owner}) is declared by two packages`);
    seen.add(code);
  }
  // Codes thrown directly (`new XError('CODE'`), else through a helper of the same file (`new XError(code, …`).
  const classes = new Map<string, Set<string>>();
  const add = (code: string, cls: string): void => {
    classes.set(code, (classes.get(code) ?? new Set<string>()).add(cls));
  };
  const tableFiles = ERROR_CODE_TABLES.map((t) => t.source);
  const sources = packageSources(join(repoRoot, 'packages'))
    .filter((f) => !tableFiles.some((t) => f.endsWith(t)))
    .map((f) => readFileSync(f, 'utf8'));
  for (const text of sources) for (const m of text.matchAll(/new (\w*Error)\(\s*'([A-Z0-9_]+)'/g)) add(m[2]!, m[1]!);
  for (const { code } of codes) {
    if (classes.has(code)) continue;
    for (const text of sources.filter((t) => t.includes(`'${code}'`))) {
      for (const m of text.matchAll(/new (\w*Error)\(\s*[a-z]\w*\s*,/g)) add(code, m[1]!);
    }
  }
  const rows = codes.map(({ code, area, meaning, docsPath, owner }) => {
    const mentioned = sources.some((t) => t.includes(`'${code}'`));
    const thrownAs =
      [...(classes.get(code) ?? [])]
        .sort()
        .map((c) => `\`${c}\``)
        .join(', ') || (mentioned ? 'a `MithrilError` subclass' : 'reserved, not thrown yet');
    return `| <span id="${cell(anchorOf(docsPath))}"></span>\`${code}\` | \`${owner}\` | ${cell(area)} | ${thrownAs} | ${cell(meaning)} |`;
  });
  return ['| Code | Package | Area | Thrown as | Meaning |', '|---|---|---|---|---|', ...rows, ''].join('\n');
}

/** `mithril --help`, as a text block. */
export function cliHelp(repoRoot: string): string {
  const help = execFileSync(process.execPath, ['--conditions=source', '--import', 'tsx', 'packages/cli/src/main.ts', '--help'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return ['```text', help.trimEnd(), '```', ''].join('\n');
}
