/**
 * The `mithril` command: list, show, verify and download certificates and stake distributions of an aggregator.
 * `run` is the whole program minus the process: arguments, environment and streams are injected. Each command group
 * lives in `commands/`; the artifact groups follow the SDK's artifact kind descriptors.
 */
import { isMithrilError } from '@mithril/sdk';
import { ARTIFACT_GROUPS, runArtifactCommand } from './commands/artifacts.js';
import { runCardanoDbCommand } from './commands/cardano-db.js';
import { runSnapshotCommand } from './commands/snapshot.js';
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
    const message = oneLine(error instanceof Error ? error.message : String(error));
    if (argv.includes('--json')) io.stderr.write(jsonError(USAGE_ERROR_CODE, message));
    else io.stderr.write(`mithril: ${message}\nTry 'mithril --help'.\n`);
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
    const json = values.json === true;
    if (error instanceof UsageError) {
      io.stderr.write(json ? jsonError(USAGE_ERROR_CODE, oneLine(error.message)) : `mithril: ${oneLine(error.message)}\nTry 'mithril --help'.\n`);
      return EXIT_USAGE;
    }
    const message = oneLine(error instanceof Error ? error.message : String(error));
    const code = isMithrilError(error) ? error.code : fileSystemCode(error);
    if (json) io.stderr.write(jsonError(code ?? 'CLI_UNEXPECTED_ERROR', message));
    else io.stderr.write(`mithril: error${code === undefined ? '' : ` [${code}]`}: ${message}\n`);
    return EXIT_FAILURE;
  } finally {
    await Promise.all(resources.closers.map((close) => close()));
  }
}

/** The `code` of a usage error under `--json`. */
const USAGE_ERROR_CODE = 'CLI_USAGE';

/** A failure under `--json`: one line `{"code","message"}` on stderr (stdout stays empty). */
function jsonError(code: string, message: string): string {
  return `${JSON.stringify({ code, message })}\n`;
}

/** The Node error code of a file-system failure (`ENOENT`, `EACCES`, `ENOSPC`…), shown as the error's code. */
function fileSystemCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
}

/** Command groups with their own module, by name. */
const COMMAND_GROUPS: ReadonlyMap<string, (command: string, ctx: CommandContext) => Promise<number>> = new Map([
  ['cardano-db', runCardanoDbCommand],
  ['snapshot', runSnapshotCommand],
]);

async function dispatch(values: Values, positionals: string[], io: CliIo, resources: Resources): Promise<number> {
  const [groupName, command] = positionals;
  if (groupName === undefined) throw new UsageError('missing command');
  const artifactGroup = ARTIFACT_GROUPS.find((g) => g.names.includes(groupName));
  const commandGroup = COMMAND_GROUPS.get(groupName);
  const isTransactionGroup = CARDANO_TRANSACTION_GROUP_NAMES.includes(groupName) || CARDANO_BLOCK_GROUP_NAMES.includes(groupName);
  const isTools = TOOLS_GROUP_NAMES.includes(groupName);
  const known = artifactGroup !== undefined || commandGroup !== undefined || isTools || isTransactionGroup;
  if (!known && !CERTIFICATE_GROUP_NAMES.includes(groupName)) {
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
  if (commandGroup !== undefined) return commandGroup(command, ctx);
  if (isTransactionGroup) return runCardanoTransactionCommand(groupName, command, ctx);
  if (isTools) return runToolsCommand(command, ctx);
  return artifactGroup === undefined ? runCertificateCommand(command, ctx) : runArtifactCommand(artifactGroup, groupName, command, ctx);
}
