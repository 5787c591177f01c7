#!/usr/bin/env node
// The `mithril-stress` executable. The package is private and never built: its TypeScript sources run through tsx,
// with the `source` condition so that the workspace packages resolve to their sources as well.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const result = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', entry, ...process.argv.slice(2)], { stdio: 'inherit' });
if (result.error !== undefined) {
  process.stderr.write(`mithril-stress: cannot start (${result.error.message})\n`);
  process.exitCode = 1;
} else {
  process.exitCode = result.status ?? 1;
}
