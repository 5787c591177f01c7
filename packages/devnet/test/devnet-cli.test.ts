import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { genesisVerificationKeyFromSecret } from '@mithril/sdk';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const script = join(root, 'packages', 'devnet', 'src', 'main.ts');
const children: ChildProcess[] = [];

interface Run {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first stdout line matching `pattern`. */
  waitFor(pattern: RegExp): Promise<string>;
  exited: Promise<number | null>;
}

function startDevnet(args: string[]): Run {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', script, '--port', '0', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  let buffer = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    for (let newline = buffer.indexOf('\n'); newline >= 0; newline = buffer.indexOf('\n')) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return {
    child,
    lines,
    exited,
    waitFor: (pattern) =>
      new Promise((resolvePromise, reject) => {
        const found = lines.find((l) => pattern.test(l));
        if (found !== undefined) return resolvePromise(found);
        waiters.push({ pattern, resolve: resolvePromise });
        void exited.then((code) => reject(new Error(`devnet exited (${code}) before ${pattern}:\n${lines.join('\n')}\n${stderr}`)));
      }),
  };
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('npm start (@mithril/devnet)', () => {
  it('prints the URL and genesis key, certifies every epoch, survives a kill -9 mid-epoch and exits 0 after --epochs', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mithril-devnet-cli-'));
    try {
      const first = startDevnet(['--data-dir', dataDir, '--epoch-duration', '3000', '--tick', '150']);
      const url = await first.waitFor(/^\s+aggregator:\s+http:\/\/127\.0\.0\.1:\d+\/aggregator$/);
      const key = await first.waitFor(/^\s+genesis verification key:\s+5b[0-9a-f]+$/);
      const endpoint = url.trim().split(/\s+/)[1]!;
      const epoch3 = await first.waitFor(/^. epoch 3 \|/);
      expect(epoch3.startsWith('✓')).toBe(true);
      expect(epoch3).toContain('MithrilStakeDistribution-3');
      expect(epoch3).toContain('CardanoStakeDistribution-2');
      const genesis = /genesis ([0-9a-f]{12})…/.exec(epoch3)?.[1];
      expect(genesis).toMatch(/^[0-9a-f]{12}$/);
      // The aggregator answers real HTTP with the reference version header.
      const status = await fetch(`${endpoint}/epoch-settings`);
      expect(status.status).toBe(200);
      expect(status.headers.get('mithril-api-version')).toMatch(/^\d+\.\d+\.\d+$/);
      // Kill -9 in the middle of epoch 4.
      await new Promise((done) => setTimeout(done, 1200));
      first.child.kill('SIGKILL');
      await first.exited;

      const second = startDevnet(['--data-dir', dataDir, '--epoch-duration', '3000', '--tick', '150', '--epochs', '2']);
      expect((await second.waitFor(/genesis verification key/)).trim()).toBe(key.trim());
      const code = await second.exited;
      const summaries = second.lines.filter((l) => /^. epoch \d+ \|/.test(l));
      expect(summaries).toHaveLength(2);
      expect(code).toBe(0);
      for (const [i, line] of summaries.entries()) {
        const epoch = 4 + i;
        expect(line.startsWith('✓')).toBe(true);
        expect(line).toContain(`MithrilStakeDistribution-${epoch}`);
        expect(line).toContain(`CardanoStakeDistribution-${epoch - 1}`);
        expect(line).toContain(`genesis ${genesis}…`);
        expect(line).toContain(`artifacts verified: MithrilStakeDistribution-${epoch}, CardanoStakeDistribution-${epoch - 1}`);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('continues the chain of a data folder written before the devnet moved to its own package', async () => {
    // One file per storage key, as the unstorage fs driver writes them: the layout every existing .data/devnet has.
    const folder = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'data', 'devnet-folder-v0.json'), 'utf8')) as {
      files: Record<string, string>;
    };
    const state = JSON.parse(folder.files['devnet/state']!) as { genesisSecretKey: string; epoch: string };
    const genesisHash = (JSON.parse(folder.files['aggregator/mithril-aggregator/genesis']!) as { hash: string }).hash;
    const dataDir = mkdtempSync(join(tmpdir(), 'mithril-devnet-v0-'));
    try {
      for (const [path, text] of Object.entries(folder.files)) {
        mkdirSync(dirname(join(dataDir, path)), { recursive: true });
        writeFileSync(join(dataDir, path), text);
      }
      const run = startDevnet(['--data-dir', dataDir, '--epoch-duration', '3000', '--tick', '150', '--epochs', '2']);
      const key = await run.waitFor(/genesis verification key/);
      expect(key.trim().split(/\s+/).at(-1)).toBe(genesisVerificationKeyFromSecret(state.genesisSecretKey));
      expect(await run.waitFor(/starting at epoch/)).toContain(`starting at epoch ${state.epoch}`);
      const code = await run.exited;
      const summaries = run.lines.filter((l) => /^. epoch \d+ \|/.test(l));
      expect(summaries).toHaveLength(2);
      expect(code).toBe(0);
      for (const [i, line] of summaries.entries()) {
        const epoch = Number(state.epoch) + i;
        expect(line.startsWith('✓')).toBe(true);
        expect(line).toContain(`MithrilStakeDistribution-${epoch}`);
        expect(line).toContain(`CardanoStakeDistribution-${epoch - 1}`);
        expect(line).toContain(`genesis ${genesisHash.slice(0, 12)}…`);
        expect(line).toContain(`artifacts verified: MithrilStakeDistribution-${epoch}, CardanoStakeDistribution-${epoch - 1}`);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('--relay: the signers reach the aggregator only through the signer relay, and every epoch after genesis certifies', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mithril-devnet-relay-'));
    try {
      const run = startDevnet(['--relay', '--data-dir', dataDir, '--epoch-duration', '1500', '--tick', '150', '--epochs', '4']);
      const relayLine = await run.waitFor(/signer relay:/);
      expect(relayLine).toMatch(/http:\/\/127\.0\.0\.1:\d+ \(the signers reach the aggregator only through it\)/);
      const code = await run.exited;
      const summaries = run.lines.filter((l) => /^. epoch \d+ \|/.test(l));
      expect(summaries).toHaveLength(4);
      expect(code).toBe(0);
      for (const epoch of [3, 4]) {
        const line = summaries[epoch - 1]!;
        expect(line.startsWith('✓')).toBe(true);
        expect(line).toContain(`MithrilStakeDistribution-${epoch}`);
        expect(line).toContain('signers: alice, bob, carol');
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
