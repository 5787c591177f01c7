import { readFixtureJson, startFixtureServer, type FixtureServer } from '@mithril/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, run } from './cli.js';

const DEVNET_KEY = readFixtureJson<{ devnet_genesis_verification_key: { json_hex: string } }>('genesis-keys.json').devnet_genesis_verification_key
  .json_hex;

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});

async function mithril(args: string[], endpoint = server.url) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t), isTTY: false },
    env: { AGGREGATOR_ENDPOINT: endpoint, GENESIS_VERIFICATION_KEY: DEVNET_KEY },
  });
  return { code, stdout, stderr };
}

/** Every object key of a parsed JSON value. */
function keys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keys);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [k, ...keys(v)]);
}

describe('--json', () => {
  it.each([
    [['certificate', 'list'], 'signed_entity_type'],
    [['certificate', 'show', readFixtureJson<{ hash: string }[]>('aggregator-fake-2026-05', 'certificates-list.json')[0]!.hash], 'previous_hash'],
    [['msd', 'list'], 'certificate_hash'],
    [['csd', 'list'], 'certificate_hash'],
    [['ctx', 'snapshot', 'list'], 'block_number'],
    [['ctx', 'snapshot', 'show', 'latest'], 'merkle_root'],
    [['cardano-block', 'snapshot', 'list'], 'certificate_hash'],
  ])('%j prints the wire spelling (snake_case) only', async (args, expected) => {
    const out = await mithril([...args, '--json']);
    expect(out.code, out.stderr).toBe(EXIT_OK);
    const all = keys(JSON.parse(out.stdout));
    expect(all).toContain(expected);
    // camelCase keys are the parsed model, not the wire (whose enum keys such as MithrilStakeDistribution stay).
    expect(all.filter((k) => /^[a-z][a-z0-9]*[A-Z]/.test(k))).toEqual([]);
  });

  it('prints a usage error as one JSON line {code, message} on stderr', async () => {
    for (const args of [
      ['certificate', 'show', 'nope', '--json'],
      ['certificate', 'list', '--bogus', '--json'],
    ]) {
      const out = await mithril(args);
      expect(out.code).toBe(EXIT_USAGE);
      expect(out.stdout).toBe('');
      expect(out.stderr.trimEnd().split('\n')).toHaveLength(1);
      const error = JSON.parse(out.stderr) as { code: string; message: string };
      expect(error.code).toBe('CLI_USAGE');
      expect(error.message.length).toBeGreaterThan(0);
    }
  });

  it('prints a failure as JSON with the stable code', async () => {
    const out = await mithril(['certificate', 'list', '--json'], `${server.url}/wrong`);
    expect(out.code).toBe(EXIT_FAILURE);
    expect(out.stdout).toBe('');
    const error = JSON.parse(out.stderr) as { code: string; message: string };
    expect(error).toMatchObject({ code: 'CLIENT_NOT_FOUND' });
    expect(error.message).toContain(`${server.url}/wrong/certificates`);
  });
});
