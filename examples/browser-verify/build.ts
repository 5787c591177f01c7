/**
 * Bundles the browser example with esbuild into dist/bundle.js (and dist/meta.json, the list of bundled inputs), or,
 * with `--serve`, also serves this folder on http://127.0.0.1:8000. `--outdir <dir>` writes the bundle elsewhere
 * (the Chromium test builds into a scratch folder, so that it never races another build of dist/).
 *
 *   node --conditions=source --import tsx build.ts [--serve] [--outdir <dir>]
 */
import { createReadStream, existsSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const outdirFlag = process.argv.indexOf('--outdir');
const outDir = outdirFlag === -1 ? join(here, 'dist') : resolve(process.argv[outdirFlag + 1] ?? 'dist');

// #region bundle
const result = await build({
  entryPoints: [join(here, 'main.ts')],
  outfile: join(outDir, 'bundle.js'),
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
writeFileSync(join(outDir, 'meta.json'), JSON.stringify(result.metafile));
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
const jsBytes = statSync(join(outDir, 'bundle.js')).size;
console.log(
  `bundle: ${join(outDir, 'bundle.js')} (${jsBytes} bytes; ${Math.round(bytes / 1024)} KiB with its source map), ${Object.keys(result.metafile.inputs).length} inputs`,
);

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
