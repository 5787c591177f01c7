import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFixtureJson, readFixtureText } from './fixtures.js';
import { FIXTURE_SERVER_API_VERSION, sliceTopLevelArray, sliceTopLevelObject, startFixtureServer, type FixtureServer } from './fixture-server.js';
import { loadOpenApi } from './openapi.js';

const DIR = 'aggregator-fake-2026-05';
const certificates = readFixtureJson<Record<string, { epoch: number; genesis_signature: string }>>(DIR, 'certificates.json');
const msds = readFixtureJson<Record<string, unknown>>(DIR, 'mithril-stake-distributions.json');
const csds = readFixtureJson<Record<string, { epoch: number }>>(DIR, 'cardano-stake-distributions.json');
const cdbs = readFixtureJson<Record<string, unknown>>(DIR, 'cardano-databases.json');
const ctxs = readFixtureJson<Record<string, unknown>>(DIR, 'ctx-snapshots.json');
const cbts = readFixtureJson<Record<string, unknown>>(DIR, 'cardano-blocks-txs-snapshots.json');
const status = readFixtureJson<{ epoch: number }>(DIR, 'status.json');

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});

async function get(path: string, init?: RequestInit): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(`${server.url}${path}`, init);
  return { status: res.status, text: await res.text(), headers: res.headers };
}

describe('sliceTopLevelObject', () => {
  it('returns the exact text of every entry of certificates.json', () => {
    const text = readFixtureText(DIR, 'certificates.json');
    const slices = sliceTopLevelObject(text);
    expect([...slices.keys()]).toEqual(Object.keys(certificates));
    for (const [hash, slice] of slices) {
      expect(JSON.parse(slice)).toEqual(certificates[hash]);
      expect(text.includes(slice)).toBe(true);
    }
  });
});

describe('sliceTopLevelArray', () => {
  it('returns the exact text of every element of a list file', () => {
    const text = readFixtureText(DIR, 'cardano-databases-list.json');
    const slices = sliceTopLevelArray(text);
    expect(slices.map((x) => JSON.parse(x))).toEqual(JSON.parse(text));
    for (const slice of slices) expect(text.includes(slice)).toBe(true);
  });
});

