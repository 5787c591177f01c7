#!/usr/bin/env node
// The `mithril-signer` executable. A published package runs its build; in a checkout where the build has not run yet, the
// TypeScript sources run through tsx, so `npx mithril-signer` answers right after `npm ci`. Signals reach the child, so a
// supervisor (systemd, a test) stops the real process.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/command/bin.js', import.meta.url);
const source = new URL('../src/command/bin.ts', import.meta.url);

if (existsSync(fileURLToPath(built)) || !existsSync(fileURLToPath(source))) {
  await import(built.href);
} else {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', fileURLToPath(source), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.once('error', (error) => {
    process.stderr.write(`mithril-signer: cannot run from the sources (${error.message}); run \`npm run build\` first\n`);
    process.exitCode = 1;
  });
  child.once('exit', (code, signal) => {
    process.exitCode = code ?? (signal === null ? 1 : 128);
  });
}
