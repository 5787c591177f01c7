import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atomicFsDriver } from '@mithril/aggregator-kit/node';
import { createStorage } from 'unstorage';
import fsDriver from 'unstorage/drivers/fs';
import { afterEach, describe, expect, it } from 'vitest';
import { DevnetStateError, loadDevnetState, saveDevnetState } from '../src/devnet-state.js';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'devnet-state-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('devnet state', () => {
  it('is created once, then loaded with the same genesis secret', async () => {
    const dir = dataDir();
    const storage = createStorage({ driver: atomicFsDriver({ base: dir }) });
    const first = await loadDevnetState(storage);
    expect(first.origin).toBe('new');
    await saveDevnetState(storage, { ...first.state, epoch: '17' });
    const again = await loadDevnetState(createStorage({ driver: atomicFsDriver({ base: dir }) }));
    expect(again).toEqual({ state: { genesisSecretKey: first.state.genesisSecretKey, epoch: '17' }, origin: 'loaded' });
    expect(readdirSync(join(dir, 'devnet')).sort()).toEqual(['genesis', 'state']);
  });

  it('loads the state an older version wrote through the plain fs driver', async () => {
    const dir = dataDir();
    const secret = 'ab'.repeat(32);
    await createStorage({ driver: fsDriver({ base: dir }) }).setItem('devnet:state', { genesisSecretKey: secret, epoch: '9' });
    expect(await loadDevnetState(createStorage({ driver: atomicFsDriver({ base: dir }) }))).toEqual({
      state: { genesisSecretKey: secret, epoch: '9' },
      origin: 'loaded',
    });
  });

  it('recovers a torn state document from the kept genesis key and the recorded epoch', async () => {
    const dir = dataDir();
    const storage = createStorage({ driver: atomicFsDriver({ base: dir }) });
    const { state } = await loadDevnetState(storage);
    await storage.setItem('aggregator:mithril-aggregator:time-point', JSON.stringify({ epoch: '23', immutableFileNumber: '0' }));
    for (const torn of ['', '{"genesisSecretKey":"ab']) {
      writeFileSync(join(dir, 'devnet', 'state'), torn);
      const recovered = await loadDevnetState(createStorage({ driver: atomicFsDriver({ base: dir }) }));
      expect(recovered).toEqual({ state: { genesisSecretKey: state.genesisSecretKey, epoch: '23' }, origin: 'recovered' });
      expect(JSON.parse(readFileSync(join(dir, 'devnet', 'state'), 'utf8'))).toEqual(recovered.state);
    }
  });

  it('refuses with one clear error when an older version tore the only copy of the genesis secret', async () => {
    const dir = dataDir();
    mkdirSync(join(dir, 'devnet'));
    writeFileSync(join(dir, 'devnet', 'state'), '');
    await expect(loadDevnetState(createStorage({ driver: atomicFsDriver({ base: dir }) }))).rejects.toThrow(DevnetStateError);
    await expect(loadDevnetState(createStorage({ driver: atomicFsDriver({ base: dir }) }))).rejects.toThrow(/--reset/);
  });
});
