import { readFixtureJson, startFixtureServer, type FixtureServer } from '@mithril/testing';
import { createStorage } from 'unstorage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMithrilError } from '../errors.js';
import { createMithrilClient, type MithrilClient } from './client.js';

const DIR = 'aggregator-fake-2026-05';
const DEVNET_KEY = readFixtureJson<{ devnet_genesis_verification_key: { json_hex: string } }>('genesis-keys.json').devnet_genesis_verification_key
  .json_hex;
const TX_HASHES = Object.keys(readFixtureJson<Record<string, unknown>>(DIR, 'ctx-proofs.json'));
const BLOCK_HASHES = Object.keys(readFixtureJson<Record<string, unknown>>(DIR, 'cblk-proofs.json'));
const UNKNOWN = 'ce2872d64240a25d7d43fb57efacfd1d9bd20073e91e1539bd31ef3ebc16555e';

let server: FixtureServer;
let client: MithrilClient;
beforeAll(async () => {
  server = await startFixtureServer();
  client = createMithrilClient({ aggregatorEndpoint: server.url, genesisVerificationKey: DEVNET_KEY, cache: createStorage() });
});
afterAll(async () => {
  await server.close();
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('transactions and blocks-and-transactions snapshots', () => {
  it('lists and gets them as served', async () => {
    const ctx = await client.listCardanoTransactionsSnapshots();
    expect(ctx).toHaveLength(18);
    expect((await client.getCardanoTransactionsSnapshot(ctx[0]!.hash)).blockNumber).toBe(734n);
    const cbt = await client.listCardanoBlocksTransactionsSnapshots();
    expect(cbt).toHaveLength(17);
    expect((await client.getCardanoBlocksTransactionsSnapshot(cbt[0]!.hash)).blockNumberSigned).toBe(735n);
    expect(isMithrilError(await rejection(client.getCardanoTransactionsSnapshot('00'.repeat(32))), 'CLIENT_NOT_FOUND')).toBe(true);
  });
});

describe('certifying transactions and blocks', () => {
  it.each(['v1', 'v2'] as const)('certifies a known transaction with the %s backend and names an unknown one non-certified', async (backend) => {
    const result = await client.certifyCardanoTransactions({ transactionHashes: [TX_HASHES[0]!, UNKNOWN], backend });
    expect(result.certified).toEqual([TX_HASHES[0]]);
    expect(result.nonCertified).toEqual([UNKNOWN]);
    expect(result.certificate?.signedEntityType.type).toBe(backend === 'v1' ? 'CardanoTransactions' : 'CardanoBlocksTransactions');
    expect(result.chain?.genesisHash).toBe('57c16dc2c25471a1c55d66d944eaa334a32e05f8e267860b43f4ed8d5c3a65ea');
  });

  it('certifies a block, and reports only unknown hashes as non-certified without fetching a certificate', async () => {
    const blocks = await client.certifyCardanoBlocks({ blockHashes: [BLOCK_HASHES[3]!] });
    expect(blocks.certified).toEqual([BLOCK_HASHES[3]]);
    server.resetRequests();
    const none = await client.certifyCardanoTransactions({ transactionHashes: [UNKNOWN] });
    expect(none).toEqual({ certified: [], nonCertified: [UNKNOWN] });
    expect(server.requests.some((r) => r.path.includes('/certificate/'))).toBe(false);
  });

  it('never reports a hash certified when its certificate was tampered with', async () => {
    const target = readFixtureJson<Record<string, { certificate_hash: string }>>(DIR, 'ctx-proofs.json')[TX_HASHES[0]!]!.certificate_hash;
    const certs = readFixtureJson<Record<string, { protocol_message: { message_parts: Record<string, string> } }>>(DIR, 'certificates.json');
    const forged = structuredClone(certs[target]!);
    forged.protocol_message.message_parts.latest_block_number = '733';
    const tampered = await startFixtureServer({ certificateOverrides: { [target]: JSON.stringify(forged) } });
    try {
      const other = createMithrilClient({ aggregatorEndpoint: tampered.url, genesisVerificationKey: DEVNET_KEY });
      const error = await rejection(other.certifyCardanoTransactions({ transactionHashes: [TX_HASHES[0]!] }));
      expect(isMithrilError(error)).toBe(true);
    } finally {
      await tampered.close();
    }
  });

  it('rejects bad input with PROOF_HASHES_INVALID before any request', async () => {
    server.resetRequests();
    for (const transactionHashes of [[], ['abc'], Array.from({ length: 101 }, (_, i) => i.toString(16).padStart(64, '0'))]) {
      expect(isMithrilError(await rejection(client.certifyCardanoTransactions({ transactionHashes })), 'PROOF_HASHES_INVALID')).toBe(true);
    }
    expect(isMithrilError(await rejection(client.certifyCardanoBlocks({ blockHashes: [] })), 'PROOF_HASHES_INVALID')).toBe(true);
    expect(server.requests).toHaveLength(0);
  });
});
