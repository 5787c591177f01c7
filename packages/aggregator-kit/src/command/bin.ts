/**
 * Entry point of the `mithril-aggregator` executable.
 */
import { runAggregatorCommand } from './main.js';

process.exitCode = await runAggregatorCommand(process.argv.slice(2), process.env);
// The Ogmios client keeps sockets open; a finished one-shot command exits now.
if (process.argv[2] !== 'serve') process.exit();
