#!/usr/bin/env node
// The `mithril` executable. A published package runs its build; in a checkout where the build has not run yet, the
// TypeScript sources run through tsx, so `npx mithril` answers right after `npm install`. SIGINT and SIGTERM reach the
// child, so Ctrl-C or a supervisor stops the real process instead of leaving it running behind the shim.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/main.js', import.meta.url);
const source = new URL('../src/main.ts', import.meta.url);

function cannotRun(reason) {
  process.stderr.write(`mithril: cannot run from the sources (${reason}); run \`npm run build\` first\n`);
  process.exitCode = 1;
}

if (existsSync(fileURLToPath(built)) || !existsSync(fileURLToPath(source))) {
  await import(built.href);
} else {
  let loader;
  try {
    // Resolved from this file, so the command also runs from a folder outside the checkout.
    loader = import.meta.resolve('tsx');
  } catch (error) {
    loader = undefined;
    cannotRun(error instanceof Error ? error.message : String(error));
  }
  if (loader !== undefined) {
    const child = spawn(process.execPath, ['--conditions=source', '--import', loader, fileURLToPath(source), ...process.argv.slice(2)], {
      stdio: 'inherit',
    });
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
    child.once('error', (error) => cannotRun(error.message));
    child.once('exit', (code, signal) => {
      process.exitCode = code ?? (signal === null ? 1 : 128 + (constants.signals[signal] ?? 0));
    });
  }
}
