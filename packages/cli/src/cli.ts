/**
 * The `mithril` command: list, show, verify and download certificates and stake distributions of an aggregator.
 * `run` is the whole program minus the process: arguments, environment and streams are injected.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createMithrilClient,
  isMithrilError,
  parseCardanoStakeDistribution,
  parseMithrilStakeDistribution,
  type Certificate,
  type CertificateListItem,
  type MithrilClient,
  type MithrilClientOptions,
  type SignedEntityType,
  type StakeDistributionListItem,
} from '@mithril/sdk';
import { toJsonText } from './json.js';

/** Version printed by `mithril --version`. */
export const CLI_VERSION = '0.1.0';

/** Streams and environment of one run. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean | undefined };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Base of relative paths (default `process.cwd()`). */
  readonly cwd?: string;
  /** Injected `fetch` (tests). */
  readonly fetch?: typeof globalThis.fetch;
  /** Aborts the run (e.g. on SIGINT). */
  readonly signal?: AbortSignal;
}

/** Exit status of a successful run. */
export const EXIT_OK = 0;
/** Exit status when the command ran and failed (verification, HTTP, I/O); the reason is one line on stderr. */
export const EXIT_FAILURE = 1;
/** Exit status of a usage error (unknown command, missing argument or configuration). */
export const EXIT_USAGE = 2;

/** Upper bound of `--workers`. */
const MAX_WORKERS = 64;

const USAGE = `Usage: mithril [options] <command>

Commands:
  certificate list                                 list the most recent certificates
  certificate show <hash>                          show a certificate (unverified)
  certificate verify <hash>                        verify the certificate chain from <hash> to genesis
  mithril-stake-distribution list                  list Mithril stake distributions (alias: msd)
  mithril-stake-distribution download <hash>       verify then save a Mithril stake distribution
  cardano-stake-distribution list                  list Cardano stake distributions (alias: csd)
  cardano-stake-distribution download <hash|epoch> verify then save a Cardano stake distribution
                                                   (epoch: a number, latest or latest-N)

Options:
  --aggregator-endpoint <url>        aggregator endpoint  [env: AGGREGATOR_ENDPOINT]
  --genesis-verification-key <key>   genesis verification key, JSON-hex  [env: GENESIS_VERIFICATION_KEY]
  --download-dir <dir>               where downloads are written (default: current directory)
  --cache-dir <dir>                  keep a verified-certificate cache in this directory
  --origin-tag <tag>                 value of the mithril-origin-tag header
  --bls-backend <noble|mcl>          BLS implementation: noble (pure JavaScript, default) or mcl (WebAssembly,
                                     needs the mcl-wasm package)  [env: MITHRIL_BLS_BACKEND]
  --workers <n>                      verify multi-signatures on n worker threads (default 0: in this thread)
  --json                             machine-readable output on stdout
  -h, --help                         show this help
  --version                          show the version
`;

class UsageError extends Error {}

const GROUPS: Record<string, 'certificate' | 'msd' | 'csd'> = {
  certificate: 'certificate',
  cert: 'certificate',
  'mithril-stake-distribution': 'msd',
  msd: 'msd',
  'cardano-stake-distribution': 'csd',
  csd: 'csd',
};

/** A short label for a signed entity type, e.g. `CardanoStakeDistribution(24)`. */
function signedEntityLabel(t: SignedEntityType): string {
  switch (t.type) {
    case 'MithrilStakeDistribution':
    case 'CardanoStakeDistribution':
      return `${t.type}(${t.epoch})`;
    case 'CardanoDatabase':
    case 'CardanoImmutableFilesFull':
      return `${t.type}(${t.epoch}, ${t.immutableFileNumber})`;
    case 'CardanoTransactions':
      return `${t.type}(${t.epoch}, ${t.blockNumber})`;
    case 'CardanoBlocksTransactions':
      return `${t.type}(${t.epoch}, ${t.blockNumber}${t.blockNumberOffset === undefined ? '' : `, ${t.blockNumberOffset}`})`;
    default:
      return t.name;
  }
}

