import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const script = join(root, 'packages', 'devnet', 'src', 'main.ts');
const children: ChildProcess[] = [];
const folders: string[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function start(args: readonly string[]) {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', script, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  const listeners: (() => void)[] = [];
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const listener of [...listeners]) listener();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    /** Resolves once stdout has a line matching the pattern. */
    waitFor: (pattern: RegExp) =>
      new Promise<string>((found, reject) => {
        const check = () => {
          const line = stdout.split('\n').find((l) => pattern.test(l));
          if (line !== undefined) {
            listeners.splice(listeners.indexOf(check), 1);
            found(line);
          }
        };
        listeners.push(check);
        check();
        void exited.then((code) => reject(new Error(`devnet exited (${code}) before ${pattern}:\n${stdout}\n${stderr}`)));
      }),
  };
}

describe('npm start wording', () => {
  it('answers an unknown option with one line and exit 2, no stack trace', async () => {
    const run = start(['--bogus']);
    expect(await run.exited).toBe(2);
    const { stdout, stderr } = run.output();
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^devnet: .*--bogus.*npm start -- --help/);
  }, 60_000);

  it('suggests commands that exist in a checkout, counts certificates in the right number, and says so on Ctrl-C', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mithril-devnet-wording-'));
    folders.push(dataDir);
    const run = start(['--port', '0', '--data-dir', dataDir, '--epoch-duration', '400', '--tick', '50']);
    const chainLine = await run.waitFor(/chain of \d+ certificates? verified/);
    const { stdout } = run.output();
    const suggestions = stdout.split('\n').filter((l) => /^\s{4}\S/.test(l) && !l.includes('export '));
    expect(suggestions.length).toBeGreaterThanOrEqual(2);
    for (const line of suggestions) expect(line.trim().startsWith('npm run mithril -- ')).toBe(true);
    for (const [, count, word] of stdout.matchAll(/(\d+) (certificates?) (?:produced|verified)/g)) {
      expect(word).toBe(count === '1' ? 'certificate' : 'certificates');
    }
    // The chain length and the number produced this epoch are two figures.
    expect(chainLine).toMatch(/\| \d+ certificates? produced: /);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output().stdout).toMatch(/devnet: SIGINT received, stopping after \d+ epochs?; the chain is kept in /);
  }, 120_000);
});
