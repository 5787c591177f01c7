import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readChunkFileBlocks } from '@mithril/sdk/node';
import { afterEach, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const devnetScript = join(root, 'packages', 'devnet', 'src', 'main.ts');
const cliScript = join(root, 'packages', 'cli', 'src', 'main.ts');
const UNKNOWN = '0123456789abcdef'.repeat(4);
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts `npm start` and resolves with the first stdout line matching each pattern asked for. */
function startDevnet(dataDir: string) {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', devnetScript, '--port', '0', '--data-dir', dataDir, '--epoch-duration', '2000', '--tick', '150'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let buffer = '';
  const listeners = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    lines.push(...parts);
    for (const listener of listeners) listener();
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  /** Kills the devnet (it writes its data folder until it exits). */
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  const waitFor = (pattern: RegExp): Promise<string> =>
    new Promise((done, fail) => {
      const check = () => {
        const line = lines.find((l) => pattern.test(l));
        if (line === undefined) return;
        listeners.delete(check);
        done(line);
      };
      listeners.add(check);
      child.once('exit', (code) => fail(new Error(`devnet exited (${code}) before ${pattern}:\n${lines.join('\n')}\n${stderr}`)));
      check();
    });
  return { waitFor, stop };
}

/** Runs the real CLI (`npm run mithril`) as a child process. */
function mithril(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', cliScript, ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

describe('mithril cardano-transaction certify against npm start', () => {
  it('verifies a devnet transaction end to end and reports an unknown hash as not certified (text and --json)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mithril-devnet-ctx-cli-'));
    const devnet = startDevnet(dataDir);
    try {
      const url = (await devnet.waitFor(/^\s+aggregator:\s+http:\/\/127\.0\.0\.1:\d+\/aggregator$/)).trim().split(/\s+/)[1]!;
      const key = (await devnet.waitFor(/^\s+genesis verification key:\s+5b[0-9a-f]+$/)).trim().split(/\s+/).at(-1)!;
      const epoch = await devnet.waitFor(/^. epoch \d+ \|.*CardanoTransactions-\d+/);
      expect(epoch.startsWith('✓')).toBe(true);
      // A transaction of block 3 of the devnet chain (first chunk file), in the first signed block range.
      const [, , , block3] = await readChunkFileBlocks(join(dataDir, 'db', 'immutable', '00000.chunk'));
      expect(block3!.blockNumber).toBe(3n);
      const tx = block3!.transactionHashes[0]!;
      const env = { AGGREGATOR_ENDPOINT: url, GENESIS_VERIFICATION_KEY: key };

      const text = await mithril(['cardano-transaction', 'certify', tx, UNKNOWN], env);
      expect([text.code, text.stderr]).toEqual([0, '']);
      expect(text.stdout).toMatch(/Certificate chain of [0-9a-f]{64} is valid; the proofs match its signed message\./);
      expect(text.stdout).toContain(`Certified transactions (1):\n  ${tx}`);
      expect(text.stdout).toContain(`Non-certified transactions (1):\n  ${UNKNOWN}`);

      const json = await mithril(['ctx', 'certify', `${tx},${UNKNOWN}`, '--json'], env);
      expect(json.code).toBe(0);
      const result = JSON.parse(json.stdout) as Record<string, unknown>;
      expect(result['certified_transactions']).toEqual([tx]);
      expect(result['non_certified_transactions']).toEqual([UNKNOWN]);
      expect(result['certificate_hash']).toMatch(/^[0-9a-f]{64}$/);
      const snapshots = await (await fetch(`${url}/artifact/cardano-transactions`)).json();
      expect(snapshots.some((s: { certificate_hash: string }) => s.certificate_hash === result['certificate_hash'])).toBe(true);
    } finally {
      await devnet.stop();
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
    }
  }, 120_000);
});
