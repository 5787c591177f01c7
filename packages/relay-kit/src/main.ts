/**
 * Entry point of the `mithril-relay` executable.
 */
import { startRelayCommand } from './cli.js';

const started = await startRelayCommand(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
if ('code' in started) {
  process.exitCode = started.code;
} else {
  const stop = (): void => {
    void started.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
