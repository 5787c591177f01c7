import { build } from 'esbuild';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcDir = dirname(fileURLToPath(import.meta.url));
// Folders allowed to do I/O with Node built-ins; everything else is the pure core.
const NODE_ONLY = new Set(['node']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return NODE_ONLY.has(name) && dir === srcDir ? [] : sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the pure core', () => {
  it('imports nothing from node: built-ins', () => {
    const offenders = sourceFiles(srcDir).filter((file) =>
      /(?:from\s+|import\s*\(\s*)['"](?:node:|fs['"]|path['"]|crypto['"])/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders.map((f) => relative(srcDir, f))).toEqual([]);
  });

  it('bundles for the browser with no Node built-ins', async () => {
    const result = await build({
      entryPoints: [join(srcDir, 'index.ts')],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      logLevel: 'silent',
      metafile: true,
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.includes('@noble/curves'))).toBe(true);
    expect(inputs.filter((p) => p.startsWith('node:'))).toEqual([]);
    expect(result.outputFiles[0]!.text.length).toBeGreaterThan(10_000);
  });
});
