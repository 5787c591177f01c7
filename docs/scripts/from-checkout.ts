/**
 * Runs the page "Before it is on the registry" (start/from-checkout.md) as a new user would, after `npm run build`:
 * packs the SDK with `npm pack --pack-destination`, installs the tarball into a fresh project in a temporary folder
 * outside the workspace, and runs the page's own `verify.mjs` sample with plain `node` against the fixture aggregator
 * (the shared fixture certificates served on loopback). The verified tip and genesis must be the fixture chain's,
 * walked here from the fixture files. Also checks that every published package's tarball carries the LICENSE.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readFixtureJson, startFixtureServer } from '@mithril/testing';
import { apiEntries } from './api.js';

interface RawCertificate {
  readonly hash: string;
  readonly previous_hash: string;
}

/** The `js` sample that follows `marker` on the page. */
function sampleAfter(page: string, marker: string): string {
  const text = readFileSync(page, 'utf8');
  const at = text.indexOf(marker);
  const open = text.indexOf('```js\n', at);
  const close = text.indexOf('\n```', open + 6);
  if (at < 0 || open < 0 || close < 0) throw new Error(`${page}: no js sample after "${marker}"`);
  return `${text.slice(open + 6, close)}\n`;
}

/** The environment of a user's shell: none of this workspace's loader flags. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env['NODE_OPTIONS'];
  for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
  return env;
}

// Asynchronous on purpose: the fixture aggregator answers from this process's event loop.
const exec = promisify(execFile);

async function npm(args: string[], cwd: string): Promise<string> {
  return (await exec('npm', args, { cwd, encoding: 'utf8', env: userEnv(), maxBuffer: 64 * 1024 * 1024 })).stdout;
}

/** Problems found; empty when the page works as written. */
export async function checkFromCheckout(repoRoot: string, docsDir: string): Promise<string[]> {
  const problems: string[] = [];
  if (!existsSync(join(repoRoot, 'packages', 'sdk', 'dist', 'index.js'))) return ['from-checkout: run `npm run build` first'];

  // Every published package's tarball carries the licence (npm only packs the package folder's own LICENSE).
  const published = [...new Set(apiEntries(repoRoot).map((e) => e.specifier.split('/').slice(0, 2).join('/')))].concat('@mithril/cli');
  const dry = JSON.parse(await npm(['pack', '--dry-run', '--json', ...published.flatMap((p) => ['-w', p])], repoRoot)) as {
    name: string;
    files: { path: string }[];
  }[];
  for (const name of published) {
    const pack = dry.find((d) => d.name === name);
    if (pack === undefined || !pack.files.some((f) => f.path === 'LICENSE')) problems.push(`from-checkout: the tarball of ${name} has no LICENSE`);
  }

  const scratch = mkdtempSync(join(tmpdir(), 'mithril-from-checkout-'));
  const server = await startFixtureServer();
  try {
    const packs = join(scratch, 'packs');
    mkdirSync(packs);
    const [packed] = JSON.parse(await npm(['pack', '-w', '@mithril/sdk', '--pack-destination', packs, '--json'], repoRoot)) as { filename: string }[];
    const tarball = join(packs, packed!.filename);

    const app = join(scratch, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), `${JSON.stringify({ name: 'my-wallet', private: true, type: 'module' }, null, 2)}\n`);
    const install = ['install', '--no-audit', '--no-fund', '--ignore-scripts', tarball];
    // The SDK's dependencies are usually in the npm cache already; the registry is the fallback.
    let source = 'the npm cache (--offline)';
    try {
      await npm([...install, '--offline'], app);
    } catch {
      source = 'the npm registry';
      await npm(install, app);
    }
    writeFileSync(join(app, 'verify.mjs'), sampleAfter(join(docsDir, 'start', 'from-checkout.md'), 'A file `verify.mjs`'));

    const resolved = (
      await exec(process.execPath, ['--input-type=module', '-e', "console.log(import.meta.resolve('@mithril/sdk'))"], {
        cwd: app,
        encoding: 'utf8',
        env: userEnv(),
      })
    ).stdout.trim();
    if (!resolved.includes('/my-wallet/') && !resolved.startsWith(`file://${join(app, 'node_modules')}`)) {
      problems.push(`from-checkout: @mithril/sdk resolves to ${resolved}, not to the installed tarball`);
    }

    const keys = readFixtureJson<{ devnet_genesis_verification_key: { json_hex: string } }>('genesis-keys.json');
    const certificates = readFixtureJson<Record<string, RawCertificate>>('aggregator-fake-2026-05', 'certificates.json');
    const tip = readFixtureJson<{ hash: string }[]>('aggregator-fake-2026-05', 'certificates-list.json')[0]!.hash;
    let genesis = certificates[tip]!;
    while (genesis.previous_hash !== '' && certificates[genesis.previous_hash] !== undefined) genesis = certificates[genesis.previous_hash]!;

    const run = await exec(process.execPath, ['verify.mjs'], {
      cwd: app,
      encoding: 'utf8',
      env: userEnv({ AGGREGATOR_ENDPOINT: server.url, GENESIS_VERIFICATION_KEY: keys.devnet_genesis_verification_key.json_hex }),
    }).then(
      ({ stdout, stderr }) => ({ status: 0, stdout, stderr }),
      (error: { code?: number; stdout?: string; stderr?: string }) => ({
        status: error.code ?? 1,
        stdout: error.stdout ?? '',
        stderr: error.stderr ?? '',
      }),
    );
    const expected = `verified ${tip} back to genesis ${genesis.hash}`;
    if (run.status !== 0 || run.stdout.trim() !== expected) {
      problems.push(`from-checkout: verify.mjs exited ${run.status} with\n${run.stdout}${run.stderr}\nexpected: ${expected}`);
    } else {
      console.log(`docs: from-checkout: packed ${packed!.filename}, installed outside the workspace from ${source}, ${expected}`);
    }
  } finally {
    await server.close();
    rmSync(scratch, { recursive: true, force: true });
  }
  return problems;
}
