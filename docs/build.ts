/**
 * Builds the docs site with VitePress (output in docs/.vitepress/dist).
 *
 *   npm run docs                                                    # check, generate, build, link-check
 *   node --conditions=source --import tsx docs/build.ts --check     # source checks only (run by examples/examples.test.ts)
 *   node --conditions=source --import tsx docs/build.ts --sync      # rewrite the samples from the examples, then build
 *
 * Checks, which fail the build:
 * - every ```ts sample equals the `// #region` of an example it names (scripts/snippets.ts);
 * - every package's error code table is complete (typecheck of error-codes.ts), no code is declared twice, and each
 *   code's `docsPath` names the page that includes the generated errors table and an anchor of that table;
 * - the API reference, generated from the TSDoc of every published export subpath, has a page per export
 *   (scripts/api.ts, scripts/api-check.ts);
 * - VitePress's dead-link check, then every link of the built site: internal targets and anchors exist, and no link
 *   leaves the site for a repository path (scripts/links.ts);
 * - after `npm run build`: start/from-checkout.md works as written, the packed SDK installed into a fresh project
 *   outside the workspace verifies the fixture chain with the page's `verify.mjs` (scripts/from-checkout.ts), and
 *   every published tarball carries the LICENSE.
 * Generated at build time, git-ignored: docs/generated/*.md (the errors table, `mithril --help`) and docs/api.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkApiPages } from './scripts/api-check.js';
import { checkFromCheckout } from './scripts/from-checkout.js';
import { apiEntries, generateApi } from './scripts/api.js';
import { anchorOf, cliHelp, errorCodes, errorTable } from './scripts/generated.js';
import { checkLinks } from './scripts/links.js';
import { checkSnippets } from './scripts/snippets.js';

const docsDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(docsDir, '..');
const siteDir = join(docsDir, '.vitepress', 'dist');
const GENERATED = ['api', 'generated', 'node_modules', '.vitepress', 'scripts'];

/** The hand-written pages, relative to docs/. */
function pagesOf(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (dir === docsDir && GENERATED.includes(name)) return [];
    if (statSync(path).isDirectory()) return pagesOf(path);
    return name.endsWith('.md') ? [relative(docsDir, path)] : [];
  });
}

function fail(problems: readonly string[]): never {
  for (const p of problems) console.error(`docs: ${p}`);
  process.exit(1);
}

const check = process.argv.includes('--check');
const sync = process.argv.includes('--sync');
const problems: string[] = [];

const pages = new Map<string, string>();
for (const page of pagesOf(docsDir)) {
  const path = join(docsDir, page);
  const text = readFileSync(path, 'utf8');
  const checked = checkSnippets(repoRoot, page, text, sync, problems);
  if (sync && checked !== text) {
    writeFileSync(path, checked);
    console.log(`synced ${page}`);
  }
  pages.set(page, checked);
}

// The generated parts, and the error codes' anchors: each docsPath is `<page>.html#<anchor>`, the page must include
// the table, whose rows carry the anchors.
mkdirSync(join(docsDir, 'generated'), { recursive: true });
const table = errorTable(repoRoot, problems);
writeFileSync(join(docsDir, 'generated', 'error-codes.md'), table);
writeFileSync(join(docsDir, 'generated', 'cli-help.md'), cliHelp(repoRoot));
const anchors = new Set<string>();
for (const { code, docsPath } of errorCodes()) {
  const [file] = docsPath.split('#');
  const page = file?.replace(/\.html$/, '.md') ?? '';
  const anchor = anchorOf(docsPath);
  if (anchors.has(anchor)) problems.push(`docs/error-codes.ts: the anchor #${anchor} of ${code} is taken by another code`);
  anchors.add(anchor);
  if (!pages.get(page)?.includes('<!--@include: ./generated/error-codes.md-->')) {
    problems.push(`docs/error-codes.ts: the docsPath ${docsPath} of ${code} names a page without the errors table`);
  } else if (!table.includes(`<span id="${anchor}"></span>`)) {
    problems.push(`docs/error-codes.ts: the docsPath ${docsPath} of ${code} names no anchor of the errors table`);
  }
}
if (problems.length > 0) fail(problems);
if (check) {
  console.log(`docs: ${pages.size} pages checked, ${anchors.size} error codes anchored`);
  process.exit(0);
}

// The API reference, one page per export of every published export subpath.
const entries = apiEntries(repoRoot);
await generateApi(repoRoot, docsDir);
const api = checkApiPages(repoRoot, join(docsDir, 'api'), entries);
if (api.problems.length > 0) fail(api.problems);
console.log(`docs: API reference of ${entries.length} entry points, ${api.exports} exports, ${api.pages} pages`);
console.log(`docs: ${api.withExample} of ${api.unique} distinct public exports have an @example in their TSDoc`);

const { build } = await import('vitepress');
await build(docsDir);

const links = checkLinks(siteDir);
for (const { code, docsPath } of errorCodes()) {
  const target = join(siteDir, docsPath.split('#')[0]!);
  if (!existsSync(target) || !readFileSync(target, 'utf8').includes(`id="${anchorOf(docsPath)}"`)) {
    links.problems.push(`the docsPath ${docsPath} of ${code} names no anchor of the built site`);
  }
}
if (links.problems.length > 0) fail(links.problems);
console.log(`docs: ${links.pages} pages, ${links.links} internal links checked, written to ${relative(process.cwd(), siteDir) || '.'}`);

// The page "Before it is on the registry", run as written: the packed SDK installed outside the workspace.
const fromCheckout = await checkFromCheckout(repoRoot, docsDir);
if (fromCheckout.length > 0) fail(fromCheckout);
