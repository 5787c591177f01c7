/**
 * Checks the generated API reference against the packages themselves: every export of every published entry point,
 * as the TypeScript compiler lists it, has its own page under docs/api/<specifier>/.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import type { ApiEntry } from './api.js';

/** The page folders typedoc-plugin-markdown writes one member page into, per reflection kind. */
const KIND_DIRS = ['classes', 'functions', 'interfaces', 'type-aliases', 'variables', 'enumerations', 'namespaces'];

/** The exported names of each entry point, from the compiler. */
function exportedNames(repoRoot: string, entries: readonly ApiEntry[]): { names: Map<string, string[]>; unique: number; withExample: number } {
  const config = ts.readConfigFile(join(repoRoot, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, repoRoot);
  const program = ts.createProgram({ rootNames: entries.map((e) => e.source), options: { ...parsed.options, noEmit: true } });
  const checker = program.getTypeChecker();
  const out = new Map<string, string[]>();
  // Each symbol once, however many entry points re-export it: does its TSDoc carry an @example?
  const examples = new Map<ts.Symbol, boolean>();
  for (const entry of entries) {
    const file = program.getSourceFile(entry.source);
    const symbol = file === undefined ? undefined : checker.getSymbolAtLocation(file);
    const exported = symbol === undefined ? [] : checker.getExportsOfModule(symbol);
    // `@internal` exports are shared between the package's own modules, not public: TypeDoc leaves them out.
    const isInternal = (s: ts.Symbol): boolean => {
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      return target.getJsDocTags(checker).some((t) => t.name === 'internal');
    };
    const kept = exported.filter((s) => !isInternal(s));
    for (const s of kept) {
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      examples.set(
        target,
        target.getJsDocTags(checker).some((t) => t.name === 'example'),
      );
    }
    out.set(
      entry.specifier,
      kept.map((s) => s.getName()),
    );
  }
  return { names: out, unique: examples.size, withExample: [...examples.values()].filter(Boolean).length };
}

/** Whether a module folder of the reference has a page for `name` (any kind). */
function hasPage(moduleDir: string, name: string): boolean {
  return KIND_DIRS.some((kind) => {
    const page = join(moduleDir, kind, `${name}.md`);
    const folder = join(moduleDir, kind, name, 'index.md');
    return (existsSync(page) && statSync(page).isFile()) || existsSync(folder);
  });
}

/** One message per export without a page; also the counts. */
export function checkApiPages(
  repoRoot: string,
  apiDir: string,
  entries: readonly ApiEntry[],
): { problems: string[]; exports: number; pages: number; unique: number; withExample: number } {
  const problems: string[] = [];
  let exports = 0;
  const { names, unique, withExample } = exportedNames(repoRoot, entries);
  for (const [specifier, list] of names) {
    if (list.length === 0) problems.push(`api: ${specifier} exports nothing the compiler can see`);
    for (const name of list) {
      exports++;
      // A symbol exported by two entry points is documented once; the other module links to that page.
      if (!hasPage(join(apiDir, specifier), name) && ![...names.keys()].some((other) => hasPage(join(apiDir, other), name))) {
        problems.push(`api: no page for ${name} of ${specifier}`);
      }
    }
  }
  return { problems, exports, pages: countPages(apiDir), unique, withExample };
}

function countPages(dir: string): number {
  return readdirSync(dir).reduce((n, name) => {
    const path = join(dir, name);
    return n + (statSync(path).isDirectory() ? countPages(path) : name.endsWith('.md') ? 1 : 0);
  }, 0);
}
