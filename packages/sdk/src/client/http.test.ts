import { readFixtureJson } from '@mithril/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '@mithril/testing';
import { isMithrilError } from '../errors.js';
import { createMithrilClient } from './client.js';
import { API_VERSION_HEADER, CLIENT_TYPE_HEADER, compareApiVersions, createHttpTransport, MITHRIL_API_VERSION, ORIGIN_TAG_HEADER } from './http.js';

const DEVNET_KEY = readFixtureJson<{ devnet_genesis_verification_key: { json_hex: string } }>('genesis-keys.json').devnet_genesis_verification_key
  .json_hex;

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('compareApiVersions', () => {
  it('compares dotted numeric versions and gives up on anything else', () => {
    expect(compareApiVersions('0.1.68', '0.1.68')).toBe(0);
    expect(compareApiVersions('0.1.69', '0.1.68')).toBeGreaterThan(0);
    expect(compareApiVersions('0.1.9', '0.1.68')).toBeLessThan(0);
    expect(compareApiVersions('1.0', '0.9.99')).toBeGreaterThan(0);
    expect(compareApiVersions('0.1.68-beta', '0.1.68')).toBeUndefined();
  });
});

describe('HTTP transport', () => {
  it('the client version is the OpenAPI document version', async () => {
    const { loadOpenApi } = await import('@mithril/testing');
    expect(MITHRIL_API_VERSION).toBe(loadOpenApi().version);
  });

  it('sends the api version, client type and origin tag on every request', async () => {
    server.resetRequests();
    const client = createMithrilClient({ aggregatorEndpoint: `${server.url}/`, genesisVerificationKey: DEVNET_KEY, origin: 'CI' });
    await client.listCertificates();
    await client.listMithrilStakeDistributions();
    expect(server.requests.map((r) => r.path)).toEqual(['/aggregator/certificates', '/aggregator/artifact/mithril-stake-distributions']);
    for (const r of server.requests) {
      expect(r.headers[API_VERSION_HEADER]).toBe(MITHRIL_API_VERSION);
      expect(r.headers[CLIENT_TYPE_HEADER]).toBe('LIBRARY');
      expect(r.headers[ORIGIN_TAG_HEADER]).toBe('CI');
    }
    server.resetRequests();
    await createMithrilClient({ aggregatorEndpoint: server.url, genesisVerificationKey: DEVNET_KEY, clientType: 'CLI' }).listCertificates();
    expect(server.requests[0]?.headers[ORIGIN_TAG_HEADER]).toBeUndefined();
    expect(server.requests[0]?.headers[CLIENT_TYPE_HEADER]).toBe('CLI');
  });

  it('warns once (logger and event) when the server is newer, never when it is older, and never fails', async () => {
    for (const [version, expectedWarnings] of [
      ['0.2.0', 1],
      ['0.1.1', 0],
      ['garbage', 0],
    ] as const) {
      const s = await startFixtureServer({ apiVersion: version });
      try {
        const warnings: string[] = [];
        const events: unknown[] = [];
        const client = createMithrilClient({
          aggregatorEndpoint: s.url,
          genesisVerificationKey: DEVNET_KEY,
          logger: { warn: (m) => warnings.push(m) },
        });
        client.events.on('ServerApiVersionNewer', (e) => events.push(e));
        await client.listCertificates();
        await client.listCardanoStakeDistributions();
        expect(warnings).toHaveLength(expectedWarnings);
        expect(events).toEqual(expectedWarnings === 1 ? [{ serverVersion: version, clientVersion: MITHRIL_API_VERSION }] : []);
      } finally {
        await s.close();
      }
    }
  });

  it('maps statuses and failures to stable codes', async () => {
    const notFound = await rejection(createHttpTransport({ aggregatorEndpoint: server.url }).getText(`certificate/${'f'.repeat(64)}`));
    expect(isMithrilError(notFound, 'CLIENT_NOT_FOUND')).toBe(true);
    expect((notFound as { details: { status: number } }).details.status).toBe(404);

    let calls = 0;
    const failing: typeof fetch = async () => {
      calls++;
      return new Response('{"message":"database is locked"}', { status: 503, headers: { 'content-type': 'application/json' } });
    };
    const http503 = await rejection(
      createHttpTransport({ aggregatorEndpoint: 'http://aggregator.test/aggregator', fetch: failing, retry: 1 }).getText('status'),
    );
    expect(isMithrilError(http503, 'CLIENT_HTTP_ERROR')).toBe(true);
    expect((http503 as Error).message).toContain('database is locked');
    expect(calls).toBe(2);

    const closed = await startFixtureServer();
    const closedUrl = closed.url;
    await closed.close();
    const network = await rejection(createHttpTransport({ aggregatorEndpoint: closedUrl, retry: 0 }).getText('status'));
    expect(isMithrilError(network, 'CLIENT_NETWORK_ERROR')).toBe(true);

    const slow = await startFixtureServer({ delayMs: 1_000 });
    try {
      const timeout = await rejection(createHttpTransport({ aggregatorEndpoint: slow.url, timeout: 50, retry: 0 }).getText('status'));
      expect(isMithrilError(timeout, 'CLIENT_TIMEOUT')).toBe(true);
      const controller = new AbortController();
      controller.abort();
      const aborted = await rejection(createHttpTransport({ aggregatorEndpoint: slow.url }).getText('status', { signal: controller.signal }));
      expect(isMithrilError(aborted, 'CLIENT_ABORTED')).toBe(true);
    } finally {
      await slow.close();
    }
  });

  it('refuses bad options', () => {
    for (const endpoint of ['not a url', 'ftp://x/aggregator']) {
      let error: unknown;
      try {
        createHttpTransport({ aggregatorEndpoint: endpoint });
      } catch (e) {
        error = e;
      }
      expect(isMithrilError(error, 'CLIENT_INVALID_OPTIONS')).toBe(true);
    }
    let keyError: unknown;
    try {
      createMithrilClient({ aggregatorEndpoint: server.url, genesisVerificationKey: 'zz' });
    } catch (e) {
      keyError = e;
    }
    expect(isMithrilError(keyError, 'GENESIS_VERIFICATION_KEY_INVALID')).toBe(true);
  });
});
