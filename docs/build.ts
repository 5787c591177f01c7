/**
 * Builds the docs site: renders the Markdown pages of this folder to HTML in docs/dist, with a navigation bar.
 *
 *   node --conditions=source --import tsx docs/build.ts            # check, then write docs/dist
 *   node --conditions=source --import tsx docs/build.ts --check    # check only (run by examples/examples.test.ts)
 *   node --conditions=source --import tsx docs/build.ts --sync     # rewrite the samples from the examples, then build
 *
 * Checks, which fail the build:
 * - every ```ts sample is preceded by `<!-- snippet: <file>#<region> -->` and equals that `// #region` of a file
 *   under examples/ (which examples/examples.test.ts runs), so samples cannot drift from tested code;
 * - links between pages point at existing pages;
 * - every package's error code table (error-codes.ts) is complete (typecheck), no code is declared twice, and each
 *   code's `docsPath` names a page and an anchor the build produces.
 * Generated at build time: `<!-- generated: error-codes -->` (the errors table, from the packages' tables, one anchor
 * per code) and
 * `<!-- generated: cli-help -->` (the output of `mithril --help`).
 *
 * The Markdown renderer is a small one for the subset these pages use: headings, paragraphs, fenced code, lists,
 * tables, block quotes, inline code, bold, italics and links (no Markdown package is installed in the workspace).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_CODE_TABLES } from './error-codes.js';

const docsDir = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(docsDir, '..');
const outDir = join(docsDir, 'dist');

/** Pages in navigation order. */
const PAGES: readonly { file: string; title: string }[] = [
  { file: 'index.md', title: 'Overview' },
  { file: 'getting-started.md', title: 'Getting started' },
  { file: 'concepts.md', title: 'Concepts' },
  { file: 'sdk.md', title: 'SDK guide' },
  { file: 'aggregator.md', title: 'Mounting the aggregator' },
  { file: 'signer.md', title: 'Running a signer' },
  { file: 'cli.md', title: 'CLI reference' },
  { file: 'performance.md', title: 'Performance' },
  { file: 'security.md', title: 'Security notes' },
];

const problems: string[] = [];

// ---------------------------------------------------------------------------------------------------------------
// Snippets

const SNIPPET = /^<!-- snippet: (\S+?)#(\S+) -->$/;

