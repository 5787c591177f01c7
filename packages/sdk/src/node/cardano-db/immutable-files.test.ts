import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { isMithrilError } from '../../errors.js';
import {
  findImmutableFolder,
  listCompletedImmutableFiles,
  listImmutableFiles,
  readLastCompletedImmutableFileNumber,
  selectImmutableFilesUpTo,
} from './immutable-files.js';

// The reference's listing tests (immutable_file.rs, cardano_immutable_digester.rs), reproduced on temporary folders.
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function makeDb(names: readonly string[], immutableSubdir = 'immutable'): string {
  const db = mkdtempSync(join(tmpdir(), 'cdb-list-'));
  dirs.push(db);
  const folder = join(db, immutableSubdir);
  mkdirSync(folder, { recursive: true });
  for (const name of names) writeFileSync(join(folder, name), `This is a test file named '${name}'`);
  return db;
}

const trio = (n: string): string[] => [`${n}.chunk`, `${n}.primary`, `${n}.secondary`];
const names = async (db: string, completed = false): Promise<string[]> =>
  (await (completed ? listCompletedImmutableFiles(db) : listImmutableFiles(db))).map((f) => f.fileName);

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (e) {
    return isMithrilError<string>(e) ? e.code : `untyped: ${String(e)}`;
  }
  return 'no error';
}

const unordered = [...trio('123'), ...trio('125'), ...trio('0124'), ...trio('223'), ...trio('0423'), ...trio('0424'), ...trio('21')];

describe('listImmutableFiles (reference table)', () => {
  it('lists every file, the last number included, ordered by number then name', async () => {
    const files = await listImmutableFiles(makeDb(unordered));
    expect(files).toHaveLength(21);
    expect(files.at(-1)!.number).toBe(424n);
    expect(files.map((f) => f.fileName).slice(0, 6)).toEqual([...trio('21'), ...trio('123')]);
  });

  it('skips the last trio for the completed files', async () => {
    const files = await listCompletedImmutableFiles(makeDb(unordered));
    expect(files).toHaveLength(18);
    expect(files.at(-1)!.number).toBe(423n);
  });

  it('orders deterministically: numbers ascending, chunk < primary < secondary', async () => {
    const entries = ['21', '123', '124', '125', '223', '423', '424'].flatMap(trio);
    expect(await names(makeDb([...entries].reverse()), true)).toEqual(entries.slice(0, -3));
  });

  it('orders files of equal number by name (0124 before 124)', async () => {
    expect(await names(makeDb(['124.chunk', '0124.chunk', '00124.primary', '125.chunk']))).toEqual([
      '00124.primary',
      '0124.chunk',
      '124.chunk',
      '125.chunk',
    ]);
  });

  it('works in an empty folder', async () => {
    expect(await listCompletedImmutableFiles(makeDb([]))).toEqual([]);
  });

  it('ignores every name the reference ignores', async () => {
    const ignored = ['README.md', '124.secondary.back', '00001.chunk.bak', '00001.bak', '.chunk', '00002', '00002.', '00002.CHUNK', '00002.chunks'];
    const db = makeDb([...trio('123'), ...trio('124'), ...ignored]);
    mkdirSync(join(db, 'immutable', '00009.chunk'));
    symlinkSync(join(db, 'immutable', '123.chunk'), join(db, 'immutable', '00010.chunk'));
    expect(await names(db, true)).toEqual(trio('123'));
    expect(await names(db)).toEqual([...trio('123'), ...trio('124')]);
  });

  it('lists incomplete trios as they are', async () => {
    const entries = ['21.chunk', '21.primary', '21.secondary', '123.chunk', '123.secondary', '124.chunk', '124.primary'];
    const more = ['125.primary', '125.secondary', '223.chunk', '224.primary', '225.secondary', '226.chunk'];
    expect(await names(makeDb([...entries, ...more]), true)).toEqual([...entries, ...more].slice(0, -1));
  });

  it('excludes ledger and volatile files, and finds the immutable folder at any depth', async () => {
    const db = makeDb(trio('00000'), 'one/two/immutable');
    mkdirSync(join(db, 'ledger'));
    writeFileSync(join(db, 'ledger', '00007.chunk'), 'ledger');
    mkdirSync(join(db, 'volatile'));
    writeFileSync(join(db, 'volatile', '00008.chunk'), 'volatile');
    expect(await findImmutableFolder(db)).toBe(join(db, 'one/two/immutable'));
    expect(await names(db)).toEqual(trio('00000'));
    expect(await names(join(db, 'one/two/immutable'))).toEqual(trio('00000'));
  });

  it('parses stems as Rust does (leading zeros, a plus sign)', async () => {
    const files = await listImmutableFiles(makeDb(['+7.chunk', '00000000000000000008.chunk']));
    expect(files.map((f) => f.number)).toEqual([7n, 8n]);
  });
});

