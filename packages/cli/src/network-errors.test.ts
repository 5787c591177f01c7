import { createServer } from 'node:net';
import { startFixtureServer, type FixtureServer } from '@mithril/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_FAILURE, run } from './cli.js';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});

async function mithril(args: string[], endpoint: string) {
  let stderr = '';
  const code = await run(args, {
    stdout: { write: () => true },
    stderr: { write: (t: string) => (stderr += t), isTTY: false },
    env: { AGGREGATOR_ENDPOINT: endpoint },
  });
  return { code, stderr };
}

describe('network errors', () => {
  it('name the URL and the cause of an unreachable host', async () => {
    // A port that was just free and is closed again: the connection is refused.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
      });
    });
    const out = await mithril(['certificate', 'list'], `http://127.0.0.1:${port}/aggregator`);
    expect(out.code).toBe(EXIT_FAILURE);
    expect(out.stderr).toContain('[CLIENT_NETWORK_ERROR]');
    expect(out.stderr).toContain(`GET http://127.0.0.1:${port}/aggregator/certificates`);
    expect(out.stderr).toContain('ECONNREFUSED');
  });

  it('name the URL of a wrong base path', async () => {
    const endpoint = `${server.url.replace(/\/aggregator$/, '')}/wrong`;
    const out = await mithril(['certificate', 'list'], endpoint);
    expect(out.code).toBe(EXIT_FAILURE);
    expect(out.stderr).toContain('[CLIENT_NOT_FOUND]');
    expect(out.stderr).toContain(`GET ${endpoint}/certificates answered 404`);
  });

  it('name the missing certificate of a broken chain link by its URL', async () => {
    const out = await mithril(['certificate', 'show', 'e'.repeat(64)], server.url);
    expect(out.code).toBe(EXIT_FAILURE);
    expect(out.stderr).toContain(`${server.url}/certificate/${'e'.repeat(64)}`);
  });
});
