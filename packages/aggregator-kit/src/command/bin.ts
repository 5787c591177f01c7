/**
 * Entry point of the `mithril-aggregator` executable.
 */
import { runAggregatorCommand } from './main.js';

process.exitCode = await runAggregatorCommand(process.argv.slice(2), process.env);
// The Ogmios client keeps its socket open: a finished command (serve included, once stopped) exits now.
process.exit();
