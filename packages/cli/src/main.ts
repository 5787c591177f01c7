/**
 * Entry point of the `mithril` executable.
 */
import { run } from './cli.js';
import { userDirectory } from './context.js';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort(new Error('interrupted')));

const code = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: userDirectory(process.env, process.cwd()),
  signal: controller.signal,
});
process.exitCode = code;
