/**
 * Generates the API reference (docs/api, git-ignored) from the TSDoc of every published package: one module per
 * export subpath, one Markdown page per export (typedoc-plugin-markdown's `members` strategy), and the VitePress
 * sidebar (typedoc-vitepress-theme).
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Application, Converter, ReflectionKind, type Context } from 'typedoc';

/** One export subpath of a published package: its import specifier and its TypeScript source. */
export interface ApiEntry {
  readonly specifier: string;
  readonly source: string;
}

/** Every export subpath (but `./package.json`) of every package that is not private, with its `source` file. */
export function apiEntries(repoRoot: string): ApiEntry[] {
  const entries: ApiEntry[] = [];
  const packagesDir = join(repoRoot, 'packages');
  for (const dir of readdirSync(packagesDir).sort()) {
    const manifestPath = join(packagesDir, dir, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      name: string;
      private?: boolean;
      exports?: Record<string, string | { source?: string }>;
    };
    if (manifest.private === true || manifest.exports === undefined) continue;
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      if (typeof target === 'string' || target.source === undefined) continue;
      entries.push({
        specifier: subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`,
        source: join(packagesDir, dir, target.source),
      });
    }
  }
  return entries;
}

/** Runs TypeDoc over the entries; resolves with the number of warnings. */
export async function generateApi(repoRoot: string, docsDir: string): Promise<void> {
  const entries = apiEntries(repoRoot);
  const bySource = new Map(entries.map((e) => [e.source, e.specifier]));
  const app = await Application.bootstrapWithPlugins({
    entryPoints: entries.map((e) => e.source),
    entryPointStrategy: 'resolve',
    tsconfig: join(repoRoot, 'tsconfig.json'),
    plugin: ['typedoc-plugin-markdown', 'typedoc-vitepress-theme'],
    out: join(docsDir, 'api'),
    docsRoot: docsDir,
    outputFileStrategy: 'members',
    readme: 'none',
    entryFileName: 'index',
    excludePrivate: true,
    excludeInternal: true,
    hidePageHeader: true,
    hideBreadcrumbs: false,
    skipErrorChecking: true,
    logLevel: 'Warn',
    validation: { notExported: false, invalidLink: false, invalidPath: false, rewrittenLink: false, unusedMergeModuleWith: false },
    name: 'API reference',
  } as Parameters<typeof Application.bootstrapWithPlugins>[0]);
  // Module names are the import specifiers users write, not the source paths.
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context: Context) => {
    for (const module of context.project.getChildrenByKind(ReflectionKind.Module)) {
      const file = module.sources?.[0]?.fullFileName;
      const specifier = [...bySource.entries()].find(([source]) => file !== undefined && relative(source, file) === '')?.[1];
      if (specifier !== undefined) module.name = specifier;
    }
  });
  const project = await app.convert();
  if (project === undefined) throw new Error('typedoc: the conversion failed');
  await app.generateOutputs(project);
}
