/**
 * The proof routes of the stand-in aggregator: `/proof/cardano-transaction`, `/proof/v2/cardano-transaction` and
 * `/proof/v2/cardano-block`, answered from `ctx-proofs.json`, `ctx-proofs-v2.json` and `cblk-proofs.json`.
 * The answer for a hash list is the stored message of the first known hash, with every requested hash it does not
 * prove listed as non-certified (the fixture holds one proof per hash); with no known hash, an empty certified set.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Most hashes one proof request may carry (the reference aggregator default).
const FIXTURE_MAX_PROOF_HASHES = 100;

type Reply = { status: number; body?: string };
type Message = Record<string, unknown>;

interface ProofRoute {
  readonly query: string;
  readonly messages: Record<string, Message>;
  /** The hashes a stored message proves. */
  readonly proven: (m: Message) => string[];
  /** The answer when no requested hash is known. */
  readonly empty: (hashes: string[]) => Message;
}

/** The proof routes of a fixture folder, by path below the aggregator root. */
export type FixtureProofRoutes = ReadonlyMap<string, ProofRoute>;

/**
 * Loads the proof fixtures of a folder.
 *
 * @param dir - the fixture folder
 * @returns the routes
 * @example
 * const routes = loadFixtureProofRoutes(fixturePath('aggregator-fake-2026-05'));
 */
export function loadFixtureProofRoutes(dir: string): FixtureProofRoutes {
  const read = (name: string): Record<string, Message> => JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, Message>;
  const v1 = read('ctx-proofs.json');
  const v2 = read('ctx-proofs-v2.json');
  const blocks = read('cblk-proofs.json');
  const first = (m: Record<string, Message>): Message => Object.values(m)[0] ?? {};
  const items = (set: unknown, key: string): string[] => ((set as { items?: Record<string, string>[] } | null)?.items ?? []).map((i) => i[key] ?? '');
  return new Map<string, ProofRoute>([
    [
      'proof/cardano-transaction',
      {
        query: 'transaction_hashes',
        messages: v1,
        proven: (m) => (m.certified_transactions as { transactions_hashes: string[] }[]).flatMap((s) => s.transactions_hashes),
        empty: (hashes) => ({ ...first(v1), certified_transactions: [], non_certified_transactions: hashes }),
      },
    ],
    [
      'proof/v2/cardano-transaction',
      {
        query: 'transaction_hashes',
        messages: v2,
        proven: (m) => items(m.certified_transactions, 'transaction_hash'),
        empty: (hashes) => ({ ...first(v2), certified_transactions: null, non_certified_transactions: hashes }),
      },
    ],
    [
      'proof/v2/cardano-block',
      {
        query: 'block_hashes',
        messages: blocks,
        proven: (m) => items(m.certified_blocks, 'block_hash'),
        empty: (hashes) => ({ ...first(blocks), certified_blocks: null, non_certified_blocks: hashes }),
      },
    ],
  ]);
}

/**
 * Answers a proof request, or `undefined` when the path is not a proof route.
 *
 * @param routes - the loaded routes
 * @param path - the path below the aggregator root, without a leading slash
 * @param search - the query string (`transaction_hashes=a,b`)
 * @returns the reply: 200 with a proof message, 400 for a bad hash list
 * @example
 * proofReply(routes, 'proof/v2/cardano-block', 'block_hashes=059016…');
 */
export function proofReply(routes: FixtureProofRoutes, path: string, search: string): Reply | undefined {
  const route = routes.get(path);
  if (route === undefined) return undefined;
  const raw = new URLSearchParams(search).get(route.query) ?? '';
  const hashes = [...new Set(raw.split(',').filter((h) => h !== ''))];
  const bad = (message: string): Reply => ({ status: 400, body: JSON.stringify({ label: 'invalid_query', message }) });
  if (hashes.length === 0) return bad(`${route.query} is empty`);
  if (hashes.length > FIXTURE_MAX_PROOF_HASHES) return bad(`more than ${FIXTURE_MAX_PROOF_HASHES} hashes`);
  if (hashes.some((h) => !/^[0-9a-fA-F]{64}$/.test(h))) return bad('a hash must have 64 hexadecimal characters');
  const known = hashes.find((h) => route.messages[h] !== undefined);
  if (known === undefined) return { status: 200, body: JSON.stringify(route.empty(hashes)) };
  const message = route.messages[known]!;
  const proven = new Set(route.proven(message));
  const nonCertifiedKey = path === 'proof/v2/cardano-block' ? 'non_certified_blocks' : 'non_certified_transactions';
  return { status: 200, body: JSON.stringify({ ...message, [nonCertifiedKey]: hashes.filter((h) => !proven.has(h)) }) };
}