describe('fixture server routes', () => {
  const openapi = loadOpenApi();
  const firstCsdEpoch = Math.min(...Object.values(csds).map((c) => c.epoch));
  const routes: string[] = [
    '',
    '/status',
    '/epoch-settings',
    '/certificates',
    '/certificate/genesis',
    ...Object.keys(certificates).map((h) => `/certificate/${h}`),
    '/artifact/mithril-stake-distributions',
    ...Object.keys(msds).map((h) => `/artifact/mithril-stake-distribution/${h}`),
    '/artifact/cardano-stake-distributions',
    ...Object.keys(csds).map((h) => `/artifact/cardano-stake-distribution/${h}`),
    `/artifact/cardano-stake-distribution/epoch/${firstCsdEpoch}`,
    `/artifact/cardano-stake-distribution/epoch/latest-1`,
    '/artifact/cardano-database',
    ...Object.keys(cdbs).map((h) => `/artifact/cardano-database/${h}`),
    '/artifact/cardano-database/epoch/19',
    '/artifact/cardano-transactions',
    ...Object.keys(ctxs).map((h) => `/artifact/cardano-transaction/${h}`),
    '/artifact/cardano-blocks-transactions',
    ...Object.keys(cbts).map((h) => `/artifact/cardano-blocks-transactions/${h}`),
  ];

  it('the OpenAPI document is the one of api version 0.1.68', () => {
    expect(openapi.version).toBe(FIXTURE_SERVER_API_VERSION);
  });

  it.each(routes)('GET /aggregator%s answers 200 with a body valid against the OpenAPI response schema', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('mithril-api-version')).toBe(FIXTURE_SERVER_API_VERSION);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(openapi.validateResponse('get', path === '' ? '/' : path, 200, JSON.parse(res.text))).toBeUndefined();
  });

  it('the OpenAPI validator rejects a body that breaks the schema', () => {
    const hash = Object.keys(certificates)[0] as string;
    const broken = { ...(certificates[hash] as object), unexpected_field: 1 };
    expect(openapi.validateResponse('get', `/certificate/${hash}`, 200, broken)).toBeDefined();
    const { epoch: _epoch, ...missing } = certificates[hash] as Record<string, unknown>;
    expect(openapi.validateResponse('get', `/certificate/${hash}`, 200, missing)).toBeDefined();
  });

  it('serves certificates as the exact bytes of the fixture (no lossy re-serialization)', async () => {
    const slices = sliceTopLevelObject(readFixtureText(DIR, 'certificates.json'));
    for (const [hash, slice] of slices) expect((await get(`/certificate/${hash}`)).text).toBe(slice);
  });

  it('/certificate/genesis is the certificate with a genesis signature', async () => {
    const genesis = JSON.parse((await get('/certificate/genesis')).text) as { hash: string; genesis_signature: string };
    expect(genesis.genesis_signature).not.toBe('');
    expect(certificates[genesis.hash]?.genesis_signature).toBe(genesis.genesis_signature);
  });

  it('filters Cardano database snapshots by epoch', async () => {
    const all = readFixtureJson<{ hash: string; beacon: { epoch: number } }[]>(DIR, 'cardano-databases-list.json');
    const epoch = (all[0] as { beacon: { epoch: number } }).beacon.epoch;
    const items = JSON.parse((await get(`/artifact/cardano-database/epoch/${epoch}`)).text) as { hash: string }[];
    expect(items.map((i) => i.hash)).toEqual(all.filter((i) => i.beacon.epoch === epoch).map((i) => i.hash));
  });

  it('resolves epoch parameters (number, latest, latest-N) and refuses offsets above 5', async () => {
    for (const [hash, csd] of Object.entries(csds)) {
      const res = await get(`/artifact/cardano-stake-distribution/epoch/${csd.epoch}`);
      expect((JSON.parse(res.text) as { hash: string }).hash).toBe(hash);
    }
    const latest1 = JSON.parse((await get('/artifact/cardano-stake-distribution/epoch/LATEST-1')).text) as { epoch: number };
    expect(latest1.epoch).toBe(status.epoch - 1);
    const tooFar = await get('/artifact/cardano-stake-distribution/epoch/latest-6');
    expect(tooFar.status).toBe(400);
    expect(JSON.parse(tooFar.text)).toMatchObject({ label: 'invalid_epoch' });
  });

  it('answers 404 with a JSON {label, message} body and the version header', async () => {
    for (const path of [`/certificate/${'0'.repeat(64)}`, '/artifact/mithril-stake-distribution/00', '/nope']) {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(res.headers.get('mithril-api-version')).toBe(FIXTURE_SERVER_API_VERSION);
      const body = JSON.parse(res.text) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(['label', 'message']);
    }
    const outside = await fetch(server.url.replace('/aggregator', '/other'));
    expect(outside.status).toBe(404);
  });

  it('answers CORS preflights with the reference allowed headers', async () => {
    const res = await get('/certificates', { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-headers')).toContain('mithril-api-version');
    expect(res.headers.get('access-control-allow-headers')).toContain('mithril-origin-tag');
  });
});

describe('fixture server options', () => {
  it('counts requests per path and per certificate, serves overrides and a configured version', async () => {
    const hash = Object.keys(certificates)[1] as string;
    const s = await startFixtureServer({ apiVersion: '0.2.0', certificateOverrides: { [hash]: '{"tampered":true}' } });
    try {
      const res = await fetch(`${s.url}/certificate/${hash}`, { headers: { 'mithril-origin-tag': 'CI' } });
      expect(res.headers.get('mithril-api-version')).toBe('0.2.0');
      expect(await res.text()).toBe('{"tampered":true}');
      await fetch(`${s.url}/certificate/${hash}`);
      expect(s.count(`/aggregator/certificate/${hash}`)).toBe(2);
      expect(s.certificateFetches().get(hash)).toBe(2);
      expect(s.requests[0]?.headers['mithril-origin-tag']).toBe('CI');
      s.setCertificateOverride(hash, undefined);
      expect(JSON.parse(await (await fetch(`${s.url}/certificate/${hash}`)).text())).toEqual(certificates[hash]);
      s.resetRequests();
      expect(s.requests.length).toBe(0);
    } finally {
      await s.close();
    }
  });
});
