import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARTIFACT_KINDS, createMithrilClient, getArtifact, isMithrilError } from '@mithril/sdk';
import { type CardanoDbServerOptions, startCardanoDbServer } from '@mithril/testing/cardano-db-server';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAncillaryVerificationKey } from './ancillary.js';
import { downloadCardanoDatabase } from './download.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function run(serverOptions: CardanoDbServerOptions, key?: (served: string) => string | undefined) {
  const server = await startCardanoDbServer(serverOptions);
  const root = await mkdtemp(join(tmpdir(), 'cdb-ancillary-'));
  cleanups.push(
    () => server.close(),
    () => rm(root, { recursive: true, force: true }),
  );
  const client = createMithrilClient({ aggregatorEndpoint: server.aggregatorEndpoint, genesisVerificationKey: server.genesisVerificationKey });
  const snapshot = await getArtifact(client, ARTIFACT_KINDS['cardano-database'], server.snapshotHash);
  const targetDir = join(root, 'db');
  const ancillaryVerificationKey = key === undefined ? server.ancillaryVerificationKey : key(server.ancillaryVerificationKey);
  const outcome = downloadCardanoDatabase(client, snapshot, { targetDir, includeAncillary: true, ancillaryVerificationKey });
  return { server, targetDir, outcome };
}

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isMithrilError<string>(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  return 'no error';
}

describe('ancillary files', () => {
  it('adds the last trio and the ledger state once the manifest signature verifies', async () => {
    const { server, targetDir, outcome } = await run({});
    const result = await outcome;
    expect(result.includesAncillary).toBe(true);
    expect(readFileSync(join(targetDir, 'ledger', '1234', 'state'), 'utf8')).toBe('ledger state of the test snapshot');
    for (const ext of ['chunk', 'primary', 'secondary']) {
      const name = `00003.${ext}`;
      expect(readFileSync(join(targetDir, 'immutable', name)).equals(readFileSync(join(server.sourceDir, 'immutable', name)))).toBe(true);
    }
    expect(readdirSync(targetDir).filter((n) => n.startsWith('ancillary-'))).toEqual([]);
  });

  it('rejects a manifest signed with another key', async () => {
    const { targetDir, outcome } = await run({ ancillarySigningSecret: new Uint8Array(32).fill(9) });
    expect(await code(outcome)).toMatch(/^CDB_ANCILLARY_INVALID: ancillary_manifest\.json\.signature/);
    expect(existsSync(join(targetDir, 'ledger', '1234'))).toBe(false);
    expect(existsSync(join(targetDir, 'clean'))).toBe(false);
  });

  it('rejects a changed ancillary file, naming it', async () => {
    const tamper = (path: string, content: Uint8Array) => (path.startsWith('ledger/') ? Buffer.from('forged ledger state') : content);
    const { targetDir, outcome } = await run({ ancillaryTamper: tamper });
    expect(await code(outcome)).toMatch(/^CDB_ANCILLARY_INVALID: ledger\/1234\/state/);
    expect(existsSync(join(targetDir, 'immutable', '00003.chunk'))).toBe(false);
  });

  it('needs the verification key and a range ending at the beacon', async () => {
    const missing = await run({}, () => undefined);
    expect(await code(missing.outcome)).toMatch(/^CDB_INVALID_OPTIONS/);
    expect(() => parseAncillaryVerificationKey('zz')).toThrow(/ancillaryVerificationKey/);
  });
});

describe('parseAncillaryManifest', () => {
  it('refuses a manifest path that leaves the folder', async () => {
    const { parseAncillaryManifest } = await import('./ancillary.js');
    const manifest = (path: string) => JSON.stringify({ data: { [path]: 'ab'.repeat(32) }, signature: 'cd'.repeat(64) });
    expect(parseAncillaryManifest(manifest('ledger/1/state')).data.size).toBe(1);
    expect(() => parseAncillaryManifest(manifest('../outside'))).toThrow(/not a safe relative path/);
    expect(() => parseAncillaryManifest(manifest('/etc/passwd'))).toThrow(/not a safe relative path/);
  });
});
