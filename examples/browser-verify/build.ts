/**
 * Bundles the browser example with esbuild into dist/bundle.js (and dist/meta.json, the list of bundled inputs), or,
 * with `--serve`, also serves this folder on http://127.0.0.1:8000.
 *
 *   node --conditions=source --import tsx build.ts [--serve]
 */
import { createReadStream, existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

// #region bundle
const result = await build({
  entryPoints: [join(here, 'main.ts')],
  outfile: join(here, 'dist', 'bundle.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser', // fails on any Node built-in reaching the bundle
  target: 'es2022', // bigint, top-level await
  minify: true,
  sourcemap: true,
  metafile: true,
  // Inside this repository the workspace packages resolve to their TypeScript sources; from npm, drop this line.
  conditions: ['source'],
});
// #endregion bundle
writeFileSync(join(here, 'dist', 'meta.json'), JSON.stringify(result.metafile));
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`bundle: dist/bundle.js (${Math.round(bytes / 1024)} KiB with its source map), ${Object.keys(result.metafile.inputs).length} inputs`);

if (process.argv.includes('--serve')) {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json' };
  createServer((req, res) => {
    const path = normalize(join(here, (req.url ?? '/').split('?')[0] === '/' ? 'index.html' : (req.url ?? '').split('?')[0]!));
    if (!path.startsWith(here) || !existsSync(path)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' });
    createReadStream(path).pipe(res);
  }).listen(8000, '127.0.0.1', () => console.log('serving http://127.0.0.1:8000'));
}
