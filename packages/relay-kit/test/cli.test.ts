import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { RELAY_METRIC_NAMES } from '../src/index.js';
import { RELAY_VERSION, startRelayCommand, type RelayCommandIo } from '../src/node.js';
import { rawStatus, startLoopbackServer } from './servers.js';

function io(env: Record<string, string> = {}): RelayCommandIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, env, stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('mithril-relay', () => {
  it('runs the signer relay from the environment, logging its version first', async () => {
    const upstream = await startLoopbackServer(
      () => async () => new Response('{"epoch":9}', { status: 200, headers: { 'content-type': 'application/json' } }),
    );
    cleanups.push(() => upstream.close());
    const dir = mkdtempSync(join(tmpdir(), 'mithril-relay-cli-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const streams = io({
      SERVER_IP: '127.0.0.1',
      SERVER_PORT: '0',
      AGGREGATOR_ENDPOINT: `${upstream.origin}/aggregator`,
      DATA_STORES_DIRECTORY: dir,
    });
    const started = await startRelayCommand(['signer'], streams);
    if ('code' in started) throw new Error(streams.err.join(''));
    cleanups.push(() => started.close());
    expect(streams.out[0]).toContain(`mithril-relay ${RELAY_VERSION} starting in signer mode`);
    const response = await fetch(`${started.url}/epoch-settings`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ epoch: 9 });
    expect(streams.err).toEqual([]);
    const first = JSON.parse(streams.out[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ level: 30, name: 'mithril-relay', node_version: RELAY_VERSION, mode: 'signer' });
    expect(first['time']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const registration = await fetch(`${started.url}/register-signer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"epoch":10,"party_id":"pool1x","verification_key":"00"}',
    });
    expect(registration.status).toBe(200);
    const metrics = await fetch(`${started.url}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const values = new Map<string, number>();
    for (const line of (await metrics.text()).trimEnd().split('\n')) {
      if (line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*) (\d+)$/.exec(line);
      if (match === null) throw new Error(`not Prometheus text: ${line}`);
      values.set(match[1]!, Number(match[2]));
    }
    expect([...values.keys()].sort()).toEqual([...RELAY_METRIC_NAMES].sort());
    expect(values.get('mithril_relay_signer_registration_total_received')).toBe(1);
    expect(values.get('mithril_relay_signer_registration_total_forwarded')).toBe(1);
    expect(values.get('mithril_relay_signature_registration_total_received')).toBe(0);
    expect(values.get('mithril_relay_outbox_pending')).toBe(0);
  });

  it('runs the forward proxy from flags', async () => {
    const upstream = await startLoopbackServer(() => async () => new Response('{}', { status: 200 }));
    cleanups.push(() => upstream.close());
    const streams = io();
    const started = await startRelayCommand(
      [
        'proxy',
        '--server-ip',
        '127.0.0.1',
        '--server-port',
        '0',
        '--aggregator-endpoint',
        `${upstream.origin}/aggregator`,
        '--block-producer-addresses',
        '127.0.0.1',
      ],
      streams,
    );
    if ('code' in started) throw new Error(streams.err.join(''));
    cleanups.push(() => started.close());
    expect(streams.out[0]).toContain(`mithril-relay ${RELAY_VERSION} starting in proxy mode`);
    const port = Number(new URL(started.url).port);
    expect(await rawStatus(port, `CONNECT 127.0.0.1:${upstream.port} HTTP/1.1\r\nhost: x`)).toBe(200);
    expect(await rawStatus(port, 'CONNECT example.org:443 HTTP/1.1\r\nhost: x')).toBe(403);
    expect(streams.out.some((line) => line.includes('refused CONNECT example.org:443: 403'))).toBe(true);
  });

  it.each([
    [['signer'], {}, 2, /AGGREGATOR_ENDPOINT is required/],
    [['proxy', '--aggregator-endpoint', 'http://127.0.0.1:1/aggregator'], {}, 2, /BLOCK_PRODUCER_ADDRESSES is required/],
    [['relay'], {}, 2, /expected a mode/],
    [['signer', '--bogus'], {}, 2, /bogus/],
    [['signer'], { AGGREGATOR_ENDPOINT: 'ftp://x' }, 1, /must be a plain http\(s\) URL/],
    [['signer'], { AGGREGATOR_ENDPOINT: 'http://127.0.0.1:1', SERVER_PORT: 'x' }, 2, /SERVER_PORT expects/],
  ] as const)('%j %j exits %i with one line', async (argv, env, code, pattern) => {
    const streams = io(env);
    const started = await startRelayCommand(argv, streams);
    expect(started).toEqual({ code });
    expect(streams.err).toHaveLength(1);
    expect(streams.err[0]).toMatch(pattern);
    expect(streams.err[0]!.trim().split('\n')).toHaveLength(1);
  });

  it('exits 1 with one line when the port is taken or the data folder is unusable', async () => {
    const blocker = createServer();
    const port = await new Promise<number>((r) => blocker.listen(0, '127.0.0.1', () => r((blocker.address() as { port: number }).port)));
    cleanups.push(() => new Promise<void>((r) => blocker.close(() => r())));
    const taken = io({ SERVER_IP: '127.0.0.1', SERVER_PORT: String(port), AGGREGATOR_ENDPOINT: 'http://127.0.0.1:1/aggregator' });
    expect(await startRelayCommand(['signer'], taken)).toEqual({ code: 1 });
    expect(taken.err).toEqual(['mithril-relay: the server address is already in use (choose another with --server-port)\n']);
    const dir = mkdtempSync(join(tmpdir(), 'mithril-relay-cli-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const unusable = io({
      SERVER_IP: '127.0.0.1',
      SERVER_PORT: '0',
      AGGREGATOR_ENDPOINT: 'http://127.0.0.1:1/aggregator',
      DATA_STORES_DIRECTORY: file,
    });
    expect(await startRelayCommand(['signer'], unusable)).toEqual({ code: 1 });
    expect(unusable.err).toHaveLength(1);
    expect(unusable.err[0]).toMatch(/^mithril-relay: storage: cannot read the outbox/);
  });

  it('the executable exits non-zero with one clear line', () => {
    const bin = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'mithril-relay.js');
    const result = spawnSync(process.execPath, [bin, 'proxy', '--aggregator-endpoint', 'http://127.0.0.1:1/aggregator'], {
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '' },
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('mithril-relay: BLOCK_PRODUCER_ADDRESSES is required (--block-producer-addresses)\n');
    expect(result.stdout).toContain(`mithril-relay ${RELAY_VERSION} starting in proxy mode`);
  });
});
