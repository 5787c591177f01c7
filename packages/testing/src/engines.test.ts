/**
 * `engines` tells the truth: every package a published workspace package can load at run time (its dependencies and
 * its optional peers, transitively, as installed) declares a Node range that holds the oldest Node we promise.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly engines?: { readonly node?: string };
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** The folder Node would load `name` from when required inside `fromDir` (nearest `node_modules` upward). */
function installedDir(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dirname(dir) === dir) return undefined;
  }
}

const rootManifest = readManifest(root);
const promised = semver.minVersion(rootManifest.engines?.node ?? '')?.version;
const published = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter((dir) => existsSync(join(dir, 'package.json')) && readManifest(dir).private !== true);

/** Every installed package reachable from a workspace package, with the range it declares. */
function runtimeClosure(start: string): Map<string, string | undefined> {
  const seen = new Map<string, string | undefined>();
  const queue = [start];
  while (queue.length > 0) {
    const dir = queue.pop()!;
    const manifest = readManifest(dir);
    const names = [
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.optionalDependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
    ];
    for (const name of names) {
      const found = installedDir(name, dir);
      if (found === undefined) continue;
      const dependency = readManifest(found);
      const key = `${dependency.name}@${dependency.version}`;
      if (seen.has(key)) continue;
      seen.set(key, dependency.engines?.node);
      queue.push(found);
    }
  }
  return seen;
}

describe('engines', () => {
  it('promises one Node range everywhere', () => {
    expect(promised).toBe('20.19.0');
    for (const dir of published) expect(readManifest(dir).engines?.node, dir).toBe(rootManifest.engines?.node);
  });

  it('holds for every run-time dependency of every published package', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const dir of published) {
      for (const [id, range] of runtimeClosure(dir)) {
        checked++;
        if (range !== undefined && !semver.satisfies(promised!, range)) broken.push(`${id} wants node ${range}`);
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(broken).toEqual([]);
  });
});
