/**
 * The `mithril` command: list, show, verify and download certificates and stake distributions of an aggregator.
 * `run` is the whole program minus the process: arguments, environment and streams are injected. Each command group
 * lives in `commands/`; the artifact groups follow the SDK's artifact kind descriptors.
 */
import { isMithrilError } from '@mithril/sdk';
import { ARTIFACT_GROUPS, runArtifactCommand } from './commands/artifacts.js';
import { CERTIFICATE_GROUP_NAMES, runCertificateCommand } from './commands/certificate.js';
import { CARDANO_BLOCK_GROUP_NAMES, CARDANO_TRANSACTION_GROUP_NAMES, runCardanoTransactionCommand } from './commands/cardano-transaction.js';
import { runToolsCommand, TOOLS_GROUP_NAMES } from './commands/tools.js';
import { parseArguments, type CliIo, type CommandContext, type Resources, type Values } from './context.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, oneLine, USAGE, UsageError } from './usage.js';

export type { CliIo } from './context.js';
export { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './usage.js';

/** Version printed by `mithril --version`. */
const CLI_VERSION = '0.1.0';

/**
 * Runs the `mithril` command.
 *
 * @param argv - arguments after the program name
 * @param io - streams, environment, cwd, fetch, signal
 * @returns the exit status: 0 on success, 1 on a failure (one-line reason on stderr), 2 on a usage error
 * @example
 * process.exitCode = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env });
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseArguments>;
  try {
    parsed = parseArguments(argv);
  } catch (error) {
    io.stderr.write(`mithril: ${oneLine(error instanceof Error ? error.message : String(error))}\n`);
    io.stderr.write("Try 'mithril --help'.\n");
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  if (values.version === true) {
    io.stdout.write(`mithril ${CLI_VERSION}\n`);
    return EXIT_OK;
  }
  const resources: Resources = { closers: [] };
  try {
    return await dispatch(values, positionals, io, resources);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`mithril: ${oneLine(error.message)}\nTry 'mithril --help'.\n`);
      return EXIT_USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    const code = isMithrilError(error) ? ` [${error.code}]` : '';
    io.stderr.write(`mithril: error${code}: ${oneLine(message)}\n`);
    return EXIT_FAILURE;
  } finally {
    await Promise.all(resources.closers.map((close) => close()));
  }
}

async function dispatch(values: Values, positionals: string[], io: CliIo, resources: Resources): Promise<number> {
  const [groupName, command] = positionals;
  if (groupName === undefined) throw new UsageError('missing command');
  const artifactGroup = ARTIFACT_GROUPS.find((g) => g.names.includes(groupName));
  const isTransactionGroup = CARDANO_TRANSACTION_GROUP_NAMES.includes(groupName) || CARDANO_BLOCK_GROUP_NAMES.includes(groupName);
  const isTools = TOOLS_GROUP_NAMES.includes(groupName);
  if (artifactGroup === undefined && !isTools && !isTransactionGroup && !CERTIFICATE_GROUP_NAMES.includes(groupName)) {
    throw new UsageError(`unknown command ${groupName}`);
  }
  if (command === undefined) throw new UsageError(`missing subcommand for ${groupName}`);
  const ctx: CommandContext = {
    values,
    positionals,
    io,
    resources,
    json: values.json === true,
    out: (text) => {
      io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
  };
  if (isTransactionGroup) return runCardanoTransactionCommand(groupName, command, ctx);
  if (isTools) return runToolsCommand(command, ctx);
  return artifactGroup === undefined ? runCertificateCommand(command, ctx) : runArtifactCommand(artifactGroup, groupName, command, ctx);
}