function certificateLines(c: Certificate): string {
  const p = c.metadata.parameters;
  const lines = [
    ['Hash', c.hash],
    ['Previous hash', c.previousHash === '' ? '(none: genesis)' : c.previousHash],
    ['Epoch', String(c.epoch)],
    ['Signed entity type', signedEntityLabel(c.signedEntityType)],
    ['Kind', c.genesisSignature !== '' ? 'genesis' : 'standard'],
    ['Network', c.metadata.network],
    ['Protocol parameters', `k=${p.k} m=${p.m} phi_f=${p.phiF}`],
    ['Signers', String(c.metadata.signers.length)],
    ['Initiated at', c.metadata.initiatedAt.text],
    ['Sealed at', c.metadata.sealedAt.text],
    ['Signed message', c.signedMessage],
    ...Object.entries(c.protocolMessage.parts).map(([k, v]) => [`  ${k}`, v.length > 80 ? `${v.slice(0, 77)}...` : v]),
  ];
  const width = Math.max(...lines.map(([k]) => (k as string).length));
  return lines.map(([k, v]) => `${(k as string).padEnd(width)}  ${v}`).join('\n');
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Runs the `mithril` command.
 *
 * @param argv - arguments after the program name
 * @param io - streams, environment, cwd, fetch, signal
 * @returns the exit status: 0 on success, 1 on a failure (one-line reason on stderr), 2 on a usage error
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

/** What a command opened and must release when it ends (worker threads). */
interface Resources {
  readonly closers: (() => Promise<void>)[];
}

function parseArguments(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      'aggregator-endpoint': { type: 'string' },
      'genesis-verification-key': { type: 'string' },
      'download-dir': { type: 'string' },
      'cache-dir': { type: 'string' },
      'origin-tag': { type: 'string' },
      'bls-backend': { type: 'string' },
      workers: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
    },
  });
}

type Values = ReturnType<typeof parseArguments>['values'];

/** The multi-signature verification options of the client: backend, Node hashing, optional worker threads. */
async function verificationOptions(values: Values, io: CliIo, resources: Resources): Promise<Partial<MithrilClientOptions>> {
  const backendName = (values['bls-backend'] ?? io.env.MITHRIL_BLS_BACKEND ?? 'noble').trim().toLowerCase();
  if (backendName !== 'noble' && backendName !== 'mcl') throw new UsageError(`--bls-backend must be noble or mcl, got ${backendName}`);
  const workersText = values.workers ?? '0';
  const workers = /^\d{1,3}$/.test(workersText) ? Number(workersText) : Number.NaN;
  // More threads than this only adds start-up time and memory: a multi-signature splits into a few slices at most.
  if (!(workers <= MAX_WORKERS)) throw new UsageError(`--workers must be a whole number from 0 to ${MAX_WORKERS}, got ${workersText}`);
  const node = await import('@mithril/sdk/node');
  if (workers > 0) {
    const pool = node.createVerificationWorkerPool({ size: workers, backend: backendName });
    resources.closers.push(() => pool.close());
    return { verifyMultiSignature: node.createWorkerMultiSignatureVerifier(pool) };
  }
  if (backendName === 'noble') return { lotteryHasher: node.nodeLotteryHasher };
  const { createMclBackend } = await import('@mithril/sdk/bls-mcl');
  let blsBackend;
  try {
    blsBackend = await createMclBackend();
  } catch (error) {
    throw new UsageError(`--bls-backend mcl needs the mcl-wasm package (${error instanceof Error ? error.message : String(error)})`);
  }
  return { lotteryHasher: node.nodeLotteryHasher, blsBackend };
}

