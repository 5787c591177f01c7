/**
 * Architecture rules of the workspace, checked over the sources as text: no import circle, no package reaching into
 * another package's internal files, and no source file above the size a reader can hold in mind.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const TOP_FOLDERS = ['packages', 'examples', 'bench', 'docs'];
const SKIPPED = new Set(['node_modules', 'dist', '.data']);
const MAX_LINES = 400;

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    if (SKIPPED.has(name)) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const files = TOP_FOLDERS.flatMap((folder) => tsFiles(join(root, folder)));

/** Every module specifier a file names in an import, an export-from or a dynamic import. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]/g,
    /(?:^|[\s;])import\s*['"]([^'"]+)['"]/g,
    /import\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  // Comments may quote imports (TSDoc examples): drop them before matching.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) found.push(match[1]!);
  return found;
}

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts'), base];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

interface WorkspacePackage {
  readonly dir: string;
  readonly name: string;
  readonly exports: ReadonlySet<string>;
}

const workspacePackages: WorkspacePackage[] = readdirSync(join(root, 'packages')).flatMap((name) => {
  const manifest = join(root, 'packages', name, 'package.json');
  if (!existsSync(manifest)) return [];
  const json = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string; exports?: Record<string, unknown> };
  return [{ dir: join(root, 'packages', name), name: json.name, exports: new Set(Object.keys(json.exports ?? { '.': '' })) }];
});

function packageOf(file: string): WorkspacePackage | undefined {
  return workspacePackages.find((p) => file.startsWith(p.dir + sep));
}

const graph = new Map<string, string[]>();
const crossings: string[] = [];
for (const file of files) {
  const edges: string[] = [];
  const owner = packageOf(file);
  for (const specifier of specifiers(readFileSync(file, 'utf8'))) {
    if (specifier.startsWith('.')) {
      const target = resolveRelative(file, specifier);
      if (target === undefined) continue;
      edges.push(target);
      const targetOwner = packageOf(target);
      if (targetOwner !== undefined && targetOwner !== owner) crossings.push(`${relative(root, file)} -> ${specifier}`);
      continue;
    }
    const target = workspacePackages.find((p) => specifier === p.name || specifier.startsWith(`${p.name}/`));
    if (target === undefined) continue;
    const subpath = specifier === target.name ? '.' : `.${specifier.slice(target.name.length)}`;
    if (!target.exports.has(subpath)) crossings.push(`${relative(root, file)} -> ${specifier}`);
  }
  graph.set(file, edges);
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function circles(): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(relative(root, member));
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) out.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return out;
}

describe('the workspace architecture', () => {
  it('reads the sources it checks', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(workspacePackages.map((p) => p.name)).toContain('@mithril/sdk');
  });

  it('has no import circle', () => {
    expect(circles()).toEqual([]);
  });

  it('imports other packages only through their exports', () => {
    expect(crossings).toEqual([]);
  });

  it(`keeps every source file at most ${MAX_LINES} lines`, () => {
    const long = files
      .map((file) => ({ file: relative(root, file), lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > MAX_LINES);
    expect(long).toEqual([]);
  });
});

describe('the checker itself', () => {
  it('finds every form of import', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      "export { c } from './c.js';",
      "export * from './d.js';",
      "import './e.js';",
      "const f = await import('./f.js');",
      "// import { g } from './g.js';",
    ].join('\n');
    expect(specifiers(text)).toEqual(['./a.js', '../b.js', './c.js', './d.js', './e.js', './f.js']);
  });
});
