#!/usr/bin/env node
// Checks every published workspace package as a user would receive it, after `npm run build`: publint on the packed
// files, and are-the-types-wrong on every export entry (ESM-only packages: the CommonJS resolutions are not ours).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
let failed = 0;

for (const name of readdirSync(join(root, 'packages')).sort()) {
  const dir = join(root, 'packages', name);
  if (!existsSync(join(dir, 'package.json'))) continue;
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (manifest.private === true) continue;
  const checks = [[bin('publint'), ['--strict']]];
  if (manifest.exports !== undefined) checks.push([bin('attw'), ['--pack', '.', '--profile', 'esm-only', '--format', 'table-flipped']]);
  for (const [command, args] of checks) {
    const result = spawnSync(command, args, { cwd: dir, encoding: 'utf8' });
    const ok = result.status === 0;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${manifest.name}: ${command.split('/').pop()}`);
    if (!ok) {
      failed++;
      process.stdout.write(result.stdout);
      process.stderr.write(result.stderr);
    }
  }
}
process.exitCode = failed === 0 ? 0 : 1;