/** The lines between `// #region name` and `// #endregion` in a file, dedented. */
function region(file: string, name: string): string | undefined {
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
 * @returns the page text, rewritten when `sync` is set
 */
function checkSnippets(page: string, text: string, sync: boolean): string {
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
        const expected = region(marker[1]!, marker[2]!);
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

// ---------------------------------------------------------------------------------------------------------------
// Generated sections

/** Every error code of every package's table, with its entry, in table order. */
function errorCodes(): { code: string; area: string; meaning: string; docsPath: string; owner: string }[] {
  return ERROR_CODE_TABLES.flatMap(({ packageName, codes }) =>
    Object.entries(codes).map(([code, entry]) => ({ code, ...entry, owner: packageName })),
  );
}

/** Source files of the packages (tests excluded), to find which error classes carry each code. */
function packageSources(dir = join(repoRoot, 'packages')): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === 'testing') return [];
    if (statSync(path).isDirectory()) return packageSources(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function errorTable(): string {
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
  const sources = packageSources()
    .filter((f) => !tableFiles.some((t) => f.endsWith(t)))
    .map((f) => readFileSync(f, 'utf8'));
  for (const text of sources) for (const m of text.matchAll(/new (\w*Error)\(\s*'([A-Z0-9_]+)'/g)) add(m[2]!, m[1]!);
  for (const { code } of codes) {
    if (classes.has(code)) continue;
    for (const text of sources.filter((t) => t.includes(`'${code}'`))) {
      for (const m of text.matchAll(/new (\w*Error)\(\s*[a-z]\w*\s*,/g)) add(code, m[1]!);
    }
  }
  const rows = codes.map(({ code, area, meaning }) => {
    const mentioned = sources.some((t) => t.includes(`'${code}'`));
    const thrownAs =
      [...(classes.get(code) ?? [])]
        .sort()
        .map((c) => `\`${c}\``)
        .join(', ') || (mentioned ? 'a `MithrilError` subclass' : 'reserved, not thrown yet');
    return `| \`${code}\` | ${area} | ${thrownAs} | ${meaning} |`;
  });
  return ['| Code | Area | Thrown as | Meaning |', '|---|---|---|---|', ...rows].join('\n');
}

/** Gives each row of the generated errors table the anchor its code's `docsPath` points at. */
function withErrorAnchors(html: string): string {
  let out = html;
  for (const { code, docsPath } of errorCodes()) {
    const anchor = docsPath.split('#')[1] ?? '';
    out = out.replace(`<tr><td><code>${code}</code></td>`, `<tr id="${escapeHtml(anchor)}"><td><code>${code}</code></td>`);
  }
  return out;
}

function cliHelp(): string {
  const help = execFileSync(process.execPath, ['--conditions=source', '--import', 'tsx', 'packages/cli/src/main.ts', '--help'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return ['```text', help.trimEnd(), '```'].join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Markdown subset → HTML

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/[^a-z0-9 -]/g, '')
    .trim()
    .replace(/\s+/g, '-');
}

/** Inline markup: code spans first (their content is literal), then links, bold, italics. */
function inline(text: string, page: string): string {
  const parts = text.split(/(`[^`]+`)/);
  return parts
    .map((part) => {
      if (part.startsWith('`') && part.endsWith('`') && part.length > 1) return `<code>${escapeHtml(part.slice(1, -1))}</code>`;
      let html = escapeHtml(part);
      html = html.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label: string, href: string) => {
        let target = href;
        const local = href.match(/^([\w-]+)\.md(#[\w-]*)?$/);
        if (local !== null) {
          if (!PAGES.some((p) => p.file === `${local[1]}.md`)) problems.push(`${page}: link to unknown page ${href}`);
          target = `${local[1]}.html${local[2] ?? ''}`;
        } else if (href.startsWith('../')) {
          // Links into the repository (examples, packages) point at the files on disk, next to the docs folder.
          if (!existsSync(join(docsDir, href.split('#')[0]!))) problems.push(`${page}: link to missing file ${href}`);
          target = `../${href}`;
        }
        return `<a href="${target}">${label}</a>`;
      });
      html = html.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
      html = html.replace(/(^|[\s(])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>');
      return html;
    })
    .join('');
}

function tableRow(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

/** Renders the Markdown subset; returns the HTML and the page's first heading. */
function render(markdown: string, page: string): { html: string; title: string | undefined } {
  const lines = markdown.split('\n');
  const out: string[] = [];
  let title: string | undefined;
  let i = 0;
  const isBlockStart = (l: string): boolean => /^(#{1,4} |```|\s*[-*] |\s*\d+\. |\||> |<!--)/.test(l) || l.trim() === '';
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '' || /^<!--.*-->$/.test(line.trim())) {
      i++;
      continue;
    }
    const heading = line.match(/^(#{1,4}) (.+)$/);
    if (heading !== null) {
      const level = heading[1]!.length;
      const text = inline(heading[2]!, page);
      title ??= heading[2]!.replace(/`/g, '');
      out.push(`<h${level} id="${slug(heading[2]!)}">${text}</h${level}>`);
      i++;
      continue;
    }
    const fence = line.match(/^```(\w*)/);
    if (fence !== null) {
      const end = lines.findIndex((l, j) => j > i && l.startsWith('```'));
      const code = lines.slice(i + 1, end < 0 ? lines.length : end).join('\n');
      out.push(`<pre><code class="language-${fence[1] || 'text'}">${escapeHtml(code)}</code></pre>`);
      i = end < 0 ? lines.length : end + 1;
      continue;
    }
    if (line.startsWith('|')) {
      const rows: string[][] = [];
      while (i < lines.length && lines[i]!.startsWith('|')) rows.push(tableRow(lines[i++]!));
      const [head, , ...body] = rows;
      out.push('<table>');
      out.push(`<thead><tr>${(head ?? []).map((c) => `<th>${inline(c, page)}</th>`).join('')}</tr></thead>`);
      out.push(`<tbody>${body.map((r) => `<tr>${r.map((c) => `<td>${inline(c, page)}</td>`).join('')}</tr>`).join('\n')}</tbody>`);
      out.push('</table>');
      continue;
    }
    if (line.startsWith('> ')) {
      const quoted: string[] = [];
      while (i < lines.length && lines[i]!.startsWith('>')) quoted.push(lines[i++]!.replace(/^> ?/, ''));
      out.push(`<blockquote>${render(quoted.join('\n'), page).html}</blockquote>`);
      continue;
    }
    const item = line.match(/^(\s*)([-*]|\d+\.) (.*)$/);
    if (item !== null) {
      const ordered = /\d/.test(item[2]!);
      const items: string[] = [];
      while (i < lines.length) {
        const m = lines[i]!.match(/^\s*([-*]|\d+\.) (.*)$/);
        if (m !== null) {
          items.push(m[2]!);
        } else if (lines[i]!.startsWith('  ') && lines[i]!.trim() !== '' && items.length > 0) {
          items[items.length - 1] += ` ${lines[i]!.trim()}`;
        } else break;
        i++;
      }
      const tag = ordered ? 'ol' : 'ul';
      out.push(`<${tag}>${items.map((t) => `<li>${inline(t, page)}</li>`).join('')}</${tag}>`);
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length && (paragraph.length === 0 || !isBlockStart(lines[i]!))) paragraph.push(lines[i++]!.trim());
    out.push(`<p>${inline(paragraph.join(' '), page)}</p>`);
  }
  return { html: out.join('\n'), title };
}

const STYLE = `body{font:16px/1.55 system-ui,sans-serif;margin:0;color:#1d2330}
nav{position:fixed;top:0;left:0;bottom:0;width:14rem;padding:1.5rem 1rem;background:#f3f5f9;border-right:1px solid #dde2ea}
nav a{display:block;padding:.25rem .5rem;color:#24426b;text-decoration:none;border-radius:4px}
nav a.current{background:#dbe4f3;font-weight:600}
nav .brand{font-weight:700;margin-bottom:1rem}
main{margin-left:16rem;max-width:56rem;padding:1.5rem 2rem 4rem}
pre{background:#10161f;color:#e6edf3;padding:1rem;overflow-x:auto;border-radius:6px;font-size:.85rem}
code{font-family:ui-monospace,monospace;font-size:.9em}
p code,li code,td code{background:#eef1f6;padding:0 .2rem;border-radius:3px}
table{border-collapse:collapse;font-size:.9rem}td,th{border:1px solid #dde2ea;padding:.3rem .5rem;vertical-align:top;text-align:left}
blockquote{border-left:4px solid #dbe4f3;margin:0;padding:0 1rem}`;

function layout(page: { file: string; title: string }, body: string): string {
  const nav = PAGES.map((p) => {
    const current = p.file === page.file ? ' class="current"' : '';
    return `<a href="${p.file.replace(/\.md$/, '.html')}"${current}>${escapeHtml(p.title)}</a>`;
  }).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} · Mithril TypeScript</title>
<link rel="stylesheet" href="style.css">
</head>
<body>
<nav><div class="brand">Mithril TypeScript</div>
${nav}
</nav>
<main>
${body}
</main>
</body>
</html>
`;
}

// ---------------------------------------------------------------------------------------------------------------

const check = process.argv.includes('--check');
const sync = process.argv.includes('--sync');
const pages = new Map<string, string>();
for (const page of PAGES) {
  const path = join(docsDir, page.file);
  if (!existsSync(path)) {
    problems.push(`${page.file}: missing`);
    continue;
  }
  const text = readFileSync(path, 'utf8');
  const checked = checkSnippets(page.file, text, sync);
  if (sync && checked !== text) {
    writeFileSync(path, checked);
    console.log(`synced ${page.file}`);
  }
  pages.set(page.file, checked);
}
const table = errorTable();
const help = [...pages.values()].some((t) => t.includes('<!-- generated: cli-help -->')) ? cliHelp() : '';
const rendered = PAGES.filter((p) => pages.has(p.file)).map((page) => {
  const source = pages.get(page.file)!.replace('<!-- generated: error-codes -->', table).replace('<!-- generated: cli-help -->', help);
  return { page, html: layout(page, withErrorAnchors(render(source, page.file).html)) };
});
for (const { code, docsPath } of errorCodes()) {
  const [file, anchor] = docsPath.split('#');
  const target = rendered.find((r) => r.page.file.replace(/\.md$/, '.html') === file);
  if (target === undefined || anchor === undefined || !target.html.includes(`id="${anchor}"`)) {
    problems.push(`docs/error-codes.ts: the docsPath ${docsPath} of ${code} names no anchor of the built pages`);
  }
}

if (problems.length > 0) {
  for (const p of problems) console.error(`docs: ${p}`);
  process.exit(1);
}
if (!check) {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'style.css'), STYLE);
  for (const { page, html } of rendered) writeFileSync(join(outDir, page.file.replace(/\.md$/, '.html')), html);
  console.log(`docs: ${rendered.length} pages written to ${relative(process.cwd(), outDir) || '.'}`);
} else {
  console.log(`docs: ${rendered.length} pages checked`);
}
