import { readFixtureJson, startFixtureServer, type FixtureServer } from '@mithril/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_OK, EXIT_USAGE, run } from '../cli.js';

const DIR = 'aggregator-fake-2026-05';
const DEVNET_KEY = readFixtureJson<{ devnet_genesis_verification_key: { json_hex: string } }>('genesis-keys.json').devnet_genesis_verification_key
  .json_hex;
const TXS = Object.keys(readFixtureJson<Record<string, unknown>>(DIR, 'ctx-proofs.json'));
const BLOCKS = Object.keys(readFixtureJson<Record<string, unknown>>(DIR, 'cblk-proofs.json'));
const UNKNOWN = 'ce2872d64240a25d7d43fb57efacfd1d9bd20073e91e1539bd31ef3ebc16555e';
const ctxList = readFixtureJson<{ hash: string; block_number: number }[]>(DIR, 'ctx-snapshots-list.json');
const cbtList = readFixtureJson<{ hash: string }[]>(DIR, 'cardano-blocks-txs-snapshots-list.json');

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});

async function mithril(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t), isTTY: false },
    env: { AGGREGATOR_ENDPOINT: server.url, GENESIS_VERIFICATION_KEY: DEVNET_KEY },
  });
  return { code, stdout, stderr };
}

describe('mithril cardano-transaction', () => {
  it('snapshot list prints every served snapshot, --json with exact fields', async () => {
    const text = await mithril(['cardano-transaction', 'snapshot', 'list']);
    expect(text.code).toBe(EXIT_OK);
    for (const s of ctxList) expect(text.stdout).toContain(s.hash);
    const json = await mithril(['ctx', 'snapshot', 'list', '--json']);
    expect((JSON.parse(json.stdout) as { hash: string }[]).map((s) => s.hash)).toEqual(ctxList.map((s) => s.hash));
  });

  it('snapshot show resolves latest and shows a snapshot by hash', async () => {
    const latest = await mithril(['cardano-transaction', 'snapshot', 'show', 'latest', '--json']);
    expect(latest.code).toBe(EXIT_OK);
    expect(JSON.parse(latest.stdout)).toMatchObject({ hash: ctxList[0]!.hash, block_number: ctxList[0]!.block_number });
    const byHash = await mithril(['cardano-transaction', 'snapshot', 'show', ctxList[1]!.hash]);
    expect(byHash.stdout).toMatch(new RegExp(`^Hash +${ctxList[1]!.hash}$`, 'm'));
  });

  it.each(['v1', 'v2'])('certify (--backend %s) prints the certified and the non-certified hashes', async (backend) => {
    const out = await mithril(['cardano-transaction', 'certify', `${TXS[0]},${TXS[1]}`, UNKNOWN, '--backend', backend, '--json']);
    expect(out.code).toBe(EXIT_OK);
    const result = JSON.parse(out.stdout) as { certified_transactions: string[]; non_certified_transactions: string[] };
    // The stand-in aggregator proves one hash per answer; the others are reported as not certified, never as certified.
    expect(result.certified_transactions).toEqual([TXS[0]]);
    expect(result.non_certified_transactions).toEqual([TXS[1], UNKNOWN]);
    const text = await mithril(['cardano-transaction', 'certify', UNKNOWN]);
    expect(text.stdout).toContain('Certified transactions (0):');
    expect(text.stdout).toContain(`Non-certified transactions (1):\n  ${UNKNOWN}`);
  });

  it('rejects bad hashes with a typed error and bad usage with status 2', async () => {
    const bad = await mithril(['cardano-transaction', 'certify', 'abc']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('[PROOF_HASHES_INVALID]');
    expect((await mithril(['cardano-transaction', 'certify'])).code).toBe(EXIT_USAGE);
    expect((await mithril(['cardano-transaction', 'certify', TXS[0]!, '--backend', 'v3'])).code).toBe(EXIT_USAGE);
    expect((await mithril(['cardano-transaction', 'snapshot', 'remove'])).code).toBe(EXIT_USAGE);
  });
});

describe('mithril cardano-block', () => {
  it('snapshot list and show latest', async () => {
    const list = await mithril(['cardano-block', 'snapshot', 'list', '--json']);
    expect((JSON.parse(list.stdout) as { hash: string }[]).map((s) => s.hash)).toEqual(cbtList.map((s) => s.hash));
    const latest = await mithril(['cb', 'snapshot', 'show', 'latest']);
    expect(latest.stdout).toContain(cbtList[0]!.hash);
    expect(latest.stdout).toContain('Block number signed');
  });

  it('certify verifies a block proof end to end', async () => {
    const out = await mithril(['cardano-block', 'certify', BLOCKS[0]!, UNKNOWN]);
    expect(out.code).toBe(EXIT_OK);
    expect(out.stdout).toContain('the proofs match its signed message');
    expect(out.stdout).toContain(`Certified blocks (1):\n  ${BLOCKS[0]}`);
    expect(out.stdout).toContain(`Non-certified blocks (1):\n  ${UNKNOWN}`);
  });
});