async function makeClient(values: Values, io: CliIo, needsGenesisKey: boolean, resources: Resources): Promise<MithrilClient> {
  const endpoint = values['aggregator-endpoint'] ?? io.env.AGGREGATOR_ENDPOINT;
  if (endpoint === undefined || endpoint === '') {
    throw new UsageError('missing aggregator endpoint: pass --aggregator-endpoint or set AGGREGATOR_ENDPOINT');
  }
  const genesisKey = values['genesis-verification-key'] ?? io.env.GENESIS_VERIFICATION_KEY;
  const hasGenesisKey = genesisKey !== undefined && genesisKey.trim() !== '';
  if (needsGenesisKey && !hasGenesisKey) {
    throw new UsageError('missing genesis verification key: pass --genesis-verification-key or set GENESIS_VERIFICATION_KEY');
  }
  let cache: Parameters<typeof createMithrilClient>[0]['cache'];
  const cacheDir = values['cache-dir'];
  if (cacheDir !== undefined) {
    const { createStorage } = await import('unstorage');
    const { default: fsLiteDriver } = await import('unstorage/drivers/fs-lite');
    cache = createStorage({ driver: fsLiteDriver({ base: resolve(io.cwd ?? process.cwd(), cacheDir) }) });
  }
  const verification = await verificationOptions(values, io, resources);
  return createMithrilClient({
    ...verification,
    aggregatorEndpoint: endpoint,
    ...(hasGenesisKey && { genesisVerificationKey: genesisKey.trim() }),
    clientType: 'CLI',
    logger: { warn: (message) => io.stderr.write(`mithril: warning: ${oneLine(message)}\n`) },
    ...(values['origin-tag'] !== undefined && { origin: values['origin-tag'] }),
    ...(cache !== undefined && { cache }),
    ...(io.fetch !== undefined && { fetch: io.fetch }),
    ...(io.signal !== undefined && { signal: io.signal }),
  });
}

function progress(client: MithrilClient, io: CliIo): () => void {
  if (io.stderr.isTTY !== true) return () => undefined;
  let validated = 0;
  let cached = 0;
  const render = (): void => {
    io.stderr.write(`\rVerifying certificate chain: ${validated} verified, ${cached} from cache`);
  };
  const onValidated = (): void => {
    validated++;
    render();
  };
  const onCached = (): void => {
    cached++;
    render();
  };
  client.events.on('CertificateValidated', onValidated);
  client.events.on('CertificateFetchedFromCache', onCached);
  return () => {
    client.events.off('CertificateValidated', onValidated);
    client.events.off('CertificateFetchedFromCache', onCached);
    if (validated + cached > 0) io.stderr.write('\n');
  };
}

function requireArg(positionals: string[], index: number, what: string): string {
  const value = positionals[index];
  if (value === undefined) throw new UsageError(`missing ${what}`);
  if (positionals.length > index + 1) throw new UsageError(`unexpected argument ${positionals[index + 1]}`);
  return value;
}

function noMoreArgs(positionals: string[], count: number): void {
  if (positionals.length > count) throw new UsageError(`unexpected argument ${positionals[count]}`);
}

function listRows(items: readonly StakeDistributionListItem[]): string[][] {
  return [
    ['EPOCH', 'HASH', 'CERTIFICATE HASH', 'CREATED AT'],
    ...items.map((i) => [String(i.epoch), i.hash, i.certificateHash, i.createdAt.text]),
  ];
}

