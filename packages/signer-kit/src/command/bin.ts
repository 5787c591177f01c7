/**
 * Entry point of the `mithril-signer` executable.
 */
import { runSignerCommand } from './main.js';

process.exitCode = await runSignerCommand(process.argv.slice(2), process.env);
// Sockets of a one-shot command (doctor, an early error) must not keep the process alive.
process.exit();
