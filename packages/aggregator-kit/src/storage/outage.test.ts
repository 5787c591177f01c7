import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorage } from 'unstorage';
import redisDriver from 'unstorage/drivers/redis';
import { afterAll, describe, expect, it } from 'vitest';
import { call, createTestNetwork, signatureBody } from '@mithril/testing/test-network';
import { isMithrilError, type SignableEntityType } from '../sdk.js';
import { boundStorage } from './bounded.js';

// This test stops and restarts its Redis, so it runs its own redis-server (the shared helper may point at an external
// one): append-only persistence in a temporary folder, so that the data survives the restart.
const dir = mkdtempSync(join(tmpdir(), 'mithril-outage-'));
const port = 40_000 + Math.floor(Math.random() * 20_000);
let server: ChildProcess | undefined;

const portOpen = (): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startRedis(): Promise<void> {
  server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 200 && !(await portOpen()); i++) await pause(25);
}

async function stopRedis(): Promise<void> {
  const child = server;
  server = undefined;
  if (child === undefined || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

afterAll(async () => {
  server?.kill('SIGCONT');
  await stopRedis();
  rmSync(dir, { recursive: true, force: true });
});

describe('a Redis outage', () => {
  it('fails fast with AGGREGATOR_STORAGE_FAILED, reports it in bounded volume, and the aggregator recovers', async () => {
    await startRedis();
    const reports: { message: string; repeated: number }[] = [];
    const redisStorage = createStorage({ driver: redisDriver({ url: `redis://127.0.0.1:${port}`, base: 'outage' }) });
    const storage = boundStorage(redisStorage, {
      timeoutMs: 400,
      quietMs: 3_600_000,
      onFailure: (message, repeated) => reports.push({ message, repeated }),
    });
    const net = createTestNetwork({ k: 5n, m: 50n, phiF: 0.65 }, { storage });
    const errors: unknown[] = [];
    net.aggregator.events.on('error', ({ error }) => errors.push(error));
    const register = async () => {
      for (const s of net.signers)
        expect((await call(net.aggregator, 'POST', '/register-signer', s.registration(net.chain.epoch + 1n))).status).toBe(201);
    };
    await net.aggregator.runner.tick();
    await register();
    net.chain.advance();
    await net.aggregator.runner.tick();
    await register();

    // Frozen server: connections stay open and calls never answer (the case that used to hang requests).
    server!.kill('SIGSTOP');
    const frozen = await Promise.all(Array.from({ length: 12 }, () => call(net.aggregator, 'GET', '/status')));
    expect(frozen.map((r) => r.status)).toEqual(Array(12).fill(500));
    expect(await frozen[0]!.text()).toMatch(/storage .* did not answer within 400 ms/);
    net.chain.advance(); // the runner now has to read and write the store
    await net.aggregator.runner.tick();
    expect(errors.some((e) => isMithrilError(e, 'AGGREGATOR_STORAGE_FAILED'))).toBe(true);
    server!.kill('SIGCONT');

    // Stopped server: refused connections, reconnection attempts by the client.
    await stopRedis();
    const down = await Promise.all(
      Array.from({ length: 12 }, () => call(net.aggregator, 'POST', '/register-signer', net.signers[0]!.registration(12n))),
    );
    expect(down.every((r) => r.status === 500)).toBe(true);
    await pause(1500); // the Redis client retries meanwhile, emitting an error per attempt
    for (let i = 0; i < 5; i++) await net.aggregator.runner.tick();
    // Dozens of failures, a handful of distinct lines (one per kind of failure), each told once in the quiet period.
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.length).toBeLessThanOrEqual(8); // a few kinds (a timeout per storage method, the client errors) each told once
    expect(new Set(reports.map((r) => r.message)).size).toBe(reports.length);

    // Storage is back: the same chain continues and certifies the next epoch.
    await startRedis();
    for (let i = 0; i < 100 && (await call(net.aggregator, 'GET', '/status')).status !== 200; i++) await pause(100);
    expect(await net.aggregator.runner.tick()).toBe('signing');
    for (const type of [
      { type: 'MithrilStakeDistribution', epoch: 12n },
      { type: 'CardanoStakeDistribution', epoch: 11n },
    ] satisfies SignableEntityType[]) {
      for (const s of net.signers) {
        const body = await signatureBody(net.aggregator, net.chain, s, type);
        if (body !== undefined) expect([201, 202]).toContain((await call(net.aggregator, 'POST', '/register-signatures', body)).status);
      }
    }
    await net.aggregator.runner.tick();
    const list = (await (await call(net.aggregator, 'GET', '/certificates')).json()) as { epoch: number }[];
    expect(list.map((c) => c.epoch)).toEqual([12, 12, 11]);
    await net.aggregator.runner.stop();
    await redisStorage.dispose();
  }, 60_000);
});
