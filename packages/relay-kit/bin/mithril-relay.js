#!/usr/bin/env node
// The `mithril-relay` executable. A published package runs its build; in a checkout where the build has not run yet, the
// TypeScript sources run through tsx, so `npx mithril-relay` answers right after `npm install`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/main.js', import.meta.url);
const source = new URL('../src/main.ts', import.meta.url);

if (existsSync(fileURLToPath(built)) || !existsSync(fileURLToPath(source))) {
  await import(built.href);
} else {
  const result = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', fileURLToPath(source), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  if (result.error !== undefined) {
    process.stderr.write(`mithril-relay: cannot run from the sources (${result.error.message}); run \`npm run build\` first\n`);
    process.exitCode = 1;
  } else {
    process.exitCode = result.status ?? 1;
  }
}
