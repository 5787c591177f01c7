/**
 * The link check of the built site: every internal link of every page points at a file of the site and, when it
 * names an anchor, at an element with that id; no link leaves the site for a path of the repository (the site is
 * hosted on its own, so `../examples/…` or a `.ts` source would answer 404).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return htmlFiles(path);
    return name.endsWith('.html') ? [path] : [];
  });
}

/** The ids of a page's elements. */
function idsOf(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]!));
}

/** The file of the site a path names, as VitePress serves it (`/a/` → `/a/index.html`, `/a` → `/a.html`). */
function siteFile(siteDir: string, path: string): string | undefined {
  const candidates = path.endsWith('/') ? [join(path, 'index.html')] : [path, `${path}.html`, join(path, 'index.html')];
  return candidates.map((c) => join(siteDir, c)).find((c) => existsSync(c) && statSync(c).isFile());
}

/** Checks every link of the built site; returns one message per broken link. */
export function checkLinks(siteDir: string): { problems: string[]; pages: number; links: number } {
  const problems: string[] = [];
  const pages = htmlFiles(siteDir);
  const ids = new Map<string, Set<string>>();
  const idsFor = (file: string): Set<string> => {
    let set = ids.get(file);
    if (set === undefined) {
      set = idsOf(readFileSync(file, 'utf8'));
      ids.set(file, set);
    }
    return set;
  };
  let links = 0;
  for (const page of pages) {
    const html = readFileSync(page, 'utf8');
    const from = `/${relative(siteDir, page).split(sep).join('/')}`;
    for (const m of html.matchAll(/\shref="([^"]*)"/g)) {
      const href = m[1]!.replace(/&amp;/g, '&');
      if (/^(https?:|mailto:)/.test(href)) {
        if (/\/(blob|tree)\/[^/]+\/(examples|packages|docs)\//.test(href)) problems.push(`${from}: link to a repository file ${href}`);
        continue;
      }
      links++;
      const [rawPath, rawAnchor] = href.split('#') as [string, string | undefined];
      const path = decodeURI(rawPath.split('?')[0]!);
      const absolute =
        path === ''
          ? from
          : path.startsWith('/')
            ? path
            : `/${normalize(join(dirname(from), path))
                .split(sep)
                .join('/')}`;
      if (absolute.startsWith('/..') || /\.(ts|mts|tsx)$/.test(path)) {
        problems.push(`${from}: link leaves the site for ${href}`);
        continue;
      }
      const target = siteFile(siteDir, absolute);
      if (target === undefined) {
        problems.push(`${from}: broken link ${href}`);
        continue;
      }
      if (rawAnchor !== undefined && rawAnchor !== '' && target.endsWith('.html')) {
        const anchor = decodeURIComponent(rawAnchor);
        if (!idsFor(target).has(anchor)) problems.push(`${from}: no anchor #${anchor} in ${relative(siteDir, target)} (${href})`);
      }
    }
  }
  return { problems, pages: pages.length, links };
}