async function dispatch(values: Values, positionals: string[], io: CliIo, resources: Resources): Promise<number> {
  const [groupName, command] = positionals;
  if (groupName === undefined) throw new UsageError('missing command');
  const group = GROUPS[groupName];
  if (group === undefined) throw new UsageError(`unknown command ${groupName}`);
  if (command === undefined) throw new UsageError(`missing subcommand for ${groupName}`);
  const json = values.json === true;
  const out = (text: string): void => {
    io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  };

  if (group === 'certificate') {
    if (command === 'list') {
      noMoreArgs(positionals, 2);
      const client = await makeClient(values, io, false, resources);
      const items: CertificateListItem[] = await client.listCertificates();
      if (json) out(toJsonText(items));
      else {
        out(
          table([
            ['EPOCH', 'HASH', 'SIGNED ENTITY TYPE', 'SEALED AT'],
            ...items.map((c) => [String(c.epoch), c.hash, signedEntityLabel(c.signedEntityType), c.metadata.sealedAt.text]),
          ]),
        );
      }
      return EXIT_OK;
    }
    if (command === 'show') {
      const hash = requireArg(positionals, 2, 'certificate hash');
      const client = await makeClient(values, io, false, resources);
      const certificate = await client.getCertificate(hash);
      out(json ? toJsonText(certificate) : certificateLines(certificate));
      return EXIT_OK;
    }
    if (command === 'verify') {
      const hash = requireArg(positionals, 2, 'certificate hash');
      const client = await makeClient(values, io, true, resources);
      const done = progress(client, io);
      let result;
      try {
        result = await client.verifyCertificateChain({ hash });
      } finally {
        done();
      }
      if (json) {
        out(
          toJsonText({
            certificate_hash: hash,
            verified: true,
            epoch: result.certificate.epoch,
            signed_entity_type: signedEntityLabel(result.certificate.signedEntityType),
            genesis_hash: result.genesisHash,
            validated: result.validated,
            from_cache: result.fromCache,
          }),
        );
      } else {
        out(
          `Certificate chain of ${hash} is valid: ${result.validated.length} certificate(s) verified, ` +
            `${result.fromCache.length} from cache, down to genesis ${result.genesisHash}`,
        );
      }
      return EXIT_OK;
    }
    throw new UsageError(`unknown subcommand certificate ${command}`);
  }

  if (command === 'list') {
    noMoreArgs(positionals, 2);
    const client = await makeClient(values, io, false, resources);
    const items = group === 'msd' ? await client.listMithrilStakeDistributions() : await client.listCardanoStakeDistributions();
    out(json ? toJsonText(items) : table(listRows(items)));
    return EXIT_OK;
  }
  if (command !== 'download') throw new UsageError(`unknown subcommand ${groupName} ${command}`);

  const target = requireArg(positionals, 2, group === 'msd' ? 'artifact hash' : 'artifact hash or epoch');
  const client = await makeClient(values, io, true, resources);
  const dir = resolve(io.cwd ?? process.cwd(), values['download-dir'] ?? '.');
  let path: string;
  let summary: { hash: string; epoch: bigint; certificateHash: string };
  const done = progress(client, io);
  try {
    if (group === 'msd') {
      if (!/^[0-9a-f]{64}$/.test(target)) throw new UsageError(`expected a 64-character hex hash, got ${target}`);
      const text = await client.http.getText(`artifact/mithril-stake-distribution/${target}`);
      const artifact = parseMithrilStakeDistribution(text);
      await client.verifyMithrilStakeDistribution({ artifact });
      summary = artifact;
      path = join(dir, `${artifact.hash}.json`);
      await mkdir(dir, { recursive: true });
      await writeFile(path, text);
    } else {
      let route: string;
      if (/^[0-9a-f]{64}$/.test(target)) route = `artifact/cardano-stake-distribution/${target}`;
      else if (/^(\d+|latest(-\d+)?)$/i.test(target)) route = `artifact/cardano-stake-distribution/epoch/${target.toLowerCase()}`;
      else throw new UsageError(`expected a 64-character hex hash, an epoch, latest or latest-N, got ${target}`);
      const text = await client.http.getText(route);
      const artifact = parseCardanoStakeDistribution(text);
      await client.verifyCardanoStakeDistribution({ artifact });
      summary = artifact;
      path = join(dir, `${artifact.hash}.json`);
      await mkdir(dir, { recursive: true });
      await writeFile(path, text);
    }
  } finally {
    done();
  }
  const kind = group === 'msd' ? 'Mithril stake distribution' : 'Cardano stake distribution';
  if (json) {
    out(
      toJsonText({
        hash: summary.hash,
        epoch: summary.epoch,
        certificate_hash: summary.certificateHash,
        verified: true,
        path,
      }),
    );
  } else {
    out(`${kind} ${summary.hash} (epoch ${summary.epoch}) verified against certificate ${summary.certificateHash}; written to ${path}`);
  }
  return EXIT_OK;
}
