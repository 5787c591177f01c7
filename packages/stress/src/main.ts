/**
 * `mithril-stress`: parses the command line, runs the scenario, prints the TSV (or the JSON report) on stdout and a
 * summary on stderr. Exits 0 only when the run finished with no error.
 */
import { isMithrilError, toJsonText } from '@mithril/sdk';
import { parseStressArgs, USAGE } from './options.js';
import { reportSummary, reportTsv } from './report.js';
import { runStress } from './scenario.js';

async function main(argv: readonly string[]): Promise<number> {
  let options: ReturnType<typeof parseStressArgs>;
  try {
    options = parseStressArgs(argv);
  } catch (error) {
    if (!isMithrilError(error)) throw error;
    process.stderr.write(`mithril-stress: ${error.message} [${error.code}]\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const log = (line: string): void => void process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  try {
    const report = await runStress(options, log);
    process.stdout.write(options.json ? `${toJsonText(report)}\n` : reportTsv(report));
    process.stderr.write(reportSummary(report));
    return report.errors === 0 ? 0 : 1;
  } catch (error) {
    const code = isMithrilError(error) ? ` [${error.code}]` : '';
    process.stderr.write(`mithril-stress: ${error instanceof Error ? error.message : String(error)}${code}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
