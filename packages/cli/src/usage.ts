/**
 * The usage text of the `mithril` command, its usage error, and the positional-argument checks every command uses.
 */

/** Exit status of a successful run. */
export const EXIT_OK = 0;
/** Exit status when the command ran and failed (verification, HTTP, I/O); the reason is one line on stderr. */
export const EXIT_FAILURE = 1;
/** Exit status of a usage error (unknown command, missing argument or configuration). */
export const EXIT_USAGE = 2;

/** Printed by `mithril --help`. */
export const USAGE = `Usage: mithril [options] <command>

Commands:
  certificate list                                 list the most recent certificates
  certificate show <hash>                          show a certificate (unverified)
  certificate verify <hash>                        verify the certificate chain from <hash> to genesis
  mithril-stake-distribution list                  list Mithril stake distributions (alias: msd)
  mithril-stake-distribution download <hash|latest> verify then save a Mithril stake distribution
  cardano-stake-distribution list                  list Cardano stake distributions (alias: csd)
  cardano-stake-distribution download <hash|epoch> verify then save a Cardano stake distribution
                                                   (epoch: a number, latest or latest-N)
  cardano-db snapshot list                         list Cardano database snapshots
  cardano-db snapshot show <hash|latest>           show a Cardano database snapshot (unverified)
  cardano-db download <hash|latest>                download, unpack and verify into <download-dir>/db
                                                   [--start N --end M] [--include-ancillary
                                                   --ancillary-verification-key K] [--allow-override]
  cardano-db verify <hash|latest> --db-dir <dir>   verify a local database against a certified snapshot
  snapshot list | show <digest|latest>             legacy full snapshots (v1)
  snapshot download <digest|latest>                download and verify a legacy snapshot into <download-dir>/db
  cardano-transaction snapshot list                list Cardano transactions snapshots (alias: ctx)
  cardano-transaction snapshot show <hash|latest>  show a Cardano transactions snapshot
  cardano-transaction certify <hash>...            certify transactions (hashes space- or comma-separated;
                                                   --backend v1 (default) or v2); prints the certified and
                                                   non-certified hashes
  cardano-block snapshot list                      list blocks-and-transactions snapshots (alias: cb)
  cardano-block snapshot show <hash|latest>        show a blocks-and-transactions snapshot
  cardano-block certify <hash>...                  certify blocks by hash
  tools cardano-db digest <db-dir>                 digests, Merkle root (and with --network and --epoch the
                                                   legacy snapshot digest) of a local node database, up to
                                                   --immutable N (default: the newest completed immutable file)

Options:
  --aggregator-endpoint <url>        aggregator endpoint  [env: AGGREGATOR_ENDPOINT]
  --genesis-verification-key <key>   genesis verification key, JSON-hex  [env: GENESIS_VERIFICATION_KEY]
  --download-dir <dir>               where downloads are written (default: current directory)
  --db-dir <dir>                     database folder checked by cardano-db verify
  --start <n>, --end <n>             immutable file range of cardano-db download and verify
  --include-ancillary                also restore the ledger state and last immutable files (signed by the
                                     aggregator operator key, not by Mithril)
  --ancillary-verification-key <k>   key of the ancillary manifest  [env: ANCILLARY_VERIFICATION_KEY]
  --allow-override                   overwrite an existing database in the download folder
  --cache-dir <dir>                  keep a verified-certificate cache in this directory
  --origin-tag <tag>                 value of the mithril-origin-tag header
  --bls-backend <noble|mcl>          BLS implementation: noble (pure JavaScript, default) or mcl (WebAssembly,
                                     needs the mcl-wasm package)  [env: MITHRIL_BLS_BACKEND]
  --workers <n>                      verify multi-signatures on n worker threads (default 0: in this thread)
  --backend <v1|v2>                  proof route of cardano-transaction certify (default v1)
  --immutable <n>                    tools cardano-db digest: last immutable file number covered
  --network <name> --epoch <e>       tools cardano-db digest: beacon of the legacy snapshot digest
  --json                             machine-readable output on stdout
  -h, --help                         show this help
  --version                          show the version
`;

/** A usage error: unknown command, missing or malformed argument or configuration (exit status 2). */
export class UsageError extends Error {}

/**
 * The positional argument at `index`, which must be the last one.
 *
 * @param positionals - the positional arguments
 * @param index - the position of the argument
 * @param what - what it is, for the error
 * @returns the argument
 * @throws {UsageError} when it is missing or followed by another argument
 */
export function requireArg(positionals: string[], index: number, what: string): string {
  const value = positionals[index];
  if (value === undefined) throw new UsageError(`missing ${what}`);
  if (positionals.length > index + 1) throw new UsageError(`unexpected argument ${positionals[index + 1]}`);
  return value;
}

/**
 * Refuses positional arguments beyond `count`.
 *
 * @param positionals - the positional arguments
 * @param count - how many are expected
 * @throws {UsageError} on an extra argument
 */
export function noMoreArgs(positionals: string[], count: number): void {
  if (positionals.length > count) throw new UsageError(`unexpected argument ${positionals[count]}`);
}

/**
 * Collapses whitespace so that a message fits on one line of stderr.
 *
 * @param text - the message
 * @returns the message on one line
 */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
