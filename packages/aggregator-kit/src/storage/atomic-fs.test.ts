import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createStorage } from 'unstorage';
import fsDriver from 'unstorage/drivers/fs';
import { afterEach, describe, expect, it } from 'vitest';
import { call, certifiedNetwork } from '@mithril/testing/test-network';
import { createAggregator } from '../aggregator.js';
import { atomicFsDriver, writeFileAtomic } from './atomic-fs.js';

const dirs: string[] = [];
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'atomic-fs-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('atomic fs driver', () => {
  it('stores keys where the fs driver does and leaves no temporary file', async () => {
    const dir = folder();
    const storage = createStorage({ driver: atomicFsDriver({ base: dir }) });
    await storage.setItem('mithril-aggregator:runner-state', JSON.stringify({ state: 'idle' }));
    await storage.setItem('mithril-aggregator:runner-state', JSON.stringify({ state: 'ready', epoch: '12' }));
    expect(readFileSync(join(dir, 'mithril-aggregator', 'runner-state'), 'utf8')).toBe('{"state":"ready","epoch":"12"}');
    expect(readdirSync(join(dir, 'mithril-aggregator'))).toEqual(['runner-state']);
    expect(await createStorage({ driver: fsDriver({ base: dir }) }).getItem('mithril-aggregator:runner-state')).toEqual({
      state: 'ready',
      epoch: '12',
    });
    await expect(storage.setItem('a:..:b', '1')).rejects.toThrow(/Invalid key/);
  });

  it('hides and then removes a temporary file a kill left behind, keeping the previous document', async () => {
    const dir = folder();
    await writeFileAtomic(join(dir, 'ns', 'time-point'), '{"epoch":"11"}');
    // A kill between writing the temporary file and the rename.
    const leftover = join(dir, 'ns', '.time-point.0123456789ab.atomic-tmp');
    writeFileSync(leftover, '{"epo');
    const storage = createStorage({ driver: atomicFsDriver({ base: dir }) });
    expect(await storage.getKeys()).toEqual(['ns:time-point']);
    expect(await storage.getItem('ns:time-point')).toEqual({ epoch: '11' });
    await storage.setItem('ns:other', '1');
    expect(existsSync(leftover)).toBe(false);
  });
});

describe('documents torn by an older version', () => {
  it('read as absent with a warning, and the aggregator keeps certifying', async () => {
    const dir = folder();
    const net = await certifiedNetwork({ storage: createStorage({ driver: atomicFsDriver({ base: dir }) }) });
    await net.aggregator.runner.stop();
    // What a kill during a non-atomic write left: empty or truncated files.
    for (const [file, text] of [
      ['runner-state', ''],
      ['time-point', ''],
      ['open-message/MithrilStakeDistribution-12', '{"key":"Mith'],
      ['artifact-count/msd', ''],
      ['artifact-order/msd', '["ab'],
    ] as const) {
      const path = join(dir, 'mithril-aggregator', ...file.split('/'));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
    const corrupt: string[] = [];
    const restarted = createAggregator({ ...net.options, storage: createStorage({ driver: atomicFsDriver({ base: dir }) }) });
    restarted.events.on('corrupt-document', (e) => corrupt.push(e.key));
    const listed = await call(restarted, 'GET', '/artifact/mithril-stake-distributions');
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as unknown[]).length).toBe(1);
    expect(await restarted.runner.tick()).not.toBe('idle');
    expect(corrupt).toEqual(expect.arrayContaining(['runner-state', 'time-point', 'artifact-count:msd', 'open-message:MithrilStakeDistribution-12']));
    await net.registerAll();
    net.chain.advance();
    expect(await restarted.runner.tick()).toBe('signing');
    // The torn open message was opened again, found certified, and not certified twice.
    const certificates = (await (await call(restarted, 'GET', '/certificates')).json()) as { signed_entity_type: unknown }[];
    expect(certificates.filter((c) => JSON.stringify(c.signed_entity_type) === '{"MithrilStakeDistribution":12}')).toHaveLength(1);
    await restarted.runner.stop();
  }, 90_000);
});
