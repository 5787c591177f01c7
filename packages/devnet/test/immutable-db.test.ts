import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDevnetChain, devnetPoolId } from '@mithril/sdk/devnet';
import { computeImmutableFileDigests, listImmutableFiles, readLastCompletedImmutableFileNumber, sha256File } from '@mithril/sdk/node';
import { fixturePath } from '@mithril/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { createDevnetImmutableDb } from '../src/immutable-db.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const tempDb = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'devnet-db-'));
  dirs.push(dir);
  return join(dir, 'db');
};
const chainOf = () => createDevnetChain({ stakes: new Map([[0n, new Map([[devnetPoolId('a'), 10n]])]]) });

describe('the devnet node database folder', () => {
  it('writes the trios the chain completed plus the one being written, and grows with the chain', async () => {
    const chain = chainOf();
    const db = createDevnetImmutableDb({ dbDirectory: tempDb(), chain });
    const n = await db.sync();
    expect(n).toBe(chain.timePoint().immutableFileNumber);
    expect(await readLastCompletedImmutableFileNumber(db.dbDirectory)).toBe(n);
    const files = await listImmutableFiles(db.dbDirectory);
    expect(files).toHaveLength(Number(n + 2n) * 3);
    const before = readFileSync(files[0]!.path);

    chain.advance();
    chain.addImmutableFile();
    const later = await db.sync();
    expect(later).toBeGreaterThan(n);
    expect(await readLastCompletedImmutableFileNumber(db.dbDirectory)).toBe(later);
    // Immutable files never change once written.
    expect(readFileSync(files[0]!.path)).toEqual(before);
    const { digests } = await computeImmutableFileDigests(db.dbDirectory);
    expect(digests).toHaveLength(Number(later + 1n) * 3);
  });

  it('replays the real fixture trios in a cycle', async () => {
    const chain = chainOf();
    const source = fixturePath('cardano-db');
    const db = createDevnetImmutableDb({ dbDirectory: tempDb(), chain, replayFrom: source });
    const n = await db.sync();
    expect(n).toBeGreaterThanOrEqual(4n);
    const fixtureTrios = (await listImmutableFiles(source)).length / 3;
    for (const file of await listImmutableFiles(db.dbDirectory)) {
      const replayed = `${String(file.number % BigInt(fixtureTrios)).padStart(5, '0')}.${file.fileName.split('.')[1]}`;
      expect([file.fileName, await sha256File(file.path)]).toEqual([file.fileName, await sha256File(join(source, 'immutable', replayed))]);
    }
  });
});
