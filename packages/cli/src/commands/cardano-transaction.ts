/**
 * `mithril cardano-transaction snapshot list | show <hash|latest>`, `mithril cardano-transaction certify <hash>...`
 * (alias `ctx`, `--backend v1|v2`) and their blocks counterpart `mithril cardano-block …` (alias `cb`), with the
 * reference client's verbs.
 */
import type { CardanoBlocksTransactionsSnapshot, CardanoTransactionsSnapshot, CertifyHashesResult, MithrilClient } from '@mithril/sdk';
import { makeClient, progress, type CommandContext } from '../context.js';
import { table } from '../format.js';
import { toJsonText, wireKeys } from '../json.js';
import { EXIT_OK, noMoreArgs, requireArg, UsageError } from '../usage.js';
import { checkTarget } from './target.js';

/** Names of the transactions command group. */
export const CARDANO_TRANSACTION_GROUP_NAMES: readonly string[] = ['cardano-transaction', 'ctx'];
/** Names of the blocks command group. */
export const CARDANO_BLOCK_GROUP_NAMES: readonly string[] = ['cardano-block', 'cb'];

type Snapshot = CardanoTransactionsSnapshot | CardanoBlocksTransactionsSnapshot;

function snapshotRows(items: readonly Snapshot[]): string[][] {
  return [
    ['EPOCH', 'BLOCK NUMBER', 'HASH', 'MERKLE ROOT', 'CREATED AT'],
    ...items.map((s) => [String(s.epoch), String('blockNumber' in s ? s.blockNumber : s.blockNumberSigned), s.hash, s.merkleRoot, s.createdAt]),
  ];
}

function snapshotLines(s: Snapshot): string {
  const lines: [string, string][] = [
    ['Hash', s.hash],
    ['Epoch', String(s.epoch)],
    ...('blockNumber' in s
      ? ([['Block number', String(s.blockNumber)]] as [string, string][])
      : ([
          ['Block number signed', String(s.blockNumberSigned)],
          ['Block number tip', String(s.blockNumberTip)],
        ] as [string, string][])),
    ['Merkle root', s.merkleRoot],
    ['Certificate hash', s.certificateHash],
    ['Created at', s.createdAt],
  ];
  const width = Math.max(...lines.map(([k]) => k.length));
  return lines.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}

/** The hashes of `certify`: every positional after the subcommand, each possibly a comma-separated list. */
function hashArguments(positionals: string[], what: string): string[] {
  const hashes = positionals.slice(2).flatMap((p) => p.split(',').filter((h) => h !== ''));
  if (hashes.length === 0) throw new UsageError(`missing ${what} hash`);
  return hashes;
}

function certifyOutput(ctx: CommandContext, result: CertifyHashesResult, noun: 'transactions' | 'blocks'): void {
  if (ctx.json) {
    ctx.out(
      toJsonText({
        certificate_hash: result.certificate?.hash ?? null,
        merkle_root: result.proofs?.merkleRoot ?? null,
        latest_block_number: result.proofs?.latestBlockNumber ?? null,
        [`certified_${noun}`]: result.certified,
        [`non_certified_${noun}`]: result.nonCertified,
      }),
    );
    return;
  }
  if (result.certificate !== undefined) {
    ctx.out(`Certificate chain of ${result.certificate.hash} is valid; the proofs match its signed message.`);
  }
  ctx.out(`Certified ${noun} (${result.certified.length}):`);
  for (const hash of result.certified) ctx.out(`  ${hash}`);
  ctx.out(`Non-certified ${noun} (${result.nonCertified.length}):`);
  for (const hash of result.nonCertified) ctx.out(`  ${hash}`);
}

async function snapshotCommand(ctx: CommandContext, client: () => Promise<MithrilClient>, blocks: boolean): Promise<number> {
  const { positionals, json, out } = ctx;
  const verb = positionals[2];
  if (verb === 'list') {
    noMoreArgs(positionals, 3);
    const c = await client();
    const items = blocks ? await c.listCardanoBlocksTransactionsSnapshots() : await c.listCardanoTransactionsSnapshots();
    out(json ? toJsonText(wireKeys(items)) : table(snapshotRows(items)));
    return EXIT_OK;
  }
  if (verb === 'show') {
    const hash = checkTarget(requireArg(positionals, 3, 'snapshot hash (or latest)'), 'hash', true);
    const c = await client();
    let id = hash;
    if (hash === 'latest') {
      const items = blocks ? await c.listCardanoBlocksTransactionsSnapshots() : await c.listCardanoTransactionsSnapshots();
      if (items[0] === undefined) throw new UsageError('the aggregator has no snapshot yet');
      id = items[0].hash;
    }
    const snapshot = blocks ? await c.getCardanoBlocksTransactionsSnapshot(id) : await c.getCardanoTransactionsSnapshot(id);
    out(json ? toJsonText(wireKeys(snapshot)) : snapshotLines(snapshot));
    return EXIT_OK;
  }
  throw new UsageError(verb === undefined ? 'missing snapshot subcommand (list or show)' : `unknown subcommand snapshot ${verb}`);
}

/**
 * Runs a `cardano-transaction` or `cardano-block` subcommand.
 *
 * @param groupName - the group name as typed (`cardano-transaction`, `ctx`, `cardano-block`, `cb`)
 * @param command - `snapshot` or `certify`
 * @param ctx - the command context
 * @returns {@link EXIT_OK}, also when some hashes are not certified (they are listed)
 * @throws {UsageError} on an unknown subcommand or bad arguments
 */
export async function runCardanoTransactionCommand(groupName: string, command: string, ctx: CommandContext): Promise<number> {
  const { values, positionals, io, resources } = ctx;
  const blocks = CARDANO_BLOCK_GROUP_NAMES.includes(groupName);
  if (command === 'snapshot') return snapshotCommand(ctx, () => makeClient(values, io, false, resources), blocks);
  if (command !== 'certify') throw new UsageError(`unknown subcommand ${groupName} ${command}`);
  const backend = values.backend ?? 'v1';
  if (backend !== 'v1' && backend !== 'v2') throw new UsageError(`--backend must be v1 or v2, got ${backend}`);
  if (blocks && values.backend !== undefined) throw new UsageError('--backend applies to cardano-transaction certify only');
  const hashes = hashArguments(positionals, blocks ? 'block' : 'transaction');
  const client = await makeClient(values, io, true, resources);
  const done = progress(client, io);
  let result: CertifyHashesResult;
  try {
    result = blocks
      ? await client.certifyCardanoBlocks({ blockHashes: hashes })
      : await client.certifyCardanoTransactions({ transactionHashes: hashes, backend });
  } finally {
    done();
  }
  certifyOutput(ctx, result, blocks ? 'blocks' : 'transactions');
  return EXIT_OK;
}