describe('listing errors', () => {
  it('fails without an immutable folder, or on a missing database folder', async () => {
    const db = makeDb([], 'not-immutable');
    expect(await codeOf(() => listImmutableFiles(db))).toBe('CARDANO_DB_IMMUTABLE_FOLDER_MISSING');
    expect(await codeOf(() => listImmutableFiles(join(db, 'missing')))).toBe('CARDANO_DB_IMMUTABLE_FOLDER_MISSING');
  });

  it('fails on an immutable extension whose stem is not a u64', async () => {
    for (const name of ['abc.chunk', 'x.1.primary', '-1.secondary', '+.chunk', '18446744073709551616.chunk']) {
      expect(await codeOf(() => listImmutableFiles(makeDb([name])))).toBe('CARDANO_DB_INVALID_IMMUTABLE_FILE_NAME');
    }
    expect((await listImmutableFiles(makeDb(['18446744073709551615.chunk'])))[0]!.number).toBe(2n ** 64n - 1n);
  });

  it('has no completed immutable file with a single trio or none', async () => {
    expect(await codeOf(() => readLastCompletedImmutableFileNumber(makeDb(trio('00000'))))).toBe('CARDANO_DB_NOT_ENOUGH_IMMUTABLE');
    expect(await codeOf(() => readLastCompletedImmutableFileNumber(makeDb(['README.md'])))).toBe('CARDANO_DB_NOT_ENOUGH_IMMUTABLE');
    expect(await readLastCompletedImmutableFileNumber(makeDb([...trio('00000'), ...trio('00001'), ...trio('00004')]))).toBe(1n);
  });
});

describe('selectImmutableFilesUpTo (list_immutable_files_to_process)', () => {
  const files = async (ns: readonly number[]) => listImmutableFiles(makeDb(ns.flatMap((n) => trio(String(n).padStart(5, '0')))));

  it('fails when no file is in the folder', async () => {
    const db = makeDb([]);
    let error: unknown;
    try {
      selectImmutableFilesUpTo(await listImmutableFiles(db), 1n, db);
    } catch (e) {
      error = e;
    }
    expect(isMithrilError<string>(error, 'CARDANO_DB_NOT_ENOUGH_IMMUTABLE') && error.details).toEqual({ expected: 1n, found: null });
  });

  it('accepts the uncompleted trio when the beacon names it', async () => {
    expect(selectImmutableFilesUpTo(await files([1]), 1n, 'db').map((f) => f.fileName)).toEqual(trio('00001'));
  });

  it('fails with the highest number found when the beacon is beyond it', async () => {
    let error: unknown;
    try {
      selectImmutableFilesUpTo(await files([1, 2, 3, 4, 5, 6]), 10n, 'db');
    } catch (e) {
      error = e;
    }
    expect(isMithrilError<string>(error, 'CARDANO_DB_NOT_ENOUGH_IMMUTABLE') && error.details).toEqual({ expected: 10n, found: 6n });
    expect(String((error as Error).message)).toContain('up to 6, 10 asked');
  });

  it('ignores the files beyond the beacon', async () => {
    expect(selectImmutableFilesUpTo(await files([0, 1, 2, 3]), 1n, 'db').map((f) => f.number)).toEqual([0n, 0n, 0n, 1n, 1n, 1n]);
  });
});
