/**
 * The node database folder of the devnet (nodes.md §5.1, §5.8): as the simulated chain completes immutable files, the
 * trios `00000…n` are written to `<dbDirectory>/immutable/`, plus trio `n + 1`, the one a real node is still writing
 * (so the newest completed immutable file on disk is the chain's `n`). Trios are synthetic by default; with
 * `replayFrom` their content cycles through the real immutable files of another database folder (e.g. the fixtures),
 * so signers and the aggregator digest real Cardano chunks. Synthetic chunks hold Conway blocks with a few transactions
 * each, which the aggregator and signers certify as CardanoTransactions. Files are written once and never changed, like a node's.
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DevnetChain } from '@mithril/sdk/devnet';
import { listImmutableFiles } from '@mithril/sdk/node';
import { devnetChunk } from './chunk-blocks.js';

/** Options of {@link createDevnetImmutableDb}. */
export interface DevnetImmutableDbOptions {
  /** The database folder (the one holding `immutable/`); created when missing. */
  readonly dbDirectory: string;
  /** The chain whose immutable file number the folder follows. */
  readonly chain: Pick<DevnetChain, 'timePoint'>;
  /** A database folder whose immutable trios are replayed in a cycle instead of synthetic content. */
  readonly replayFrom?: string;
}

/** A devnet node database folder that follows its chain. */
export interface DevnetImmutableDb {
  readonly dbDirectory: string;
  /**
   * Writes the trios the chain has completed since the last call, plus the one being written.
   *
   * @returns the newest completed immutable file number on disk (the chain's)
   */
  sync(): Promise<bigint>;
}

const EXTENSIONS = ['chunk', 'primary', 'secondary'] as const;

const trioName = (n: bigint, ext: string): string => `${n.toString().padStart(5, '0')}.${ext}`;

/**
 * Deterministic synthetic content: chunks hold Conway blocks with transactions (`chunk-blocks.ts`), the primary and
 * secondary indexes are filler text.
 */
function syntheticContent(n: bigint, ext: string): Uint8Array {
  if (ext === 'chunk') return devnetChunk(n);
  const line = `devnet immutable ${trioName(n, ext)}\n`;
  return new TextEncoder().encode(line.repeat(16));
}

/**
 * Creates the database folder of a devnet chain.
 *
 * @param options - folder, chain and optional replay source
 * @returns the folder handle; call `sync()` before each round of signing
 * @throws {CardanoDbError} from `sync()` when the replay folder has no immutable files
 * @example
 * const db = createDevnetImmutableDb({ dbDirectory: '.data/devnet/db', chain });
 * await db.sync(); // before the aggregator and signers tick
 */
export function createDevnetImmutableDb(options: DevnetImmutableDbOptions): DevnetImmutableDb {
  const immutableDir = join(options.dbDirectory, 'immutable');
  let written: bigint | undefined;
  let replay: Promise<{ trios: Map<string, string>[] }> | undefined;

  const replaySource = async () => {
    replay ??= (async () => {
      const files = await listImmutableFiles(options.replayFrom as string);
      const byNumber = new Map<bigint, Map<string, string>>();
      for (const f of files) {
        const trio = byNumber.get(f.number) ?? new Map<string, string>();
        trio.set(f.fileName.slice(f.fileName.lastIndexOf('.') + 1), f.path);
        byNumber.set(f.number, trio);
      }
      const trios = [...byNumber.values()].filter((t) => EXTENSIONS.every((ext) => t.has(ext)));
      if (trios.length === 0) throw new Error(`no complete immutable trio to replay in ${options.replayFrom}`);
      return { trios };
    })();
    return replay;
  };

  const contentOf = async (n: bigint, ext: string): Promise<Uint8Array> => {
    if (options.replayFrom === undefined) return syntheticContent(n, ext);
    const { trios } = await replaySource();
    return readFile(trios[Number(n % BigInt(trios.length))]!.get(ext)!);
  };

  const writeOnce = async (n: bigint, existing: ReadonlySet<string>): Promise<void> => {
    for (const ext of EXTENSIONS) {
      const name = trioName(n, ext);
      if (existing.has(name)) continue;
      // Written under a temporary name then renamed, so a reader never digests half a file.
      const path = join(immutableDir, name);
      await writeFile(`${path}.partial`, await contentOf(n, ext));
      await rename(`${path}.partial`, path);
    }
  };

  return {
    dbDirectory: options.dbDirectory,
    async sync() {
      const completed = options.chain.timePoint().immutableFileNumber;
      if (written !== undefined && written >= completed + 1n) return completed;
      await mkdir(immutableDir, { recursive: true });
      const existing = new Set(await readdir(immutableDir));
      for (let n = 0n; n <= completed + 1n; n++) await writeOnce(n, existing);
      await writeLedgerSnapshot(options.dbDirectory, completed);
      written = completed + 1n;
      return completed;
    },
  };
}

/**
 * A synthetic ledger state snapshot `ledger/<n>` (named after the newest completed immutable number): what the
 * aggregator's ancillary archive ships beside trio n + 1. Written once, under a temporary name then renamed.
 *
 * @param dbDirectory - the node database folder
 * @param n - the newest completed immutable file number
 * @returns when it is written
 * @example
 * await writeLedgerSnapshot('db', 41n);
 */
async function writeLedgerSnapshot(dbDirectory: string, n: bigint): Promise<void> {
  const ledgerDir = join(dbDirectory, 'ledger');
  await mkdir(ledgerDir, { recursive: true });
  const path = join(ledgerDir, n.toString());
  if ((await readdir(ledgerDir)).includes(n.toString())) return;
  await writeFile(`${path}.partial`, `devnet ledger state after immutable file ${n}\n`);
  await rename(`${path}.partial`, path);
}
