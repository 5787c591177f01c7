import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Environment variable that points the tests at another copy of the shared fixtures. */
export const FIXTURES_ENV = 'MITHRIL_FIXTURES_DIR';

const workspaceRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Folder of the shared reference fixtures: `$MITHRIL_FIXTURES_DIR` when set, else `../shared/fixtures`
 * beside the checkout. The fixtures are read in place and never copied into the project.
 */
export function fixturesDir(): string {
  const fromEnv = process.env[FIXTURES_ENV];
  return fromEnv !== undefined && fromEnv !== '' ? resolve(fromEnv) : resolve(workspaceRoot, '..', 'shared', 'fixtures');
}

/** Absolute path of a file inside the fixtures folder. */
export function fixturePath(...parts: string[]): string {
  return join(fixturesDir(), ...parts);
}

/** Text of a fixture file. */
export function readFixtureText(...parts: string[]): string {
  return readFileSync(fixturePath(...parts), 'utf8');
}

/** A fixture file parsed with `JSON.parse` (only for files whose numbers fit in a double). */
export function readFixtureJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readFixtureText(...parts)) as T;
}
